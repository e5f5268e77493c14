#pragma once

#include "gpu/handle.h"

#include <vector>

namespace qx::gpu {

// A window's swapchain on the context's surface. Acquire and present report out-of-date and
// suboptimal instead of throwing, so the frame loop recreates it there and carries on.
class Swapchain {
public:
    enum class Status { ok, out_of_date, not_ready, lost };

    // `wait_for_vblank`: FIFO (desktop mode paces on it). Otherwise MAILBOX or IMMEDIATE, so a
    // mirror window never holds up the headset's frame.
    Swapchain(Context& ctx, VkExtent2D extent, bool wait_for_vblank);
    ~Swapchain();
    Swapchain(const Swapchain&) = delete;
    Swapchain& operator=(const Swapchain&) = delete;

    // Acquires the next image; `timeout_ns` 0 returns not_ready at once when none is free.
    Status acquire(std::uint64_t timeout_ns, std::uint32_t& index, VkSemaphore& acquired);
    Status present(std::uint32_t index, VkSemaphore rendered);
    // Recreates for a new window size (0×0, a minimised window, is left alone).
    void recreate(VkExtent2D extent);

    VkFormat format() const { return m_format; }
    VkExtent2D extent() const { return m_extent; }
    VkImage image(std::uint32_t i) const { return m_images[i]; }
    VkImageView view(std::uint32_t i) const { return m_views[i]; }
    // Signalled by the frame that renders image i; presentation waits on it.
    VkSemaphore rendered_semaphore(std::uint32_t i) const { return m_rendered[i]; }
    std::uint32_t image_count() const { return static_cast<std::uint32_t>(m_images.size()); }

private:
    void create(VkExtent2D extent, VkSwapchainKHR old);
    void destroy_views();

    Context& m_ctx;
    bool m_vblank;
    VkSwapchainKHR m_swapchain = VK_NULL_HANDLE;
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    VkExtent2D m_extent{};
    std::vector<VkImage> m_images;
    std::vector<VkImageView> m_views;
    std::vector<Semaphore> m_rendered;
    std::vector<Semaphore> m_acquired; // a ring, one more than images
    std::uint32_t m_acquire_index = 0;
};

} // namespace qx::gpu
