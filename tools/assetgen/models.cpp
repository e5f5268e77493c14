// Props as glTF models, in metres, standing on their origin. Materials reference the surface
// textures made by textures.cpp (by file name) or carry plain factors.
#include "generator.h"

#include "core/error.h"
#include "scene/texture_gen.h"

#include <cmath>

namespace qx::assetgen {
namespace {

constexpr float k_pi = 3.14159265358979f;

glm::vec3 srgb(int r, int g, int b) {
    auto lin = [](int c) {
        float s = float(c) / 255.0f;
        return s <= 0.04045f ? s / 12.92f : std::pow((s + 0.055f) / 1.055f, 2.4f);
    };
    return {lin(r), lin(g), lin(b)};
}

glm::mat4 T(float x, float y, float z) { return glm::translate(glm::mat4(1.0f), glm::vec3(x, y, z)); }
glm::mat4 R(float degrees, glm::vec3 axis) { return glm::rotate(glm::mat4(1.0f), glm::radians(degrees), axis); }
glm::mat4 S(float x, float y, float z) { return glm::scale(glm::mat4(1.0f), glm::vec3(x, y, z)); }
const glm::vec3 X{1, 0, 0}, Y{0, 1, 0}, Z{0, 0, 1};

// Builds one model part by part.
class Builder {
public:
    explicit Builder(std::string name) { m_model.name = std::move(name); }

    // A texture already written by textures.cpp (textures/<file>.png), or a new one to write.
    std::int32_t texture(const std::string& file, bool srgb = true, bool repeat = true) {
        for (std::size_t i = 0; i < m_model.textures.size(); ++i) {
            if (m_model.textures[i].name == file) return std::int32_t(i);
        }
        m_model.textures.push_back({file, scene::Image(), srgb, true, repeat});
        return std::int32_t(m_model.textures.size() - 1);
    }
    std::int32_t texture(const std::string& file, scene::Image image, bool srgb = true, bool repeat = true) {
        m_model.textures.push_back({file, std::move(image), srgb, true, repeat});
        return std::int32_t(m_model.textures.size() - 1);
    }
    std::uint32_t material(const std::string& name, glm::vec3 color, float roughness, float metallic = 0.0f) {
        scene::Material m;
        m.name = name;
        m.base_color = glm::vec4(color, 1.0f);
        m.roughness = roughness;
        m.metallic = metallic;
        return material(m);
    }
    std::uint32_t material(scene::Material m) {
        m_model.materials.push_back(std::move(m));
        return std::uint32_t(m_model.materials.size() - 1);
    }
    scene::Material& edit(std::uint32_t material) { return m_model.materials[material]; }
    void part(scene::Mesh mesh, std::uint32_t material, const glm::mat4& transform = glm::mat4(1.0f)) {
        scene::transform_mesh(mesh, transform);
        scene::compute_tangents(mesh);
        m_model.meshes.push_back(std::move(mesh));
        m_model.parts.push_back({std::uint32_t(m_model.meshes.size() - 1), material});
    }
    // Parts that share a material become one mesh: one draw call per material, not per part.
    scene::Model take() {
        scene::Model merged;
        merged.name = m_model.name;
        merged.materials = m_model.materials;
        merged.textures = m_model.textures;
        for (std::uint32_t mat = 0; mat < m_model.materials.size(); ++mat) {
            scene::Mesh combined;
            combined.name = m_model.name + "/" + m_model.materials[mat].name;
            for (const scene::ModelPart& p : m_model.parts) {
                if (p.material == mat) scene::append_mesh(combined, m_model.meshes[p.mesh]);
            }
            if (combined.vertices.empty()) continue;
            merged.meshes.push_back(std::move(combined));
            merged.parts.push_back({std::uint32_t(merged.meshes.size() - 1), mat});
        }
        return merged;
    }

private:
    scene::Model m_model;
};

scene::Material glass(const std::string& name, glm::vec3 tint, float alpha, float roughness = 0.05f) {
    scene::Material m;
    m.name = name;
    m.base_color = glm::vec4(tint, alpha);
    m.roughness = roughness;
    m.alpha_mode = scene::AlphaMode::blend;
    m.double_sided = true;
    return m;
}

scene::Material glowing(const std::string& name, glm::vec3 color, float strength) {
    scene::Material m;
    m.name = name;
    m.base_color = glm::vec4(glm::vec3(0.02f), 1.0f);
    m.emissive = color;
    m.emissive_strength = strength;
    return m;
}

// Seven-segment digits ("0.00") for a scale's display, light on dark: no font needed.
scene::Image seven_segment(const std::string& text, int w, int h) {
    static const unsigned char k_segments[10] = {0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f};
    scene::Image img{std::uint32_t(w), std::uint32_t(h)};
    for (auto& p : img.pixels) p = 0;
    for (std::uint32_t i = 3; i < img.pixels.size(); i += 4) img.pixels[i] = 255;
    int digits = 0;
    for (char c : text) digits += c != '.';
    float cell = float(w) / float(digits + 1), x0 = cell * 0.5f;
    auto bar = [&](float x, float y, float bw, float bh) {
        for (int py = int(y); py < int(y + bh); ++py) {
            for (int px = int(x); px < int(x + bw); ++px) {
                if (px >= 0 && py >= 0 && px < w && py < h) img.set(std::uint32_t(px), std::uint32_t(py), 120, 255, 160);
            }
        }
    };
    for (char c : text) {
        float sw = cell * 0.6f, sh = float(h) * 0.7f, t = std::max(2.0f, cell * 0.12f), top = float(h) * 0.15f;
        if (c == '.') {
            bar(x0 - cell * 0.25f, top + sh - t, t, t);
            continue;
        }
        unsigned char seg = k_segments[c - '0'];
        if (seg & 0x01) bar(x0, top, sw, t);
        if (seg & 0x02) bar(x0 + sw - t, top, t, sh / 2);
        if (seg & 0x04) bar(x0 + sw - t, top + sh / 2, t, sh / 2);
        if (seg & 0x08) bar(x0, top + sh - t, sw, t);
        if (seg & 0x10) bar(x0, top + sh / 2, t, sh / 2);
        if (seg & 0x20) bar(x0, top, t, sh / 2);
        if (seg & 0x40) bar(x0, top + sh / 2 - t / 2, sw, t);
        x0 += cell;
    }
    return img;
}

// ------------------------------------------------------------------ paraphernalia (rented room)

scene::Model lighter(glm::vec3 color, const std::string& name) {
    Builder b(name);
    std::uint32_t plastic = b.material(glass(name + " plastic", color, 0.85f, 0.2f));
    b.edit(plastic).alpha_mode = scene::AlphaMode::opaque;
    std::uint32_t metal = b.material("steel cap", srgb(190, 192, 196), 0.3f, 1.0f);
    std::uint32_t wheel = b.material("flint wheel", srgb(70, 70, 74), 0.5f, 1.0f);
    b.part(scene::make_box({0.024f, 0.062f, 0.012f}), plastic, T(0, 0.031f, 0));
    b.part(scene::make_box({0.025f, 0.016f, 0.0125f}), metal, T(0, 0.070f, 0));
    b.part(scene::make_cylinder(0.0045f, 0.008f, 12), wheel, T(-0.006f, 0.080f, 0.004f) * R(90, Z) * T(0, -0.004f, 0));
    return b.take();
}

scene::Model flame() {
    Builder b("flame");
    scene::Material m = glowing("flame", srgb(255, 150, 40), 6.0f);
    m.unlit = false;
    std::uint32_t mat = b.material(m);
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.004f, 0.004f}, {0.005f, 0.012f}, {0.0025f, 0.022f}, {0.0f, 0.03f}}, 12),
           mat);
    return b.take();
}

scene::Model foil(std::uint32_t seed) {
    Builder b("foil");
    scene::Material m;
    m.name = "tin foil";
    m.metallic = 1.0f;
    m.roughness = 1.0f;
    m.double_sided = true;
    m.base_color_texture = b.texture("foil_color");
    m.normal_texture = b.texture("foil_normal", false);
    m.metallic_roughness_texture = b.texture("foil_mr", false);
    std::uint32_t mat = b.material(m);
    b.part(scene::make_height_grid({0.16f, 0.11f}, 24, [=](float u, float v) {
               float crumple = scene::fbm(u * 5.0f, v * 5.0f, 0, 3, seed) - 0.5f;
               float curl = 0.012f * (std::pow(u - 0.5f, 2.0f) + std::pow(v - 0.5f, 2.0f)); // edges lift
               return 0.004f + crumple * 0.008f + curl;
           }),
           mat);
    return b.take();
}

scene::Model straw() {
    Builder b("straw");
    std::uint32_t mat = b.material(glass("clear plastic straw", srgb(235, 235, 230), 0.75f, 0.25f));
    b.part(scene::make_cylinder(0.0032f, 0.11f, 12, false), mat, T(0, 0.0032f, 0) * R(90, Z) * T(0, -0.055f, 0));
    return b.take();
}

scene::Model glass_pipe() {
    Builder b("glass_pipe");
    std::uint32_t g = b.material(glass("pipe glass", srgb(230, 236, 240), 0.35f, 0.03f));
    std::uint32_t residue = b.material("burnt residue", srgb(90, 70, 50), 0.6f);
    // A bulb on a stem, lying on its side; a scorched spot in the bulb.
    b.part(scene::make_sphere(0.016f, 24, 16), g, T(0.055f, 0.016f, 0));
    b.part(scene::make_cylinder(0.0045f, 0.10f, 16, false), g, T(0.04f, 0.016f, 0) * R(90, Z));
    b.part(scene::make_sphere(0.009f, 12, 8), residue, T(0.056f, 0.009f, 0) * S(1.0f, 0.35f, 1.0f));
    return b.take();
}

scene::Model ice_pot() {
    // The "ice pot": a drink bottle with water, two straws through the cap, one with a bowl.
    Builder b("ice_pot");
    std::uint32_t bottle = b.material(glass("bottle plastic", srgb(200, 225, 240), 0.3f, 0.08f));
    std::uint32_t water = b.material(glass("water", srgb(150, 190, 220), 0.35f, 0.02f));
    std::uint32_t cap = b.material("bottle cap", srgb(30, 110, 200), 0.4f);
    std::uint32_t label = b.material("torn label", srgb(220, 60, 50), 0.7f);
    std::uint32_t straw_mat = b.material(glass("straws", srgb(240, 240, 235), 0.8f, 0.3f));
    std::uint32_t bowl = b.material(glass("bowl glass", srgb(230, 236, 240), 0.4f, 0.03f));
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.032f, 0.002f}, {0.034f, 0.02f}, {0.032f, 0.11f}, {0.034f, 0.13f},
                              {0.03f, 0.15f}, {0.013f, 0.185f}, {0.012f, 0.2f}},
                             32, true, false),
           bottle);
    b.part(scene::make_cylinder(0.029f, 0.09f, 32), water, T(0, 0.004f, 0));
    b.part(scene::make_cylinder(0.0345f, 0.045f, 32, false), label, T(0, 0.05f, 0));
    b.part(scene::make_cylinder(0.014f, 0.014f, 24), cap, T(0, 0.196f, 0));
    b.part(scene::make_cylinder(0.0032f, 0.19f, 10, false), straw_mat, T(-0.005f, 0.05f, 0) * R(-12, Z));
    b.part(scene::make_cylinder(0.0032f, 0.14f, 10, false), straw_mat, T(0.005f, 0.15f, 0) * R(55, Z));
    b.part(scene::make_sphere(0.012f, 16, 12), bowl, T(0.005f + std::sin(glm::radians(55.0f)) * -0.14f, 0.15f + std::cos(glm::radians(55.0f)) * 0.14f, 0));
    return b.take();
}

scene::Model pocket_scale() {
    Builder b("pocket_scale");
    std::uint32_t body = b.material("black plastic", srgb(22, 22, 24), 0.35f);
    std::uint32_t metal = b.material("steel platform", srgb(200, 200, 205), 0.25f, 1.0f);
    scene::Material lcd = glowing("display", glm::vec3(1.0f), 1.5f);
    lcd.emissive_texture = b.texture("scale_display", seven_segment("0.00", 128, 48), true, false);
    std::uint32_t display = b.material(lcd);
    b.part(scene::make_box({0.07f, 0.016f, 0.11f}), body, T(0, 0.008f, 0));
    b.part(scene::make_box({0.062f, 0.003f, 0.062f}), metal, T(0, 0.0175f, -0.018f));
    b.part(scene::make_quad({0.04f, 0.014f}), display, T(0, 0.0165f, 0.038f) * R(-90, X));
    return b.take();
}

scene::Model baggie(std::uint32_t seed) {
    Builder b("baggie");
    std::uint32_t bag = b.material(glass("zip bag", srgb(240, 240, 240), 0.25f, 0.15f));
    std::uint32_t zip = b.material("red zip", srgb(200, 30, 30), 0.5f);
    scene::Material crystal;
    crystal.name = "crystals";
    crystal.base_color = glm::vec4(srgb(235, 238, 240), 1.0f);
    crystal.roughness = 0.15f;
    std::uint32_t cry = b.material(crystal);
    b.part(scene::make_box({0.04f, 0.003f, 0.05f}), bag, T(0, 0.0015f, 0));
    b.part(scene::make_box({0.04f, 0.0015f, 0.003f}), zip, T(0, 0.0015f, -0.021f));
    for (int i = 0; i < 14; ++i) {
        float x = (scene::hash01(i, 0, seed) - 0.5f) * 0.024f, z = (scene::hash01(i, 1, seed) - 0.5f) * 0.024f + 0.004f;
        float s = 0.002f + 0.002f * scene::hash01(i, 2, seed);
        b.part(scene::make_box({s, s * 0.8f, s * 1.3f}), cry, T(x, 0.0015f, z) * R(scene::hash01(i, 3, seed) * 90.0f, Y));
    }
    return b.take();
}

// ------------------------------------------------------------------ rented room furniture

scene::Model bed() {
    Builder b("bed");
    std::uint32_t frame = b.material("metal frame", srgb(60, 62, 66), 0.5f, 1.0f);
    scene::Material sheet;
    sheet.name = "bedsheet";
    sheet.base_color_texture = b.texture("fabric_color");
    sheet.normal_texture = b.texture("fabric_normal", false);
    sheet.roughness = 0.95f;
    std::uint32_t cloth = b.material(sheet);
    std::uint32_t pillow = b.material("pillow", srgb(200, 196, 186), 0.9f);
    for (float x : {-0.45f, 0.45f}) {
        for (float z : {-0.95f, 0.95f}) b.part(scene::make_box({0.04f, 0.3f, 0.04f}), frame, T(x, 0.15f, z));
    }
    b.part(scene::make_box({0.94f, 0.05f, 1.94f}), frame, T(0, 0.3f, 0));
    b.part(scene::make_height_grid({0.92f, 1.9f}, 24, [](float u, float v) {
               return 0.18f + 0.025f * std::sin(u * 9.0f + v * 3.0f) * std::sin(v * 7.0f) + 0.02f * scene::fbm(u * 4, v * 4, 0, 2, 5);
           }),
           cloth, T(0, 0.25f, 0));
    b.part(scene::make_sphere(1.0f, 20, 12), pillow, T(0, 0.47f, -0.78f) * S(0.3f, 0.07f, 0.17f));
    return b.take();
}

scene::Model desk() {
    Builder b("desk");
    scene::Material wood;
    wood.name = "desk wood";
    wood.base_color_texture = b.texture("wood_color");
    wood.normal_texture = b.texture("wood_normal", false);
    wood.metallic_roughness_texture = b.texture("wood_mr", false);
    wood.roughness = 1.0f;
    std::uint32_t top = b.material(wood);
    std::uint32_t legs = b.material("legs", srgb(50, 40, 32), 0.7f);
    b.part(scene::make_box({1.0f, 0.03f, 0.55f}, 1.5f), top, T(0, 0.735f, 0));
    for (float x : {-0.47f, 0.47f}) {
        for (float z : {-0.24f, 0.24f}) b.part(scene::make_box({0.035f, 0.72f, 0.035f}), legs, T(x, 0.36f, z));
    }
    return b.take();
}

scene::Model stool() {
    Builder b("stool");
    std::uint32_t plastic = b.material("red plastic", srgb(180, 40, 36), 0.4f);
    b.part(scene::make_lathe({{0.0f, 0.44f}, {0.16f, 0.44f}, {0.165f, 0.46f}, {0.0f, 0.46f}}, 32, false, false), plastic);
    b.part(scene::make_lathe({{0.15f, 0.44f}, {0.17f, 0.0f}}, 32, false, false), plastic);
    return b.take();
}

scene::Model bulb() {
    Builder b("bulb");
    std::uint32_t cord = b.material("cord", srgb(20, 20, 20), 0.6f);
    std::uint32_t socket = b.material("socket", srgb(200, 190, 170), 0.5f);
    std::uint32_t glow = b.material(glowing("bulb glow", srgb(255, 214, 160), 8.0f));
    // Hangs from its origin (the ceiling) downwards.
    b.part(scene::make_cylinder(0.004f, 0.6f, 8), cord, T(0, -0.6f, 0));
    b.part(scene::make_cylinder(0.018f, 0.04f, 16), socket, T(0, -0.64f, 0));
    b.part(scene::make_sphere(0.03f, 20, 14), glow, T(0, -0.67f, 0) * S(1.0f, 1.2f, 1.0f));
    return b.take();
}

scene::Model clothes_pile(std::uint32_t seed, glm::vec3 color, const std::string& name) {
    // A garment dropped in a heap: a folded, crumpled sheet of fabric.
    Builder b(name);
    scene::Material cloth;
    cloth.name = name;
    cloth.base_color = glm::vec4(color, 1.0f);
    cloth.base_color_texture = b.texture("fabric_color");
    cloth.normal_texture = b.texture("fabric_normal", false);
    cloth.roughness = 0.95f;
    cloth.double_sided = true;
    std::uint32_t mat = b.material(cloth);
    b.part(scene::make_height_grid({0.6f, 0.5f}, 28, [=](float u, float v) {
               float dx = u - 0.5f, dy = v - 0.5f;
               float mound = std::max(0.0f, 1.0f - (dx * dx + dy * dy) * 5.0f);
               float folds = std::abs(std::sin(u * 13.0f + scene::fbm(u * 3.0f, v * 3.0f, 0, 2, seed) * 4.0f)) * 0.025f;
               return mound * 0.09f + folds * mound + scene::fbm(u * 6.0f, v * 6.0f, 0, 2, seed + 1) * 0.02f;
           }),
           mat);
    return b.take();
}

scene::Model noodle_cup() {
    Builder b("noodle_cup");
    std::uint32_t cup = b.material("paper cup", srgb(230, 200, 60), 0.8f);
    std::uint32_t lid = b.material("foil lid", srgb(200, 200, 205), 0.4f, 1.0f);
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.045f, 0.0f}, {0.058f, 0.1f}}, 24, true, false), cup);
    b.part(scene::make_height_grid({0.13f, 0.13f}, 8, [](float u, float v) { return 0.004f * u * v; }), lid,
           T(0.01f, 0.1f, 0) * R(8, Z));
    return b.take();
}

scene::Model beer_bottle() {
    Builder b("beer_bottle");
    std::uint32_t g = b.material(glass("green glass", srgb(40, 110, 50), 0.75f, 0.05f));
    std::uint32_t label = b.material("label", srgb(230, 220, 190), 0.8f);
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.031f, 0.002f}, {0.032f, 0.16f}, {0.026f, 0.19f}, {0.013f, 0.22f},
                              {0.012f, 0.255f}, {0.014f, 0.26f}},
                             24),
           g);
    b.part(scene::make_cylinder(0.0325f, 0.07f, 24, false), label, T(0, 0.05f, 0));
    return b.take();
}

scene::Model beer_glass() {
    Builder b("beer_glass");
    std::uint32_t g = b.material(glass("glass", srgb(240, 240, 240), 0.25f, 0.03f));
    std::uint32_t beer = b.material(glass("beer", srgb(220, 150, 40), 0.8f, 0.1f));
    std::uint32_t foam = b.material("foam", srgb(245, 240, 225), 0.9f);
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.032f, 0.0f}, {0.037f, 0.12f}}, 24, true, false), g);
    b.part(scene::make_lathe({{0.0f, 0.004f}, {0.030f, 0.004f}, {0.034f, 0.085f}}, 24, true, true), beer);
    b.part(scene::make_cylinder(0.0345f, 0.012f, 24), foam, T(0, 0.085f, 0));
    return b.take();
}

scene::Model ashtray() {
    Builder b("ashtray");
    std::uint32_t g = b.material(glass("ashtray glass", srgb(200, 210, 215), 0.6f, 0.1f));
    std::uint32_t butt = b.material("filter", srgb(210, 150, 80), 0.8f);
    std::uint32_t paper = b.material("paper", srgb(240, 238, 232), 0.8f);
    std::uint32_t ash = b.material("ash", srgb(80, 80, 80), 1.0f);
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.055f, 0.0f}, {0.06f, 0.03f}, {0.045f, 0.03f}, {0.04f, 0.012f}, {0.0f, 0.012f}}, 24), g);
    b.part(scene::make_cylinder(0.03f, 0.004f, 16), ash, T(0, 0.012f, 0));
    for (int i = 0; i < 3; ++i) {
        glm::mat4 m = R(float(i) * 110.0f, Y) * T(0.012f, 0.018f, 0) * R(80, Z);
        b.part(scene::make_cylinder(0.004f, 0.02f, 10), butt, m);
        b.part(scene::make_cylinder(0.004f, 0.012f, 10), paper, m * T(0, 0.02f, 0));
    }
    return b.take();
}

// ------------------------------------------------------------------ KTV room

scene::Model sofa(float length) {
    Builder b("sofa");
    scene::Material leather;
    leather.name = "sofa leather";
    leather.base_color_texture = b.texture("leather_color");
    leather.normal_texture = b.texture("leather_normal", false);
    leather.metallic_roughness_texture = b.texture("leather_mr", false);
    leather.roughness = 1.0f;
    std::uint32_t mat = b.material(leather);
    std::uint32_t base = b.material("plinth", srgb(20, 16, 20), 0.5f);
    b.part(scene::make_box({length, 0.1f, 0.62f}), base, T(0, 0.05f, 0));
    b.part(scene::make_box({length, 0.3f, 0.6f}, 2.0f), mat, T(0, 0.25f, 0));
    b.part(scene::make_box({length, 0.5f, 0.16f}, 2.0f), mat, T(0, 0.55f, -0.24f) * R(-8, X));
    return b.take();
}

scene::Model ktv_table() {
    Builder b("ktv_table");
    std::uint32_t top = b.material(glass("smoked glass", srgb(40, 40, 50), 0.85f, 0.02f));
    std::uint32_t frame = b.material("chrome", srgb(220, 220, 225), 0.12f, 1.0f);
    b.part(scene::make_box({1.4f, 0.015f, 0.7f}), top, T(0, 0.45f, 0));
    b.part(scene::make_box({1.3f, 0.04f, 0.6f}), frame, T(0, 0.05f, 0));
    for (float x : {-0.6f, 0.6f}) b.part(scene::make_cylinder(0.03f, 0.4f, 16), frame, T(x, 0.05f, 0));
    return b.take();
}

scene::Model disco_ball() {
    Builder b("disco_ball");
    std::uint32_t mirror = b.material("mirror tiles", srgb(230, 230, 235), 0.05f, 1.0f);
    std::uint32_t cord = b.material("chain", srgb(60, 60, 60), 0.5f, 1.0f);
    // Low-poly facets catch the light like tiles.
    b.part(scene::make_sphere(0.18f, 16, 10), mirror, T(0, -0.35f, 0));
    b.part(scene::make_cylinder(0.005f, 0.17f, 6), cord, T(0, -0.17f, 0));
    return b.take();
}

scene::Model microphone() {
    Builder b("microphone");
    std::uint32_t body = b.material("mic body", srgb(20, 20, 24), 0.3f, 0.5f);
    std::uint32_t head = b.material("mic grille", srgb(180, 180, 185), 0.4f, 1.0f);
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.012f, 0.0f}, {0.02f, 0.17f}, {0.0f, 0.17f}}, 16), body, R(90, Z));
    b.part(scene::make_sphere(0.026f, 16, 10), head, T(-0.19f, 0, 0));
    return b.take();
}

scene::Model cigarette() {
    Builder b("cigarette");
    std::uint32_t paper = b.material("paper", srgb(240, 238, 232), 0.8f);
    std::uint32_t filter = b.material("filter", srgb(210, 150, 80), 0.8f);
    std::uint32_t ember = b.material(glowing("ember", srgb(255, 90, 20), 4.0f));
    b.part(scene::make_cylinder(0.004f, 0.022f, 10), filter, R(90, Z));
    b.part(scene::make_cylinder(0.004f, 0.055f, 10), paper, R(90, Z) * T(0, 0.022f, 0));
    b.part(scene::make_cylinder(0.0041f, 0.004f, 10), ember, R(90, Z) * T(0, 0.077f, 0));
    return b.take();
}

// ------------------------------------------------------------------ street

scene::Model streetlight() {
    Builder b("streetlight");
    std::uint32_t pole = b.material("painted pole", srgb(70, 80, 76), 0.6f, 0.6f);
    std::uint32_t lamp = b.material(glowing("sodium lamp", srgb(255, 170, 80), 10.0f));
    b.part(scene::make_cylinder(0.07f, 6.0f, 16), pole);
    b.part(scene::make_cylinder(0.04f, 1.4f, 12), pole, T(0, 5.9f, 0) * R(-90, X));
    b.part(scene::make_box({0.3f, 0.1f, 0.5f}), pole, T(0, 5.95f, 1.4f));
    b.part(scene::make_box({0.22f, 0.02f, 0.42f}), lamp, T(0, 5.89f, 1.4f));
    return b.take();
}

scene::Model scooter() {
    Builder b("scooter");
    std::uint32_t body = b.material("scooter paint", srgb(230, 230, 235), 0.3f, 0.2f);
    std::uint32_t tyre = b.material("tyre", srgb(20, 20, 20), 0.8f);
    std::uint32_t seat = b.material("seat", srgb(30, 28, 26), 0.6f);
    std::uint32_t light = b.material(glowing("tail light", srgb(255, 40, 30), 0.5f));
    for (float z : {-0.6f, 0.6f}) b.part(scene::make_torus(0.2f, 0.06f, 24, 10), tyre, T(0, 0.26f, z) * R(90, Z));
    b.part(scene::make_box({0.3f, 0.1f, 1.0f}), body, T(0, 0.35f, 0));
    b.part(scene::make_box({0.32f, 0.35f, 0.55f}), body, T(0, 0.55f, -0.35f));
    b.part(scene::make_box({0.3f, 0.08f, 0.5f}), seat, T(0, 0.76f, -0.35f));
    b.part(scene::make_box({0.2f, 0.75f, 0.12f}), body, T(0, 0.7f, 0.5f) * R(-15, X));
    b.part(scene::make_cylinder(0.015f, 0.6f, 8), seat, T(0.3f, 1.05f, 0.58f) * R(90, Z));
    b.part(scene::make_box({0.12f, 0.05f, 0.02f}), light, T(0, 0.6f, -0.63f));
    return b.take();
}

scene::Model trash_bin() {
    Builder b("trash_bin");
    std::uint32_t bin = b.material("green bin", srgb(40, 100, 60), 0.5f);
    std::uint32_t lid = b.material("lid", srgb(30, 80, 48), 0.5f);
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.24f, 0.0f}, {0.28f, 0.9f}}, 24, true, false), bin);
    b.part(scene::make_box({0.62f, 0.05f, 0.6f}), lid, T(0, 0.92f, 0) * R(-8, X));
    return b.take();
}

scene::Model bench() {
    Builder b("bench");
    scene::Material wood;
    wood.name = "bench slats";
    wood.base_color_texture = b.texture("wood_color");
    wood.roughness = 0.8f;
    std::uint32_t slats = b.material(wood);
    std::uint32_t iron = b.material("cast iron", srgb(30, 30, 32), 0.6f, 0.8f);
    for (int i = 0; i < 4; ++i) b.part(scene::make_box({1.6f, 0.03f, 0.09f}), slats, T(0, 0.44f, -0.18f + float(i) * 0.11f));
    for (float x : {-0.7f, 0.7f}) {
        b.part(scene::make_box({0.05f, 0.44f, 0.05f}), iron, T(x, 0.22f, -0.18f));
        b.part(scene::make_box({0.05f, 0.44f, 0.05f}), iron, T(x, 0.22f, 0.18f));
    }
    return b.take();
}

scene::Model phone() {
    // A phone lying face up; its screen shows the lock-screen message (a texture the scene's
    // material replaces, so the message can change without a new model).
    Builder b("phone");
    std::uint32_t body = b.material("phone body", srgb(18, 18, 22), 0.25f, 0.3f);
    scene::Material screen = glowing("phone screen", glm::vec3(1.0f), 1.0f);
    std::uint32_t glass_mat = b.material(screen);
    b.part(scene::make_box({0.072f, 0.008f, 0.15f}), body, T(0, 0.004f, 0));
    b.part(scene::make_quad({0.066f, 0.142f}), glass_mat, T(0, 0.0085f, 0) * R(-90, X));
    return b.take();
}

// ------------------------------------------------------------------ calm room

scene::Model bamboo_stalk(float height, std::uint32_t seed) {
    Builder b("bamboo_stalk");
    scene::Material culm;
    culm.name = "bamboo culm";
    culm.base_color_texture = b.texture("bamboo_color");
    culm.roughness = 0.45f;
    std::uint32_t stalk = b.material(culm);
    std::uint32_t node = b.material("node", srgb(120, 130, 70), 0.5f);
    scene::Material leaves;
    leaves.name = "bamboo leaves";
    leaves.base_color_texture = b.texture("bamboo_leaves_color");
    leaves.alpha_mode = scene::AlphaMode::mask;
    leaves.double_sided = true;
    leaves.roughness = 0.6f;
    std::uint32_t leaf = b.material(leaves);
    float lean = (scene::hash01(0, 0, seed) - 0.5f) * 6.0f;
    glm::mat4 base = R(lean, Z);
    b.part(scene::make_cylinder(0.03f, height, 12, false), stalk, base);
    // Each node a low ridge round the culm: a lathe of eight sides (32 triangles). A torus of
    // 144 was the calm room's geometry cost (62k of its 65k triangles), for a ring a few pixels
    // wide from the seat; the half of it inside the culm was never seen.
    scene::Mesh ridge = scene::make_lathe({{0.029f, -0.008f}, {0.036f, 0.0f}, {0.029f, 0.008f}}, 8, false, false);
    for (float y = 0.35f; y < height; y += 0.35f + 0.05f * scene::hash01(int(y * 10), 1, seed)) {
        b.part(ridge, node, base * T(0, y, 0));
    }
    for (int i = 0; i < 7; ++i) {
        float y = height * (0.55f + 0.45f * scene::hash01(i, 2, seed));
        float yaw = scene::hash01(i, 3, seed) * 360.0f;
        b.part(scene::make_quad({0.7f, 0.7f}), leaf, base * T(0, y, 0) * R(yaw, Y) * T(0.3f, 0.15f, 0) * R(-30, Z));
    }
    return b.take();
}

scene::Model stone_lantern() {
    Builder b("stone_lantern");
    scene::Material stone;
    stone.name = "lantern stone";
    stone.base_color_texture = b.texture("stone_color");
    stone.normal_texture = b.texture("stone_normal", false);
    stone.roughness = 0.9f;
    std::uint32_t s = b.material(stone);
    std::uint32_t glow = b.material(glowing("candle glow", srgb(255, 180, 90), 3.0f));
    b.part(scene::make_box({0.45f, 0.12f, 0.45f}), s, T(0, 0.06f, 0));
    b.part(scene::make_cylinder(0.09f, 0.55f, 12), s, T(0, 0.12f, 0));
    b.part(scene::make_box({0.4f, 0.08f, 0.4f}), s, T(0, 0.71f, 0));
    b.part(scene::make_box({0.3f, 0.26f, 0.3f}), s, T(0, 0.88f, 0));
    b.part(scene::make_box({0.16f, 0.14f, 0.31f}), glow, T(0, 0.88f, 0));
    b.part(scene::make_box({0.31f, 0.14f, 0.16f}), glow, T(0, 0.88f, 0));
    b.part(scene::make_cone(0.36f, 0.22f, 4), s, T(0, 1.01f, 0) * R(45, Y));
    b.part(scene::make_sphere(0.05f, 10, 8), s, T(0, 1.25f, 0));
    return b.take();
}

scene::Model rock(std::uint32_t seed) {
    Builder b("rock");
    scene::Material stone;
    stone.name = "rock";
    stone.base_color_texture = b.texture("stone_color");
    stone.normal_texture = b.texture("stone_normal", false);
    stone.metallic_roughness_texture = b.texture("stone_mr", false);
    stone.roughness = 1.0f;
    std::uint32_t s = b.material(stone);
    scene::Mesh m = scene::make_sphere(0.5f, 24, 16);
    for (scene::Vertex& v : m.vertices) {
        glm::vec3 d = glm::normalize(v.position);
        float n = scene::fbm(d.x * 2.0f + 3.0f, d.z * 2.0f + d.y * 1.7f + 3.0f, 0, 3, seed);
        v.position = d * (0.5f * (0.75f + 0.5f * n));
        v.position.y *= 0.55f;
    }
    // Recompute normals after displacing.
    for (scene::Vertex& v : m.vertices) v.normal = glm::vec3(0.0f);
    for (std::size_t i = 0; i + 2 < m.indices.size(); i += 3) {
        scene::Vertex &a = m.vertices[m.indices[i]], &b2 = m.vertices[m.indices[i + 1]], &c = m.vertices[m.indices[i + 2]];
        glm::vec3 n = glm::cross(b2.position - a.position, c.position - a.position);
        a.normal += n;
        b2.normal += n;
        c.normal += n;
    }
    for (scene::Vertex& v : m.vertices) v.normal = glm::length(v.normal) > 0 ? glm::normalize(v.normal) : glm::vec3(0, 1, 0);
    b.part(std::move(m), s, T(0, 0.12f, 0));
    return b.take();
}

// ------------------------------------------------------------------ open-day exhibits

scene::Model pedestal() {
    Builder b("pedestal");
    std::uint32_t white = b.material("white plinth", srgb(235, 235, 232), 0.6f);
    std::uint32_t case_glass = b.material(glass("display case", srgb(240, 245, 250), 0.12f, 0.02f));
    b.part(scene::make_box({0.5f, 1.0f, 0.5f}), white, T(0, 0.5f, 0));
    b.part(scene::make_box({0.46f, 0.4f, 0.46f}), case_glass, T(0, 1.2f, 0));
    return b.take();
}

scene::Model milk_tea() {
    Builder b("milk_tea");
    std::uint32_t cup = b.material(glass("cup plastic", srgb(250, 250, 250), 0.55f, 0.15f));
    std::uint32_t tea = b.material("milk tea", srgb(190, 150, 110), 0.4f);
    std::uint32_t pearls = b.material("tapioca pearls", srgb(40, 26, 20), 0.2f);
    std::uint32_t lid = b.material(glass("lid", srgb(250, 250, 250), 0.5f, 0.1f));
    std::uint32_t straw_mat = b.material("pink straw", srgb(240, 100, 150), 0.4f);
    std::uint32_t sleeve = b.material("printed sleeve", srgb(250, 200, 220), 0.7f);
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.034f, 0.0f}, {0.045f, 0.15f}}, 32, true, false), cup);
    b.part(scene::make_lathe({{0.0f, 0.004f}, {0.032f, 0.004f}, {0.042f, 0.13f}}, 32, true, true), tea);
    for (int i = 0; i < 9; ++i) {
        float a = float(i) / 9.0f * 2.0f * k_pi;
        b.part(scene::make_sphere(0.006f, 8, 6), pearls, T(std::cos(a) * 0.02f, 0.01f, std::sin(a) * 0.02f));
    }
    b.part(scene::make_lathe({{0.045f, 0.15f}, {0.04f, 0.165f}, {0.0f, 0.175f}}, 32, false, false), lid);
    b.part(scene::make_cylinder(0.0045f, 0.23f, 12, false), straw_mat, T(0.008f, 0.02f, 0) * R(-6, Z));
    b.part(scene::make_cylinder(0.0455f, 0.05f, 32, false), sleeve, T(0, 0.06f, 0) * S(0.92f, 1.0f, 0.92f));
    return b.take();
}

scene::Model candy(std::uint32_t seed) {
    Builder b("candy");
    glm::vec3 colors[] = {srgb(240, 60, 80), srgb(250, 200, 40), srgb(60, 170, 230), srgb(140, 210, 80), srgb(200, 90, 220)};
    std::uint32_t mats[5];
    for (int i = 0; i < 5; ++i) {
        scene::Material m = glass("wrapper", colors[i], 0.9f, 0.15f);
        m.alpha_mode = scene::AlphaMode::opaque;
        mats[i] = b.material(m);
    }
    for (int i = 0; i < 7; ++i) {
        float x = (scene::hash01(i, 0, seed) - 0.5f) * 0.16f, z = (scene::hash01(i, 1, seed) - 0.5f) * 0.12f;
        glm::mat4 m = T(x, 0.012f, z) * R(scene::hash01(i, 2, seed) * 180.0f, Y);
        std::uint32_t mat = mats[i % 5];
        b.part(scene::make_sphere(1.0f, 14, 10), mat, m * S(0.022f, 0.012f, 0.014f));
        for (float side : {-1.0f, 1.0f}) {
            b.part(scene::make_cone(0.012f, 0.018f, 10), mat, m * T(side * 0.02f, 0, 0) * R(side * -90.0f, Z));
        }
    }
    return b.take();
}

scene::Model stamps(std::uint32_t seed) {
    // A sheet of small blotter "stamps" with cartoon prints: the disguise is how harmless it looks.
    Builder b("stamps");
    scene::Image sheet = scene::generate_image(256, 256, [=](float u, float v) {
        int cx = int(u * 4.0f), cy = int(v * 4.0f);
        float fx = u * 4.0f - float(cx) - 0.5f, fy = v * 4.0f - float(cy) - 0.5f;
        bool perforation = std::abs(fx) > 0.46f || std::abs(fy) > 0.46f;
        glm::vec3 bg = glm::mix(glm::vec3(1.0f, 0.85f, 0.3f), glm::vec3(0.5f, 0.8f, 1.0f), scene::hash01(cx, cy, seed));
        float r = std::sqrt(fx * fx + fy * fy);
        glm::vec3 c = bg;
        if (r < 0.28f) c = glm::vec3(1.0f, 0.95f, 0.6f);                                              // a smiling face
        if (r < 0.28f && std::abs(r - 0.17f) < 0.02f && fy > 0.02f) c = glm::vec3(0.2f);               // mouth
        if (std::abs(fx - 0.09f) < 0.03f && std::abs(fy + 0.08f) < 0.04f) c = glm::vec3(0.2f);        // eyes
        if (std::abs(fx + 0.09f) < 0.03f && std::abs(fy + 0.08f) < 0.04f) c = glm::vec3(0.2f);
        if (perforation) c = glm::vec3(0.95f);
        return glm::vec4(c, 1.0f);
    });
    scene::Material paper;
    paper.name = "blotter paper";
    paper.base_color_texture = b.texture("stamps_print", sheet, true, false);
    paper.roughness = 0.9f;
    std::uint32_t mat = b.material(paper);
    b.part(scene::make_box({0.08f, 0.001f, 0.08f}), mat, T(0, 0.0005f, 0));
    return b.take();
}

scene::Model ecig() {
    Builder b("ecig");
    std::uint32_t body = b.material("anodised body", srgb(90, 60, 200), 0.3f, 0.8f);
    std::uint32_t tip = b.material("mouthpiece", srgb(20, 20, 24), 0.3f);
    std::uint32_t led = b.material(glowing("led", srgb(80, 200, 255), 2.0f));
    b.part(scene::make_box({0.022f, 0.012f, 0.09f}), body, T(0, 0.006f, 0));
    b.part(scene::make_box({0.016f, 0.008f, 0.02f}), tip, T(0, 0.006f, -0.054f));
    b.part(scene::make_box({0.006f, 0.002f, 0.006f}), led, T(0, 0.0125f, 0.03f));
    return b.take();
}

scene::Model happy_water() {
    // "Happy water": a small drink bottle with a bright, friendly label.
    Builder b("happy_water");
    std::uint32_t g = b.material(glass("bottle", srgb(250, 250, 250), 0.35f, 0.05f));
    std::uint32_t drink = b.material(glass("pink drink", srgb(250, 120, 170), 0.85f, 0.1f));
    std::uint32_t cap = b.material("gold cap", srgb(230, 190, 80), 0.3f, 1.0f);
    scene::Image label_img = scene::generate_image(128, 64, [](float u, float v) {
        glm::vec3 c = glm::mix(glm::vec3(1.0f, 0.6f, 0.8f), glm::vec3(1.0f, 0.9f, 0.5f), u);
        float heart = std::pow(std::abs(u - 0.5f) * 2.0f, 2.0f) + std::pow((v - 0.55f) * 3.0f - std::sqrt(std::abs(u - 0.5f) * 2.0f), 2.0f);
        if (heart < 0.25f) c = glm::vec3(0.95f, 0.2f, 0.4f);
        return glm::vec4(c, 1.0f);
    });
    scene::Material label;
    label.name = "cute label";
    label.base_color_texture = b.texture("happy_water_label", label_img, true, true);
    std::uint32_t l = b.material(label);
    b.part(scene::make_lathe({{0.0f, 0.0f}, {0.025f, 0.0f}, {0.026f, 0.07f}, {0.012f, 0.1f}, {0.011f, 0.115f}}, 24), g);
    b.part(scene::make_cylinder(0.023f, 0.065f, 24), drink, T(0, 0.003f, 0));
    b.part(scene::make_cylinder(0.0262f, 0.04f, 24, false), l, T(0, 0.015f, 0));
    b.part(scene::make_cylinder(0.0125f, 0.015f, 16), cap, T(0, 0.113f, 0));
    return b.take();
}

} // namespace

void generate_models(Output& out) {
    out.model("lighter", lighter(srgb(200, 40, 60), "lighter"), "disposable lighter (paraphernalia)");
    out.model("flame", flame(), "lighter flame");
    out.model("foil", foil(out.seed_for("foil model")), "crumpled, scorched tin foil (paraphernalia)");
    out.model("straw", straw(), "cut drinking straw (paraphernalia)");
    out.model("glass_pipe", glass_pipe(), "glass pipe with residue (paraphernalia)");
    out.model("ice_pot", ice_pot(), "water-bottle 'ice pot' with straws (paraphernalia)");
    out.model("pocket_scale", pocket_scale(), "digital pocket scale reading 0.00 (paraphernalia)");
    out.model("baggie", baggie(out.seed_for("baggie")), "small zip bag with white crystals (paraphernalia)");
    out.model("bed", bed(), "single bed with a rumpled sheet");
    out.model("desk", desk(), "wooden desk");
    out.model("stool", stool(), "red plastic stool");
    out.model("bulb", bulb(), "bare hanging light bulb");
    out.model("noodle_cup", noodle_cup(), "instant noodle cup");
    out.model("hoodie_pile", clothes_pile(out.seed_for("hoodie"), srgb(150, 154, 160), "hoodie_pile"), "grey hoodie dropped on the bed");
    out.model("jeans_pile", clothes_pile(out.seed_for("jeans"), srgb(90, 120, 175), "jeans_pile"), "jeans in a heap");
    out.model("beer_bottle", beer_bottle(), "green beer bottle");
    out.model("beer_glass", beer_glass(), "glass of beer");
    out.model("ashtray", ashtray(), "glass ashtray with cigarette ends");
    out.model("sofa", sofa(2.4f), "KTV sofa section, quilted leather");
    out.model("ktv_table", ktv_table(), "KTV smoked-glass table");
    out.model("disco_ball", disco_ball(), "mirror ball");
    out.model("microphone", microphone(), "karaoke microphone");
    out.model("cigarette", cigarette(), "lit cigarette");
    out.model("streetlight", streetlight(), "sodium streetlight");
    out.model("scooter", scooter(), "parked electric scooter");
    out.model("trash_bin", trash_bin(), "street litter bin");
    out.model("bench", bench(), "street bench");
    out.model("phone", phone(), "mobile phone lying face up");
    out.model("bamboo_stalk", bamboo_stalk(4.2f, out.seed_for("bamboo a")), "bamboo stalk with leaves");
    out.model("bamboo_stalk_short", bamboo_stalk(3.0f, out.seed_for("bamboo b")), "shorter bamboo stalk");
    out.model("stone_lantern", stone_lantern(), "stone garden lantern with candle glow");
    out.model("rock", rock(out.seed_for("rock")), "mossy rock");
    out.model("pedestal", pedestal(), "exhibit pedestal with glass case");
    out.model("milk_tea", milk_tea(), "milk tea cup (a disguise for drugs)");
    out.model("candy", candy(out.seed_for("candy")), "wrapped sweets (a disguise for drugs)");
    out.model("stamps", stamps(out.seed_for("stamps")), "sheet of cartoon 'stamps' (a disguise for drugs)");
    out.model("ecig", ecig(), "e-cigarette (a disguise for drugs)");
    out.model("happy_water", happy_water(), "'happy water' drink bottle (a disguise for drugs)");
}

} // namespace qx::assetgen
