// The headset: an OpenXR session through XR_KHR_vulkan_enable2 (Monado on lavapipe rejects the
// older XR_KHR_vulkan_enable). This file is the frame: wait, begin, locate, acquire, end.
#include "xr/openxr_display.h"

#include "core/clock.h"
#include "core/log.h"

#include <cmath>
#include <ctime>
#include <thread>

namespace qx::xr {
namespace {

#ifdef _WIN32
// A performance-counter reading in nanoseconds.
std::int64_t performance_counter_ns(LARGE_INTEGER counter) {
    LARGE_INTEGER frequency{};
    QueryPerformanceFrequency(&frequency);
    return std::int64_t(double(counter.QuadPart) * 1e9 / double(frequency.QuadPart));
}
#endif

// The system clock the runtime's time converts to, in nanoseconds.
std::int64_t system_monotonic_ns() {
#ifdef _WIN32
    LARGE_INTEGER counter{};
    QueryPerformanceCounter(&counter);
    return performance_counter_ns(counter);
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
#endif
}

} // namespace

SwapchainImages::~SwapchainImages() {
    if (!device) return;
    for (VkImageView v : views) {
        vkDestroyImageView(device, v, nullptr);
    }
    for (auto& lv : layer_views) {
        for (VkImageView v : lv) {
            vkDestroyImageView(device, v, nullptr);
        }
    }
}

HandTrackers::~HandTrackers() {
    for (XrHandTrackerEXT h : hands) {
        if (h && destroy) destroy(h);
    }
}

void SessionObjects::abandon_children() {
    color.swapchain.abandon();
    depth.swapchain.abandon();
    hands.hands = {XR_NULL_HANDLE, XR_NULL_HANDLE};
    gaze_space.abandon();
    view_space.abandon();
    space.abandon();
    action_set.abandon();
}

void SessionObjects::abandon() {
    abandon_children();
    session.abandon();
}

OpenXrDisplay::OpenXrDisplay(const DisplayOptions& o) : m_options(o) {
    create_instance();
    create_system();
    if (o.window_with_headset) {
        try {
            m_window = std::make_unique<DesktopWindow>(o);
        } catch (const core::Error& e) {
            core::log_info("xr", "no desktop window beside the headset: {}", core::describe(e));
        }
    }
    create_vulkan();
    create_session();
    if (m_window) {
        m_window->create_swapchain(*m_ctx, false); // the mirror never waits for vblank
        m_window_frames = std::make_unique<WindowBesideHeadset>(*m_ctx, *m_window);
    }
    m_clock_offset_ns = system_monotonic_ns() - core::mono_nanos();
}

OpenXrDisplay::~OpenXrDisplay() {
    if (m_ctx) vkDeviceWaitIdle(m_ctx->device());
    m_window_frames.reset();
    if (m_lost) {
        // A runtime that went away is not called again: its handles are forgotten.
        if (m_xs) m_xs->abandon();
        m_instance.abandon();
    }
    m_xs.reset(); // swapchains, spaces, action set, then the session
    if (m_window) m_window->destroy_swapchain();
    m_ctx.reset();      // destroys the window's surface
    m_instance.reset(); // after the Vulkan instance and device it created
    m_window.reset();
}

std::string OpenXrDisplay::state() const {
    if (m_lost) return "the headset runtime went away: " + m_lost_reason;
    std::string s = state_name(m_state);
    if (m_reconnects) {
        s += fmt::format(" (after {} reconnection{})", m_reconnects, m_reconnects == 1 ? "" : "s");
    }
    return s;
}

FrameBegin OpenXrDisplay::begin_frame() {
    FrameBegin f;
    if (m_window) m_window->poll_events();
    poll_events();
    m_frame_begun = false;
    if (m_exit) {
        f.status = FrameBegin::Status::quit;
        return f;
    }
    if (m_lost || !m_running) {
        // No frames to pace on: idle gently so the session's clock still advances.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (m_lost) try_reconnect();
        if (m_restart_pending && !m_lost) restart_session();
        f.status = FrameBegin::Status::skip;
        f.display_time = core::mono_seconds();
        return f;
    }
    XrFrameWaitInfo wait{XR_TYPE_FRAME_WAIT_INFO};
    XrFrameState fs{XR_TYPE_FRAME_STATE};
    if (!call(xrWaitFrame(m_xs->session, &wait, &fs), "xrWaitFrame")) return skipped();
    XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
    if (!call(xrBeginFrame(m_xs->session, &begin), "xrBeginFrame")) return skipped();
    m_frame_begun = true;
    m_display_time = fs.predictedDisplayTime;
    m_should_render = fs.shouldRender;
    f.period = double(fs.predictedDisplayPeriod) * 1e-9;
    f.display_time = to_mono_seconds(fs.predictedDisplayTime);
    if (!m_refresh_period) {
        std::optional<double> hz = refresh_hz();
        m_refresh_period = hz ? 1.0 / *hz : 0.0;
    }
    m_stats.frame(f.display_time, *m_refresh_period, f.period, m_cpu_ms, m_gpu_ms, m_render_scale);
    m_period = *m_refresh_period > 0.0 ? *m_refresh_period : f.period;
    m_frame_start = core::mono_seconds();
    if (m_state == XR_SESSION_STATE_FOCUSED) sync_actions();
    if (!m_should_render) {
        f.status = FrameBegin::Status::skip;
        return f;
    }
    if (!locate_views(f)) {
        m_should_render = false;
        f.status = FrameBegin::Status::skip;
        return f;
    }
    if (m_state == XR_SESSION_STATE_FOCUSED) f.eye_gaze = locate_eye_gaze();
    if (!acquire_images(f)) return skipped_begun();
    f.status = FrameBegin::Status::render;
    return f;
}

bool OpenXrDisplay::locate_views(FrameBegin& f) {
    XrViewLocateInfo li{XR_TYPE_VIEW_LOCATE_INFO};
    li.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    li.displayTime = m_display_time;
    li.space = m_xs->space;
    XrViewState vs{XR_TYPE_VIEW_STATE};
    std::uint32_t n = 0;
    m_views.assign(2, {XR_TYPE_VIEW});
    if (!call(xrLocateViews(m_xs->session, &li, &vs, 2, &n, m_views.data()), "xrLocateViews") || n != 2 ||
        !(vs.viewStateFlags & XR_VIEW_STATE_ORIENTATION_VALID_BIT)) {
        return false;
    }
    for (int eye = 0; eye < 2; ++eye) {
        const XrView& v = m_views[std::size_t(eye)];
        f.view.eyes[std::size_t(eye)].pose = {to_glm(v.pose.position),
                                              glm::normalize(to_glm(v.pose.orientation))};
        f.view.eyes[std::size_t(eye)].fov = {v.fov.angleLeft, v.fov.angleRight, v.fov.angleUp,
                                             v.fov.angleDown};
    }
    f.view.near_z = k_near;
    return true;
}

bool OpenXrDisplay::acquire_images(FrameBegin& f) {
    std::uint32_t index = 0;
    {
        auto lock = m_ctx->lock_queue(); // runtimes may use the queue inside these calls
        XrSwapchainImageAcquireInfo ai{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
        if (!call(xrAcquireSwapchainImage(m_xs->color.swapchain, &ai, &index), "xrAcquireSwapchainImage")) {
            return false;
        }
        XrSwapchainImageWaitInfo wi{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
        wi.timeout = XR_INFINITE_DURATION;
        if (!call(xrWaitSwapchainImage(m_xs->color.swapchain, &wi), "xrWaitSwapchainImage")) return false;
        if (m_xs->depth.swapchain) {
            std::uint32_t di = 0;
            if (call(xrAcquireSwapchainImage(m_xs->depth.swapchain, &ai, &di),
                     "xrAcquireSwapchainImage (depth)") &&
                call(xrWaitSwapchainImage(m_xs->depth.swapchain, &wi), "xrWaitSwapchainImage (depth)")) {
                m_depth_index = di;
                m_depth_acquired = true;
            }
        }
    }
    m_color_index = index;
    m_color_acquired = true;
    gpu::StereoTarget& t = f.target;
    t.image = m_xs->color.images[index];
    t.view = m_xs->color.views[index];
    t.layer_views = m_xs->color.layer_views[index];
    t.format = m_xs->color.format;
    t.extent = m_extent;
    t.render_extent = scaled(m_extent); // the projection views' imageRect follows it
    t.initial_layout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL; // where OpenXR hands images over
    t.final_layout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    if (m_depth_acquired) {
        t.depth_image = m_xs->depth.images[m_depth_index];
        t.depth_view = m_xs->depth.views[m_depth_index];
        t.depth_initial_layout = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
        t.depth_final_layout = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
    }
    m_last_target = t;
    return true;
}

void OpenXrDisplay::record_after_render(gpu::Frame& frame, SubmitSync&) {
    // Only the eye's copy for the window, when it is due; the window is drawn after xrEndFrame.
    if (!m_window_frames || !m_color_acquired) return;
    const double budget_ms = m_period * 1000.0 - 1.5; // as the quality tier's (render/quality.h)
    m_window_frames->record_copy(frame, m_last_target, core::mono_seconds(),
                                 budget_ms > 0.0 ? m_gpu_ms / budget_ms : 0.0);
}

void OpenXrDisplay::end_frame() {
    if (m_lost || !m_frame_begun) return;
    m_frame_begun = false;
    {
        auto lock = m_ctx->lock_queue();
        XrSwapchainImageReleaseInfo ri{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
        if (m_color_acquired) {
            call(xrReleaseSwapchainImage(m_xs->color.swapchain, &ri), "xrReleaseSwapchainImage");
        }
        if (m_depth_acquired) {
            call(xrReleaseSwapchainImage(m_xs->depth.swapchain, &ri), "xrReleaseSwapchainImage (depth)");
        }
    }
    std::array<XrCompositionLayerProjectionView, 2> proj{};
    std::array<XrCompositionLayerDepthInfoKHR, 2> depth{};
    XrCompositionLayerProjection layer{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    const XrCompositionLayerBaseHeader* layers[1] = {reinterpret_cast<XrCompositionLayerBaseHeader*>(&layer)};
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = m_display_time;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    if (m_should_render && m_color_acquired) {
        for (std::uint32_t eye = 0; eye < 2; ++eye) {
            proj[eye] = {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
            proj[eye].pose = m_views[eye].pose;
            proj[eye].fov = m_views[eye].fov;
            proj[eye].subImage.swapchain = m_xs->color.swapchain;
            // What was drawn: all of the image, or its top-left part at a render scale below 1.
            const VkExtent2D drawn = m_last_target.drawn();
            proj[eye].subImage.imageRect = {{0, 0}, {std::int32_t(drawn.width), std::int32_t(drawn.height)}};
            proj[eye].subImage.imageArrayIndex = eye;
            if (m_depth_acquired) {
                depth[eye] = {XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR};
                depth[eye].subImage = proj[eye].subImage;
                depth[eye].subImage.swapchain = m_xs->depth.swapchain;
                depth[eye].minDepth = 0.0f;
                depth[eye].maxDepth = 1.0f;
                // Reversed Z with no far plane: depth 0 is infinitely far, depth 1 the near plane.
                depth[eye].nearZ = INFINITY;
                depth[eye].farZ = k_near;
                proj[eye].next = &depth[eye];
            }
        }
        layer.space = m_xs->space;
        layer.viewCount = 2;
        layer.views = proj.data();
        end.layerCount = 1;
        end.layers = layers;
    }
    {
        auto lock = m_ctx->lock_queue();
        if (call(xrEndFrame(m_xs->session, &end), "xrEndFrame") && end.layerCount) m_stats.delivered();
    }
    m_color_acquired = m_depth_acquired = false;
    if (m_window_frames) m_window_frames->draw();
}

ResidentInput OpenXrDisplay::poll_input() {
    ResidentInput in = m_input;
    m_input = {};
    if (m_window) {
        ResidentInput keys = m_window->take_input();
        // The therapist's window also takes keys, for a resident who answers aloud.
        if (keys.typed_rating) in.typed_rating = keys.typed_rating;
        in.confirm = in.confirm || keys.confirm;
        in.need_break = in.need_break || keys.need_break;
        if (keys.recenter) in.recenter = true;
    }
    if (in.recenter) recenter();
    return in;
}

bool OpenXrDisplay::call(XrResult r, const char* what) {
    if (XR_SUCCEEDED(r)) return true;
    if (is_loss(r)) {
        mark_lost(std::string(what) + " returned " + xr_result_name(r));
    } else {
        core::log_warn("xr", "{} returned {}", what, xr_result_name(r));
    }
    return false;
}

FrameBegin OpenXrDisplay::skipped() {
    FrameBegin f;
    f.status = m_exit ? FrameBegin::Status::quit : FrameBegin::Status::skip;
    f.display_time = core::mono_seconds();
    return f;
}

FrameBegin OpenXrDisplay::skipped_begun() {
    m_should_render = false;
    return skipped();
}

double OpenXrDisplay::to_mono_seconds(XrTime t) const {
    std::int64_t ns = t;
    if (m_ext.convert_time) {
#ifdef _WIN32
        LARGE_INTEGER counter{};
        if (XR_SUCCEEDED(m_ext.xrConvertTimeToWin32PerformanceCounterKHR(m_instance, t, &counter))) {
            ns = performance_counter_ns(counter);
        }
#else
        struct timespec ts;
        if (XR_SUCCEEDED(m_ext.xrConvertTimeToTimespecTimeKHR(m_instance, t, &ts))) {
            ns = std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
        }
#endif
    }
    // XrTime is CLOCK_MONOTONIC on Linux runtimes; the engine counts from process start.
    return double(ns - m_clock_offset_ns) * 1e-9;
}

std::unique_ptr<Display> open_openxr(const DisplayOptions& options) {
    return std::make_unique<OpenXrDisplay>(options);
}

} // namespace qx::xr
