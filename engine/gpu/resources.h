#pragma once

#include "gpu/handle.h"

#include <span>
#include <string_view>

namespace qx::gpu {

// A buffer and its sub-allocated memory. Move-only; destruction is deferred (see Handle).
class Buffer {
public:
    Buffer() = default;
    Buffer(Context& ctx, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUsage memory, std::string_view name);
    ~Buffer() { reset(); }
    Buffer(Buffer&& other) noexcept { *this = std::move(other); }
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    VkBuffer get() const { return m_buffer; }
    VkDeviceSize size() const { return m_size; }
    // Host pointer for upload/readback memory; nullptr for gpu_only.
    void* mapped() const { return m_allocation.mapped; }
    explicit operator bool() const { return m_buffer != VK_NULL_HANDLE; }
    void write(const void* data, VkDeviceSize size, VkDeviceSize offset = 0);
    void reset();

private:
    Context* m_ctx = nullptr;
    VkBuffer m_buffer = VK_NULL_HANDLE;
    Allocation m_allocation;
    VkDeviceSize m_size = 0;
};

struct ImageDesc {
    VkFormat format = VK_FORMAT_R8G8B8A8_UNORM;
    VkExtent2D extent{1, 1};
    std::uint32_t layers = 1;
    std::uint32_t mips = 1;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    VkImageUsageFlags usage = VK_IMAGE_USAGE_SAMPLED_BIT;
    // View type of the default view: 2D for one layer, 2D_ARRAY for several.
    bool array_view = false;
};

// An image, its memory and a view of all its layers and mips. Move-only, deferred destruction.
class Image {
public:
    Image() = default;
    Image(Context& ctx, const ImageDesc& desc, std::string_view name);
    ~Image() { reset(); }
    Image(Image&& other) noexcept { *this = std::move(other); }
    Image& operator=(Image&& other) noexcept;
    Image(const Image&) = delete;
    Image& operator=(const Image&) = delete;

    VkImage get() const { return m_image; }
    VkImageView view() const { return m_view; }
    const ImageDesc& desc() const { return m_desc; }
    VkImageAspectFlags aspect() const;
    explicit operator bool() const { return m_image != VK_NULL_HANDLE; }
    // An extra view of one layer (e.g. for a per-eye debug view); owned by the caller.
    ImageView make_layer_view(std::uint32_t layer) const;
    void reset();

private:
    Context* m_ctx = nullptr;
    VkImage m_image = VK_NULL_HANDLE;
    VkImageView m_view = VK_NULL_HANDLE;
    Allocation m_allocation;
    ImageDesc m_desc;
};

bool is_depth_format(VkFormat format);
// Whether the format decodes sRGB when sampled (and encodes it when written).
bool is_srgb_format(VkFormat format);

// Records a layout transition of every layer and mip with synchronization2 barriers.
void transition(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout from, VkImageLayout to,
                VkPipelineStageFlags2 src_stage, VkAccessFlags2 src_access, VkPipelineStageFlags2 dst_stage,
                VkAccessFlags2 dst_access, std::uint32_t layers = VK_REMAINING_ARRAY_LAYERS,
                std::uint32_t mips = VK_REMAINING_MIP_LEVELS);

// A colour attachment in COLOR_ATTACHMENT_OPTIMAL, stored at the end; `clear` applies when
// `load` is VK_ATTACHMENT_LOAD_OP_CLEAR.
VkRenderingAttachmentInfo color_attachment(VkImageView view, VkAttachmentLoadOp load, VkClearColorValue clear = {});
// Begins one dynamic-rendering pass over the whole of `extent` with an optional colour and depth
// attachment; a `view_mask` other than 0 renders every layer it names at once (multiview).
void begin_rendering(VkCommandBuffer cmd, VkExtent2D extent, const VkRenderingAttachmentInfo* color,
                     const VkRenderingAttachmentInfo* depth = nullptr, std::uint32_t view_mask = 0);

// Creates a sampler (counted, named).
Sampler make_sampler(Context& ctx, const VkSamplerCreateInfo& info, std::string_view name);

} // namespace qx::gpu
