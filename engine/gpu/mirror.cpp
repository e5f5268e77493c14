#include "gpu/mirror.h"

#include "gpu/descriptors.h"
#include "gpu/pipeline.h"
#include "gpu/resources.h"

#include <algorithm>

namespace qx::gpu {
namespace {

// Matches shaders/mirror.frag's push constants: x the layer, y 1 to encode linear as sRGB; then
// the part of the source drawn this frame (its render scale).
struct MirrorPush {
    std::int32_t misc[4];
    float uv_scale[4];
};

// Where the mirror goes inside `target`: its area clamped to the image.
VkRect2D clamped_area(const MirrorTarget& target) {
    VkRect2D area = target.area.value_or(VkRect2D{{0, 0}, target.extent});
    area.offset.x = std::clamp(area.offset.x, 0, std::int32_t(target.extent.width));
    area.offset.y = std::clamp(area.offset.y, 0, std::int32_t(target.extent.height));
    area.extent.width = std::min(area.extent.width, target.extent.width - std::uint32_t(area.offset.x));
    area.extent.height = std::min(area.extent.height, target.extent.height - std::uint32_t(area.offset.y));
    return area;
}

} // namespace

Mirror::Mirror(Context& ctx, VkPipelineCache cache) : m_ctx(ctx), m_cache(cache) {
    m_set_layout = make_set_layout(
        ctx, {{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr}},
        "mirror set layout");
    m_layout = make_pipeline_layout(
        ctx, {m_set_layout}, {VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(MirrorPush)}, "mirror pipeline layout");
    m_pool = make_descriptor_pool(ctx, 16, {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 16}}, true,
                                  "mirror descriptor pool");
    VkSamplerCreateInfo s{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    s.magFilter = s.minFilter = VK_FILTER_LINEAR;
    s.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
    s.addressModeU = s.addressModeV = s.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    s.maxLod = 0.0f;
    m_sampler = make_sampler(ctx, s, "mirror sampler");
}

VkPipeline Mirror::pipeline(VkFormat format) {
    if (auto it = m_pipelines.find(format); it != m_pipelines.end()) return it->second.get();
    PipelineDesc d;
    d.vertex_shader = "fullscreen.vert";
    d.fragment_shader = "mirror.frag";
    d.layout = m_layout;
    d.color_format = format;
    return m_pipelines.emplace(format, make_pipeline(m_ctx, d, m_cache)).first->second.get();
}

VkDescriptorSet Mirror::source_set(VkImageView source) {
    if (auto it = m_sets.find(source); it != m_sets.end()) return it->second;
    if (m_sets.size() >= 16) {
        // Old swapchain images went away: drop their sets (rare; wait so none is in use).
        vkDeviceWaitIdle(m_ctx.device());
        for (auto& [view, set] : m_sets) {
            vkFreeDescriptorSets(m_ctx.device(), m_pool, 1, &set);
        }
        m_sets.clear();
    }
    VkDescriptorSet set = allocate_set(m_ctx, m_pool, m_set_layout);
    DescriptorWriter(set).image(0, m_sampler, source).update(m_ctx);
    m_sets.emplace(source, set);
    return set;
}

void Mirror::forget(VkImageView source) {
    auto it = m_sets.find(source);
    if (it == m_sets.end()) return;
    free_set_deferred(m_ctx, m_pool, it->second);
    m_sets.erase(it);
}

void Mirror::record(Frame& frame, const StereoTarget& source, MirrorEye eye, const MirrorTarget& target) {
    VkCommandBuffer cmd = frame.cmd();
    const VkPipelineStageFlags2 color_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    bool restore = source.final_layout != VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
    if (restore) {
        transition(cmd, source.image, VK_IMAGE_ASPECT_COLOR_BIT, source.final_layout,
                   VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                   VK_ACCESS_2_MEMORY_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                   VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, 2);
    }
    transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, target.initial_layout,
               VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, color_stage, VK_ACCESS_2_NONE, color_stage,
               VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, 1);
    VkRenderingAttachmentInfo color =
        color_attachment(target.view, VK_ATTACHMENT_LOAD_OP_CLEAR, {{0.02f, 0.02f, 0.025f, 1.0f}});
    begin_rendering(cmd, target.extent, &color);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(target.format));
    VkDescriptorSet set = source_set(source.view);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout, 0, 1, &set, 0, nullptr);
    VkRect2D full{{0, 0}, target.extent};
    vkCmdSetScissor(cmd, 0, 1, &full);

    // Letterbox: fit the eye (or both eyes side by side) into the area, keeping its shape.
    VkRect2D area = clamped_area(target);
    int eyes = eye == MirrorEye::both ? 2 : 1;
    const VkExtent2D drawn = source.drawn();
    float src_aspect = float(drawn.width * eyes) / float(drawn.height);
    float dst_w = float(area.extent.width), dst_h = float(area.extent.height);
    float w = dst_w, h = dst_w / src_aspect;
    if (h > dst_h) {
        h = dst_h;
        w = dst_h * src_aspect;
    }
    float x0 = float(area.offset.x) + (dst_w - w) * 0.5f, y0 = float(area.offset.y) + (dst_h - h) * 0.5f;
    if (area.extent.width > 0 && area.extent.height > 0) vkCmdSetScissor(cmd, 0, 1, &area);
    // An sRGB source is decoded to linear when sampled; a UNORM window needs it encoded again.
    const bool encode = !is_srgb_format(target.format) && is_srgb_format(source.format);
    for (int i = 0; i < eyes && w >= 1.0f && h >= 1.0f; ++i) {
        int layer = eye == MirrorEye::both ? i : (eye == MirrorEye::left ? 0 : 1);
        VkViewport vp{x0 + w / float(eyes) * float(i), y0, w / float(eyes), h, 0, 1};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        MirrorPush push{{layer, encode ? 1 : 0, 0, 0},
                        {float(drawn.width) / float(source.extent.width),
                         float(drawn.height) / float(source.extent.height), 0.5f / float(source.extent.width),
                         0.5f / float(source.extent.height)}};
        vkCmdPushConstants(cmd, m_layout, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(push), &push);
        vkCmdDraw(cmd, 3, 1, 0, 0);
    }
    vkCmdEndRendering(cmd);
    transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
               target.final_layout, color_stage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
               VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_MEMORY_READ_BIT, 1);
    if (restore) {
        transition(cmd, source.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                   source.final_layout, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_NONE,
                   VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                   VK_ACCESS_2_MEMORY_READ_BIT | VK_ACCESS_2_MEMORY_WRITE_BIT, 2);
    }
    frame.mark("mirror");
}

} // namespace qx::gpu
