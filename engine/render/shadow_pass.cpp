// The sun's shadow map: ordinary depth (not reversed), depth-biased, opaque casters only.
#include "render/frame_state.h"

namespace qx::render {

void Renderer::shadow_pass(const FrameState& fs, const FrameInput& in) {
    VkCommandBuffer cmd = fs.cmd;
    const bool shadows = fs.uniforms->sun_color.w > 0.5f && !(in.features_off & k_off_shadows);
    const std::uint32_t size = m_options.shadow_map_size;
    gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT,
                    VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                    VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_NONE, k_depth_stages, k_depth_rw);
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = m_shadow_map.view();
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    depth.clearValue.depthStencil = {1.0f, 0};
    gpu::begin_rendering(cmd, {size, size}, nullptr, &depth);
    // Without a sun (or with shadows off) the map is only cleared: everything reads as lit.
    if (shadows) {
        VkViewport vp{0, 0, float(size), float(size), 0, 1};
        VkRect2D sc{{0, 0}, {size, size}};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);
        bind_scene_geometry(fs, in, fs.ubo_offset);
        draw(fs, in, DrawSet::shadow_casters);
    }
    vkCmdEndRendering(cmd);
    gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT,
                    VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                    VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                    VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
}

} // namespace qx::render
