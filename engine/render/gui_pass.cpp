#include "render/gui_pass.h"

#include "core/error.h"
#include "gpu/descriptors.h"
#include "gpu/pipeline.h"
#include "gpu/upload.h"
#include "gpu/vk.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>

namespace qx::render {
namespace {

struct GuiPush {
    float scale[2];
    float translate[2];
    std::int32_t misc[4];
};

} // namespace

GuiPass::GuiPass(gpu::Context& ctx, VkPipelineCache cache) : m_ctx(ctx), m_cache(cache) {
    m_set_layout = gpu::make_set_layout(
        ctx, {{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr}},
        "panel set layout");
    m_layout = gpu::make_pipeline_layout(ctx, {m_set_layout}, {VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(GuiPush)},
                                         "panel pipeline layout");
    m_pool = gpu::make_descriptor_pool(ctx, 1, {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1}}, false,
                                       "panel descriptor pool");

    VkSamplerCreateInfo s{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    s.magFilter = s.minFilter = VK_FILTER_LINEAR;
    s.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
    s.addressModeU = s.addressModeV = s.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    s.maxLod = 0.0f;
    m_sampler = gpu::make_sampler(ctx, s, "panel font sampler");

    // The font atlas: RGBA, white with coverage in alpha (solid shapes sample its white pixel).
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    QX_ENSURE(pixels && width > 0 && height > 0, "the control panel's fonts were not built");
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_R8G8B8A8_UNORM;
    desc.extent = {std::uint32_t(width), std::uint32_t(height)};
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    m_atlas = gpu::Image(ctx, desc, "panel font atlas");
    gpu::Uploader up(ctx);
    up.image(m_atlas, std::as_bytes(std::span(pixels, std::size_t(width) * std::size_t(height) * 4)));
    up.submit_and_wait();

    m_set = gpu::allocate_set(ctx, m_pool, m_set_layout);
    gpu::DescriptorWriter(m_set).image(0, m_sampler, m_atlas.view()).update(ctx);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(m_set));
}

GuiPass::~GuiPass() {
    if (ImGui::GetCurrentContext()) ImGui::GetIO().Fonts->SetTexID(nullptr);
}

VkPipeline GuiPass::pipeline(VkFormat format) {
    if (auto it = m_pipelines.find(format); it != m_pipelines.end()) return it->second.get();
    static constexpr VkVertexInputAttributeDescription k_attributes[] = {
        {0, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(ImDrawVert, pos)},
        {1, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(ImDrawVert, uv)},
        {2, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(ImDrawVert, col)},
    };
    gpu::PipelineDesc d;
    d.vertex_shader = "gui.vert";
    d.fragment_shader = "gui.frag";
    d.layout = m_layout;
    d.vertex_stride = sizeof(ImDrawVert);
    d.vertex_attributes = k_attributes;
    d.blend = gpu::Blend::alpha;
    d.color_format = format;
    d.name = "gui.vert/gui.frag";
    return m_pipelines.emplace(format, gpu::make_pipeline(m_ctx, d, m_cache)).first->second.get();
}

void GuiPass::record(gpu::Frame& frame, const ImDrawData& data, const gpu::MirrorTarget& target) {
    VkCommandBuffer cmd = frame.cmd();
    const VkPipelineStageFlags2 color_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    if (target.initial_layout != VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL) {
        gpu::transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, target.initial_layout,
                        VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, color_stage, VK_ACCESS_2_NONE, color_stage,
                        VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, 1);
    } else {
        // The mirror just drew into it: its writes come before the panel's blending reads them.
        gpu::transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                        VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, color_stage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                        color_stage, VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                        1);
    }

    m_vertices = std::uint64_t(data.TotalVtxCount);
    if (data.TotalVtxCount > 0 && data.TotalIdxCount > 0) {
        // Every list's vertices and indices, one after another, in the frame's upload arena.
        gpu::UploadSlice vertices = frame.upload(VkDeviceSize(data.TotalVtxCount) * sizeof(ImDrawVert), 16);
        gpu::UploadSlice indices = frame.upload(VkDeviceSize(data.TotalIdxCount) * sizeof(ImDrawIdx), 16);
        auto* vtx = static_cast<ImDrawVert*>(vertices.ptr);
        auto* idx = static_cast<ImDrawIdx*>(indices.ptr);
        for (int n = 0; n < data.CmdListsCount; ++n) {
            const ImDrawList* list = data.CmdLists[n];
            std::memcpy(vtx, list->VtxBuffer.Data, std::size_t(list->VtxBuffer.Size) * sizeof(ImDrawVert));
            std::memcpy(idx, list->IdxBuffer.Data, std::size_t(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
            vtx += list->VtxBuffer.Size;
            idx += list->IdxBuffer.Size;
        }

        VkRenderingAttachmentInfo color = gpu::color_attachment(target.view, VK_ATTACHMENT_LOAD_OP_LOAD);
        gpu::begin_rendering(cmd, target.extent, &color);
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(target.format));
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout, 0, 1, &m_set, 0, nullptr);
        VkBuffer vb = vertices.buffer;
        VkDeviceSize vb_offset = vertices.offset;
        vkCmdBindVertexBuffers(cmd, 0, 1, &vb, &vb_offset);
        vkCmdBindIndexBuffer(cmd, indices.buffer, indices.offset,
                             sizeof(ImDrawIdx) == 2 ? VK_INDEX_TYPE_UINT16 : VK_INDEX_TYPE_UINT32);
        VkViewport vp{0, 0, float(target.extent.width), float(target.extent.height), 0, 1};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        GuiPush push{};
        push.scale[0] = 2.0f / data.DisplaySize.x;
        push.scale[1] = 2.0f / data.DisplaySize.y;
        push.translate[0] = -1.0f - data.DisplayPos.x * push.scale[0];
        push.translate[1] = -1.0f - data.DisplayPos.y * push.scale[1];
        push.misc[0] = gpu::is_srgb_format(target.format) ? 1 : 0;
        vkCmdPushConstants(cmd, m_layout, VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(push), &push);

        const ImVec2 origin = data.DisplayPos;
        const ImVec2 scale = data.FramebufferScale;
        std::uint32_t vertex_base = 0, index_base = 0;
        for (int n = 0; n < data.CmdListsCount; ++n) {
            const ImDrawList* list = data.CmdLists[n];
            for (const ImDrawCmd& c : list->CmdBuffer) {
                if (c.UserCallback) continue; // the panel uses none
                float x0 = std::max(0.0f, (c.ClipRect.x - origin.x) * scale.x);
                float y0 = std::max(0.0f, (c.ClipRect.y - origin.y) * scale.y);
                float x1 = std::min(float(target.extent.width), (c.ClipRect.z - origin.x) * scale.x);
                float y1 = std::min(float(target.extent.height), (c.ClipRect.w - origin.y) * scale.y);
                if (x1 <= x0 || y1 <= y0) continue;
                VkRect2D scissor{{std::int32_t(x0), std::int32_t(y0)},
                                 {std::uint32_t(x1 - x0), std::uint32_t(y1 - y0)}};
                vkCmdSetScissor(cmd, 0, 1, &scissor);
                vkCmdDrawIndexed(cmd, c.ElemCount, 1, index_base + c.IdxOffset,
                                 std::int32_t(vertex_base + c.VtxOffset), 0);
            }
            vertex_base += std::uint32_t(list->VtxBuffer.Size);
            index_base += std::uint32_t(list->IdxBuffer.Size);
        }
        vkCmdEndRendering(cmd);
    }
    gpu::transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                    target.final_layout, color_stage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                    VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_MEMORY_READ_BIT, 1);
}

} // namespace qx::render
