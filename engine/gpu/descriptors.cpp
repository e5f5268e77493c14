#include "gpu/descriptors.h"

#include <vector>

namespace qx::gpu {

DescriptorSetLayout make_set_layout(Context& ctx,
                                    std::initializer_list<VkDescriptorSetLayoutBinding> bindings,
                                    std::string_view name) {
    std::vector<VkDescriptorSetLayoutBinding> b(bindings);
    VkDescriptorSetLayoutCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    info.bindingCount = static_cast<std::uint32_t>(b.size());
    info.pBindings = b.data();
    VkDescriptorSetLayout layout = VK_NULL_HANDLE;
    VK_CHECK(vkCreateDescriptorSetLayout(ctx.device(), &info, nullptr, &layout));
    ctx.set_name(layout, VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, name);
    return DescriptorSetLayout(ctx, layout);
}

DescriptorPool make_descriptor_pool(Context& ctx, std::uint32_t max_sets,
                                    std::initializer_list<VkDescriptorPoolSize> sizes, bool free_sets,
                                    std::string_view name) {
    std::vector<VkDescriptorPoolSize> s(sizes);
    VkDescriptorPoolCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    info.flags = free_sets ? VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT : 0;
    info.maxSets = max_sets;
    info.poolSizeCount = static_cast<std::uint32_t>(s.size());
    info.pPoolSizes = s.data();
    VkDescriptorPool pool = VK_NULL_HANDLE;
    VK_CHECK(vkCreateDescriptorPool(ctx.device(), &info, nullptr, &pool));
    ctx.set_name(pool, VK_OBJECT_TYPE_DESCRIPTOR_POOL, name);
    return DescriptorPool(ctx, pool);
}

VkDescriptorSet allocate_set(Context& ctx, VkDescriptorPool pool, VkDescriptorSetLayout layout) {
    VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    alloc.descriptorPool = pool;
    alloc.descriptorSetCount = 1;
    alloc.pSetLayouts = &layout;
    VkDescriptorSet set = VK_NULL_HANDLE;
    VK_CHECK(vkAllocateDescriptorSets(ctx.device(), &alloc, &set));
    ctx.counters().descriptor_sets++;
    return set;
}

void free_set_deferred(Context& ctx, VkDescriptorPool pool, VkDescriptorSet set) {
    VkDevice device = ctx.device();
    ctx.deleter().defer([device, pool, set] { vkFreeDescriptorSets(device, pool, 1, &set); });
}

VkWriteDescriptorSet& DescriptorWriter::next(std::uint32_t binding, VkDescriptorType type,
                                             std::uint32_t count) {
    QX_ENSURE(m_count < k_capacity, "descriptor writer: more than {} writes to one set", k_capacity);
    VkWriteDescriptorSet& w = m_writes[m_count];
    w = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    w.dstSet = m_set;
    w.dstBinding = binding;
    w.descriptorCount = count;
    w.descriptorType = type;
    return w;
}

DescriptorWriter& DescriptorWriter::buffer(std::uint32_t binding, VkDescriptorType type, VkBuffer buffer,
                                           VkDeviceSize offset, VkDeviceSize range) {
    VkWriteDescriptorSet& w = next(binding, type, 1);
    m_buffers[m_count] = {buffer, offset, range};
    w.pBufferInfo = &m_buffers[m_count];
    ++m_count;
    return *this;
}

DescriptorWriter& DescriptorWriter::image(std::uint32_t binding, VkSampler sampler, VkImageView view,
                                          VkImageLayout layout) {
    VkWriteDescriptorSet& w = next(binding, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1);
    m_images[m_count] = {sampler, view, layout};
    w.pImageInfo = &m_images[m_count];
    ++m_count;
    return *this;
}

DescriptorWriter& DescriptorWriter::images(std::uint32_t binding,
                                           std::span<const VkDescriptorImageInfo> images) {
    next(binding, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, static_cast<std::uint32_t>(images.size()))
        .pImageInfo = images.data();
    ++m_count;
    return *this;
}

void DescriptorWriter::update(Context& ctx) {
    vkUpdateDescriptorSets(ctx.device(), m_count, m_writes.data(), 0, nullptr);
    m_count = 0;
}

} // namespace qx::gpu
