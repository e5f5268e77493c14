#pragma once

#include "gpu/resources.h"

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace qx::gpu {

// Gathers buffer and image uploads through staging memory and records the copies (with mip
// generation and the final layout transitions) into one command buffer. The staging buffer is
// released through the deferred deleter, so it lives until the copies have run.
class Uploader {
public:
    explicit Uploader(Context& ctx) : m_ctx(ctx) {}

    void buffer(const Buffer& dst, std::span<const std::byte> data, VkDeviceSize dst_offset = 0);
    // Uploads mip 0 of every layer (`pixels` holds the layers one after another, tightly packed)
    // and, when the image has more mips, generates them by blitting. Leaves the image in
    // SHADER_READ_ONLY_OPTIMAL.
    void image(const Image& dst, std::span<const std::byte> pixels);

    bool empty() const { return m_jobs.empty(); }
    VkDeviceSize staged_bytes() const { return m_bytes.size(); }
    // Records every gathered copy into `cmd` and forgets them.
    void record(VkCommandBuffer cmd);
    // record() into a one-shot command buffer and wait: for loading, never in the frame loop.
    void submit_and_wait();

private:
    Buffer make_staging();                               // holding every gathered byte
    void record_copies(VkCommandBuffer cmd, VkBuffer staging); // and forgets them

    Context& m_ctx;
    std::vector<std::byte> m_bytes;
    std::vector<std::function<void(VkCommandBuffer, VkBuffer)>> m_jobs;
};

// Rounds `n` up to a multiple of `alignment`.
constexpr VkDeviceSize align_up(VkDeviceSize n, VkDeviceSize alignment) {
    return (n + alignment - 1) / alignment * alignment;
}

} // namespace qx::gpu
