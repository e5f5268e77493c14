// The OpenXR instance, system, the Vulkan context made through it, the session and its state
// machine, and what happens when the runtime goes away and comes back.
#include "xr/openxr_display.h"

#include "core/clock.h"
#include "core/log.h"
#include "core/platform.h"
#include "xr/strings.h"

#include <openxr/openxr_reflection.h>

#include <cmath>
#include <cstring>

namespace qx::xr {

const char* xr_result_name(XrResult r) {
    switch (r) {
#define QX_XR_CASE(name, value)                                                                              \
    case name:                                                                                               \
        return #name;
        XR_LIST_ENUM_XrResult(QX_XR_CASE)
#undef QX_XR_CASE
            default : return "XR_RESULT_UNKNOWN";
    }
}

const char* state_name(XrSessionState s) {
    switch (s) {
#define QX_XR_CASE(name, value)                                                                              \
    case name:                                                                                               \
        return #name;
        XR_LIST_ENUM_XrSessionState(QX_XR_CASE)
#undef QX_XR_CASE
            default : return "XR_SESSION_STATE_UNKNOWN";
    }
}

bool is_loss(XrResult r) {
    return r == XR_ERROR_INSTANCE_LOST || r == XR_ERROR_SESSION_LOST || r == XR_ERROR_RUNTIME_FAILURE ||
           r == XR_ERROR_HANDLE_INVALID;
}

namespace {

// What to do when no headset runtime answers, naming the software that provides one where the
// program runs: SteamVR or Monado on Linux; on Windows SteamVR or the headset maker's PC software,
// which must be the active OpenXR runtime.
std::string runtime_hint(core::Lang lang) {
#ifdef _WIN32
    return std::string(xr::tr("xr.no_runtime_hint_windows", lang));
#else
    return std::string(xr::tr("xr.no_runtime_hint_linux", lang));
#endif
}

} // namespace

void OpenXrDisplay::mark_lost(const std::string& why) {
    if (m_lost) return;
    m_lost = true;
    m_running = false;
    m_frame_begun = false;
    m_lost_reason = why;
    core::log_error("xr",
                    "the headset runtime went away ({}); the session keeps its records — check the "
                    "headset and SteamVR/Monado, then resume the session",
                    why);
}

// After the runtime went away: every two seconds, see whether it is back, and if so start a
// new instance and session on the same Vulkan device (the device never belonged to the
// runtime, so it survives).
void OpenXrDisplay::try_reconnect() {
    double now = core::mono_seconds();
    if (now < m_next_reconnect) return;
    m_next_reconnect = now + 2.0;
    // Release the dead runtime's handles: its calls fail, but the loader allows one instance
    // at a time, so the old session and instance must be destroyed before a new one can exist.
    // The session's other handles died with the runtime and are only forgotten.
    if (m_ctx) vkDeviceWaitIdle(m_ctx->device());
    if (m_xs) m_xs->abandon_children();
    m_xs.reset();
    m_instance.reset();
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
        core::log_warn("xr", "the headset runtime is back: a new session started ({} reconnection{})",
                       m_reconnects, m_reconnects == 1 ? "" : "s");
    } catch (const std::exception& e) {
        m_xs.reset(); // whatever of a new session was made goes before its instance
        m_instance.reset();
        core::log_debug("xr", "the headset runtime is not back yet: {}", e.what());
    }
}

void OpenXrDisplay::create_instance() {
    // The loader prints its own errors when no runtime is installed; the reason is given
    // to the person in plain words below, so keep its console quiet unless asked.
    core::set_env("XR_LOADER_DEBUG", "none", false);
    std::uint32_t n = 0;
    XrResult r = xrEnumerateInstanceExtensionProperties(nullptr, 0, &n, nullptr);
    if (XR_FAILED(r)) {
        throw core::Error(xr::trf("xr.no_runtime", m_options.lang, fmt::arg("result", xr_result_name(r))),
                          runtime_hint(m_options.lang));
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
        throw core::Error(std::string(xr::tr("xr.no_vulkan_enable2", m_options.lang)),
                          std::string(xr::tr("xr.update_runtime", m_options.lang)));
    }
    std::vector<const char*> enabled{XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME};
#define QX_ENABLE(name, flag)                                                                                \
    if (has(name)) {                                                                                         \
        m_ext.flag = true;                                                                                   \
        enabled.push_back(name);                                                                             \
    }
    QX_XR_OPTIONAL_EXTENSIONS(QX_ENABLE)
#undef QX_ENABLE
    XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
    std::strncpy(info.applicationInfo.applicationName, "Qingxing", XR_MAX_APPLICATION_NAME_SIZE - 1);
    info.applicationInfo.applicationVersion = 1;
    std::strncpy(info.applicationInfo.engineName, "qingxing", XR_MAX_ENGINE_NAME_SIZE - 1);
    // OpenXR 1.0: every runtime in use takes it (a 1.1 request is refused by runtimes that predate
    // 1.1, such as older SteamVR and headset streaming software); newer headers name it apart.
#ifdef XR_API_VERSION_1_0
    info.applicationInfo.apiVersion = XR_API_VERSION_1_0;
#else
    info.applicationInfo.apiVersion = XR_CURRENT_API_VERSION;
#endif
    info.enabledExtensionCount = std::uint32_t(enabled.size());
    info.enabledExtensionNames = enabled.data();
    r = xrCreateInstance(&info, m_instance.put());
    if (XR_FAILED(r)) {
        throw core::Error(xr::trf("xr.no_runtime", m_options.lang,
                              fmt::arg("result", std::string("xrCreateInstance: ") + xr_result_name(r))),
                          runtime_hint(m_options.lang));
    }
#define QX_LOAD(fn, flag)                                                                                    \
    if (m_ext.flag)                                                                                          \
        XR_CHECK(xrGetInstanceProcAddr(m_instance, #fn, reinterpret_cast<PFN_xrVoidFunction*>(&m_ext.fn)));
    QX_XR_FUNCTIONS(QX_LOAD)
#undef QX_LOAD
    XrInstanceProperties ip{XR_TYPE_INSTANCE_PROPERTIES};
    XR_CHECK(xrGetInstanceProperties(m_instance, &ip));
    m_runtime_name = fmt::format("{} {}.{}.{}", ip.runtimeName, XR_VERSION_MAJOR(ip.runtimeVersion),
                                 XR_VERSION_MINOR(ip.runtimeVersion), XR_VERSION_PATCH(ip.runtimeVersion));
    core::log_info("xr", "OpenXR runtime: {} (depth layer {}, eye gaze {}, hand tracking {})", m_runtime_name,
                   m_ext.depth_layer ? "yes" : "no", m_ext.eye_gaze ? "yes" : "no",
                   m_ext.hand_tracking ? "yes" : "no");
}

std::optional<double> OpenXrDisplay::refresh_hz() const {
    if (!m_ext.refresh_rate || !m_xs) return std::nullopt;
    float hz = 0.0f;
    if (XR_FAILED(m_ext.xrGetDisplayRefreshRateFB(m_xs->session, &hz)) || !(hz > 0.0f)) return std::nullopt;
    return double(hz);
}

void OpenXrDisplay::create_system() {
    XrSystemGetInfo gi{XR_TYPE_SYSTEM_GET_INFO};
    gi.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    XrResult r = xrGetSystem(m_instance, &gi, &m_system);
    if (XR_FAILED(r)) {
        throw core::Error(xr::trf("xr.no_headset", m_options.lang, fmt::arg("result", xr_result_name(r))),
                          std::string(xr::tr("xr.no_headset_hint", m_options.lang)));
    }
    XrSystemProperties sp{XR_TYPE_SYSTEM_PROPERTIES};
    XR_CHECK(xrGetSystemProperties(m_instance, m_system, &sp));
    m_system_name = sp.systemName;
    std::uint32_t n = 0;
    XR_CHECK(xrEnumerateViewConfigurationViews(m_instance, m_system,
                                               XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0, &n, nullptr));
    std::vector<XrViewConfigurationView> views(n, {XR_TYPE_VIEW_CONFIGURATION_VIEW});
    XR_CHECK(xrEnumerateViewConfigurationViews(
        m_instance, m_system, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, n, &n, views.data()));
    QX_ENSURE(n == 2, "the headset reports {} views; a stereo headset has 2", n);
    m_extent = {views[0].recommendedImageRectWidth, views[0].recommendedImageRectHeight};
    core::log_info("xr", "headset: {} ({}x{} per eye recommended)", m_system_name, m_extent.width,
                   m_extent.height);
}

void OpenXrDisplay::create_vulkan() {
    XrGraphicsRequirementsVulkan2KHR req{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    XR_CHECK(m_ext.xrGetVulkanGraphicsRequirements2KHR(m_instance, m_system, &req));
    if (XR_VERSION_MAJOR(req.minApiVersionSupported) > 1 ||
        (XR_VERSION_MAJOR(req.minApiVersionSupported) == 1 &&
         XR_VERSION_MINOR(req.minApiVersionSupported) > 3)) {
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

void OpenXrDisplay::create_session() {
    XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
    binding.instance = m_ctx->instance();
    binding.physicalDevice = m_ctx->physical_device();
    binding.device = m_ctx->device();
    binding.queueFamilyIndex = m_ctx->queue_family();
    binding.queueIndex = 0;
    XrSessionCreateInfo si{XR_TYPE_SESSION_CREATE_INFO};
    si.next = &binding;
    si.systemId = m_system;
    m_xs = std::make_unique<SessionObjects>();
    XR_CHECK(xrCreateSession(m_instance, &si, m_xs->session.put()));
    create_space();
    create_swapchains();
    create_actions();
    m_state = XR_SESSION_STATE_UNKNOWN;
    m_restart_pending = false;
}

void OpenXrDisplay::restart_session() {
    core::log_warn("xr", "restarting the headset session after it was lost");
    if (m_ctx) vkDeviceWaitIdle(m_ctx->device());
    m_xs.reset();
    try {
        create_session();
    } catch (const core::Error& e) {
        mark_lost(std::string("the session could not be restarted: ") + e.what());
    }
}

void OpenXrDisplay::create_space() {
    XrReferenceSpaceCreateInfo si{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
    si.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL; // seated: the origin is where the head was
    si.poseInReferenceSpace.orientation.w = 1.0f;
    XR_CHECK(xrCreateReferenceSpace(m_xs->session, &si, m_xs->space.put()));
    XrReferenceSpaceCreateInfo vi = si;
    vi.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
    XR_CHECK(xrCreateReferenceSpace(m_xs->session, &vi, m_xs->view_space.put()));
}

// Seated recentre: the seat's eye point and forward direction become where the head is now.
void OpenXrDisplay::recenter() {
    if (!m_xs || !m_xs->session || m_lost || m_display_time == 0) return;
    XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
    if (XR_FAILED(xrLocateSpace(m_xs->view_space, m_xs->space, m_display_time, &loc)) ||
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
    Space fresh;
    if (XR_SUCCEEDED(xrCreateReferenceSpace(m_xs->session, &si, fresh.put()))) {
        m_xs->space = std::move(fresh);
        core::log_info("xr", "recentred the seated view (turned {:.0f} degrees)", glm::degrees(yaw));
    }
}

void OpenXrDisplay::poll_events() {
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
        case XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING:
            mark_lost("the runtime is shutting down");
            return;
        case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED:
            on_state(reinterpret_cast<XrEventDataSessionStateChanged&>(ev).state);
            m_refresh_period.reset(); // a new session may run at another rate: read it again
            break;
        case XR_TYPE_EVENT_DATA_DISPLAY_REFRESH_RATE_CHANGED_FB:
            m_refresh_period.reset();
            break;
        case XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING:
            core::log_info("xr", "the runtime moved the tracking origin");
            break;
        default:
            break;
        }
    }
}

// The session state machine, in one place.
void OpenXrDisplay::on_state(XrSessionState s) {
    core::log_info("xr", "session state {} -> {}", state_name(m_state), state_name(s));
    m_state = s;
    switch (s) {
    case XR_SESSION_STATE_IDLE:
        break;
    case XR_SESSION_STATE_READY: {
        XrSessionBeginInfo bi{XR_TYPE_SESSION_BEGIN_INFO};
        bi.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        if (call(xrBeginSession(m_xs->session, &bi), "xrBeginSession")) m_running = true;
        break;
    }
    case XR_SESSION_STATE_SYNCHRONIZED:
    case XR_SESSION_STATE_VISIBLE:
        break;
    case XR_SESSION_STATE_FOCUSED:
        if (!m_focused_once) {
            m_focused_once = true;
            m_input.recenter = true; // the scene starts in front of the resident
        }
        break;
    case XR_SESSION_STATE_STOPPING:
        call(xrEndSession(m_xs->session), "xrEndSession");
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
    default:
        break;
    }
}

} // namespace qx::xr
