#include "gpu/upload.h"

#include <algorithm>
#include <cstring>

namespace qx::gpu {

void Uploader::buffer(const Buffer& dst, std::span<const std::byte> data, VkDeviceSize dst_offset) {
    if (data.empty()) return;
    VkDeviceSize src = align_up(m_bytes.size(), 16);
    m_bytes.resize(src + data.size());
    std::memcpy(m_bytes.data() + src, data.data(), data.size());
    VkBuffer target = dst.get();
    VkDeviceSize size = data.size();
    m_jobs.push_back([=](VkCommandBuffer cmd, VkBuffer staging) {
        VkBufferCopy copy{src, dst_offset, size};
        vkCmdCopyBuffer(cmd, staging, target, 1, &copy);
    });
}

void Uploader::image(const Image& dst, std::span<const std::byte> pixels) {
    VkDeviceSize src = align_up(m_bytes.size(), 16);
    m_bytes.resize(src + pixels.size());
    std::memcpy(m_bytes.data() + src, pixels.data(), pixels.size());
    VkImage image = dst.get();
    ImageDesc desc = dst.desc();
    m_jobs.push_back([=](VkCommandBuffer cmd, VkBuffer staging) {
        transition(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                   VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                   VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
        VkBufferImageCopy copy{};
        copy.bufferOffset = src;
        copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, desc.layers};
        copy.imageExtent = {desc.extent.width, desc.extent.height, 1};
        vkCmdCopyBufferToImage(cmd, staging, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);

        // Each mip from the one above it: that mip goes to TRANSFER_SRC first.
        std::int32_t w = static_cast<std::int32_t>(desc.extent.width);
        std::int32_t h = static_cast<std::int32_t>(desc.extent.height);
        for (std::uint32_t mip = 1; mip < desc.mips; ++mip) {
            VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
            b.srcStageMask = VK_PIPELINE_STAGE_2_TRANSFER_BIT;
            b.srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
            b.dstStageMask = VK_PIPELINE_STAGE_2_TRANSFER_BIT;
            b.dstAccessMask = VK_ACCESS_2_TRANSFER_READ_BIT;
            b.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
            b.newLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
            b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
            b.image = image;
            b.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, mip - 1, 1, 0, desc.layers};
            VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
            dep.imageMemoryBarrierCount = 1;
            dep.pImageMemoryBarriers = &b;
            vkCmdPipelineBarrier2(cmd, &dep);
            std::int32_t nw = std::max(w / 2, 1), nh = std::max(h / 2, 1);
            VkImageBlit blit{};
            blit.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, mip - 1, 0, desc.layers};
            blit.srcOffsets[1] = {w, h, 1};
            blit.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, mip, 0, desc.layers};
            blit.dstOffsets[1] = {nw, nh, 1};
            vkCmdBlitImage(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                           1, &blit, VK_FILTER_LINEAR);
            w = nw;
            h = nh;
        }
        // All mips but the last are in TRANSFER_SRC now; the last is in TRANSFER_DST.
        VkImageMemoryBarrier2 b[2]{};
        std::uint32_t count = 0;
        if (desc.mips > 1) {
            b[count] = {VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
            b[count].srcStageMask = VK_PIPELINE_STAGE_2_TRANSFER_BIT;
            b[count].srcAccessMask = VK_ACCESS_2_TRANSFER_READ_BIT;
            b[count].oldLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
            b[count].subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, desc.mips - 1, 0, desc.layers};
            ++count;
        }
        b[count] = {VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
        b[count].srcStageMask = VK_PIPELINE_STAGE_2_TRANSFER_BIT;
        b[count].srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
        b[count].oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
        b[count].subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, desc.mips - 1, 1, 0, desc.layers};
        ++count;
        for (std::uint32_t i = 0; i < count; ++i) {
            b[i].dstStageMask = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
            b[i].dstAccessMask = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT;
            b[i].newLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
            b[i].srcQueueFamilyIndex = b[i].dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
            b[i].image = image;
        }
        VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
        dep.imageMemoryBarrierCount = count;
        dep.pImageMemoryBarriers = b;
        vkCmdPipelineBarrier2(cmd, &dep);
    });
}

Buffer Uploader::make_staging() {
    Buffer staging(m_ctx, std::max<VkDeviceSize>(m_bytes.size(), 16), VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                   MemoryUsage::upload, "staging");
    staging.write(m_bytes.data(), m_bytes.size());
    return staging;
}

void Uploader::record(VkCommandBuffer cmd) {
    if (m_jobs.empty()) return;
    Buffer staging = make_staging();
    record_copies(cmd, staging.get());
    // `staging` goes out of scope here: its destruction waits for the frame that uses it.
}

void Uploader::record_copies(VkCommandBuffer cmd, VkBuffer staging) {
    for (auto& job : m_jobs) job(cmd, staging);
    VkMemoryBarrier2 barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER_2};
    barrier.srcStageMask = VK_PIPELINE_STAGE_2_TRANSFER_BIT;
    barrier.srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
    barrier.dstStageMask = VK_PIPELINE_STAGE_2_VERTEX_INPUT_BIT | VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT |
                           VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
    barrier.dstAccessMask = VK_ACCESS_2_VERTEX_ATTRIBUTE_READ_BIT | VK_ACCESS_2_INDEX_READ_BIT |
                            VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_UNIFORM_READ_BIT;
    VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dep.memoryBarrierCount = 1;
    dep.pMemoryBarriers = &barrier;
    vkCmdPipelineBarrier2(cmd, &dep);
    m_jobs.clear();
    m_bytes.clear();
}

void Uploader::submit_and_wait() {
    if (m_jobs.empty()) return;
    // The staging buffer outlives the wait. Released from inside the recording, as record() does,
    // the deferred deleter would free it once the frame loop on another thread had completed its
    // frames in flight, which cheap frames do before a scene's copies and mips have run on the GPU.
    Buffer staging = make_staging();
    m_ctx.submit_and_wait([&](VkCommandBuffer cmd) { record_copies(cmd, staging.get()); });
}

} // namespace qx::gpu
