#include "scene/test_scene.h"

#include "scene/texture_gen.h"

#include <cmath>

namespace qx::scene {
namespace {

constexpr int k_floor_tiles = 4; // per texture repeat (one repeat per 2 m)

Texture floor_base() {
    return {"test/floor_base", generate_image(256, 256, [](float u, float v) {
                float h = tile_height(u, v, k_floor_tiles, 0.06f);
                int tx = int(u * k_floor_tiles), ty = int(v * k_floor_tiles);
                float variation = hash01(tx, ty, 7) * 0.12f;
                float grain = fbm(u * 16.0f, v * 16.0f, 16, 3, 3) * 0.08f;
                glm::vec3 tile = glm::vec3(0.78f, 0.72f, 0.62f) - variation + grain;
                glm::vec3 grout(0.30f, 0.29f, 0.28f);
                return glm::vec4(glm::mix(grout, tile, h), 1.0f);
            }),
            true};
}

Texture floor_normal() {
    return {"test/floor_normal",
            normal_map_from_height(256, [](float u, float v) { return tile_height(u, v, k_floor_tiles, 0.06f); }, 12.0f),
            false};
}

Texture floor_metallic_roughness() {
    return {"test/floor_mr", generate_image(256, 256, [](float u, float v) {
                float h = tile_height(u, v, k_floor_tiles, 0.06f);
                float rough = glm::mix(0.95f, 0.25f + fbm(u * 8.0f, v * 8.0f, 8, 3, 11) * 0.2f, h);
                return glm::vec4(0.0f, rough, 0.0f, 1.0f); // G roughness, B metallic
            }),
            false};
}

Texture floor_occlusion() {
    return {"test/floor_ao", generate_image(256, 256, [](float u, float v) {
                float h = tile_height(u, v, k_floor_tiles, 0.06f);
                return glm::vec4(glm::mix(0.25f, 1.0f, h), 0.0f, 0.0f, 1.0f);
            }),
            false};
}

Texture wall_base() {
    return {"test/wall_base", generate_image(128, 128, [](float u, float v) {
                float n = fbm(u * 8.0f, v * 8.0f, 8, 4, 21);
                return glm::vec4(glm::vec3(0.72f, 0.62f, 0.50f) + (n - 0.5f) * 0.12f, 1.0f);
            }),
            true};
}

Texture sign_emissive() {
    // A green "exit" pictogram: a frame and an arrow, glowing on black.
    Texture t{"test/sign_emissive", generate_image(128, 64, [](float u, float v) {
                  float x = u * 2.0f - 1.0f, y = v * 2.0f - 1.0f;
                  bool frame = std::abs(x) > 0.88f || std::abs(y) > 0.78f;
                  bool shaft = std::abs(y) < 0.14f && x > -0.6f && x < 0.25f;
                  bool head = x >= 0.25f && x < 0.7f && std::abs(y) < (0.7f - x) * 1.3f;
                  float on = (frame || shaft || head) ? 1.0f : 0.0f;
                  return glm::vec4(glm::vec3(0.1f, 1.0f, 0.35f) * on, 1.0f);
              }),
              true};
    t.repeat = false;
    return t;
}

Texture smoke_puff() {
    Texture t{"test/smoke", generate_image(128, 128, [](float u, float v) {
                  float dx = u - 0.5f, dy = v - 0.5f;
                  float r = std::sqrt(dx * dx + dy * dy) * 2.0f;
                  float n = fbm(u * 6.0f, v * 6.0f, 6, 4, 33);
                  float a = std::clamp((1.0f - r) * 1.6f, 0.0f, 1.0f) * (0.35f + 0.65f * n);
                  return glm::vec4(0.85f, 0.85f, 0.88f, a);
              }),
              true};
    t.repeat = false;
    return t;
}

Texture leaf_cutout() {
    Texture t{"test/leaf", generate_image(128, 128, [](float u, float v) {
                  float x = (u - 0.5f) * 2.0f, y = (v - 0.5f) * 2.0f;
                  // A leaf: an ellipse pinched at both ends, with a midrib and veins.
                  float width = 0.55f * (1.0f - y * y);
                  bool inside = std::abs(x) < width && std::abs(y) < 0.95f;
                  bool stem = std::abs(x) < 0.03f && y > 0.6f;
                  float vein = (std::abs(x) < 0.02f || std::abs(std::fmod(std::abs(x) * 3.0f + y * 2.0f + 4.0f, 0.5f) - 0.25f) < 0.02f) ? 0.7f : 1.0f;
                  glm::vec3 green = glm::vec3(0.18f, 0.45f, 0.12f) * vein;
                  return glm::vec4(green, (inside || stem) ? 1.0f : 0.0f);
              }),
              true};
    t.repeat = false;
    t.mipmaps = false; // keep the cut-out edge crisp
    return t;
}

Material solid(std::string name, glm::vec3 color, float metallic, float roughness) {
    Material m;
    m.name = std::move(name);
    m.base_color = glm::vec4(color, 1.0f);
    m.metallic = metallic;
    m.roughness = roughness;
    return m;
}

glm::mat4 at(glm::vec3 position, glm::vec3 scale = glm::vec3(1.0f), float yaw = 0.0f, float pitch = 0.0f) {
    glm::mat4 m = glm::translate(glm::mat4(1.0f), position);
    m = glm::rotate(m, yaw, glm::vec3(0, 1, 0));
    m = glm::rotate(m, pitch, glm::vec3(1, 0, 0));
    return glm::scale(m, scale);
}

} // namespace

BuiltScene make_material_test_scene() {
    BuiltScene s;
    SceneAssets& a = s.assets;

    std::int32_t t_floor = a.add_texture(floor_base());
    std::int32_t t_floor_n = a.add_texture(floor_normal());
    std::int32_t t_floor_mr = a.add_texture(floor_metallic_roughness());
    std::int32_t t_floor_ao = a.add_texture(floor_occlusion());
    std::int32_t t_wall = a.add_texture(wall_base());
    std::int32_t t_sign = a.add_texture(sign_emissive());
    std::int32_t t_smoke = a.add_texture(smoke_puff());
    std::int32_t t_leaf = a.add_texture(leaf_cutout());

    Material floor = solid("floor tiles", glm::vec3(1.0f), 1.0f, 1.0f);
    floor.base_color_texture = t_floor;
    floor.normal_texture = t_floor_n;
    floor.metallic_roughness_texture = t_floor_mr;
    floor.occlusion_texture = t_floor_ao;
    std::uint32_t m_floor = a.add_material(floor);

    Material wall = solid("plaster wall", glm::vec3(1.0f), 0.0f, 0.9f);
    wall.base_color_texture = t_wall;
    std::uint32_t m_wall = a.add_material(wall);

    std::uint32_t m_spheres[5] = {
        a.add_material(solid("red gloss", {0.75f, 0.08f, 0.06f}, 0.0f, 0.15f)),
        a.add_material(solid("red matte", {0.75f, 0.08f, 0.06f}, 0.0f, 0.75f)),
        a.add_material(solid("gold", {1.0f, 0.77f, 0.34f}, 1.0f, 0.2f)),
        a.add_material(solid("steel", {0.78f, 0.78f, 0.80f}, 1.0f, 0.45f)),
        a.add_material(solid("brushed copper", {0.95f, 0.64f, 0.54f}, 1.0f, 0.8f)),
    };
    std::uint32_t m_box = a.add_material(solid("grey crate", {0.35f, 0.33f, 0.30f}, 0.0f, 0.8f));

    Material neon = solid("pink neon", {0.05f, 0.02f, 0.04f}, 0.0f, 0.4f);
    neon.emissive = {1.0f, 0.2f, 0.6f};
    neon.emissive_strength = 4.0f;
    std::uint32_t m_neon = a.add_material(neon);

    Material sign = solid("exit sign", {0.02f, 0.02f, 0.02f}, 0.0f, 0.3f);
    sign.emissive = glm::vec3(1.0f);
    sign.emissive_strength = 3.0f;
    sign.emissive_texture = t_sign;
    std::uint32_t m_sign = a.add_material(sign);

    Material glass = solid("blue glass", {0.55f, 0.75f, 1.0f}, 0.0f, 0.05f);
    glass.base_color.a = 0.3f;
    glass.alpha_mode = AlphaMode::blend;
    glass.double_sided = true;
    std::uint32_t m_glass = a.add_material(glass);

    Material smoke = solid("smoke", glm::vec3(1.0f), 0.0f, 1.0f);
    smoke.base_color_texture = t_smoke;
    smoke.alpha_mode = AlphaMode::blend;
    smoke.double_sided = true;
    std::uint32_t m_smoke = a.add_material(smoke);

    Material leaf = solid("leaf", glm::vec3(1.0f), 0.0f, 0.6f);
    leaf.base_color_texture = t_leaf;
    leaf.alpha_mode = AlphaMode::mask;
    leaf.double_sided = true;
    std::uint32_t m_leaf = a.add_material(leaf);

    std::uint32_t floor_mesh = a.add_mesh(make_plane({12.0f, 12.0f}, 0.5f));
    std::uint32_t wall_mesh = a.add_mesh(make_quad({12.0f, 4.0f}));
    std::uint32_t sphere = a.add_mesh(make_sphere(0.22f));
    std::uint32_t box = a.add_mesh(make_box({0.5f, 0.5f, 0.5f}));
    std::uint32_t ring = a.add_mesh(make_torus(0.45f, 0.05f, 48, 12));
    std::uint32_t panel = a.add_mesh(make_quad({1.0f, 1.0f}));

    for (auto& m : a.meshes) compute_tangents(m);

    s.instances.push_back({floor_mesh, m_floor, glm::mat4(1.0f)});
    s.instances.push_back({wall_mesh, m_wall, at({0.0f, 2.0f, -5.0f})});
    for (int i = 0; i < 5; ++i) {
        s.instances.push_back({sphere, m_spheres[i], at({-1.0f + 0.5f * float(i), 0.22f, -2.6f})});
    }
    s.instances.push_back({box, m_box, at({-1.6f, 0.25f, -1.9f}, glm::vec3(1.0f), 0.4f)});
    s.instances.push_back({ring, m_neon, at({0.9f, 1.9f, -4.95f}, glm::vec3(1.0f), 0.0f, 1.5708f)});
    s.instances.push_back({panel, m_sign, at({-1.0f, 1.9f, -4.98f}, {1.4f, 0.7f, 1.0f})});
    s.instances.push_back({panel, m_leaf, at({-0.7f, 0.9f, -1.5f}, {0.5f, 0.5f, 1.0f}, 0.3f)});
    s.instances.push_back({panel, m_glass, at({1.0f, 0.7f, -1.7f}, {0.9f, 1.2f, 1.0f}, -0.35f), 1.0f, false});
    s.instances.push_back({panel, m_smoke, at({0.15f, 1.05f, -3.2f}, {1.1f, 1.1f, 1.0f}), 1.0f, false});

    Environment& e = s.environment;
    e.sun_direction = glm::normalize(glm::vec3(0.5f, -0.75f, -0.45f));
    e.sun_intensity = 4.0f;
    e.ambient_intensity = 0.18f;
    e.fog_color = {0.55f, 0.6f, 0.68f};
    e.fog_density = 0.04f;
    e.fog_start = 1.5f;

    Light warm;
    warm.position = {-1.2f, 1.4f, -1.6f};
    warm.color = {1.0f, 0.7f, 0.4f};
    warm.intensity = 2.5f;
    warm.range = 5.0f;
    s.lights.push_back(warm);
    Light spot;
    spot.type = LightType::spot;
    spot.position = {1.3f, 2.6f, -2.6f};
    spot.direction = {0.0f, -1.0f, 0.0f};
    spot.color = {0.45f, 0.65f, 1.0f};
    spot.intensity = 14.0f;
    spot.range = 6.0f;
    spot.inner_cone = 0.2f;
    spot.outer_cone = 0.4f;
    s.lights.push_back(spot);
    return s;
}

BuiltScene make_parallax_test_scene() {
    BuiltScene s;
    Material red;
    red.name = "near red";
    red.base_color = {1.0f, 0.0f, 0.0f, 1.0f};
    red.unlit = true;
    Material green;
    green.name = "far green";
    green.base_color = {0.0f, 1.0f, 0.0f, 1.0f};
    green.unlit = true;
    std::uint32_t m_red = s.assets.add_material(red);
    std::uint32_t m_green = s.assets.add_material(green);
    std::uint32_t ball = s.assets.add_mesh(make_sphere(1.0f));
    // Eye height 1.2 m; the near ball slightly below eye level, the far one slightly above.
    s.instances.push_back({ball, m_red, at({0.0f, 1.1f, -0.6f}, glm::vec3(0.05f)), 1.0f, false});
    s.instances.push_back({ball, m_green, at({0.0f, 1.8f, -30.0f}, glm::vec3(1.0f)), 1.0f, false});
    Environment& e = s.environment;
    e.sky_zenith = e.sky_horizon = e.ground = glm::vec3(0.0f);
    e.sun_intensity = 0.0f;
    e.sun_shadows = false;
    e.ambient_intensity = 0.0f;
    return s;
}

} // namespace qx::scene
