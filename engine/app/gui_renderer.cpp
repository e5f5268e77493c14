#include "app/gui_renderer.h"

#include "core/error.h"
#include "gpu/upload.h"
#include "gpu/vk.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>

namespace qx::app {
namespace {

struct GuiPush {
    float scale[2];
    float translate[2];
    std::int32_t misc[4];
};

} // namespace

GuiRenderer::GuiRenderer(gpu::Context& ctx, VkPipelineCache cache) : m_ctx(ctx), m_cache(cache) {
    VkDevice device = ctx.device();
    VkDescriptorSetLayoutBinding binding{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT,
                                         nullptr};
    VkDescriptorSetLayoutCreateInfo set_info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    set_info.bindingCount = 1;
    set_info.pBindings = &binding;
    VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
    VK_CHECK(vkCreateDescriptorSetLayout(device, &set_info, nullptr, &set_layout));
    m_set_layout = gpu::DescriptorSetLayout(ctx, set_layout);

    VkPushConstantRange push{VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(GuiPush)};
    VkPipelineLayoutCreateInfo layout_info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    layout_info.setLayoutCount = 1;
    layout_info.pSetLayouts = &set_layout;
    layout_info.pushConstantRangeCount = 1;
    layout_info.pPushConstantRanges = &push;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VK_CHECK(vkCreatePipelineLayout(device, &layout_info, nullptr, &layout));
    m_layout = gpu::PipelineLayout(ctx, layout);

    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1};
    VkDescriptorPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pool_info.maxSets = 1;
    pool_info.poolSizeCount = 1;
    pool_info.pPoolSizes = &size;
    VkDescriptorPool pool = VK_NULL_HANDLE;
    VK_CHECK(vkCreateDescriptorPool(device, &pool_info, nullptr, &pool));
    m_pool = gpu::DescriptorPool(ctx, pool);

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

    VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    alloc.descriptorPool = m_pool;
    alloc.descriptorSetCount = 1;
    alloc.pSetLayouts = &set_layout;
    VK_CHECK(vkAllocateDescriptorSets(device, &alloc, &m_set));
    ctx.counters().descriptor_sets++;
    VkDescriptorImageInfo image{m_sampler, m_atlas.view(), VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    w.dstSet = m_set;
    w.descriptorCount = 1;
    w.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    w.pImageInfo = &image;
    vkUpdateDescriptorSets(device, 1, &w, 0, nullptr);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(m_set));
}

GuiRenderer::~GuiRenderer() {
    if (ImGui::GetCurrentContext()) ImGui::GetIO().Fonts->SetTexID(nullptr);
}

VkPipeline GuiRenderer::pipeline(VkFormat format) {
    if (auto it = m_pipelines.find(format); it != m_pipelines.end()) return it->second.get();
    VkShaderModule modules[2] = {render::make_shader_module(m_ctx, "gui.vert"), render::make_shader_module(m_ctx, "gui.frag")};
    VkPipelineShaderStageCreateInfo stages[2]{};
    for (int i = 0; i < 2; ++i) {
        stages[i] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
        stages[i].stage = i == 0 ? VK_SHADER_STAGE_VERTEX_BIT : VK_SHADER_STAGE_FRAGMENT_BIT;
        stages[i].module = modules[i];
        stages[i].pName = "main";
    }
    VkVertexInputBindingDescription binding{0, sizeof(ImDrawVert), VK_VERTEX_INPUT_RATE_VERTEX};
    VkVertexInputAttributeDescription attrs[3] = {
        {0, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(ImDrawVert, pos)},
        {1, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(ImDrawVert, uv)},
        {2, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(ImDrawVert, col)},
    };
    VkPipelineVertexInputStateCreateInfo vertex{VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
    vertex.vertexBindingDescriptionCount = 1;
    vertex.pVertexBindingDescriptions = &binding;
    vertex.vertexAttributeDescriptionCount = 3;
    vertex.pVertexAttributeDescriptions = attrs;
    VkPipelineInputAssemblyStateCreateInfo assembly{VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
    assembly.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
    VkPipelineViewportStateCreateInfo viewport{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
    viewport.viewportCount = 1;
    viewport.scissorCount = 1;
    VkPipelineRasterizationStateCreateInfo raster{VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
    raster.polygonMode = VK_POLYGON_MODE_FILL;
    raster.cullMode = VK_CULL_MODE_NONE;
    raster.lineWidth = 1.0f;
    VkPipelineMultisampleStateCreateInfo ms{VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
    ms.rasterizationSamples = VK_SAMPLE_COUNT_1_BIT;
    VkPipelineDepthStencilStateCreateInfo ds{VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
    VkPipelineColorBlendAttachmentState attachment{};
    attachment.colorWriteMask = 0xf;
    attachment.blendEnable = VK_TRUE;
    attachment.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
    attachment.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
    attachment.colorBlendOp = VK_BLEND_OP_ADD;
    attachment.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
    attachment.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
    attachment.alphaBlendOp = VK_BLEND_OP_ADD;
    VkPipelineColorBlendStateCreateInfo cb{VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
    cb.attachmentCount = 1;
    cb.pAttachments = &attachment;
    VkDynamicState dyn[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
    VkPipelineDynamicStateCreateInfo dynamic{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
    dynamic.dynamicStateCount = 2;
    dynamic.pDynamicStates = dyn;
    VkPipelineRenderingCreateInfo rendering{VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO};
    rendering.colorAttachmentCount = 1;
    rendering.pColorAttachmentFormats = &format;

    VkGraphicsPipelineCreateInfo info{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO};
    info.pNext = &rendering;
    info.stageCount = 2;
    info.pStages = stages;
    info.pVertexInputState = &vertex;
    info.pInputAssemblyState = &assembly;
    info.pViewportState = &viewport;
    info.pRasterizationState = &raster;
    info.pMultisampleState = &ms;
    info.pDepthStencilState = &ds;
    info.pColorBlendState = &cb;
    info.pDynamicState = &dynamic;
    info.layout = m_layout;
    VkPipeline p = VK_NULL_HANDLE;
    VkResult r = vkCreateGraphicsPipelines(m_ctx.device(), m_cache, 1, &info, nullptr, &p);
    for (VkShaderModule m : modules) vkDestroyShaderModule(m_ctx.device(), m, nullptr);
    VK_CHECK(r);
    m_ctx.counters().pipelines++;
    m_ctx.set_name(p, VK_OBJECT_TYPE_PIPELINE, "gui.vert/gui.frag");
    return m_pipelines.emplace(format, gpu::Pipeline(m_ctx, p)).first->second.get();
}

void GuiRenderer::record(gpu::Frame& frame, const ImDrawData& data, const render::MirrorTarget& target) {
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

        VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        color.imageView = target.view;
        color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        color.loadOp = VK_ATTACHMENT_LOAD_OP_LOAD;
        color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
        VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
        ri.renderArea = {{0, 0}, target.extent};
        ri.layerCount = 1;
        ri.colorAttachmentCount = 1;
        ri.pColorAttachments = &color;
        vkCmdBeginRendering(cmd, &ri);
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

} // namespace qx::app
