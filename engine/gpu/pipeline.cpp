#include "gpu/pipeline.h"

#include "shaders/shaders.h"

#include <fmt/format.h>

#include <vector>

namespace qx::gpu {

VkShaderModule make_shader_module(Context& ctx, std::string_view name) {
    auto code = shaders::spirv(name);
    VkShaderModuleCreateInfo info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    info.codeSize = code.size_bytes();
    info.pCode = code.data();
    VkShaderModule module = VK_NULL_HANDLE;
    VK_CHECK(vkCreateShaderModule(ctx.device(), &info, nullptr, &module));
    ctx.counters().shader_modules++;
    return module;
}

PipelineLayout make_pipeline_layout(Context& ctx, std::initializer_list<VkDescriptorSetLayout> sets,
                                    VkPushConstantRange push, std::string_view name) {
    std::vector<VkDescriptorSetLayout> s(sets);
    VkPipelineLayoutCreateInfo info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    info.setLayoutCount = static_cast<std::uint32_t>(s.size());
    info.pSetLayouts = s.data();
    info.pushConstantRangeCount = push.size ? 1 : 0;
    info.pPushConstantRanges = &push;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VK_CHECK(vkCreatePipelineLayout(ctx.device(), &info, nullptr, &layout));
    ctx.set_name(layout, VK_OBJECT_TYPE_PIPELINE_LAYOUT, name);
    return PipelineLayout(ctx, layout);
}

namespace {

VkPipelineColorBlendAttachmentState blend_state(Blend blend) {
    VkPipelineColorBlendAttachmentState a{};
    a.colorWriteMask = 0xf;
    if (blend == Blend::alpha) {
        a.blendEnable = VK_TRUE;
        a.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
        a.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        a.colorBlendOp = VK_BLEND_OP_ADD;
        a.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
        a.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        a.alphaBlendOp = VK_BLEND_OP_ADD;
    }
    return a;
}

} // namespace

Pipeline make_pipeline(Context& ctx, const PipelineDesc& desc, VkPipelineCache cache) {
    const bool has_fragment = !desc.fragment_shader.empty();
    const bool has_color = desc.color_format != VK_FORMAT_UNDEFINED;
    const bool has_depth = desc.depth_format != VK_FORMAT_UNDEFINED;
    VkShaderModule modules[2] = {make_shader_module(ctx, desc.vertex_shader),
                                 has_fragment ? make_shader_module(ctx, desc.fragment_shader)
                                              : VK_NULL_HANDLE};
    VkPipelineShaderStageCreateInfo stages[2]{};
    for (int i = 0; i < 2; ++i) {
        stages[i] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
        stages[i].stage = i == 0 ? VK_SHADER_STAGE_VERTEX_BIT : VK_SHADER_STAGE_FRAGMENT_BIT;
        stages[i].module = modules[i];
        stages[i].pName = "main";
    }

    VkVertexInputBindingDescription binding{0, desc.vertex_stride, VK_VERTEX_INPUT_RATE_VERTEX};
    VkPipelineVertexInputStateCreateInfo vertex{VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
    if (desc.vertex_stride) {
        vertex.vertexBindingDescriptionCount = 1;
        vertex.pVertexBindingDescriptions = &binding;
        vertex.vertexAttributeDescriptionCount = static_cast<std::uint32_t>(desc.vertex_attributes.size());
        vertex.pVertexAttributeDescriptions = desc.vertex_attributes.data();
    }
    VkPipelineInputAssemblyStateCreateInfo assembly{
        VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
    assembly.topology = desc.topology;
    VkPipelineViewportStateCreateInfo viewport{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
    viewport.viewportCount = 1;
    viewport.scissorCount = 1;
    VkPipelineRasterizationStateCreateInfo raster{VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
    raster.polygonMode = VK_POLYGON_MODE_FILL;
    raster.cullMode = desc.cull;
    raster.frontFace = desc.front_face;
    raster.lineWidth = 1.0f;
    raster.depthBiasEnable = desc.depth_bias;
    raster.depthBiasConstantFactor = desc.depth_bias ? desc.depth_bias_constant : 0.0f;
    raster.depthBiasSlopeFactor = desc.depth_bias ? desc.depth_bias_slope : 0.0f;
    VkPipelineMultisampleStateCreateInfo ms{VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
    ms.rasterizationSamples = desc.samples;
    VkPipelineDepthStencilStateCreateInfo ds{VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
    ds.depthTestEnable = desc.depth_test;
    ds.depthWriteEnable = desc.depth_write;
    ds.depthCompareOp = desc.depth_compare;
    VkPipelineColorBlendAttachmentState attachment = blend_state(desc.blend);
    VkPipelineColorBlendStateCreateInfo cb{VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
    cb.attachmentCount = has_color ? 1 : 0;
    cb.pAttachments = &attachment;
    // Viewport and scissor are set per pass (window sizes change, eyes differ).
    std::array<VkDynamicState, 8> dyn{VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
    QX_ENSURE(desc.dynamic_state.size() + 2 <= dyn.size(), "pipeline: {} dynamic states asked for",
              desc.dynamic_state.size());
    std::copy(desc.dynamic_state.begin(), desc.dynamic_state.end(), dyn.begin() + 2);
    VkPipelineDynamicStateCreateInfo dynamic{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
    dynamic.dynamicStateCount = static_cast<std::uint32_t>(2 + desc.dynamic_state.size());
    dynamic.pDynamicStates = dyn.data();

    VkPipelineRenderingCreateInfo rendering{VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO};
    rendering.viewMask = desc.view_mask;
    VkFormat color_format = desc.color_format;
    if (has_color) {
        rendering.colorAttachmentCount = 1;
        rendering.pColorAttachmentFormats = &color_format;
    }
    rendering.depthAttachmentFormat = has_depth ? desc.depth_format : VK_FORMAT_UNDEFINED;

    VkGraphicsPipelineCreateInfo info{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO};
    info.pNext = &rendering;
    info.stageCount = has_fragment ? 2 : 1;
    info.pStages = stages;
    info.pVertexInputState = &vertex;
    info.pInputAssemblyState = &assembly;
    info.pViewportState = &viewport;
    info.pRasterizationState = &raster;
    info.pMultisampleState = &ms;
    info.pDepthStencilState = &ds;
    info.pColorBlendState = &cb;
    info.pDynamicState = &dynamic;
    info.layout = desc.layout;
    VkPipeline p = VK_NULL_HANDLE;
    VkResult r = vkCreateGraphicsPipelines(ctx.device(), cache, 1, &info, nullptr, &p);
    for (VkShaderModule m : modules) {
        if (m) vkDestroyShaderModule(ctx.device(), m, nullptr);
    }
    VK_CHECK(r);
    ctx.counters().pipelines++;
    if (desc.name.empty()) {
        ctx.set_name(p, VK_OBJECT_TYPE_PIPELINE,
                     fmt::format("{}/{} views {:#x}", desc.vertex_shader,
                                 has_fragment ? desc.fragment_shader : std::string_view("-"),
                                 desc.view_mask));
    } else {
        ctx.set_name(p, VK_OBJECT_TYPE_PIPELINE, desc.name);
    }
    return Pipeline(ctx, p);
}

} // namespace qx::gpu
