#include "gpu/swapchain.h"

#include "core/log.h"

#include <algorithm>

namespace qx::gpu {
namespace {

Semaphore make_semaphore(Context& ctx, std::string_view name) {
    VkSemaphoreCreateInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
    VkSemaphore s = VK_NULL_HANDLE;
    VK_CHECK(vkCreateSemaphore(ctx.device(), &info, nullptr, &s));
    ctx.set_name(s, VK_OBJECT_TYPE_SEMAPHORE, name);
    return Semaphore(ctx, s);
}

} // namespace

Swapchain::Swapchain(Context& ctx, VkExtent2D extent, bool wait_for_vblank) : m_ctx(ctx), m_vblank(wait_for_vblank) {
    QX_ENSURE(ctx.surface() != VK_NULL_HANDLE, "a swapchain needs a context created with a window surface");
    create(extent, VK_NULL_HANDLE);
}

Swapchain::~Swapchain() {
    vkDeviceWaitIdle(m_ctx.device());
    destroy_views();
    if (m_swapchain) vkDestroySwapchainKHR(m_ctx.device(), m_swapchain, nullptr);
}

void Swapchain::destroy_views() {
    for (VkImageView v : m_views) vkDestroyImageView(m_ctx.device(), v, nullptr);
    m_views.clear();
}

void Swapchain::create(VkExtent2D extent, VkSwapchainKHR old) {
    VkPhysicalDevice physical = m_ctx.physical_device();
    VkSurfaceKHR surface = m_ctx.surface();
    VkSurfaceCapabilitiesKHR caps;
    VK_CHECK(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(physical, surface, &caps));

    std::uint32_t n = 0;
    vkGetPhysicalDeviceSurfaceFormatsKHR(physical, surface, &n, nullptr);
    std::vector<VkSurfaceFormatKHR> formats(n);
    vkGetPhysicalDeviceSurfaceFormatsKHR(physical, surface, &n, formats.data());
    QX_ENSURE(!formats.empty(), "the window surface offers no pixel format");
    VkSurfaceFormatKHR chosen = formats[0];
    for (const auto& f : formats) {
        // The renderer writes sRGB-encoded output through an sRGB format.
        if ((f.format == VK_FORMAT_B8G8R8A8_SRGB || f.format == VK_FORMAT_R8G8B8A8_SRGB) &&
            f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR) {
            chosen = f;
            break;
        }
    }
    m_format = chosen.format;

    vkGetPhysicalDeviceSurfacePresentModesKHR(physical, surface, &n, nullptr);
    std::vector<VkPresentModeKHR> modes(n);
    vkGetPhysicalDeviceSurfacePresentModesKHR(physical, surface, &n, modes.data());
    auto has = [&](VkPresentModeKHR m) { return std::find(modes.begin(), modes.end(), m) != modes.end(); };
    VkPresentModeKHR mode = VK_PRESENT_MODE_FIFO_KHR; // always available
    if (!m_vblank) {
        if (has(VK_PRESENT_MODE_MAILBOX_KHR)) {
            mode = VK_PRESENT_MODE_MAILBOX_KHR;
        } else if (has(VK_PRESENT_MODE_IMMEDIATE_KHR)) {
            mode = VK_PRESENT_MODE_IMMEDIATE_KHR;
        }
    }

    if (caps.currentExtent.width != UINT32_MAX) {
        m_extent = caps.currentExtent;
    } else {
        m_extent.width = std::clamp(extent.width, caps.minImageExtent.width, caps.maxImageExtent.width);
        m_extent.height = std::clamp(extent.height, caps.minImageExtent.height, caps.maxImageExtent.height);
    }
    std::uint32_t count = std::max(caps.minImageCount + 1, 3u);
    if (caps.maxImageCount) count = std::min(count, caps.maxImageCount);

    VkSwapchainCreateInfoKHR info{VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR};
    info.surface = surface;
    info.minImageCount = count;
    info.imageFormat = chosen.format;
    info.imageColorSpace = chosen.colorSpace;
    info.imageExtent = m_extent;
    info.imageArrayLayers = 1;
    info.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
                      (caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_SRC_BIT); // screenshots
    info.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
    info.preTransform = caps.currentTransform;
    info.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
    info.presentMode = mode;
    info.clipped = VK_TRUE;
    info.oldSwapchain = old;
    VK_CHECK(vkCreateSwapchainKHR(m_ctx.device(), &info, nullptr, &m_swapchain));

    vkGetSwapchainImagesKHR(m_ctx.device(), m_swapchain, &n, nullptr);
    m_images.resize(n);
    vkGetSwapchainImagesKHR(m_ctx.device(), m_swapchain, &n, m_images.data());
    for (std::uint32_t i = 0; i < n; ++i) {
        VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
        view.image = m_images[i];
        view.viewType = VK_IMAGE_VIEW_TYPE_2D;
        view.format = m_format;
        view.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
        VkImageView v = VK_NULL_HANDLE;
        VK_CHECK(vkCreateImageView(m_ctx.device(), &view, nullptr, &v));
        m_views.push_back(v);
    }
    m_rendered.clear();
    m_acquired.clear();
    for (std::uint32_t i = 0; i < n; ++i) m_rendered.push_back(make_semaphore(m_ctx, "swapchain rendered"));
    for (std::uint32_t i = 0; i <= n; ++i) m_acquired.push_back(make_semaphore(m_ctx, "swapchain acquired"));
    core::log_info("gpu", "window swapchain {}x{}, {} images, {}", m_extent.width, m_extent.height, n,
                   mode == VK_PRESENT_MODE_FIFO_KHR      ? "FIFO (vsync)"
                   : mode == VK_PRESENT_MODE_MAILBOX_KHR ? "mailbox"
                                                         : "immediate");
}

void Swapchain::recreate(VkExtent2D extent) {
    if (extent.width == 0 || extent.height == 0) return;
    // The old swapchain's images may still be in flight: wait once (a resize is rare).
    vkDeviceWaitIdle(m_ctx.device());
    destroy_views();
    VkSwapchainKHR old = m_swapchain;
    create(extent, old);
    vkDestroySwapchainKHR(m_ctx.device(), old, nullptr);
}

Swapchain::Status Swapchain::acquire(std::uint64_t timeout_ns, std::uint32_t& index, VkSemaphore& acquired) {
    acquired = m_acquired[m_acquire_index];
    VkResult r = vkAcquireNextImageKHR(m_ctx.device(), m_swapchain, timeout_ns, acquired, VK_NULL_HANDLE, &index);
    switch (r) {
    case VK_SUCCESS:
    case VK_SUBOPTIMAL_KHR:
        m_acquire_index = (m_acquire_index + 1) % static_cast<std::uint32_t>(m_acquired.size());
        return Status::ok;
    case VK_NOT_READY:
    case VK_TIMEOUT: return Status::not_ready;
    case VK_ERROR_OUT_OF_DATE_KHR: return Status::out_of_date;
    default: core::log_error("gpu", "vkAcquireNextImageKHR failed: {}", vk_result_name(r)); return Status::lost;
    }
}

Swapchain::Status Swapchain::present(std::uint32_t index, VkSemaphore rendered) {
    VkPresentInfoKHR info{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR};
    info.waitSemaphoreCount = 1;
    info.pWaitSemaphores = &rendered;
    info.swapchainCount = 1;
    info.pSwapchains = &m_swapchain;
    info.pImageIndices = &index;
    VkResult r;
    {
        auto lock = m_ctx.lock_queue();
        r = vkQueuePresentKHR(m_ctx.queue(), &info);
    }
    if (r == VK_SUCCESS) return Status::ok;
    if (r == VK_SUBOPTIMAL_KHR || r == VK_ERROR_OUT_OF_DATE_KHR) return Status::out_of_date;
    core::log_error("gpu", "vkQueuePresentKHR failed: {}", vk_result_name(r));
    return Status::lost;
}

} // namespace qx::gpu
