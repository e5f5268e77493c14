#include "xr/window_beside_headset.h"

#include "core/log.h"
#include "xr/desktop_window.h"

#include <algorithm>
#include <cmath>

namespace qx::xr {
namespace {

constexpr VkFormat k_copy_format = VK_FORMAT_R8G8B8A8_SRGB;
constexpr std::size_t k_max_timings = 1u << 17; // an hour at 30 Hz

} // namespace

WindowBesideHeadset::WindowBesideHeadset(gpu::Context& ctx, DesktopWindow& window)
    : m_ctx(ctx), m_window(window), m_ring(ctx, 2, 2u << 20), m_reduce(ctx) {}

WindowBesideHeadset::~WindowBesideHeadset() {
    m_ring.wait_idle();
    if (m_frames) {
        core::log_info("xr", "window beside the headset: {} frames, median GPU {:.2f} ms each, none in a headset frame",
                       m_frames, median_gpu_ms().value_or(0.0));
    }
}

VkExtent2D WindowBesideHeadset::copy_extent(VkExtent2D drawn) const {
    const VkRect2D area = m_window.mirror_area();
    double s = 1.0;
    if (area.extent.width && area.extent.height) {
        s = std::min({1.0, double(area.extent.width) / double(drawn.width),
                      double(area.extent.height) / double(drawn.height)});
    }
    return {std::max(1u, std::uint32_t(std::lround(double(drawn.width) * s))),
            std::max(1u, std::uint32_t(std::lround(double(drawn.height) * s)))};
}

void WindowBesideHeadset::record_copy(gpu::Frame& frame, const gpu::StereoTarget& eye, double now,
                                      double gpu_share) {
    m_pending = false;
    if (m_failed || !m_window.has_swapchain() || m_window.minimised()) return;
    if (!due(now, m_last_copy, gpu_share)) return;
    const VkExtent2D size = copy_extent(eye.drawn());
    if (!m_copy || m_copy.desc().extent.width < size.width || m_copy.desc().extent.height < size.height) {
        // Grown only (a render scale that changes step by step makes no new image each time); the
        // old image goes once the frames using it are done.
        gpu::ImageDesc d;
        d.format = k_copy_format;
        d.extent = {std::max(size.width, m_copy ? m_copy.desc().extent.width : 0u),
                    std::max(size.height, m_copy ? m_copy.desc().extent.height : 0u)};
        d.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
        d.array_view = true; // the mirror samples an array
        if (m_copy) m_window.forget_mirror_source(m_copy.view());
        m_copy = gpu::Image(m_ctx, d, "headset eye for the window");
        m_source.image = m_copy.get();
        m_source.view = m_copy.view();
        m_source.format = k_copy_format;
        m_source.extent = d.extent;
        m_source.final_layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
    }
    gpu::MirrorTarget t;
    t.image = m_source.image;
    t.view = m_source.view;
    t.format = m_source.format;
    t.extent = m_source.extent;
    t.initial_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    t.final_layout = m_source.final_layout;
    t.area = VkRect2D{{0, 0}, size};
    m_reduce.record(frame, eye, gpu::MirrorEye::left, t);
    m_source.render_extent = size;
    m_pending = true;
    m_last_copy = now;
}

void WindowBesideHeadset::draw() {
    if (!m_pending || m_failed) return;
    m_pending = false;
    try {
        std::vector<VkSemaphoreSubmitInfo> wait, signal;
        if (!m_window.acquire(0, wait, signal)) return; // no window image free: the next copy
        gpu::Frame& frame = m_ring.begin();
        m_window.record_mirror(frame, m_source, gpu::MirrorEye::left);
        const VkResult r = m_ring.submit(frame, wait, signal);
        if (r != VK_SUCCESS) return fail(gpu::vk_result_name(r));
        m_window.present();
        ++m_frames;
        if (auto ms = m_ring.last_gpu_ms(); ms && m_gpu_ms.size() < k_max_timings) m_gpu_ms.push_back(*ms);
    } catch (const std::exception& e) {
        fail(core::describe(e));
    }
}

void WindowBesideHeadset::fail(const std::string& why) {
    core::log_error("xr", "the window beside the headset could not be drawn ({}); it stays as it is", why);
    m_failed = true;
}

std::optional<double> WindowBesideHeadset::median_gpu_ms() const {
    if (m_gpu_ms.empty()) return std::nullopt;
    std::vector<double> v = m_gpu_ms;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}

} // namespace qx::xr
