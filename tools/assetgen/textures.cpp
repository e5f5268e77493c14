// Procedural surface textures: each is a function of (u, v) and a seed, written as PNG.
// Heights drive the normal maps so that relief, colour and roughness agree.
#include "generator.h"

#include "scene/texture_gen.h"

#include <cmath>

namespace qx::assetgen {
namespace {

using scene::fbm;
using scene::generate_image;
using scene::hash01;
using scene::normal_map_from_height;

glm::vec3 srgb(int r, int g, int b) { return glm::vec3(float(r), float(g), float(b)) / 255.0f; }
float smooth(float e0, float e1, float x) {
    float t = glm::clamp((x - e0) / (e1 - e0), 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

// A material's maps: base colour (sRGB), normal, metallic-roughness (G rough, B metal).
struct Surface {
    std::function<glm::vec3(float, float)> color;
    std::function<float(float, float)> height;
    std::function<float(float, float)> roughness;
    float metallic = 0.0f;
    float normal_strength = 6.0f;
};

void write_surface(Output& out, const std::string& name, std::uint32_t size, const Surface& s, const std::string& what) {
    out.png("textures/" + name + "_color.png",
            generate_image(size, size, [&](float u, float v) { return glm::vec4(s.color(u, v), 1.0f); }),
            what + ": base colour");
    if (s.height) {
        out.png("textures/" + name + "_normal.png", normal_map_from_height(size, s.height, s.normal_strength),
                what + ": normal map");
    }
    if (s.roughness) {
        out.png("textures/" + name + "_mr.png", generate_image(size, size, [&](float u, float v) {
                    return glm::vec4(0.0f, s.roughness(u, v), s.metallic, 1.0f);
                }),
                what + ": metallic-roughness");
    }
}

// Running-bond bricks: (brick id, distance to mortar) for a point.
glm::vec3 bricks(float u, float v, int rows, int cols) {
    float y = v * float(rows);
    int row = int(std::floor(y));
    float x = u * float(cols) + (row % 2 ? 0.5f : 0.0f);
    int col = int(std::floor(x));
    float fx = x - std::floor(x), fy = y - std::floor(y);
    float edge = std::min({fx * 2.0f, (1.0f - fx) * 2.0f, fy, 1.0f - fy}); // bricks are twice as wide as tall
    return glm::vec3(float(row), float(((col % cols) + cols) % cols), edge);
}

} // namespace

void generate_textures(Output& out) {
    // ---- street-night
    {
        std::uint32_t seed = out.seed_for("asphalt");
        Surface s;
        s.height = [=](float u, float v) { return fbm(u * 64.0f, v * 64.0f, 64, 3, seed) * 0.6f + fbm(u * 8.0f, v * 8.0f, 8, 3, seed + 1) * 0.4f; };
        s.color = [=](float u, float v) {
            float g = fbm(u * 64.0f, v * 64.0f, 64, 3, seed);
            float patch = fbm(u * 4.0f, v * 4.0f, 4, 3, seed + 2);
            return srgb(52, 52, 55) * (0.75f + 0.5f * g) * (0.85f + 0.3f * patch);
        };
        // Damp patches shine under the streetlights.
        s.roughness = [=](float u, float v) { return 0.95f - 0.55f * smooth(0.55f, 0.7f, fbm(u * 3.0f, v * 3.0f, 3, 4, seed + 3)); };
        write_surface(out, "asphalt", 512, s, "wet asphalt road");
    }
    {
        std::uint32_t seed = out.seed_for("pavement");
        Surface s;
        auto tile = [](float u, float v) { return scene::tile_height(u, v, 4, 0.04f); };
        s.height = [=](float u, float v) { return tile(u, v) * 0.8f + fbm(u * 32.0f, v * 32.0f, 32, 2, seed) * 0.2f; };
        s.color = [=](float u, float v) {
            int tx = int(u * 4.0f), ty = int(v * 4.0f);
            glm::vec3 c = srgb(128, 124, 118) * (0.85f + 0.25f * hash01(tx, ty, seed));
            c *= 0.8f + 0.3f * fbm(u * 24.0f, v * 24.0f, 24, 3, seed + 1);
            return glm::mix(srgb(60, 58, 56), c, tile(u, v));
        };
        s.roughness = [=](float u, float v) { return 0.85f + 0.1f * fbm(u * 16.0f, v * 16.0f, 16, 2, seed + 2); };
        write_surface(out, "pavement", 512, s, "concrete pavement slabs");
    }
    {
        std::uint32_t seed = out.seed_for("brick");
        Surface s;
        s.height = [=](float u, float v) { return smooth(0.0f, 0.12f, bricks(u, v, 16, 8).z) * 0.8f + fbm(u * 32.0f, v * 32.0f, 32, 2, seed) * 0.2f; };
        s.color = [=](float u, float v) {
            glm::vec3 b = bricks(u, v, 16, 8);
            float k = hash01(int(b.x), int(b.y), seed);
            glm::vec3 brick = glm::mix(srgb(120, 52, 38), srgb(150, 78, 54), k) * (0.85f + 0.3f * fbm(u * 40.0f, v * 40.0f, 40, 2, seed + 1));
            glm::vec3 grime = glm::mix(brick, srgb(40, 36, 34), 0.5f * smooth(0.5f, 1.0f, 1.0f - v) * fbm(u * 6.0f, v * 6.0f, 6, 3, seed + 2));
            return glm::mix(srgb(95, 90, 84), grime, smooth(0.0f, 0.08f, b.z));
        };
        s.roughness = [](float, float) { return 0.9f; };
        write_surface(out, "brick", 512, s, "old brick wall");
    }
    {
        // A building front at night: rows of windows, some lit warm, some TV-blue, most dark.
        std::uint32_t seed = out.seed_for("facade");
        scene::Image color = generate_image(512, 512, [=](float u, float v) {
            int col = int(u * 8.0f), row = int(v * 8.0f);
            float fx = u * 8.0f - float(col), fy = v * 8.0f - float(row);
            bool window = fx > 0.2f && fx < 0.8f && fy > 0.25f && fy < 0.8f;
            glm::vec3 wall = srgb(92, 86, 80) * (0.8f + 0.3f * fbm(u * 30.0f, v * 30.0f, 30, 3, seed));
            if (!window) return glm::vec4(wall, 1.0f);
            return glm::vec4(srgb(20, 22, 26), 1.0f);
        });
        scene::Image emissive = generate_image(512, 512, [=](float u, float v) {
            int col = int(u * 8.0f), row = int(v * 8.0f);
            float fx = u * 8.0f - float(col), fy = v * 8.0f - float(row);
            bool window = fx > 0.2f && fx < 0.8f && fy > 0.25f && fy < 0.8f;
            if (!window) return glm::vec4(0.0f, 0.0f, 0.0f, 1.0f);
            float k = hash01(col, row, seed);
            if (k < 0.25f) return glm::vec4(srgb(255, 196, 120) * (0.7f + 0.3f * fy), 1.0f);
            if (k < 0.33f) return glm::vec4(srgb(120, 160, 255) * 0.6f, 1.0f);
            return glm::vec4(0.0f, 0.0f, 0.0f, 1.0f);
        });
        out.png("textures/facade_color.png", color, "apartment block at night: walls and dark glass");
        out.png("textures/facade_emissive.png", emissive, "apartment block at night: lit windows");
    }
    {
        // Through a convenience store's window: bright ceiling, shelves of colourful goods, a
        // fridge of drinks at the back right, a counter at the left.
        std::uint32_t seed = out.seed_for("store_interior");
        scene::Image img = generate_image(512, 200, [=](float u, float v) {
            glm::vec3 wall = srgb(232, 236, 238);
            if (v < 0.08f) return glm::vec4(srgb(250, 252, 255), 1.0f);                       // ceiling lights
            bool fridge = u > 0.72f && u < 0.98f && v > 0.12f && v < 0.92f;
            if (fridge) {
                float shelf = std::fmod(v * 6.0f, 1.0f);
                int col = int(u * 60.0f);
                glm::vec3 bottle = glm::mix(srgb(40, 160, 220), srgb(240, 120, 60), hash01(col, int(v * 6), seed));
                return glm::vec4(shelf < 0.12f ? srgb(200, 210, 215) : bottle * (0.7f + 0.3f * std::sin(u * 380.0f) * 0.5f + 0.15f), 1.0f);
            }
            bool counter = u < 0.2f && v > 0.55f;
            if (counter) return glm::vec4(v > 0.6f ? srgb(180, 60, 50) : srgb(90, 90, 95), 1.0f);
            bool aisle = u > 0.24f && u < 0.68f && v > 0.3f && v < 0.95f;
            if (aisle) {
                float row = std::fmod(v * 8.0f, 1.0f);
                if (row < 0.15f) return glm::vec4(srgb(210, 212, 215), 1.0f);                   // shelf edges
                int item = int(u * 90.0f);
                glm::vec3 c = glm::mix(srgb(240, 60, 60), srgb(60, 120, 240), hash01(item, int(v * 8), seed));
                c = glm::mix(c, srgb(250, 210, 60), hash01(item, int(v * 8) + 50, seed) > 0.7f ? 0.8f : 0.0f);
                return glm::vec4(c, 1.0f);
            }
            return glm::vec4(wall * (0.9f + 0.1f * (1.0f - v)), 1.0f);
        });
        out.png("textures/store_interior.png", img, "convenience store seen through its window: shelves, drinks fridge, counter");
    }
    // ---- rented-room
    {
        std::uint32_t seed = out.seed_for("plaster");
        Surface s;
        auto peel = [=](float u, float v) { return smooth(0.62f, 0.66f, fbm(u * 5.0f, v * 5.0f, 5, 4, seed)); };
        s.height = [=](float u, float v) { return 0.5f + 0.3f * peel(u, v) + 0.2f * fbm(u * 48.0f, v * 48.0f, 48, 2, seed + 1); };
        s.color = [=](float u, float v) {
            glm::vec3 paint = srgb(196, 190, 170) * (0.9f + 0.15f * fbm(u * 20.0f, v * 20.0f, 20, 3, seed + 2));
            glm::vec3 under = srgb(150, 140, 120);
            glm::vec3 c = glm::mix(paint, under, peel(u, v));
            // Damp stains creep up from the floor (v = 1 is the bottom of the wall).
            float damp = smooth(0.55f, 1.0f, v) * fbm(u * 3.0f, v * 6.0f, 3, 4, seed + 3);
            return glm::mix(c, srgb(110, 100, 70), 0.7f * damp);
        };
        s.roughness = [](float, float) { return 0.92f; };
        s.normal_strength = 3.0f;
        write_surface(out, "plaster", 512, s, "stained, peeling wall paint");
    }
    {
        std::uint32_t seed = out.seed_for("floor_tiles");
        Surface s;
        auto tile = [](float u, float v) { return scene::tile_height(u, v, 6, 0.05f); };
        s.height = [=](float u, float v) { return tile(u, v); };
        s.color = [=](float u, float v) {
            int tx = int(u * 6.0f), ty = int(v * 6.0f);
            bool cracked = hash01(tx, ty, seed) < 0.15f;
            glm::vec3 c = ((tx + ty) % 2 ? srgb(176, 168, 150) : srgb(150, 140, 124)) * (0.9f + 0.15f * fbm(u * 30.0f, v * 30.0f, 30, 2, seed + 1));
            if (cracked) c *= 0.85f + 0.15f * smooth(0.0f, 0.02f, std::abs(std::sin((u * 6.0f + v * 11.0f) * 9.0f)));
            return glm::mix(srgb(112, 106, 96), c, tile(u, v));
        };
        s.roughness = [=](float u, float v) { return glm::mix(0.95f, 0.45f, tile(u, v)); };
        s.normal_strength = 2.5f;
        write_surface(out, "floor_tiles", 512, s, "cheap worn floor tiles");
    }
    {
        std::uint32_t seed = out.seed_for("wood");
        Surface s;
        auto plank = [](float, float v) {
            float y = v * 8.0f;
            float fy = y - std::floor(y);
            return std::min(fy, 1.0f - fy);
        };
        s.height = [=](float u, float v) { return smooth(0.0f, 0.04f, plank(u, v)); };
        s.color = [=](float u, float v) {
            int row = int(v * 8.0f);
            float grain = fbm(u * 6.0f + float(row) * 13.0f, v * 120.0f, 0, 3, seed);
            glm::vec3 c = glm::mix(srgb(102, 66, 40), srgb(150, 104, 66), hash01(row, 0, seed) * 0.6f + grain * 0.4f);
            return glm::mix(srgb(40, 26, 16), c, smooth(0.0f, 0.03f, plank(u, v)));
        };
        s.roughness = [=](float u, float v) { return 0.6f + 0.2f * fbm(u * 10.0f, v * 10.0f, 10, 2, seed + 1); };
        write_surface(out, "wood", 512, s, "wooden planks");
    }
    {
        std::uint32_t seed = out.seed_for("fabric");
        Surface s;
        s.height = [=](float u, float v) { return 0.5f + 0.25f * std::sin(u * 512.0f) * std::sin(v * 512.0f) + 0.25f * fbm(u * 4.0f, v * 4.0f, 4, 3, seed); };
        s.color = [=](float u, float v) {
            glm::vec3 c = srgb(140, 150, 160) * (0.85f + 0.2f * fbm(u * 8.0f, v * 8.0f, 8, 3, seed + 1));
            // Faded stripes of a cheap bedsheet.
            return glm::mix(c, srgb(120, 90, 100), 0.25f * smooth(0.45f, 0.55f, 0.5f + 0.5f * std::sin(u * 40.0f)));
        };
        s.roughness = [](float, float) { return 0.95f; };
        s.normal_strength = 2.0f;
        write_surface(out, "fabric", 256, s, "worn bedsheet fabric");
    }
    // ---- ktv-room
    {
        std::uint32_t seed = out.seed_for("leather");
        Surface s;
        s.height = [=](float u, float v) {
            // Quilted squares with stitched seams.
            float q = scene::tile_height(u, v, 4, 0.08f);
            return q * 0.7f + fbm(u * 64.0f, v * 64.0f, 64, 2, seed) * 0.3f;
        };
        s.color = [=](float u, float v) { return srgb(92, 24, 48) * (0.8f + 0.35f * fbm(u * 16.0f, v * 16.0f, 16, 3, seed + 1)); };
        s.roughness = [=](float u, float v) { return 0.35f + 0.2f * fbm(u * 8.0f, v * 8.0f, 8, 2, seed + 2); };
        write_surface(out, "leather", 256, s, "quilted sofa leather");
    }
    {
        std::uint32_t seed = out.seed_for("wallpaper");
        scene::Image img = generate_image(512, 512, [=](float u, float v) {
            // Damask-like repeat: a diamond lattice with a flower in each cell.
            float x = u * 6.0f, y = v * 6.0f;
            float fx = x - std::floor(x) - 0.5f, fy = y - std::floor(y) - 0.5f;
            float diamond = std::abs(fx) + std::abs(fy);
            float petals = 0.5f + 0.5f * std::cos(std::atan2(fy, fx) * 6.0f);
            float flower = smooth(0.22f, 0.18f, std::sqrt(fx * fx + fy * fy) - 0.06f * petals);
            float line = smooth(0.03f, 0.0f, std::abs(diamond - 0.48f));
            glm::vec3 base = srgb(48, 22, 70) * (0.9f + 0.15f * fbm(u * 20.0f, v * 20.0f, 20, 2, seed));
            return glm::vec4(glm::mix(base, srgb(190, 150, 70), std::max(flower, line) * 0.8f), 1.0f);
        });
        out.png("textures/wallpaper_color.png", img, "KTV wallpaper: purple and gold damask");
    }
    {
        std::uint32_t seed = out.seed_for("carpet");
        scene::Image img = generate_image(512, 512, [=](float u, float v) {
            float swirl = std::sin(u * 30.0f + std::sin(v * 20.0f) * 2.0f) * std::sin(v * 30.0f + std::cos(u * 17.0f) * 2.0f);
            glm::vec3 c = glm::mix(srgb(30, 20, 50), srgb(20, 60, 90), 0.5f + 0.5f * swirl);
            return glm::vec4(c * (0.8f + 0.3f * fbm(u * 64.0f, v * 64.0f, 64, 2, seed)), 1.0f);
        });
        out.png("textures/carpet_color.png", img, "KTV carpet: dark swirled pattern");
    }
    {
        // The karaoke screen: a music-video backdrop with a singer's silhouette and lyric bars.
        std::uint32_t seed = out.seed_for("karaoke");
        scene::Image img = generate_image(512, 288, [=](float u, float v) {
            glm::vec3 sky = glm::mix(srgb(255, 120, 140), srgb(60, 40, 140), v);
            float bokeh = 0.0f;
            for (int i = 0; i < 12; ++i) {
                float bx = hash01(i, 0, seed), by = hash01(i, 1, seed) * 0.6f, br = 0.03f + 0.05f * hash01(i, 2, seed);
                float d = std::sqrt((u - bx) * (u - bx) * 3.16f + (v - by) * (v - by));
                bokeh += smooth(br, br * 0.6f, d) * 0.35f;
            }
            glm::vec3 c = sky + glm::vec3(1.0f, 0.9f, 0.8f) * bokeh;
            float sx = (u - 0.62f) * 1.78f, sy = v - 0.55f;
            bool head = sx * sx + (sy + 0.12f) * (sy + 0.12f) < 0.004f;
            bool body = std::abs(sx) < 0.09f - sy * 0.1f && sy > -0.06f && sy < 0.45f;
            if (head || body) c = srgb(25, 15, 40);
            // Two lyric lines; the first partly sung (highlighted).
            bool line1 = v > 0.74f && v < 0.8f && u > 0.15f && u < 0.85f;
            bool line2 = v > 0.85f && v < 0.91f && u > 0.22f && u < 0.78f;
            if (line1) c = u < 0.52f ? srgb(80, 200, 255) : glm::vec3(0.95f);
            if (line2) c = glm::vec3(0.85f);
            return glm::vec4(c, 1.0f);
        });
        out.png("textures/karaoke_screen.png", img, "karaoke video: backdrop, singer silhouette, lyric bars");
    }
    // ---- calm-room
    {
        std::uint32_t seed = out.seed_for("moss");
        Surface s;
        s.height = [=](float u, float v) { return fbm(u * 24.0f, v * 24.0f, 24, 4, seed); };
        s.color = [=](float u, float v) {
            float n = fbm(u * 24.0f, v * 24.0f, 24, 4, seed);
            float patches = fbm(u * 4.0f, v * 4.0f, 4, 3, seed + 1);
            glm::vec3 c = glm::mix(srgb(52, 78, 40), srgb(96, 120, 60), n);
            return glm::mix(c, srgb(90, 76, 56), smooth(0.6f, 0.75f, patches) * 0.6f); // bare earth
        };
        s.roughness = [](float, float) { return 0.95f; };
        write_surface(out, "moss", 512, s, "moss and earth");
    }
    {
        std::uint32_t seed = out.seed_for("stone");
        Surface s;
        s.height = [=](float u, float v) { return fbm(u * 8.0f, v * 8.0f, 8, 5, seed); };
        s.color = [=](float u, float v) {
            float n = fbm(u * 8.0f, v * 8.0f, 8, 5, seed);
            glm::vec3 c = glm::mix(srgb(90, 92, 88), srgb(140, 138, 130), n);
            float lichen = smooth(0.62f, 0.7f, fbm(u * 5.0f, v * 5.0f, 5, 3, seed + 1));
            return glm::mix(c, srgb(120, 130, 80), lichen * 0.5f);
        };
        s.roughness = [=](float u, float v) { return 0.7f + 0.25f * fbm(u * 16.0f, v * 16.0f, 16, 2, seed + 2); };
        write_surface(out, "stone", 256, s, "weathered stone");
    }
    {
        std::uint32_t seed = out.seed_for("water");
        out.png("textures/water_normal.png",
                normal_map_from_height(512, [=](float u, float v) {
                    return 0.5f * fbm(u * 6.0f, v * 6.0f, 6, 4, seed) + 0.25f * std::sin((u + v) * 40.0f) * 0.1f;
                }, 2.0f),
                "pond water ripples: normal map");
    }
    {
        // A pond's outline: an irregular oval with a soft shore, as colour plus alpha.
        std::uint32_t seed = out.seed_for("pond");
        scene::Image img = generate_image(512, 512, [=](float u, float v) {
            float dx = (u - 0.5f) * 2.0f, dy = (v - 0.5f) * 2.0f;
            float angle = std::atan2(dy, dx);
            float shore = 0.82f + 0.1f * std::sin(angle * 3.0f + 1.0f) + 0.06f * (fbm(std::cos(angle) * 2.0f + 5.0f, std::sin(angle) * 2.0f + 5.0f, 0, 3, seed) - 0.5f);
            float r = std::sqrt(dx * dx + dy * dy);
            float a = smooth(shore, shore - 0.06f, r);
            glm::vec3 deep = srgb(20, 52, 58), shallow = srgb(70, 96, 80);
            return glm::vec4(glm::mix(deep, shallow, smooth(shore - 0.25f, shore, r)), a);
        });
        out.png("textures/pond_color.png", img, "pond: water colour, deeper in the middle, with the shoreline as alpha");
    }
    {
        std::uint32_t seed = out.seed_for("bamboo");
        scene::Image img = generate_image(128, 512, [=](float u, float v) {
            float node = std::abs(std::fmod(v * 4.0f, 1.0f) - 0.5f);
            glm::vec3 c = glm::mix(srgb(70, 110, 40), srgb(120, 150, 60), fbm(u * 4.0f, v * 40.0f, 0, 2, seed));
            c *= 0.8f + 0.2f * std::sin(u * 6.28318f * 6.0f) * 0.5f + 0.1f;
            return glm::vec4(glm::mix(c, srgb(150, 140, 80), smooth(0.47f, 0.5f, node)), 1.0f);
        });
        out.png("textures/bamboo_color.png", img, "bamboo culm with nodes");
    }
    {
        std::uint32_t seed = out.seed_for("leaf");
        scene::Image img = generate_image(256, 256, [=](float u, float v) {
            // Five narrow bamboo leaves fanned out from the bottom centre.
            float a = 0.0f;
            for (int i = 0; i < 5; ++i) {
                float ang = -0.9f + 0.45f * float(i);
                float x = u - 0.5f, y = 1.0f - v;
                float lx = x * std::cos(ang) - y * std::sin(ang), ly = x * std::sin(ang) + y * std::cos(ang);
                float w = 0.06f * std::sin(glm::clamp(ly / 0.9f, 0.0f, 1.0f) * 3.14159f);
                if (ly > 0.0f && ly < 0.9f && std::abs(lx) < w) a = 1.0f;
            }
            glm::vec3 c = glm::mix(srgb(50, 90, 30), srgb(110, 150, 50), fbm(u * 8.0f, v * 8.0f, 8, 2, seed));
            return glm::vec4(c, a);
        });
        out.png("textures/bamboo_leaves_color.png", img, "bamboo leaf spray (alpha cut-out)");
    }
    // ---- exhibits and shared
    {
        std::uint32_t seed = out.seed_for("polished_concrete");
        Surface s;
        s.height = [=](float u, float v) { return fbm(u * 16.0f, v * 16.0f, 16, 3, seed) * 0.3f; };
        s.color = [=](float u, float v) { return srgb(170, 170, 166) * (0.85f + 0.2f * fbm(u * 10.0f, v * 10.0f, 10, 4, seed + 1)); };
        s.roughness = [=](float u, float v) { return 0.3f + 0.2f * fbm(u * 6.0f, v * 6.0f, 6, 3, seed + 2); };
        s.normal_strength = 1.0f;
        write_surface(out, "polished_concrete", 512, s, "gallery floor: polished concrete");
    }
    {
        std::uint32_t seed = out.seed_for("foil");
        Surface s;
        // Crumpled foil: creases from the absolute value of noise, sharp ridges.
        s.height = [=](float u, float v) {
            return 1.0f - std::abs(fbm(u * 6.0f, v * 6.0f, 6, 4, seed) * 2.0f - 1.0f) * 0.7f -
                   std::abs(fbm(u * 13.0f, v * 13.0f, 13, 3, seed + 1) * 2.0f - 1.0f) * 0.3f;
        };
        s.color = [=](float u, float v) {
            // Scorched streaks where it has been heated.
            float burn = smooth(0.55f, 0.8f, fbm(u * 3.0f + 1.7f, v * 9.0f, 3, 3, seed + 2)) * smooth(0.3f, 0.6f, v) * smooth(0.9f, 0.6f, v);
            return glm::mix(srgb(210, 212, 216), srgb(90, 70, 40), burn * 0.8f);
        };
        s.roughness = [=](float u, float v) { return 0.18f + 0.15f * fbm(u * 20.0f, v * 20.0f, 20, 2, seed + 3); };
        s.metallic = 1.0f;
        s.normal_strength = 10.0f;
        write_surface(out, "foil", 256, s, "crumpled, scorched tin foil");
    }
    {
        // A soft, wispy puff for smoke cards (alpha blended, premultiplied by nothing).
        std::uint32_t seed = out.seed_for("smoke");
        scene::Image img = generate_image(256, 256, [=](float u, float v) {
            float dx = u - 0.5f, dy = v - 0.5f;
            float r = std::sqrt(dx * dx + dy * dy) * 2.0f;
            float wisps = fbm(u * 4.0f + fbm(u * 3.0f, v * 3.0f, 3, 3, seed) * 2.0f, v * 4.0f, 4, 5, seed + 1);
            float a = std::clamp((1.0f - r) * 1.4f, 0.0f, 1.0f) * smooth(0.3f, 0.8f, wisps);
            return glm::vec4(0.82f, 0.83f, 0.86f, a * 0.8f);
        });
        out.png("textures/smoke_color.png", img, "smoke wisp (alpha)");
    }
    {
        std::uint32_t seed = out.seed_for("brushed_metal");
        Surface s;
        s.height = [=](float u, float v) { return fbm(u * 2.0f, v * 256.0f, 0, 2, seed) * 0.3f; };
        s.color = [](float, float) { return srgb(180, 182, 186); };
        s.roughness = [=](float u, float v) { return 0.3f + 0.15f * fbm(u * 4.0f, v * 200.0f, 0, 2, seed + 1); };
        s.metallic = 1.0f;
        s.normal_strength = 2.0f;
        write_surface(out, "brushed_metal", 256, s, "brushed steel");
    }
}

} // namespace qx::assetgen
