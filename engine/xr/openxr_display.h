// Private to the OpenXR display (openxr_display.cpp, openxr_session.cpp, openxr_swapchain.cpp,
// openxr_actions.cpp): the only header that includes <openxr/openxr.h>. OpenXR handles live in
// move-only owners, grouped so that one reset destroys them children first.
#pragma once

#include "core/error.h"
#include "xr/desktop_window.h"
#include "xr/display.h"
#include "xr/window_beside_headset.h"

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#define XR_USE_GRAPHICS_API_VULKAN
#ifdef _WIN32
#include <windows.h>
#include <unknwn.h> // IUnknown, which the Win32 platform header names
#define XR_USE_PLATFORM_WIN32
#else
#define XR_USE_TIMESPEC
#endif
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

namespace qx::xr {

// "XR_ERROR_SESSION_LOST" for XR_ERROR_SESSION_LOST, and so on.
const char* xr_result_name(XrResult r);
inline bool xr_ok(XrResult r) {
    return XR_SUCCEEDED(r);
}
const char* state_name(XrSessionState s);
// Results that mean the runtime or the session has gone: handled, never thrown, in the loop.
bool is_loss(XrResult r);

} // namespace qx::xr

#define XR_CHECK(call) QX_CHECK_RESULT(call, ::qx::xr::xr_ok, ::qx::xr::xr_result_name)

namespace qx::xr {

// A move-only owner of one OpenXR handle, destroyed with `Destroy` (like gpu::Handle, but at
// once: OpenXR objects are not used by GPU work in flight).
template <typename T, XrResult (*Destroy)(T)>
class XrOwner {
public:
    XrOwner() = default;
    ~XrOwner() { reset(); }
    XrOwner(XrOwner&& other) noexcept : m_handle(std::exchange(other.m_handle, XR_NULL_HANDLE)) {}
    XrOwner& operator=(XrOwner&& other) noexcept {
        if (this != &other) {
            reset();
            m_handle = std::exchange(other.m_handle, XR_NULL_HANDLE);
        }
        return *this;
    }
    XrOwner(const XrOwner&) = delete;
    XrOwner& operator=(const XrOwner&) = delete;

    T get() const { return m_handle; }
    operator T() const { return m_handle; }
    explicit operator bool() const { return m_handle != XR_NULL_HANDLE; }
    // For xrCreate*'s output parameter: whatever was owned is destroyed first.
    T* put() {
        reset();
        return &m_handle;
    }
    void reset() {
        if (m_handle != XR_NULL_HANDLE) Destroy(m_handle);
        m_handle = XR_NULL_HANDLE;
    }
    // The runtime is gone: forget the handle without calling into it.
    void abandon() { m_handle = XR_NULL_HANDLE; }

private:
    T m_handle = XR_NULL_HANDLE;
};

using Instance = XrOwner<XrInstance, xrDestroyInstance>;
using Session = XrOwner<XrSession, xrDestroySession>;
using Space = XrOwner<XrSpace, xrDestroySpace>;
using Swapchain = XrOwner<XrSwapchain, xrDestroySwapchain>;
using ActionSet = XrOwner<XrActionSet, xrDestroyActionSet>;

// XrTime to the clock the engine counts on: CLOCK_MONOTONIC on Linux, the performance counter on
// Windows (which steady_clock reads there).
#ifdef _WIN32
#define QX_XR_TIME_EXTENSION_NAME XR_KHR_WIN32_CONVERT_PERFORMANCE_COUNTER_TIME_EXTENSION_NAME
#define QX_XR_TIME_FUNCTION(X) X(xrConvertTimeToWin32PerformanceCounterKHR, convert_time)
#else
#define QX_XR_TIME_EXTENSION_NAME XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME
#define QX_XR_TIME_FUNCTION(X) X(xrConvertTimeToTimespecTimeKHR, convert_time)
#endif

// The Pico 4 controller profile (XR_BD_controller_interaction) exists in OpenXR 1.0.27+ headers:
// the Windows build's loader brings 1.1; Debian 12's 1.0.20 headers lack it.
#ifdef XR_BD_CONTROLLER_INTERACTION_EXTENSION_NAME
#define QX_XR_PICO_EXTENSION(X) X(XR_BD_CONTROLLER_INTERACTION_EXTENSION_NAME, pico_controller)
#else
#define QX_XR_PICO_EXTENSION(X)
#endif

// Optional extensions: each enabled when the runtime offers it; the flag says whether it is on.
#define QX_XR_OPTIONAL_EXTENSIONS(X)                                                                         \
    X(XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME, depth_layer)                                            \
    X(QX_XR_TIME_EXTENSION_NAME, convert_time)                                                               \
    X(XR_EXT_EYE_GAZE_INTERACTION_EXTENSION_NAME, eye_gaze)                                                  \
    X(XR_EXT_HAND_TRACKING_EXTENSION_NAME, hand_tracking)                                                    \
    X(XR_FB_DISPLAY_REFRESH_RATE_EXTENSION_NAME, refresh_rate)                                               \
    QX_XR_PICO_EXTENSION(X)

// Extension functions, loaded once after the instance exists; each tied to the flag of the
// extension that provides it ("required" for XR_KHR_vulkan_enable2).
#define QX_XR_FUNCTIONS(X)                                                                                   \
    X(xrGetVulkanGraphicsRequirements2KHR, required)                                                         \
    X(xrCreateVulkanInstanceKHR, required)                                                                   \
    X(xrCreateVulkanDeviceKHR, required)                                                                     \
    X(xrGetVulkanGraphicsDevice2KHR, required)                                                               \
    QX_XR_TIME_FUNCTION(X)                                                                                   \
    X(xrCreateHandTrackerEXT, hand_tracking)                                                                 \
    X(xrDestroyHandTrackerEXT, hand_tracking)                                                                \
    X(xrLocateHandJointsEXT, hand_tracking)                                                                  \
    X(xrGetDisplayRefreshRateFB, refresh_rate)

struct Extensions {
    bool required = true;
#define QX_FLAG(name, flag) bool flag = false;
    QX_XR_OPTIONAL_EXTENSIONS(QX_FLAG)
#undef QX_FLAG
#define QX_PFN(fn, flag) PFN_##fn fn = nullptr;
    QX_XR_FUNCTIONS(QX_PFN)
#undef QX_PFN
};

// One swapchain's images and the views the renderer draws through. The views go first (the
// destructor's body), then the swapchain that owns the images (the member).
struct SwapchainImages {
    Swapchain swapchain;
    VkDevice device = VK_NULL_HANDLE;
    VkFormat format = VK_FORMAT_UNDEFINED;
    std::vector<VkImage> images;
    std::vector<VkImageView> views; // 2D_ARRAY, both layers
    std::vector<std::array<VkImageView, 2>> layer_views;

    SwapchainImages() = default;
    ~SwapchainImages();
    SwapchainImages(const SwapchainImages&) = delete;
    SwapchainImages& operator=(const SwapchainImages&) = delete;
};

// Hand trackers come from an extension, so their destroy function is a pointer loaded at run time.
struct HandTrackers {
    std::array<XrHandTrackerEXT, 2> hands{XR_NULL_HANDLE, XR_NULL_HANDLE};
    PFN_xrDestroyHandTrackerEXT destroy = nullptr;

    HandTrackers() = default;
    ~HandTrackers();
    HandTrackers(const HandTrackers&) = delete;
    HandTrackers& operator=(const HandTrackers&) = delete;
};

// Everything made for one XrSession. Members are destroyed in reverse order: swapchains, hand
// trackers, spaces, the action set (attached to this session only), then the session itself.
// Resetting the owner of this struct is the whole of "destroy the session".
struct SessionObjects {
    Session session;
    ActionSet action_set;
    XrAction slider = XR_NULL_HANDLE, squeeze = XR_NULL_HANDLE, confirm = XR_NULL_HANDLE,
             need_break = XR_NULL_HANDLE,
             gaze = XR_NULL_HANDLE; // children of the action set
    Space space;                    // LOCAL (seated), moved by recentring
    Space view_space;
    Space gaze_space;
    HandTrackers hands;
    SwapchainImages color, depth;

    // The runtime is gone: forget every OpenXR handle except the session (which the loader still
    // wants destroyed before a new instance); the Vulkan views are still destroyed.
    void abandon_children();
    // As abandon_children, and the session too.
    void abandon();
};

class OpenXrDisplay final : public Display {
public:
    explicit OpenXrDisplay(const DisplayOptions& o);
    ~OpenXrDisplay() override;

    DisplayKind kind() const override { return DisplayKind::openxr; }
    std::string name() const override { return m_runtime_name + ": " + m_system_name; }
    gpu::Context& context() override { return *m_ctx; }
    VkExtent2D eye_extent() const override { return m_extent; }
    // From XR_FB_display_refresh_rate where the runtime offers it.
    std::optional<double> refresh_hz() const override;
    bool offers_eye_gaze() const override { return m_ext.eye_gaze; }
    void set_status(const std::string& text) override {
        if (m_window) m_window->set_status(text);
    }
    bool request_screenshot(const std::string& path) override {
        if (!m_window) return false;
        m_window->request_screenshot(path);
        return true;
    }
    GLFWwindow* window() override { return m_window ? m_window->handle() : nullptr; }
    bool set_window_overlay(WindowOverlay* overlay) override {
        if (!m_window) return false;
        m_window->set_overlay(overlay);
        return true;
    }
    bool quit_requested() const override { return m_exit || (m_window && m_window->should_close()); }
    std::string state() const override;
    FrameBegin begin_frame() override;
    void record_after_render(gpu::Frame& frame, SubmitSync& sync) override;
    void end_frame() override;
    ResidentInput poll_input() override;

private:
    static constexpr float k_near = 0.05f;

    // openxr_display.cpp: the frame.
    // A failed call in the frame loop: logged, and a loss marks the runtime gone; false on failure.
    bool call(XrResult r, const char* what);
    FrameBegin skipped();
    FrameBegin skipped_begun();
    // Where the eyes are, in the seated space; false when the runtime cannot say.
    bool locate_views(FrameBegin& f);
    // Acquires this frame's colour (and depth) images and describes them as the render target.
    bool acquire_images(FrameBegin& f);
    double to_mono_seconds(XrTime t) const;

    // openxr_session.cpp: instance, system, Vulkan, session, loss and reconnection, state.
    void mark_lost(const std::string& why);
    void try_reconnect();
    void create_instance();
    void create_system();
    void create_vulkan();
    void create_session();
    void restart_session();
    void create_space();
    void recenter();
    void poll_events();
    void on_state(XrSessionState s);

    // openxr_swapchain.cpp: the colour and depth swapchains.
    void make_swapchain(SwapchainImages& s, std::initializer_list<VkFormat> wanted,
                        XrSwapchainUsageFlags usage, bool depth);
    void create_swapchains();

    // openxr_actions.cpp: the action set, its bindings, and reading it each frame.
    XrPath path(const char* text);
    void create_actions();
    void sync_actions();
    // The eyes' gaze at this frame's display time, when the runtime tracks them.
    std::optional<gpu::Pose> locate_eye_gaze();

    DisplayOptions m_options;
    Extensions m_ext;
    // Declared before the session's objects, so it is destroyed after them.
    Instance m_instance;
    XrSystemId m_system = XR_NULL_SYSTEM_ID;
    std::unique_ptr<SessionObjects> m_xs; // null while there is no session
    XrSessionState m_state = XR_SESSION_STATE_UNKNOWN;
    std::string m_runtime_name, m_system_name;
    std::unique_ptr<DesktopWindow> m_window;
    std::unique_ptr<gpu::Context> m_ctx;
    std::unique_ptr<WindowBesideHeadset> m_window_frames; // the window's own frames, after the headset's
    VkExtent2D m_extent{};
    std::vector<XrView> m_views;
    XrTime m_display_time = 0;
    std::int64_t m_clock_offset_ns = 0;
    bool m_running = false, m_exit = false, m_lost = false, m_restart_pending = false, m_focused_once = false;
    bool m_frame_begun = false, m_should_render = false, m_color_acquired = false, m_depth_acquired = false;
    double m_next_reconnect = 0.0;
    int m_reconnects = 0;
    std::uint32_t m_color_index = 0, m_depth_index = 0;
    gpu::StereoTarget m_last_target;
    std::string m_lost_reason;
    glm::quat m_recenter_orientation{1, 0, 0, 0};
    glm::vec3 m_recenter_position{0.0f};
    ResidentInput m_input;
    double m_frame_start = 0.0;
    // The display's own period, read once a session runs (0: the runtime does not say, and the
    // period it paces the app at is taken instead).
    std::optional<double> m_refresh_period;
    double m_period = 1.0 / 90.0; // the refresh period the frames are counted against (seconds)
};

inline glm::quat to_glm(const XrQuaternionf& q) { return glm::quat(q.w, q.x, q.y, q.z); }
inline glm::vec3 to_glm(const XrVector3f& v) { return glm::vec3(v.x, v.y, v.z); }

} // namespace qx::xr
