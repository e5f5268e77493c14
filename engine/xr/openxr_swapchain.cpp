// The colour and depth swapchains: two-layer images (both eyes, one multiview pass) and the
// views the renderer draws through.
#include "xr/openxr_display.h"

#include "core/log.h"

#include <algorithm>

namespace qx::xr {

void OpenXrDisplay::make_swapchain(SwapchainImages& s, std::initializer_list<VkFormat> wanted,
                                   XrSwapchainUsageFlags usage, bool depth) {
    std::uint32_t n = 0;
    XR_CHECK(xrEnumerateSwapchainFormats(m_xs->session, 0, &n, nullptr));
    std::vector<std::int64_t> formats(n);
    XR_CHECK(xrEnumerateSwapchainFormats(m_xs->session, n, &n, formats.data()));
    for (VkFormat f : wanted) {
        if (std::find(formats.begin(), formats.end(), std::int64_t(f)) != formats.end()) {
            s.format = f;
            break;
        }
    }
    if (s.format == VK_FORMAT_UNDEFINED) return;
    XrSwapchainCreateInfo ci{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    ci.usageFlags = usage;
    ci.format = s.format;
    ci.sampleCount = 1;
    ci.width = m_extent.width;
    ci.height = m_extent.height;
    ci.faceCount = 1;
    ci.arraySize = 2; // both eyes in one image: one multiview pass
    ci.mipCount = 1;
    XR_CHECK(xrCreateSwapchain(m_xs->session, &ci, s.swapchain.put()));
    s.device = m_ctx->device();
    XR_CHECK(xrEnumerateSwapchainImages(s.swapchain, 0, &n, nullptr));
    std::vector<XrSwapchainImageVulkan2KHR> images(n, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
    XR_CHECK(xrEnumerateSwapchainImages(s.swapchain, n, &n,
                                        reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())));
    VkImageAspectFlags aspect = depth ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT;
    for (const auto& img : images) {
        s.images.push_back(img.image);
        VkImageViewCreateInfo vi{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
        vi.image = img.image;
        vi.viewType = VK_IMAGE_VIEW_TYPE_2D_ARRAY;
        vi.format = s.format;
        vi.subresourceRange = {aspect, 0, 1, 0, 2};
        VkImageView v = VK_NULL_HANDLE;
        VK_CHECK(vkCreateImageView(m_ctx->device(), &vi, nullptr, &v));
        s.views.push_back(v);
        std::array<VkImageView, 2> layers{};
        for (std::uint32_t eye = 0; eye < 2; ++eye) {
            vi.viewType = VK_IMAGE_VIEW_TYPE_2D;
            vi.subresourceRange = {aspect, 0, 1, eye, 1};
            VK_CHECK(vkCreateImageView(m_ctx->device(), &vi, nullptr, &layers[eye]));
        }
        s.layer_views.push_back(layers);
    }
}

void OpenXrDisplay::create_swapchains() {
    make_swapchain(m_xs->color, {VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB},
                   XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_SAMPLED_BIT, false);
    if (!m_xs->color.swapchain) throw core::Error("the headset runtime offers no sRGB colour format");
    if (m_ext.depth_layer) {
        // The renderer's depth is D32; a runtime without D32 gets no depth layer.
        make_swapchain(m_xs->depth, {VK_FORMAT_D32_SFLOAT}, XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT,
                       true);
    }
    core::log_info("xr", "swapchains: colour {}x{}x2 ({} images){}", m_extent.width, m_extent.height,
                   m_xs->color.images.size(),
                   m_xs->depth.swapchain ? ", depth submitted" : ", no depth layer");
}

} // namespace qx::xr
