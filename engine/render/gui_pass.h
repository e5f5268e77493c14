// Draws Dear ImGui's draw lists into a window image with the engine's GPU layer: dynamic
// rendering, per-frame vertices in the frame's upload arena, the font atlas as the one texture.
// Nothing is created per frame once the pipeline for the window's format exists. ImGui's types
// stay out of this header (render links ImGui privately); the caller's ImGui context is used.
#pragma once

#include "gpu/context.h"
#include "gpu/frame_ring.h"
#include "gpu/handle.h"
#include "gpu/resources.h"
#include "render/renderer.h"

#include <map>

struct ImDrawData;

namespace qx::render {

class GuiPass {
public:
    // Uploads the current ImGui context's font atlas (build the fonts first).
    GuiPass(gpu::Context& ctx, VkPipelineCache cache);
    ~GuiPass();
    GuiPass(const GuiPass&) = delete;
    GuiPass& operator=(const GuiPass&) = delete;

    // Records `data` over `target` (in target.initial_layout, left in target.final_layout),
    // keeping what is already there.
    void record(gpu::Frame& frame, const ImDrawData& data, const gpu::MirrorTarget& target);

    std::uint64_t vertices_last_frame() const { return m_vertices; }

private:
    VkPipeline pipeline(VkFormat format);

    gpu::Context& m_ctx;
    VkPipelineCache m_cache;
    gpu::DescriptorSetLayout m_set_layout;
    gpu::PipelineLayout m_layout;
    gpu::DescriptorPool m_pool;
    gpu::Sampler m_sampler;
    gpu::Image m_atlas;
    VkDescriptorSet m_set = VK_NULL_HANDLE;
    std::map<VkFormat, gpu::Pipeline> m_pipelines;
    std::uint64_t m_vertices = 0;
};

} // namespace qx::render
