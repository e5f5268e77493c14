// Private to the renderer's passes (renderer.cpp, frame_setup.cpp, shadow_pass.cpp,
// scene_pass.cpp, post_pass.cpp): the formats, pipeline kinds, internal targets and what one
// frame's passes share. Not for callers of the renderer.
#pragma once

#include "gpu/frame_ring.h"
#include "render/renderer.h"

#include <algorithm>

namespace qx::render {

enum PipelineKind : int {
    k_opaque,
    k_opaque_double,
    k_blend,
    k_sky,
    k_shadow,
    k_shadow_mask,
    k_post,
    k_overlay,
    k_overlay_in_scene,     // the overlays drawn in the scene pass (single pass): multisampled, beside depth
    k_bare_reference,       // the bench's bare reference (shaders/bare_reference.frag)
    k_bare_reference_double,
};

constexpr VkFormat k_hdr_format = VK_FORMAT_R16G16B16A16_SFLOAT;
constexpr VkFormat k_depth_format = VK_FORMAT_D32_SFLOAT;
constexpr std::uint32_t k_both_eyes = 0b11;

constexpr VkPipelineStageFlags2 k_color_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
constexpr VkAccessFlags2 k_color_rw =
    VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT;
constexpr VkPipelineStageFlags2 k_depth_stages =
    VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
constexpr VkAccessFlags2 k_depth_rw =
    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT;

// The scene pass's own images for one size. In HDR (then the post pass) by default; with
// `direct` (FrameInput::single_pass), the scene pass finishes its colour itself and resolves
// straight into the target, so there is no HDR image at all, and the multisampled one has the
// target's format (half the bytes a sample of the HDR one has).
struct SceneTargets {
    VkExtent2D extent{};
    VkFormat direct = VK_FORMAT_UNDEFINED; // the target's format when drawing straight into it
    gpu::Image color_msaa; // multisampled colour (absent without MSAA)
    gpu::Image color;      // resolved HDR, sampled by the post pass (absent when direct)
    gpu::Image depth;
    std::array<gpu::ImageView, 2> color_msaa_layers, color_layers, depth_layers; // one-eye-per-pass views
};

// Everything this frame uploads comes from one slice, so it all lives in one buffer (a buffer
// that had to grow changes its handle, and the descriptor sets follow it). Layout: the shared
// frame constants, one copy per eye (one-eye-per-pass rendering), the draws, the overlay views.
struct FrameState {
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    gpu::UploadSlice slice;
    std::uint8_t* base = nullptr;
    FrameUniforms* uniforms = nullptr;
    GpuDraw* draws = nullptr;
    glm::mat4* overlay_view = nullptr;
    VkDeviceSize ubo_size = 0;
    VkDeviceSize draws_size = 0;
    std::uint32_t ubo_offset = 0;
    std::uint32_t draws_offset = 0;
    std::uint32_t overlay_offset = 0;
    std::uint32_t view_mask = 0; // both eyes in one pass, or 0 for one pass per eye
    std::uint32_t passes = 1;
    // Single pass: the scene pass finishes the colour and draws the overlays, into the target.
    bool direct = false;
    VkFormat color_format = k_hdr_format; // what the scene pass's colour attachment holds
    // What the scene pass covers: the drawn part, and (direct, render scale below 1) one more pixel
    // right and down where the target has room, drawn by a projection widened by as much.
    VkExtent2D area{};
    VkDescriptorSet sets[2] = {VK_NULL_HANDLE, VK_NULL_HANDLE}; // frame set, scene set
};

// An instance's bounding sphere in the world: the mesh's, moved and grown by the largest scale.
struct WorldSphere {
    glm::vec3 center;
    float radius;
};
inline WorldSphere world_sphere(const scene::Instance& inst, const scene::Bounds& bounds) {
    const glm::mat4& m = inst.transform;
    const float scale = std::max({glm::length(glm::vec3(m[0])), glm::length(glm::vec3(m[1])),
                                  glm::length(glm::vec3(m[2]))});
    return {glm::vec3(m * glm::vec4(bounds.center(), 1.0f)), bounds.radius() * scale};
}

// Whether an instance is drawn alpha-blended (sorted, no depth write, casting no shadow): a blend
// material, or a cue fading in.
inline bool drawn_blended(const scene::Material& m, const scene::Instance& inst, std::uint32_t features_off) {
    return (m.alpha_mode == scene::AlphaMode::blend || inst.opacity < 1.0f) && !(features_off & k_off_blend);
}

// Where the transparent geometry is, along the view: the midpoint of both eyes.
inline glm::vec3 head_position(const gpu::StereoView& v) {
    return (v.eyes[0].pose.position + v.eyes[1].pose.position) * 0.5f;
}

} // namespace qx::render
