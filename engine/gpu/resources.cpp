#include "gpu/resources.h"

#include <cstring>

namespace qx::gpu {

Buffer::Buffer(Context& ctx, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUsage memory, std::string_view name)
    : m_ctx(&ctx), m_size(size) {
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = size;
    info.usage = usage;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    VK_CHECK(vkCreateBuffer(ctx.device(), &info, nullptr, &m_buffer));
    ctx.counters().buffers++;
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(ctx.device(), m_buffer, &req);
    m_allocation = ctx.allocator().allocate(req, memory, true);
    VK_CHECK(vkBindBufferMemory(ctx.device(), m_buffer, m_allocation.memory, m_allocation.offset));
    ctx.set_name(m_buffer, VK_OBJECT_TYPE_BUFFER, name);
}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        reset();
        m_ctx = std::exchange(other.m_ctx, nullptr);
        m_buffer = std::exchange(other.m_buffer, VK_NULL_HANDLE);
        m_allocation = std::exchange(other.m_allocation, Allocation{});
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

void Buffer::write(const void* data, VkDeviceSize size, VkDeviceSize offset) {
    QX_ENSURE(m_allocation.mapped, "write to a buffer that is not host-visible");
    QX_ENSURE(offset + size <= m_size, "write of {} bytes at {} past the end of a {}-byte buffer", size, offset, m_size);
    std::memcpy(static_cast<char*>(m_allocation.mapped) + offset, data, size);
}

void Buffer::reset() {
    if (m_ctx && m_buffer) {
        Context* ctx = m_ctx;
        VkBuffer buffer = m_buffer;
        Allocation allocation = m_allocation;
        ctx->deleter().defer([ctx, buffer, allocation] {
            vkDestroyBuffer(ctx->device(), buffer, nullptr);
            ctx->allocator().free(allocation);
        });
    }
    m_buffer = VK_NULL_HANDLE;
    m_allocation = {};
    m_size = 0;
}

bool is_srgb_format(VkFormat format) {
    return format == VK_FORMAT_R8G8B8A8_SRGB || format == VK_FORMAT_B8G8R8A8_SRGB ||
           format == VK_FORMAT_A8B8G8R8_SRGB_PACK32;
}

bool is_depth_format(VkFormat format) {
    switch (format) {
    case VK_FORMAT_D16_UNORM:
    case VK_FORMAT_D32_SFLOAT:
    case VK_FORMAT_D24_UNORM_S8_UINT:
    case VK_FORMAT_D32_SFLOAT_S8_UINT:
    case VK_FORMAT_X8_D24_UNORM_PACK32: return true;
    default: return false;
    }
}

Image::Image(Context& ctx, const ImageDesc& desc, std::string_view name) : m_ctx(&ctx), m_desc(desc) {
    VkImageCreateInfo info{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
    info.imageType = VK_IMAGE_TYPE_2D;
    info.format = desc.format;
    info.extent = {desc.extent.width, desc.extent.height, 1};
    info.mipLevels = desc.mips;
    info.arrayLayers = desc.layers;
    info.samples = desc.samples;
    info.tiling = VK_IMAGE_TILING_OPTIMAL;
    info.usage = desc.usage;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    info.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    VK_CHECK(vkCreateImage(ctx.device(), &info, nullptr, &m_image));
    ctx.counters().images++;
    VkMemoryRequirements req;
    vkGetImageMemoryRequirements(ctx.device(), m_image, &req);
    m_allocation = ctx.allocator().allocate(req, MemoryUsage::gpu_only, false);
    VK_CHECK(vkBindImageMemory(ctx.device(), m_image, m_allocation.memory, m_allocation.offset));
    ctx.set_name(m_image, VK_OBJECT_TYPE_IMAGE, name);

    VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
    view.image = m_image;
    view.viewType = (desc.layers > 1 || desc.array_view) ? VK_IMAGE_VIEW_TYPE_2D_ARRAY : VK_IMAGE_VIEW_TYPE_2D;
    view.format = desc.format;
    view.subresourceRange = {aspect(), 0, desc.mips, 0, desc.layers};
    VK_CHECK(vkCreateImageView(ctx.device(), &view, nullptr, &m_view));
    ctx.set_name(m_view, VK_OBJECT_TYPE_IMAGE_VIEW, name);
}

Image& Image::operator=(Image&& other) noexcept {
    if (this != &other) {
        reset();
        m_ctx = std::exchange(other.m_ctx, nullptr);
        m_image = std::exchange(other.m_image, VK_NULL_HANDLE);
        m_view = std::exchange(other.m_view, VK_NULL_HANDLE);
        m_allocation = std::exchange(other.m_allocation, Allocation{});
        m_desc = other.m_desc;
    }
    return *this;
}

VkImageAspectFlags Image::aspect() const {
    return is_depth_format(m_desc.format) ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT;
}

ImageView Image::make_layer_view(std::uint32_t layer) const {
    VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
    view.image = m_image;
    view.viewType = VK_IMAGE_VIEW_TYPE_2D;
    view.format = m_desc.format;
    view.subresourceRange = {aspect(), 0, m_desc.mips, layer, 1};
    VkImageView handle = VK_NULL_HANDLE;
    VK_CHECK(vkCreateImageView(m_ctx->device(), &view, nullptr, &handle));
    return ImageView(*m_ctx, handle);
}

void Image::reset() {
    if (m_ctx && m_image) {
        Context* ctx = m_ctx;
        VkImage image = m_image;
        VkImageView view = m_view;
        Allocation allocation = m_allocation;
        ctx->deleter().defer([ctx, image, view, allocation] {
            vkDestroyImageView(ctx->device(), view, nullptr);
            vkDestroyImage(ctx->device(), image, nullptr);
            ctx->allocator().free(allocation);
        });
    }
    m_image = VK_NULL_HANDLE;
    m_view = VK_NULL_HANDLE;
    m_allocation = {};
}

VkRenderingAttachmentInfo color_attachment(VkImageView view, VkAttachmentLoadOp load, VkClearColorValue clear) {
    VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    color.imageView = view;
    color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    color.loadOp = load;
    color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    color.clearValue.color = clear;
    return color;
}

void begin_rendering(VkCommandBuffer cmd, VkExtent2D extent, const VkRenderingAttachmentInfo* color,
                     const VkRenderingAttachmentInfo* depth, std::uint32_t view_mask) {
    VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
    ri.renderArea = {{0, 0}, extent};
    ri.layerCount = 1;
    ri.viewMask = view_mask;
    ri.colorAttachmentCount = color ? 1u : 0u;
    ri.pColorAttachments = color;
    ri.pDepthAttachment = depth;
    vkCmdBeginRendering(cmd, &ri);
}

void transition(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout from, VkImageLayout to,
                VkPipelineStageFlags2 src_stage, VkAccessFlags2 src_access, VkPipelineStageFlags2 dst_stage,
                VkAccessFlags2 dst_access, std::uint32_t layers, std::uint32_t mips) {
    VkImageMemoryBarrier2 barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    barrier.srcStageMask = src_stage;
    barrier.srcAccessMask = src_access;
    barrier.dstStageMask = dst_stage;
    barrier.dstAccessMask = dst_access;
    barrier.oldLayout = from;
    barrier.newLayout = to;
    barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.image = image;
    barrier.subresourceRange = {aspect, 0, mips, 0, layers};
    VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dep.imageMemoryBarrierCount = 1;
    dep.pImageMemoryBarriers = &barrier;
    vkCmdPipelineBarrier2(cmd, &dep);
}

Sampler make_sampler(Context& ctx, const VkSamplerCreateInfo& info, std::string_view name) {
    VkSampler sampler = VK_NULL_HANDLE;
    VK_CHECK(vkCreateSampler(ctx.device(), &info, nullptr, &sampler));
    ctx.set_name(sampler, VK_OBJECT_TYPE_SAMPLER, name);
    return Sampler(ctx, sampler);
}

} // namespace qx::gpu
