#pragma once

#include "scene/math.h"

#include <cstdint>
#include <string>

namespace qx::scene {

enum class AlphaMode : std::uint32_t { opaque = 0, mask = 1, blend = 2 };

// glTF 2.0 metallic-roughness material. Texture fields index the scene's texture list
// (-1: none, the factor alone applies). Base colour and emissive textures hold sRGB colour;
// the others hold linear data (normal: tangent-space XYZ; metallic-roughness: G = roughness,
// B = metallic; occlusion: R).
struct Material {
    std::string name;
    glm::vec4 base_color{1.0f};
    glm::vec3 emissive{0.0f};
    float emissive_strength = 1.0f;
    float metallic = 0.0f;
    float roughness = 0.5f;
    float normal_scale = 1.0f;
    float occlusion_strength = 1.0f;
    AlphaMode alpha_mode = AlphaMode::opaque;
    float alpha_cutoff = 0.5f;
    bool double_sided = false;
    bool unlit = false; // shows its base colour as is: screens, signs, UI-like props
    std::int32_t base_color_texture = -1;
    std::int32_t normal_texture = -1;
    std::int32_t metallic_roughness_texture = -1;
    std::int32_t emissive_texture = -1;
    std::int32_t occlusion_texture = -1;
};

} // namespace qx::scene
