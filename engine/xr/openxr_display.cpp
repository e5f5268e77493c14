// The headset: an OpenXR session through XR_KHR_vulkan_enable2 (Monado on lavapipe rejects the
// older XR_KHR_vulkan_enable). The only file that includes <openxr/openxr.h>.
#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "xr/desktop_window.h"
#include "xr/display.h"

#include <cmath>
#include <cstring>
#include <ctime>
#include <thread>

#define XR_USE_GRAPHICS_API_VULKAN
#define XR_USE_TIMESPEC
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>
#include <openxr/openxr_reflection.h>

namespace qx::xr {
namespace {

const char* xr_result_name(XrResult r) {
    switch (r) {
#define QX_XR_CASE(name, value) \
    case name: return #name;
        XR_LIST_ENUM_XrResult(QX_XR_CASE)
#undef QX_XR_CASE
    default: return "XR_RESULT_UNKNOWN";
    }
}
bool xr_ok(XrResult r) { return XR_SUCCEEDED(r); }

const char* state_name(XrSessionState s) {
    switch (s) {
#define QX_XR_CASE(name, value) \
    case name: return #name;
        XR_LIST_ENUM_XrSessionState(QX_XR_CASE)
#undef QX_XR_CASE
    default: return "XR_SESSION_STATE_UNKNOWN";
    }
}

// Results that mean the runtime or the session has gone: handled, never thrown, in the loop.
bool is_loss(XrResult r) {
    return r == XR_ERROR_INSTANCE_LOST || r == XR_ERROR_SESSION_LOST || r == XR_ERROR_RUNTIME_FAILURE ||
           r == XR_ERROR_HANDLE_INVALID;
}

} // namespace
} // namespace qx::xr

#define XR_CHECK(call) QX_CHECK_RESULT(call, ::qx::xr::xr_ok, ::qx::xr::xr_result_name)

namespace qx::xr {
namespace {

// Optional extensions: each enabled when the runtime offers it; the flag says whether it is on.
#define QX_XR_OPTIONAL_EXTENSIONS(X)                                          \
    X(XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME, depth_layer)            \
    X(XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME, convert_timespec)         \
    X(XR_EXT_EYE_GAZE_INTERACTION_EXTENSION_NAME, eye_gaze)                  \
    X(XR_EXT_HAND_TRACKING_EXTENSION_NAME, hand_tracking)

// Extension functions, loaded once after the instance exists; each tied to the flag of the
// extension that provides it ("required" for XR_KHR_vulkan_enable2).
#define QX_XR_FUNCTIONS(X)                                          \
    X(xrGetVulkanGraphicsRequirements2KHR, required)                \
    X(xrCreateVulkanInstanceKHR, required)                          \
    X(xrCreateVulkanDeviceKHR, required)                            \
    X(xrGetVulkanGraphicsDevice2KHR, required)                      \
    X(xrConvertTimeToTimespecTimeKHR, convert_timespec)             \
    X(xrCreateHandTrackerEXT, hand_tracking)                        \
    X(xrDestroyHandTrackerEXT, hand_tracking)                       \
    X(xrLocateHandJointsEXT, hand_tracking)

struct Extensions {
    bool required = true;
#define QX_FLAG(name, flag) bool flag = false;
    QX_XR_OPTIONAL_EXTENSIONS(QX_FLAG)
#undef QX_FLAG
#define QX_PFN(fn, flag) PFN_##fn fn = nullptr;
    QX_XR_FUNCTIONS(QX_PFN)
#undef QX_PFN
};

struct SwapchainImages {
    XrSwapchain swapchain = XR_NULL_HANDLE;
    VkFormat format = VK_FORMAT_UNDEFINED;
    std::vector<VkImage> images;
    std::vector<VkImageView> views; // 2D_ARRAY, both layers
    std::vector<std::array<VkImageView, 2>> layer_views;
};

glm::quat to_glm(const XrQuaternionf& q) { return glm::quat(q.w, q.x, q.y, q.z); }
glm::vec3 to_glm(const XrVector3f& v) { return glm::vec3(v.x, v.y, v.z); }

class OpenXrDisplay final : public Display {
public:
    explicit OpenXrDisplay(const DisplayOptions& o) : m_options(o) {
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
        if (m_window) m_window->create_swapchain(*m_ctx, false); // the mirror never waits for vblank
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        m_clock_offset_ns = std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec - core::mono_nanos();
    }

    ~OpenXrDisplay() override {
        if (m_ctx) vkDeviceWaitIdle(m_ctx->device());
        destroy_session();
        if (m_window) m_window->destroy_swapchain();
        m_ctx.reset();      // destroys the window's surface
        if (m_instance && !m_lost) xrDestroyInstance(m_instance);
        m_window.reset();
    }

    DisplayKind kind() const override { return DisplayKind::openxr; }
    std::string name() const override { return m_runtime_name + ": " + m_system_name; }
    gpu::Context& context() override { return *m_ctx; }
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
    const FrameStats& stats() const override { return m_stats; }
    bool quit_requested() const override { return m_exit || (m_window && m_window->should_close()); }

    std::string state() const override {
        if (m_lost) return "the headset runtime went away: " + m_lost_reason;
        std::string s = state_name(m_state);
        if (m_reconnects) s += fmt::format(" (after {} reconnection{})", m_reconnects, m_reconnects == 1 ? "" : "s");
        return s;
    }

    FrameBegin begin_frame() override {
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
        if (!call(xrWaitFrame(m_session, &wait, &fs), "xrWaitFrame")) return skipped();
        XrFrameBeginInfo begin{XR_TYPE_FRAME_BEGIN_INFO};
        if (!call(xrBeginFrame(m_session, &begin), "xrBeginFrame")) return skipped();
        m_frame_begun = true;
        m_display_time = fs.predictedDisplayTime;
        m_should_render = fs.shouldRender;
        f.period = double(fs.predictedDisplayPeriod) * 1e-9;
        f.display_time = to_mono_seconds(fs.predictedDisplayTime);
        m_stats.frame(f.display_time, f.period, m_cpu_ms, m_gpu_ms);
        m_frame_start = core::mono_seconds();
        if (m_state == XR_SESSION_STATE_FOCUSED) sync_actions();
        if (!m_should_render) {
            f.status = FrameBegin::Status::skip;
            return f;
        }
        // Where the eyes are, in the seated space.
        XrViewLocateInfo li{XR_TYPE_VIEW_LOCATE_INFO};
        li.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        li.displayTime = m_display_time;
        li.space = m_space;
        XrViewState vs{XR_TYPE_VIEW_STATE};
        std::uint32_t n = 0;
        m_views.assign(2, {XR_TYPE_VIEW});
        if (!call(xrLocateViews(m_session, &li, &vs, 2, &n, m_views.data()), "xrLocateViews") || n != 2 ||
            !(vs.viewStateFlags & XR_VIEW_STATE_ORIENTATION_VALID_BIT)) {
            m_should_render = false;
            f.status = FrameBegin::Status::skip;
            return f;
        }
        for (int eye = 0; eye < 2; ++eye) {
            const XrView& v = m_views[std::size_t(eye)];
            f.view.eyes[std::size_t(eye)].pose = {to_glm(v.pose.position), glm::normalize(to_glm(v.pose.orientation))};
            f.view.eyes[std::size_t(eye)].fov = {v.fov.angleLeft, v.fov.angleRight, v.fov.angleUp, v.fov.angleDown};
        }
        f.view.near_z = k_near;
        // The image to draw into.
        std::uint32_t index = 0;
        {
            auto lock = m_ctx->lock_queue(); // runtimes may use the queue inside these calls
            XrSwapchainImageAcquireInfo ai{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
            if (!call(xrAcquireSwapchainImage(m_color.swapchain, &ai, &index), "xrAcquireSwapchainImage")) return skipped_begun();
            XrSwapchainImageWaitInfo wi{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
            wi.timeout = XR_INFINITE_DURATION;
            if (!call(xrWaitSwapchainImage(m_color.swapchain, &wi), "xrWaitSwapchainImage")) return skipped_begun();
            if (m_depth.swapchain) {
                std::uint32_t di = 0;
                if (call(xrAcquireSwapchainImage(m_depth.swapchain, &ai, &di), "xrAcquireSwapchainImage (depth)") &&
                    call(xrWaitSwapchainImage(m_depth.swapchain, &wi), "xrWaitSwapchainImage (depth)")) {
                    m_depth_index = di;
                    m_depth_acquired = true;
                }
            }
        }
        m_color_index = index;
        m_color_acquired = true;
        gpu::StereoTarget& t = f.target;
        t.image = m_color.images[index];
        t.view = m_color.views[index];
        t.layer_views = m_color.layer_views[index];
        t.format = m_color.format;
        t.extent = m_extent;
        t.initial_layout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL; // where OpenXR hands images over
        t.final_layout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        if (m_depth_acquired) {
            t.depth_image = m_depth.images[m_depth_index];
            t.depth_view = m_depth.views[m_depth_index];
            t.depth_initial_layout = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
            t.depth_final_layout = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
        }
        m_last_target = t;
        f.status = FrameBegin::Status::render;
        return f;
    }

    void record_after_render(gpu::Frame& frame, SubmitSync& sync) override {
        m_mirrored = false;
        if (m_window && m_color_acquired && m_window->acquire(0, sync.wait, sync.signal)) {
            m_window->record_mirror(frame, m_last_target, gpu::MirrorEye::left);
            m_mirrored = true;
        }
    }

    void end_frame() override {
        if (m_lost || !m_frame_begun) return;
        m_frame_begun = false;
        {
            auto lock = m_ctx->lock_queue();
            XrSwapchainImageReleaseInfo ri{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
            if (m_color_acquired) call(xrReleaseSwapchainImage(m_color.swapchain, &ri), "xrReleaseSwapchainImage");
            if (m_depth_acquired) call(xrReleaseSwapchainImage(m_depth.swapchain, &ri), "xrReleaseSwapchainImage (depth)");
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
                proj[eye].subImage.swapchain = m_color.swapchain;
                proj[eye].subImage.imageRect = {{0, 0}, {std::int32_t(m_extent.width), std::int32_t(m_extent.height)}};
                proj[eye].subImage.imageArrayIndex = eye;
                if (m_depth_acquired) {
                    depth[eye] = {XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR};
                    depth[eye].subImage = proj[eye].subImage;
                    depth[eye].subImage.swapchain = m_depth.swapchain;
                    depth[eye].minDepth = 0.0f;
                    depth[eye].maxDepth = 1.0f;
                    // Reversed Z with no far plane: depth 0 is infinitely far, depth 1 the near plane.
                    depth[eye].nearZ = INFINITY;
                    depth[eye].farZ = k_near;
                    proj[eye].next = &depth[eye];
                }
            }
            layer.space = m_space;
            layer.viewCount = 2;
            layer.views = proj.data();
            end.layerCount = 1;
            end.layers = layers;
        }
        {
            auto lock = m_ctx->lock_queue();
            if (call(xrEndFrame(m_session, &end), "xrEndFrame") && end.layerCount) m_stats.delivered();
        }
        m_color_acquired = m_depth_acquired = false;
        if (m_mirrored) m_window->present();
    }

    ResidentInput poll_input() override {
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

private:
    static constexpr float k_near = 0.05f;

    bool call(XrResult r, const char* what) {
        if (XR_SUCCEEDED(r)) return true;
        if (is_loss(r)) {
            mark_lost(std::string(what) + " returned " + xr_result_name(r));
        } else {
            core::log_warn("xr", "{} returned {}", what, xr_result_name(r));
        }
        return false;
    }

    FrameBegin skipped() {
        FrameBegin f;
        f.status = m_exit ? FrameBegin::Status::quit : FrameBegin::Status::skip;
        f.display_time = core::mono_seconds();
        return f;
    }
    FrameBegin skipped_begun() {
        m_should_render = false;
        return skipped();
    }

    void mark_lost(const std::string& why) {
        if (m_lost) return;
        m_lost = true;
        m_running = false;
        m_frame_begun = false;
        m_lost_reason = why;
        core::log_error("xr", "the headset runtime went away ({}); the session keeps its records — check the "
                              "headset and SteamVR/Monado, then resume the session", why);
    }

    // After the runtime went away: every two seconds, see whether it is back, and if so start a
    // new instance and session on the same Vulkan device (the device never belonged to the
    // runtime, so it survives).
    void try_reconnect() {
        double now = core::mono_seconds();
        if (now < m_next_reconnect) return;
        m_next_reconnect = now + 2.0;
        // Release the dead runtime's handles: its calls fail, but the loader allows one instance
        // at a time, so the old one must be destroyed before a new one can exist.
        if (m_session) xrDestroySession(m_session);
        if (m_instance) xrDestroyInstance(m_instance);
        m_session = XR_NULL_HANDLE;
        m_space = m_view_space = m_gaze_space = XR_NULL_HANDLE;
        m_action_set = XR_NULL_HANDLE;
        m_hands = {XR_NULL_HANDLE, XR_NULL_HANDLE};
        if (m_ctx) vkDeviceWaitIdle(m_ctx->device());
        for (SwapchainImages* sc : {&m_color, &m_depth}) {
            for (VkImageView v : sc->views) vkDestroyImageView(m_ctx->device(), v, nullptr);
            for (auto& lv : sc->layer_views) {
                for (VkImageView v : lv) vkDestroyImageView(m_ctx->device(), v, nullptr);
            }
            *sc = {};
        }
        m_instance = XR_NULL_HANDLE;
        m_ext = {};
        try {
            create_instance();
            create_system();
            XrGraphicsRequirementsVulkan2KHR req{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
            XR_CHECK(m_ext.xrGetVulkanGraphicsRequirements2KHR(m_instance, m_system, &req));
            XrVulkanGraphicsDeviceGetInfoKHR gi{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
            gi.systemId = m_system;
            gi.vulkanInstance = m_ctx->instance();
            VkPhysicalDevice pd = VK_NULL_HANDLE;
            XR_CHECK(m_ext.xrGetVulkanGraphicsDevice2KHR(m_instance, &gi, &pd));
            if (pd != m_ctx->physical_device()) throw core::Error("the runtime now wants another GPU");
            create_session();
            m_lost = false;
            m_focused_once = false;
            ++m_reconnects;
            core::log_warn("xr", "the headset runtime is back: a new session started ({} reconnection{})", m_reconnects,
                           m_reconnects == 1 ? "" : "s");
        } catch (const std::exception& e) {
            if (m_instance) xrDestroyInstance(m_instance);
            m_instance = XR_NULL_HANDLE;
            core::log_debug("xr", "the headset runtime is not back yet: {}", e.what());
        }
    }

    double to_mono_seconds(XrTime t) const {
        std::int64_t ns = t;
        if (m_ext.convert_timespec) {
            struct timespec ts;
            if (XR_SUCCEEDED(m_ext.xrConvertTimeToTimespecTimeKHR(m_instance, t, &ts))) {
                ns = std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
            }
        }
        // XrTime is CLOCK_MONOTONIC on Linux runtimes; the engine counts from process start.
        return double(ns - m_clock_offset_ns) * 1e-9;
    }

    void create_instance() {
        // The loader prints its own errors when no runtime is installed; the reason is given
        // to the person in plain words below, so keep its console quiet unless asked.
        setenv("XR_LOADER_DEBUG", "none", 0);
        std::uint32_t n = 0;
        XrResult r = xrEnumerateInstanceExtensionProperties(nullptr, 0, &n, nullptr);
        if (XR_FAILED(r)) {
            throw core::Error(std::string("No OpenXR runtime is active (") + xr_result_name(r) + ")",
                              "start SteamVR or Monado, or run with --display desktop");
        }
        std::vector<XrExtensionProperties> props(n, {XR_TYPE_EXTENSION_PROPERTIES});
        xrEnumerateInstanceExtensionProperties(nullptr, n, &n, props.data());
        auto has = [&](const char* name) {
            for (const auto& p : props) {
                if (std::strcmp(p.extensionName, name) == 0) return true;
            }
            return false;
        };
        if (!has(XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME)) {
            throw core::Error("the OpenXR runtime has no XR_KHR_vulkan_enable2", "update the headset's runtime");
        }
        std::vector<const char*> enabled{XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME};
#define QX_ENABLE(name, flag)       \
    if (has(name)) {                \
        m_ext.flag = true;          \
        enabled.push_back(name);    \
    }
        QX_XR_OPTIONAL_EXTENSIONS(QX_ENABLE)
#undef QX_ENABLE
        XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
        std::strncpy(info.applicationInfo.applicationName, "Qingxing", XR_MAX_APPLICATION_NAME_SIZE - 1);
        info.applicationInfo.applicationVersion = 1;
        std::strncpy(info.applicationInfo.engineName, "qingxing", XR_MAX_ENGINE_NAME_SIZE - 1);
        info.applicationInfo.apiVersion = XR_CURRENT_API_VERSION;
        info.enabledExtensionCount = std::uint32_t(enabled.size());
        info.enabledExtensionNames = enabled.data();
        r = xrCreateInstance(&info, &m_instance);
        if (XR_FAILED(r)) {
            throw core::Error(std::string("No OpenXR runtime is active (xrCreateInstance: ") + xr_result_name(r) + ")",
                              "start SteamVR or Monado, or run with --display desktop");
        }
#define QX_LOAD(fn, flag)                                                                             \
    if (m_ext.flag) XR_CHECK(xrGetInstanceProcAddr(m_instance, #fn, reinterpret_cast<PFN_xrVoidFunction*>(&m_ext.fn)));
        QX_XR_FUNCTIONS(QX_LOAD)
#undef QX_LOAD
        XrInstanceProperties ip{XR_TYPE_INSTANCE_PROPERTIES};
        XR_CHECK(xrGetInstanceProperties(m_instance, &ip));
        m_runtime_name = fmt::format("{} {}.{}.{}", ip.runtimeName, XR_VERSION_MAJOR(ip.runtimeVersion),
                                     XR_VERSION_MINOR(ip.runtimeVersion), XR_VERSION_PATCH(ip.runtimeVersion));
        core::log_info("xr", "OpenXR runtime: {} (depth layer {}, eye gaze {}, hand tracking {})", m_runtime_name,
                       m_ext.depth_layer ? "yes" : "no", m_ext.eye_gaze ? "yes" : "no", m_ext.hand_tracking ? "yes" : "no");
    }

    void create_system() {
        XrSystemGetInfo gi{XR_TYPE_SYSTEM_GET_INFO};
        gi.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
        XrResult r = xrGetSystem(m_instance, &gi, &m_system);
        if (XR_FAILED(r)) {
            throw core::Error(std::string("the OpenXR runtime sees no headset (") + xr_result_name(r) + ")",
                              "connect and switch on the headset, or run with --display desktop");
        }
        XrSystemProperties sp{XR_TYPE_SYSTEM_PROPERTIES};
        XR_CHECK(xrGetSystemProperties(m_instance, m_system, &sp));
        m_system_name = sp.systemName;
        std::uint32_t n = 0;
        XR_CHECK(xrEnumerateViewConfigurationViews(m_instance, m_system, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0, &n, nullptr));
        std::vector<XrViewConfigurationView> views(n, {XR_TYPE_VIEW_CONFIGURATION_VIEW});
        XR_CHECK(xrEnumerateViewConfigurationViews(m_instance, m_system, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, n, &n, views.data()));
        QX_ENSURE(n == 2, "the headset reports {} views; a stereo headset has 2", n);
        m_extent = {views[0].recommendedImageRectWidth, views[0].recommendedImageRectHeight};
        core::log_info("xr", "headset: {} ({}x{} per eye recommended)", m_system_name, m_extent.width, m_extent.height);
    }

    void create_vulkan() {
        XrGraphicsRequirementsVulkan2KHR req{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
        XR_CHECK(m_ext.xrGetVulkanGraphicsRequirements2KHR(m_instance, m_system, &req));
        if (XR_VERSION_MAJOR(req.minApiVersionSupported) > 1 ||
            (XR_VERSION_MAJOR(req.minApiVersionSupported) == 1 && XR_VERSION_MINOR(req.minApiVersionSupported) > 3)) {
            throw core::Error("the headset runtime needs a newer Vulkan than 1.3");
        }
        gpu::ContextOptions copts;
        copts.device_name = m_options.gpu;
        copts.validation = m_options.validation;
        if (m_window) {
            copts.instance_extensions = m_window->instance_extensions();
            copts.device_extensions = {VK_KHR_SWAPCHAIN_EXTENSION_NAME};
            copts.make_surface = [this](VkInstance instance) { return m_window->make_surface(instance); };
        }
        gpu::ExternalCreation ext;
        ext.create_instance = [this](const VkInstanceCreateInfo& ci, VkInstance* out) {
            XrVulkanInstanceCreateInfoKHR info{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
            info.systemId = m_system;
            info.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
            info.vulkanCreateInfo = &ci;
            VkResult vr = VK_SUCCESS;
            XR_CHECK(m_ext.xrCreateVulkanInstanceKHR(m_instance, &info, out, &vr));
            return vr;
        };
        ext.physical_device = [this](VkInstance vk) {
            XrVulkanGraphicsDeviceGetInfoKHR gi{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
            gi.systemId = m_system;
            gi.vulkanInstance = vk;
            VkPhysicalDevice pd = VK_NULL_HANDLE;
            XR_CHECK(m_ext.xrGetVulkanGraphicsDevice2KHR(m_instance, &gi, &pd));
            return pd;
        };
        ext.create_device = [this](VkPhysicalDevice pd, const VkDeviceCreateInfo& ci, VkDevice* out) {
            XrVulkanDeviceCreateInfoKHR info{XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR};
            info.systemId = m_system;
            info.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
            info.vulkanPhysicalDevice = pd;
            info.vulkanCreateInfo = &ci;
            VkResult vr = VK_SUCCESS;
            XR_CHECK(m_ext.xrCreateVulkanDeviceKHR(m_instance, &info, out, &vr));
            return vr;
        };
        copts.external = ext;
        m_ctx = std::make_unique<gpu::Context>(copts);
    }

    void create_session() {
        XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
        binding.instance = m_ctx->instance();
        binding.physicalDevice = m_ctx->physical_device();
        binding.device = m_ctx->device();
        binding.queueFamilyIndex = m_ctx->queue_family();
        binding.queueIndex = 0;
        XrSessionCreateInfo si{XR_TYPE_SESSION_CREATE_INFO};
        si.next = &binding;
        si.systemId = m_system;
        XR_CHECK(xrCreateSession(m_instance, &si, &m_session));
        create_space();
        create_swapchains();
        create_actions();
        m_state = XR_SESSION_STATE_UNKNOWN;
        m_restart_pending = false;
    }

    void destroy_session() {
        if (!m_session) return;
        if (m_ctx) vkDeviceWaitIdle(m_ctx->device());
        for (SwapchainImages* s : {&m_color, &m_depth}) {
            for (VkImageView v : s->views) vkDestroyImageView(m_ctx->device(), v, nullptr);
            for (auto& lv : s->layer_views) {
                for (VkImageView v : lv) vkDestroyImageView(m_ctx->device(), v, nullptr);
            }
            if (s->swapchain && !m_lost) xrDestroySwapchain(s->swapchain);
            *s = {};
        }
        for (XrHandTrackerEXT& h : m_hands) {
            if (h && !m_lost) m_ext.xrDestroyHandTrackerEXT(h);
            h = XR_NULL_HANDLE;
        }
        if (!m_lost) {
            if (m_action_set) xrDestroyActionSet(m_action_set);
            if (m_space) xrDestroySpace(m_space);
            xrDestroySession(m_session);
        }
        m_action_set = XR_NULL_HANDLE;
        m_space = XR_NULL_HANDLE;
        m_session = XR_NULL_HANDLE;
    }

    void restart_session() {
        core::log_warn("xr", "restarting the headset session after it was lost");
        destroy_session();
        try {
            create_session();
        } catch (const core::Error& e) {
            mark_lost(std::string("the session could not be restarted: ") + e.what());
        }
    }

    void create_space() {
        XrReferenceSpaceCreateInfo si{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
        si.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL; // seated: the origin is where the head was
        si.poseInReferenceSpace.orientation.w = 1.0f;
        XR_CHECK(xrCreateReferenceSpace(m_session, &si, &m_space));
        XrReferenceSpaceCreateInfo vi = si;
        vi.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
        XR_CHECK(xrCreateReferenceSpace(m_session, &vi, &m_view_space));
    }

    // Seated recentre: the seat's eye point and forward direction become where the head is now.
    void recenter() {
        if (!m_session || m_lost || m_display_time == 0) return;
        XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
        if (XR_FAILED(xrLocateSpace(m_view_space, m_space, m_display_time, &loc)) ||
            !(loc.locationFlags & XR_SPACE_LOCATION_POSITION_VALID_BIT)) {
            return;
        }
        glm::quat q = to_glm(loc.pose.orientation);
        glm::vec3 fwd = q * glm::vec3(0, 0, -1);
        float yaw = std::atan2(-fwd.x, -fwd.z);
        XrReferenceSpaceCreateInfo si{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
        si.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
        // Compose with the current offset so repeated recentring stays correct.
        glm::quat base = m_recenter_orientation;
        glm::vec3 base_pos = m_recenter_position;
        glm::quat yaw_q = glm::angleAxis(yaw, glm::vec3(0, 1, 0));
        m_recenter_position = base_pos + base * to_glm(loc.pose.position);
        m_recenter_orientation = glm::normalize(base * yaw_q);
        si.poseInReferenceSpace.position = {m_recenter_position.x, m_recenter_position.y, m_recenter_position.z};
        si.poseInReferenceSpace.orientation = {m_recenter_orientation.x, m_recenter_orientation.y,
                                               m_recenter_orientation.z, m_recenter_orientation.w};
        XrSpace fresh = XR_NULL_HANDLE;
        if (XR_SUCCEEDED(xrCreateReferenceSpace(m_session, &si, &fresh))) {
            xrDestroySpace(m_space);
            m_space = fresh;
            core::log_info("xr", "recentred the seated view (turned {:.0f} degrees)", glm::degrees(yaw));
        }
    }

    SwapchainImages make_swapchain(std::initializer_list<VkFormat> wanted, XrSwapchainUsageFlags usage, bool depth) {
        std::uint32_t n = 0;
        XR_CHECK(xrEnumerateSwapchainFormats(m_session, 0, &n, nullptr));
        std::vector<std::int64_t> formats(n);
        XR_CHECK(xrEnumerateSwapchainFormats(m_session, n, &n, formats.data()));
        SwapchainImages s;
        for (VkFormat f : wanted) {
            if (std::find(formats.begin(), formats.end(), std::int64_t(f)) != formats.end()) {
                s.format = f;
                break;
            }
        }
        if (s.format == VK_FORMAT_UNDEFINED) return s;
        XrSwapchainCreateInfo ci{XR_TYPE_SWAPCHAIN_CREATE_INFO};
        ci.usageFlags = usage;
        ci.format = s.format;
        ci.sampleCount = 1;
        ci.width = m_extent.width;
        ci.height = m_extent.height;
        ci.faceCount = 1;
        ci.arraySize = 2; // both eyes in one image: one multiview pass
        ci.mipCount = 1;
        XR_CHECK(xrCreateSwapchain(m_session, &ci, &s.swapchain));
        XR_CHECK(xrEnumerateSwapchainImages(s.swapchain, 0, &n, nullptr));
        std::vector<XrSwapchainImageVulkan2KHR> images(n, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
        XR_CHECK(xrEnumerateSwapchainImages(s.swapchain, n, &n, reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())));
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
        return s;
    }

    void create_swapchains() {
        m_color = make_swapchain({VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB},
                                 XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_SAMPLED_BIT, false);
        if (!m_color.swapchain) throw core::Error("the headset runtime offers no sRGB colour format");
        if (m_ext.depth_layer) {
            // The renderer's depth is D32; a runtime without D32 gets no depth layer.
            m_depth = make_swapchain({VK_FORMAT_D32_SFLOAT}, XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT, true);
        }
        core::log_info("xr", "swapchains: colour {}x{}x2 ({} images){}", m_extent.width, m_extent.height,
                       m_color.images.size(), m_depth.swapchain ? ", depth submitted" : ", no depth layer");
    }

    XrPath path(const char* text) {
        XrPath p = XR_NULL_PATH;
        XR_CHECK(xrStringToPath(m_instance, text, &p));
        return p;
    }

    void create_actions() {
        XrActionSetCreateInfo si{XR_TYPE_ACTION_SET_CREATE_INFO};
        std::strcpy(si.actionSetName, "qingxing");
        std::strcpy(si.localizedActionSetName, "Qingxing");
        XR_CHECK(xrCreateActionSet(m_instance, &si, &m_action_set));
        auto action = [&](XrAction& a, const char* name, const char* label, XrActionType type) {
            XrActionCreateInfo ai{XR_TYPE_ACTION_CREATE_INFO};
            std::strcpy(ai.actionName, name);
            std::strcpy(ai.localizedActionName, label);
            ai.actionType = type;
            XR_CHECK(xrCreateAction(m_action_set, &ai, &a));
        };
        action(m_slider, "craving_slider", "Craving slider", XR_ACTION_TYPE_FLOAT_INPUT);
        action(m_squeeze, "craving_trigger", "Craving by trigger", XR_ACTION_TYPE_FLOAT_INPUT);
        action(m_confirm, "confirm", "Confirm", XR_ACTION_TYPE_BOOLEAN_INPUT);
        action(m_break, "need_break", "I need a break", XR_ACTION_TYPE_BOOLEAN_INPUT);
        if (m_ext.eye_gaze) action(m_gaze, "gaze", "Eye gaze", XR_ACTION_TYPE_POSE_INPUT);

        struct Binding {
            XrAction* action;
            const char* path;
        };
        auto suggest = [&](const char* profile, std::initializer_list<Binding> bindings) {
            std::vector<XrActionSuggestedBinding> b;
            for (const Binding& x : bindings) b.push_back({*x.action, path(x.path)});
            XrInteractionProfileSuggestedBinding s{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
            s.interactionProfile = path(profile);
            s.suggestedBindings = b.data();
            s.countSuggestedBindings = std::uint32_t(b.size());
            XrResult r = xrSuggestInteractionProfileBindings(m_instance, &s);
            if (XR_FAILED(r)) core::log_warn("xr", "bindings for {} refused: {}", profile, xr_result_name(r));
        };
        suggest("/interaction_profiles/khr/simple_controller",
                {{&m_confirm, "/user/hand/right/input/select/click"}, {&m_confirm, "/user/hand/left/input/select/click"},
                 {&m_break, "/user/hand/right/input/menu/click"}, {&m_break, "/user/hand/left/input/menu/click"}});
        suggest("/interaction_profiles/oculus/touch_controller",
                {{&m_slider, "/user/hand/right/input/thumbstick/x"}, {&m_slider, "/user/hand/left/input/thumbstick/x"},
                 {&m_squeeze, "/user/hand/right/input/trigger/value"},
                 {&m_confirm, "/user/hand/right/input/a/click"}, {&m_confirm, "/user/hand/left/input/x/click"},
                 {&m_break, "/user/hand/right/input/b/click"}, {&m_break, "/user/hand/left/input/y/click"}});
        suggest("/interaction_profiles/valve/index_controller",
                {{&m_slider, "/user/hand/right/input/thumbstick/x"}, {&m_slider, "/user/hand/left/input/thumbstick/x"},
                 {&m_squeeze, "/user/hand/right/input/trigger/value"},
                 {&m_confirm, "/user/hand/right/input/a/click"}, {&m_confirm, "/user/hand/left/input/a/click"},
                 {&m_break, "/user/hand/right/input/b/click"}, {&m_break, "/user/hand/left/input/b/click"}});
        suggest("/interaction_profiles/htc/vive_controller",
                {{&m_slider, "/user/hand/right/input/trackpad/x"}, {&m_slider, "/user/hand/left/input/trackpad/x"},
                 {&m_squeeze, "/user/hand/right/input/trigger/value"},
                 {&m_confirm, "/user/hand/right/input/trackpad/click"}, {&m_confirm, "/user/hand/left/input/trackpad/click"},
                 {&m_break, "/user/hand/right/input/menu/click"}, {&m_break, "/user/hand/left/input/menu/click"}});
        suggest("/interaction_profiles/microsoft/motion_controller",
                {{&m_slider, "/user/hand/right/input/thumbstick/x"}, {&m_slider, "/user/hand/right/input/trackpad/x"},
                 {&m_squeeze, "/user/hand/right/input/trigger/value"},
                 {&m_confirm, "/user/hand/right/input/trackpad/click"}, {&m_confirm, "/user/hand/left/input/trackpad/click"},
                 {&m_break, "/user/hand/right/input/menu/click"}, {&m_break, "/user/hand/left/input/menu/click"}});
        // OpenXR 1.0.20 (Debian 12's headers) defines no ByteDance/Pico interaction profile; Pico
        // headsets map their controllers onto the Touch profile above.
        if (m_ext.eye_gaze) {
            suggest("/interaction_profiles/ext/eye_gaze_interaction", {{&m_gaze, "/user/eyes_ext/input/gaze_ext/pose"}});
            XrActionSpaceCreateInfo asi{XR_TYPE_ACTION_SPACE_CREATE_INFO};
            asi.action = m_gaze;
            asi.poseInActionSpace.orientation.w = 1.0f;
            XR_CHECK(xrCreateActionSpace(m_session, &asi, &m_gaze_space));
        }
        XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
        attach.countActionSets = 1;
        attach.actionSets = &m_action_set;
        XR_CHECK(xrAttachSessionActionSets(m_session, &attach));
        if (m_ext.hand_tracking) {
            for (int h = 0; h < 2; ++h) {
                XrHandTrackerCreateInfoEXT hi{XR_TYPE_HAND_TRACKER_CREATE_INFO_EXT};
                hi.hand = h == 0 ? XR_HAND_LEFT_EXT : XR_HAND_RIGHT_EXT;
                hi.handJointSet = XR_HAND_JOINT_SET_DEFAULT_EXT;
                if (XR_FAILED(m_ext.xrCreateHandTrackerEXT(m_session, &hi, &m_hands[std::size_t(h)]))) {
                    m_hands[std::size_t(h)] = XR_NULL_HANDLE;
                }
            }
        }
    }

    void sync_actions() {
        XrActiveActionSet active{m_action_set, XR_NULL_PATH};
        XrActionsSyncInfo si{XR_TYPE_ACTIONS_SYNC_INFO};
        si.countActiveActionSets = 1;
        si.activeActionSets = &active;
        if (!call(xrSyncActions(m_session, &si), "xrSyncActions")) return;
        auto get_float = [&](XrAction a) -> std::optional<float> {
            XrActionStateGetInfo gi{XR_TYPE_ACTION_STATE_GET_INFO};
            gi.action = a;
            XrActionStateFloat st{XR_TYPE_ACTION_STATE_FLOAT};
            if (XR_FAILED(xrGetActionStateFloat(m_session, &gi, &st)) || !st.isActive) return std::nullopt;
            return st.currentState;
        };
        auto pressed = [&](XrAction a) {
            XrActionStateGetInfo gi{XR_TYPE_ACTION_STATE_GET_INFO};
            gi.action = a;
            XrActionStateBoolean st{XR_TYPE_ACTION_STATE_BOOLEAN};
            return XR_SUCCEEDED(xrGetActionStateBoolean(m_session, &gi, &st)) && st.isActive && st.changedSinceLastSync &&
                   st.currentState;
        };
        if (auto v = get_float(m_slider); v && std::abs(*v) > 0.2f) m_input.slider_rate = *v;
        if (auto v = get_float(m_squeeze); v && *v > 0.05f) m_input.slider_absolute = *v;
        m_input.confirm = m_input.confirm || pressed(m_confirm);
        m_input.need_break = m_input.need_break || pressed(m_break);
    }

    void poll_events() {
        if (!m_instance || m_lost) return;
        for (;;) {
            XrEventDataBuffer ev{XR_TYPE_EVENT_DATA_BUFFER};
            XrResult r = xrPollEvent(m_instance, &ev);
            if (r == XR_EVENT_UNAVAILABLE) return;
            if (XR_FAILED(r)) {
                call(r, "xrPollEvent");
                return;
            }
            switch (ev.type) {
            case XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING: mark_lost("the runtime is shutting down"); return;
            case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED:
                on_state(reinterpret_cast<XrEventDataSessionStateChanged&>(ev).state);
                break;
            case XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING:
                core::log_info("xr", "the runtime moved the tracking origin");
                break;
            default: break;
            }
        }
    }

    // The session state machine, in one place.
    void on_state(XrSessionState s) {
        core::log_info("xr", "session state {} -> {}", state_name(m_state), state_name(s));
        m_state = s;
        switch (s) {
        case XR_SESSION_STATE_IDLE: break;
        case XR_SESSION_STATE_READY: {
            XrSessionBeginInfo bi{XR_TYPE_SESSION_BEGIN_INFO};
            bi.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
            if (call(xrBeginSession(m_session, &bi), "xrBeginSession")) m_running = true;
            break;
        }
        case XR_SESSION_STATE_SYNCHRONIZED:
        case XR_SESSION_STATE_VISIBLE: break;
        case XR_SESSION_STATE_FOCUSED:
            if (!m_focused_once) {
                m_focused_once = true;
                m_input.recenter = true; // the scene starts in front of the resident
            }
            break;
        case XR_SESSION_STATE_STOPPING:
            call(xrEndSession(m_session), "xrEndSession");
            m_running = false;
            break;
        case XR_SESSION_STATE_LOSS_PENDING:
            // The runtime lost the headset (unplugged, display off): restart when it can.
            m_running = false;
            m_restart_pending = true;
            break;
        case XR_SESSION_STATE_EXITING:
            m_running = false;
            m_exit = true;
            break;
        default: break;
        }
    }

    DisplayOptions m_options;
    Extensions m_ext;
    XrInstance m_instance = XR_NULL_HANDLE;
    XrSystemId m_system = XR_NULL_SYSTEM_ID;
    XrSession m_session = XR_NULL_HANDLE;
    XrSpace m_space = XR_NULL_HANDLE;
    XrSpace m_view_space = XR_NULL_HANDLE;
    XrSpace m_gaze_space = XR_NULL_HANDLE;
    XrActionSet m_action_set = XR_NULL_HANDLE;
    XrAction m_slider = XR_NULL_HANDLE, m_squeeze = XR_NULL_HANDLE, m_confirm = XR_NULL_HANDLE, m_break = XR_NULL_HANDLE,
             m_gaze = XR_NULL_HANDLE;
    std::array<XrHandTrackerEXT, 2> m_hands{XR_NULL_HANDLE, XR_NULL_HANDLE};
    XrSessionState m_state = XR_SESSION_STATE_UNKNOWN;
    std::string m_runtime_name, m_system_name;
    std::unique_ptr<DesktopWindow> m_window;
    std::unique_ptr<gpu::Context> m_ctx;
    SwapchainImages m_color, m_depth;
    VkExtent2D m_extent{};
    std::vector<XrView> m_views;
    XrTime m_display_time = 0;
    std::int64_t m_clock_offset_ns = 0;
    bool m_running = false, m_exit = false, m_lost = false, m_restart_pending = false, m_focused_once = false;
    bool m_frame_begun = false, m_should_render = false, m_color_acquired = false, m_depth_acquired = false;
    bool m_mirrored = false;
    double m_next_reconnect = 0.0;
    int m_reconnects = 0;
    std::uint32_t m_color_index = 0, m_depth_index = 0;
    gpu::StereoTarget m_last_target;
    std::string m_lost_reason;
    glm::quat m_recenter_orientation{1, 0, 0, 0};
    glm::vec3 m_recenter_position{0.0f};
    ResidentInput m_input;
    FrameStats m_stats;
    double m_frame_start = 0.0;
};

} // namespace

std::unique_ptr<Display> open_openxr(const DisplayOptions& options) { return std::make_unique<OpenXrDisplay>(options); }

} // namespace qx::xr
