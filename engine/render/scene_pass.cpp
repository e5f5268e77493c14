// The scene in HDR: both eyes in one multiview pass (or one pass per eye, the reference path for
// tests), opaque front to back by state, then the sky where nothing was drawn, then transparent
// surfaces back to front; MSAA resolved at the end of the pass. Single pass (the headset path):
// the same, with each fragment finished to display colour, the overlays drawn last, and the
// samples resolved straight into the target.
#include "render/frame_state.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace qx::render {
namespace {

// Colour: the multisampled image resolved into the HDR image (or, direct, into the target), or
// without MSAA the HDR image (or the target) itself.
VkRenderingAttachmentInfo color_attachment(const SceneTargets& t, const gpu::StereoTarget& target, bool multiview,
                                           std::uint32_t pass, VkClearColorValue clear) {
    VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    const bool msaa = static_cast<bool>(t.color_msaa);
    const bool direct = t.direct != VK_FORMAT_UNDEFINED;
    VkImageView single = direct ? (multiview ? target.view : target.layer_views[pass])
                                : (multiview ? t.color.view() : t.color_layers[pass].get());
    QX_ENSURE(single, "render: one-eye-per-pass rendering needs the target's layer views");
    color.imageView = msaa ? (multiview ? t.color_msaa.view() : t.color_msaa_layers[pass].get()) : single;
    color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
    color.clearValue.color = clear;
    if (msaa) {
        color.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
        color.resolveImageView = single;
        color.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    }
    return color;
}

float srgb_encoded(float linear) {
    return linear <= 0.0031308f ? linear * 12.92f : 1.055f * std::pow(linear, 1.0f / 2.4f) - 0.055f;
}

// What a pixel the scene leaves empty shows: black in HDR; drawn straight into the target, black
// finished as a fragment would be (faded), so a fully faded frame is only this clear.
VkClearColorValue clear_color(const FrameState& fs, const FrameInput& in, const gpu::StereoTarget& target) {
    if (!fs.direct) return {{0.0f, 0.0f, 0.0f, 1.0f}};
    const float a = (in.features_off & k_off_fade) ? 0.0f : std::clamp(in.post.fade, 0.0f, 1.0f);
    glm::vec3 c = in.post.fade_color * a;
    if (!gpu::is_srgb_format(target.format)) c = {srgb_encoded(c.r), srgb_encoded(c.g), srgb_encoded(c.b)};
    return {{c.r, c.g, c.b, 1.0f}};
}

// Depth: internal, or left in the target's depth image for the compositor when it has one.
VkRenderingAttachmentInfo depth_attachment(const SceneTargets& t, const gpu::StereoTarget& target,
                                           bool multiview, bool external_depth, std::uint32_t pass) {
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = multiview ? t.depth.view() : t.depth_layers[pass].get();
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    depth.storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    if (external_depth) {
        if (t.color_msaa) {
            // Sample zero of each pixel: depth must not be averaged across an edge.
            depth.resolveMode = VK_RESOLVE_MODE_SAMPLE_ZERO_BIT;
            depth.resolveImageView = target.depth_view;
            depth.resolveImageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
        } else {
            depth.imageView = target.depth_view;
            depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
        }
    }
    depth.clearValue.depthStencil = {0.0f, 0}; // reversed Z: 0 is infinitely far
    return depth;
}

} // namespace

void Renderer::begin_scene_targets(const FrameState& fs, const gpu::StereoTarget& target,
                                   bool external_depth) {
    VkCommandBuffer cmd = fs.cmd;
    SceneTargets& t = *m_targets;
    if (fs.direct) {
        gpu::transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, target.initial_layout,
                        VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                        k_color_stage | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                        VK_ACCESS_2_NONE, k_color_stage, k_color_rw, 2);
    }
    if (t.color_msaa) {
        gpu::transition(cmd, t.color_msaa.get(), VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                        VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, k_color_stage, VK_ACCESS_2_NONE,
                        k_color_stage, k_color_rw);
    }
    if (t.color) {
        gpu::transition(cmd, t.color.get(), VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                        VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                        VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | k_color_stage, VK_ACCESS_2_NONE, k_color_stage,
                        k_color_rw);
    }
    gpu::transition(cmd, t.depth.get(), VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                    VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, k_depth_stages, VK_ACCESS_2_NONE,
                    k_depth_stages, k_depth_rw);
    if (external_depth) {
        gpu::transition(cmd, target.depth_image, VK_IMAGE_ASPECT_DEPTH_BIT, target.depth_initial_layout,
                        VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                        k_depth_stages | VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_NONE,
                        k_depth_stages | k_color_stage, k_depth_rw | k_color_rw, 2);
    }
}

void Renderer::scene_pass(gpu::Frame& frame, const FrameState& fs, const FrameInput& in,
                          const gpu::StereoTarget& target) {
    VkCommandBuffer cmd = fs.cmd;
    const SceneTargets& t = *m_targets;
    const bool external_depth = target.depth_image && in.multiview;
    begin_scene_targets(fs, target, external_depth);
    // Fully faded (the frames while a scene change is dark, and the new scene's first): nothing of
    // the scene is seen, so nothing is drawn; the pass still clears and resolves. This keeps a
    // change's costs apart: the new scene's first shadow map is not drawn with its first picture.
    const bool veiled = in.post.fade >= 1.0f && !(in.features_off & k_off_fade);
    m_stats.veiled = veiled;
    const VkClearColorValue clear = clear_color(fs, in, target);
    if (fs.direct) {
        fs.overlay_view[0] = fs.uniforms->view_proj[0];
        fs.overlay_view[1] = fs.uniforms->view_proj[1];
    }

    for (std::uint32_t pass = 0; pass < fs.passes; ++pass) {
        VkRenderingAttachmentInfo color = color_attachment(t, target, in.multiview, pass, clear);
        VkRenderingAttachmentInfo depth = depth_attachment(t, target, in.multiview, external_depth, pass);
        gpu::begin_rendering(cmd, fs.area, &color, &depth, fs.view_mask);

        std::uint32_t pass_offset = fs.ubo_offset;
        if (!in.multiview) {
            // One eye per pass: the eye index comes from a per-pass copy of the frame constants.
            auto* eye_u = reinterpret_cast<FrameUniforms*>(fs.base + fs.ubo_size * (1 + pass));
            std::memcpy(eye_u, fs.uniforms, sizeof(FrameUniforms));
            eye_u->counts.y = static_cast<int>(pass);
            pass_offset = fs.ubo_offset + static_cast<std::uint32_t>(fs.ubo_size * (1 + pass));
        }
        VkViewport vp{0, 0, float(fs.area.width), float(fs.area.height), 0, 1};
        VkRect2D sc{{0, 0}, fs.area};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);
        if (!veiled) {
            bind_scene_geometry(fs, in, pass_offset);
            draw(fs, in, DrawSet::opaque);
            if (!in.bare_reference) {
                vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(k_sky, fs.view_mask, fs.color_format));
                vkCmdDraw(cmd, 3, 1, 0, 0);
                ++m_stats.draw_calls;
            }
            draw(fs, in, DrawSet::transparent);
        }
        // Over everything, faded or not (the prompt stays readable through a fade), as the post
        // pass would draw them; their projection is the scene's.
        if (fs.direct && !in.overlays.empty()) {
            draw_overlays(frame, fs, in, pass, !gpu::is_srgb_format(target.format), target.format,
                          k_overlay_in_scene);
        }
        vkCmdEndRendering(cmd);
    }
    end_scene_targets(fs, target, external_depth);
}

void Renderer::end_scene_targets(const FrameState& fs, const gpu::StereoTarget& target, bool external_depth) {
    VkCommandBuffer cmd = fs.cmd;
    if (fs.direct) {
        // Drawn: to whatever the target's owner reads it with (the compositor, the mirror).
        VkAccessFlags2 next_access = VK_ACCESS_2_MEMORY_READ_BIT;
        if (target.final_layout == VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL) next_access |= VK_ACCESS_2_MEMORY_WRITE_BIT;
        gpu::transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                        target.final_layout, k_color_stage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                        VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, next_access, 2);
    } else {
        // The HDR image: to the post pass.
        gpu::transition(cmd, m_targets->color.get(), VK_IMAGE_ASPECT_COLOR_BIT,
                        VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                        k_color_stage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                        VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    }
    if (external_depth) {
        gpu::transition(cmd, target.depth_image, VK_IMAGE_ASPECT_DEPTH_BIT,
                        VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, target.depth_final_layout,
                        k_depth_stages | k_color_stage, k_depth_rw | k_color_rw,
                        VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_MEMORY_READ_BIT, 2);
    }
}

} // namespace qx::render
