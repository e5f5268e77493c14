// The one description of a graphics pipeline every pass uses (after Granite's pipeline state and
// Filament's PipelineKey), and the one function that turns it into a VkPipeline.
#pragma once

#include "gpu/handle.h"

#include <array>
#include <initializer_list>
#include <span>
#include <string_view>

namespace qx::gpu {

// Straight alpha over what is there; the destination's alpha accumulates coverage.
enum class Blend { none, alpha };

// Everything that decides a graphics pipeline for dynamic rendering. Viewport and scissor are
// always dynamic; whatever else a pass wants dynamic goes in `dynamic_state`.
struct PipelineDesc {
    std::string_view vertex_shader;   // embedded SPIR-V name, e.g. "scene.vert"
    std::string_view fragment_shader; // empty: depth only (shadow maps)
    VkPipelineLayout layout = VK_NULL_HANDLE;

    // One interleaved vertex binding; stride 0 means no vertex input (full-screen triangles).
    std::uint32_t vertex_stride = 0;
    std::span<const VkVertexInputAttributeDescription> vertex_attributes;
    VkPrimitiveTopology topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;

    VkCullModeFlags cull = VK_CULL_MODE_NONE;
    VkFrontFace front_face = VK_FRONT_FACE_COUNTER_CLOCKWISE;
    bool depth_bias = false; // fixed constant and slope factors, tuned for the sun's shadow map
    float depth_bias_constant = 1.5f;
    float depth_bias_slope = 2.0f;

    bool depth_test = false;
    bool depth_write = false;
    VkCompareOp depth_compare = VK_COMPARE_OP_NEVER;
    Blend blend = Blend::none;

    VkFormat color_format = VK_FORMAT_UNDEFINED; // UNDEFINED: no colour attachment
    VkFormat depth_format = VK_FORMAT_UNDEFINED; // UNDEFINED: no depth attachment
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    std::uint32_t view_mask = 0; // multiview: bit i renders view i
    std::span<const VkDynamicState> dynamic_state;

    std::string_view name; // for debug tools; default "<vertex>/<fragment> views <mask>"
};

// Builds the pipeline `desc` describes through `cache` (may be null); its shader modules live
// only as long as the call. Throws on failure, so only set-up code and first use call it.
Pipeline make_pipeline(Context& ctx, const PipelineDesc& desc, VkPipelineCache cache);

// A shader module of the project's embedded SPIR-V ("scene.vert"); the caller destroys it once
// its pipeline is made.
VkShaderModule make_shader_module(Context& ctx, std::string_view name);

// A pipeline layout of the given sets and at most one push-constant range (size 0: none).
PipelineLayout make_pipeline_layout(Context& ctx, std::initializer_list<VkDescriptorSetLayout> sets,
                                    VkPushConstantRange push, std::string_view name);

} // namespace qx::gpu
