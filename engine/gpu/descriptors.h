// Descriptor set layouts, pools, allocation and writes, spelled once for every pass.
#pragma once

#include "gpu/handle.h"

#include <array>
#include <initializer_list>
#include <span>
#include <string_view>

namespace qx::gpu {

// A set layout of the given bindings, named for debug tools.
DescriptorSetLayout make_set_layout(Context& ctx,
                                    std::initializer_list<VkDescriptorSetLayoutBinding> bindings,
                                    std::string_view name);

// A pool for up to `max_sets` sets of the given sizes; `free_sets`: sets may be freed one by one.
DescriptorPool make_descriptor_pool(Context& ctx, std::uint32_t max_sets,
                                    std::initializer_list<VkDescriptorPoolSize> sizes, bool free_sets,
                                    std::string_view name);

// One set of `layout` from `pool` (counted in the context's creation counters).
VkDescriptorSet allocate_set(Context& ctx, VkDescriptorPool pool, VkDescriptorSetLayout layout);

// Frees a set of a FREE_DESCRIPTOR_SET pool once the frames in flight that may bind it are done.
void free_set_deferred(Context& ctx, VkDescriptorPool pool, VkDescriptorSet set);

// Collects the writes to one set and applies them in one vkUpdateDescriptorSets. Fixed capacity,
// so sets rewritten every frame allocate nothing; image arrays are read at update(), so they must
// outlive it.
class DescriptorWriter {
public:
    explicit DescriptorWriter(VkDescriptorSet set) : m_set(set) {}

    // A uniform or storage buffer range (dynamic types take their offset at bind time).
    DescriptorWriter& buffer(std::uint32_t binding, VkDescriptorType type, VkBuffer buffer,
                             VkDeviceSize offset, VkDeviceSize range);
    // One combined image sampler.
    DescriptorWriter& image(std::uint32_t binding, VkSampler sampler, VkImageView view,
                            VkImageLayout layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    // An array of combined image samplers, starting at element 0.
    DescriptorWriter& images(std::uint32_t binding, std::span<const VkDescriptorImageInfo> images);
    // Applies every write collected so far.
    void update(Context& ctx);

private:
    static constexpr std::size_t k_capacity = 4;
    VkWriteDescriptorSet& next(std::uint32_t binding, VkDescriptorType type, std::uint32_t count);

    VkDescriptorSet m_set;
    std::array<VkWriteDescriptorSet, k_capacity> m_writes{};
    std::array<VkDescriptorBufferInfo, k_capacity> m_buffers{};
    std::array<VkDescriptorImageInfo, k_capacity> m_images{};
    std::uint32_t m_count = 0;
};

} // namespace qx::gpu
