// The scene in HDR: both eyes in one multiview pass (or one pass per eye, the reference path for
// tests), opaque front to back by state, then the sky where nothing was drawn, then transparent
// surfaces back to front; MSAA resolved at the end of the pass.
#include "render/frame_state.h"

#include <cstring>

namespace qx::render {
namespace {

// Colour: the multisampled image resolved into the HDR image, or the HDR image itself.
VkRenderingAttachmentInfo color_attachment(const HdrTargets& t, bool multiview, std::uint32_t pass) {
    VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    const bool msaa = static_cast<bool>(t.color_msaa);
    color.imageView = multiview ? (msaa ? t.color_msaa.view() : t.color.view())
                                : (msaa ? t.color_msaa_layers[pass].get() : t.color_layers[pass].get());
    color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
    color.clearValue.color = {{0.0f, 0.0f, 0.0f, 1.0f}};
    if (msaa) {
        color.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
        color.resolveImageView = multiview ? t.color.view() : t.color_layers[pass].get();
        color.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    }
    return color;
}

// Depth: internal, or left in the target's depth image for the compositor when it has one.
VkRenderingAttachmentInfo depth_attachment(const HdrTargets& t, const gpu::StereoTarget& target,
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
    HdrTargets& t = *m_targets;
    if (t.color_msaa) {
        gpu::transition(cmd, t.color_msaa.get(), VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                        VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, k_color_stage, VK_ACCESS_2_NONE,
                        k_color_stage, k_color_rw);
    }
    gpu::transition(cmd, t.color.get(), VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                    VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                    VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | k_color_stage, VK_ACCESS_2_NONE, k_color_stage,
                    k_color_rw);
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

void Renderer::scene_pass(const FrameState& fs, const FrameInput& in, const gpu::StereoTarget& target) {
    VkCommandBuffer cmd = fs.cmd;
    const HdrTargets& t = *m_targets;
    const bool external_depth = target.depth_image && in.multiview;
    begin_scene_targets(fs, target, external_depth);
    // Fully faded (the frames while a scene change is dark, and the new scene's first): nothing of
    // the scene is seen, so nothing is drawn; the pass still clears and resolves. This keeps a
    // change's costs apart: the new scene's first shadow map is not drawn with its first picture.
    const bool veiled = in.post.fade >= 1.0f && !(in.features_off & k_off_fade);
    m_stats.veiled = veiled;

    for (std::uint32_t pass = 0; pass < fs.passes; ++pass) {
        VkRenderingAttachmentInfo color = color_attachment(t, in.multiview, pass);
        VkRenderingAttachmentInfo depth = depth_attachment(t, target, in.multiview, external_depth, pass);
        const VkExtent2D drawn = target.drawn();
        gpu::begin_rendering(cmd, drawn, &color, &depth, fs.view_mask);

        std::uint32_t pass_offset = fs.ubo_offset;
        if (!in.multiview) {
            // One eye per pass: the eye index comes from a per-pass copy of the frame constants.
            auto* eye_u = reinterpret_cast<FrameUniforms*>(fs.base + fs.ubo_size * (1 + pass));
            std::memcpy(eye_u, fs.uniforms, sizeof(FrameUniforms));
            eye_u->counts.y = static_cast<int>(pass);
            pass_offset = fs.ubo_offset + static_cast<std::uint32_t>(fs.ubo_size * (1 + pass));
        }
        VkViewport vp{0, 0, float(drawn.width), float(drawn.height), 0, 1};
        VkRect2D sc{{0, 0}, drawn};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);
        if (!veiled) {
            bind_scene_geometry(fs, in, pass_offset);
            draw(fs, in, DrawSet::opaque);
            if (!in.bare_reference) {
                vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(k_sky, fs.view_mask, k_hdr_format));
                vkCmdDraw(cmd, 3, 1, 0, 0);
                ++m_stats.draw_calls;
            }
            draw(fs, in, DrawSet::transparent);
        }
        vkCmdEndRendering(cmd);
    }
    gpu::transition(cmd, t.color.get(), VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                    VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, k_color_stage,
                    VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                    VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    if (external_depth) {
        gpu::transition(cmd, target.depth_image, VK_IMAGE_ASPECT_DEPTH_BIT,
                        VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, target.depth_final_layout,
                        k_depth_stages | k_color_stage, k_depth_rw | k_color_rw,
                        VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_MEMORY_READ_BIT, 2);
    }
}

} // namespace qx::render
