#pragma once

// C++ twins of the structures in shaders/include/frame.glsl; change both together.

#include "scene/math.h"

#include <cstdint>

namespace qx::render {

inline constexpr std::uint32_t k_max_lights = 16;
inline constexpr std::uint32_t k_max_textures = 256;
// The headset prompt uses 14 (three panels, eleven numbered handles); shaders/overlay.frag has
// the same number.
inline constexpr std::uint32_t k_max_overlay_textures = 16;

// FrameUniforms.counts.z bits: a set bit switches a feature OFF (image tests, debug views).
enum FeatureOff : std::uint32_t {
    k_off_base_color_tex = 1u << 0,
    k_off_normal_tex = 1u << 1,
    k_off_metallic_roughness_tex = 1u << 2,
    k_off_emissive = 1u << 3,
    k_off_occlusion_tex = 1u << 4,
    k_off_shadows = 1u << 5,
    k_off_fog = 1u << 6,
    k_off_blend = 1u << 7,
    k_off_punctual_lights = 1u << 8,
    k_off_fade = 1u << 9, // the fade (post pass, or the scene pass drawing straight into the target)
    k_off_shadow_cache = 1u << 10, // the sun's shadow map drawn every frame, not kept (bench)
    k_off_light_culling = 1u << 11, // every light looped over for every draw (tests, bench)
    k_off_texture_skip = 1u << 12,  // textures a material lacks looked up anyway (bench)
    // Swaying cut-out casters (leaves) cast no sun shadow: the standalone tier's trade, as their
    // alpha-tested triangles are drawn into the map again every frame.
    k_off_swaying_cutout_shadows = 1u << 13,
};

// GpuMaterial.flags (MAT_* in frame.glsl): the shader skips the lookup of a texture a material
// does not have, whose default (white, or the flat normal) would change nothing.
enum MaterialFlag : std::uint32_t {
    k_mat_unlit = 1u << 0,
    k_mat_double_sided = 1u << 1,
    k_mat_has_base_color_tex = 1u << 2,
    k_mat_has_normal_tex = 1u << 3,
    k_mat_has_metallic_roughness_tex = 1u << 4,
    k_mat_has_occlusion_tex = 1u << 5,
    k_mat_has_emissive_tex = 1u << 6,
};

struct GpuLight {
    glm::vec4 position_range;
    glm::vec4 color_intensity;
    glm::vec4 direction_type;
    glm::vec4 cone;
};

struct FrameUniforms {
    glm::mat4 view_proj[2];
    glm::mat4 inv_view_proj[2];
    glm::vec4 eye_position[2];
    glm::mat4 shadow_view_proj;
    glm::vec4 sun_direction;
    glm::vec4 sun_color;
    glm::vec4 sky_zenith;
    glm::vec4 sky_horizon;
    glm::vec4 sky_ground;
    glm::vec4 ambient;
    glm::vec4 fog;
    glm::vec4 fog_params;
    glm::ivec4 counts; // x lights, y eye offset, z FeatureOff bits, w sun shadow lookups a pixel
    glm::vec4 time;
    // Finishing in the scene pass (FrameInput::single_pass), what the post pass does otherwise:
    glm::vec4 finish_fade;   // rgb colour faded to (linear), a amount 0..1
    glm::vec4 finish_params; // x exposure, y vignette 0..1, z vignette radius, w FinishOutput
    glm::vec4 finish_extent; // xy: the drawn part's size in pixels (the vignette's frame)
    GpuLight lights[k_max_lights];
};

// FrameUniforms.finish_params.w: what the scene pass writes.
enum FinishOutput : int {
    k_finish_hdr = 0,         // linear HDR, for the post pass
    k_finish_srgb_target = 1, // tone-mapped, faded display colour into an sRGB-format target
    k_finish_unorm_target = 2, // the same, sRGB-encoded by the shader into a UNORM target
};

struct GpuDraw {
    glm::mat4 model;
    glm::mat4 normal_matrix;
    std::uint32_t material;
    float opacity;
    std::uint32_t light_mask; // bit i: frame light i may reach this draw (its range and cone)
    std::uint32_t pad1;
};
static_assert(sizeof(GpuDraw) == 144);

struct GpuMaterial {
    glm::vec4 base_color;
    glm::vec4 emissive;
    float metallic;
    float roughness;
    float normal_scale;
    float occlusion_strength;
    std::int32_t base_color_tex;
    std::int32_t normal_tex;
    std::int32_t metallic_roughness_tex;
    std::int32_t emissive_tex;
    std::int32_t occlusion_tex;
    float alpha_cutoff;
    std::uint32_t alpha_mode;
    std::uint32_t flags; // MaterialFlag bits
};
static_assert(sizeof(GpuMaterial) == 80);

struct PostPush {
    glm::vec4 fade;
    glm::vec4 params;
    glm::ivec4 misc;
    glm::vec4 uv_scale; // xy: one HDR texel in uv; zw: the drawn part's size in pixels (the render scale)
};

struct OverlayPush {
    glm::mat4 model;
    glm::vec4 tint;
    glm::ivec4 misc;
};

} // namespace qx::render
