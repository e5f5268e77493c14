// The desktop mirror: one eye, or both side by side, of a rendered stereo image copied
// letterboxed into a window image. Displays own one; the renderer knows nothing of windows.
#pragma once

#include "gpu/frame_ring.h"
#include "gpu/handle.h"
#include "gpu/view.h"

#include <map>

namespace qx::gpu {

class Mirror {
public:
    // Pipelines are made on first use per window format, through `cache` (may be null).
    Mirror(Context& ctx, VkPipelineCache cache = VK_NULL_HANDLE);
    Mirror(const Mirror&) = delete;
    Mirror& operator=(const Mirror&) = delete;

    // Copies one eye, or both side by side, of `source` (in its final layout; sampled in
    // SHADER_READ_ONLY_OPTIMAL and put back) into `target`, letterboxed into its area.
    void record(Frame& frame, const StereoTarget& source, MirrorEye eye, const MirrorTarget& target);
    // `source` is going away: its descriptor set is freed once frames in flight are done with it.
    void forget(VkImageView source);

private:
    VkPipeline pipeline(VkFormat format);
    VkDescriptorSet source_set(VkImageView source);

    Context& m_ctx;
    VkPipelineCache m_cache;
    DescriptorSetLayout m_set_layout;
    PipelineLayout m_layout;
    DescriptorPool m_pool;
    Sampler m_sampler;
    std::map<VkFormat, Pipeline> m_pipelines;
    std::map<VkImageView, VkDescriptorSet> m_sets; // one per source image seen
};

} // namespace qx::gpu
