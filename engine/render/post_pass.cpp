// Into the target: tone mapping, exposure, the fade and the comfort vignette from the HDR
// image, then the world-placed overlay quads (the craving prompt) over it.
#include "render/frame_state.h"

#include <algorithm>

namespace qx::render {

void Renderer::draw_overlays(gpu::Frame& frame, const FrameState& fs, const FrameInput& in,
                             std::uint32_t pass, bool unorm_target, VkFormat format, int kind) {
    VkCommandBuffer cmd = fs.cmd;
    VkDescriptorSet oset = overlay_set(frame, fs.slice.buffer);
    std::uint32_t ooff = fs.overlay_offset;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(kind, fs.view_mask, format));
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_overlay_pipeline_layout, 0, 1, &oset, 1,
                            &ooff);
    for (const OverlayQuad& q : in.overlays) {
        OverlayPush op{};
        op.model = q.transform;
        op.tint = q.tint;
        op.misc = glm::ivec4(static_cast<int>(std::min(q.texture, k_max_overlay_textures - 1)),
                             static_cast<int>(in.multiview ? 0 : pass), unorm_target ? 1 : 0, 0);
        vkCmdPushConstants(cmd, m_overlay_pipeline_layout,
                           VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(op), &op);
        vkCmdDraw(cmd, 6, 1, 0, 0);
        ++m_stats.draw_calls;
    }
}

void Renderer::post_pass(gpu::Frame& frame, const FrameState& fs, const FrameInput& in,
                         const gpu::StereoTarget& target) {
    VkCommandBuffer cmd = fs.cmd;
    gpu::transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, target.initial_layout,
                    VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                    k_color_stage | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT |
                        VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                    VK_ACCESS_2_NONE, k_color_stage, k_color_rw, 2);
    fs.overlay_view[0] = fs.uniforms->view_proj[0];
    fs.overlay_view[1] = fs.uniforms->view_proj[1];
    const bool unorm_target = !gpu::is_srgb_format(target.format);
    const float exposure = in.environment->exposure * in.post.exposure;
    for (std::uint32_t pass = 0; pass < fs.passes; ++pass) {
        VkImageView view = in.multiview ? target.view : target.layer_views[pass];
        QX_ENSURE(view, "render: one-eye-per-pass rendering needs the target's layer views");
        VkRenderingAttachmentInfo color = gpu::color_attachment(view, VK_ATTACHMENT_LOAD_OP_DONT_CARE);
        // At a render scale below 1 only the top-left part is drawn, from the same part of the HDR
        // image, and one pixel more each way where there is room: a guard band repeating the edge,
        // so that a compositor filtering at the drawn part's edge reads the picture, not what lies
        // beyond it (an older frame).
        const VkExtent2D drawn = target.drawn();
        const VkExtent2D area{std::min(drawn.width + 1, target.extent.width),
                              std::min(drawn.height + 1, target.extent.height)};
        gpu::begin_rendering(cmd, area, &color, nullptr, fs.view_mask);
        VkViewport vp{0, 0, float(area.width), float(area.height), 0, 1};
        VkRect2D sc{{0, 0}, area};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);

        PostPush push{};
        push.fade = glm::vec4(in.post.fade_color, in.post.fade);
        push.params =
            glm::vec4(exposure, in.post.vignette, in.post.vignette_radius, unorm_target ? 1.0f : 0.0f);
        push.misc = glm::ivec4(static_cast<int>(in.multiview ? 0 : pass),
                               (in.features_off & k_off_fade) ? 1 : 0, 0, 0);
        push.uv_scale = glm::vec4(1.0f / float(target.extent.width), 1.0f / float(target.extent.height),
                                  float(drawn.width), float(drawn.height));
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS,
                          pipeline(k_post, fs.view_mask, target.format));
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_post_pipeline_layout, 0, 1,
                                &m_post_set, 0, nullptr);
        vkCmdPushConstants(cmd, m_post_pipeline_layout, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(push), &push);
        vkCmdDraw(cmd, 3, 1, 0, 0);
        ++m_stats.draw_calls;

        if (!in.overlays.empty()) {
            // The overlays' projection is the scene's: the drawn part, without the guard band.
            VkViewport ovp{0, 0, float(drawn.width), float(drawn.height), 0, 1};
            VkRect2D osc{{0, 0}, drawn};
            vkCmdSetViewport(cmd, 0, 1, &ovp);
            vkCmdSetScissor(cmd, 0, 1, &osc);
            draw_overlays(frame, fs, in, pass, unorm_target, target.format, k_overlay);
        }
        vkCmdEndRendering(cmd);
    }
    VkPipelineStageFlags2 next_stage = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    VkAccessFlags2 next_access = VK_ACCESS_2_MEMORY_READ_BIT;
    if (target.final_layout == VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL) {
        next_access |= VK_ACCESS_2_MEMORY_WRITE_BIT;
    }
    gpu::transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                    target.final_layout, k_color_stage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, next_stage,
                    next_access, 2);
}

} // namespace qx::render
