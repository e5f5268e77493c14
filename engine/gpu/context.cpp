#include "gpu/context.h"

#include "core/log.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>

namespace qx::gpu {
namespace {

constexpr const char* k_validation_layer = "VK_LAYER_KHRONOS_validation";

bool env_flag(const char* name, bool fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    return std::strcmp(v, "0") != 0 && std::strcmp(v, "false") != 0 && std::strcmp(v, "off") != 0;
}

const char* device_type_name(VkPhysicalDeviceType type) {
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete GPU";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated GPU";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual GPU";
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "CPU";
    default: return "other";
    }
}

int device_type_rank(VkPhysicalDeviceType type) {
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 4;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 3;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 1;
    default: return 0;
    }
}

std::set<std::string> instance_extensions_available() {
    std::uint32_t n = 0;
    vkEnumerateInstanceExtensionProperties(nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> props(n);
    vkEnumerateInstanceExtensionProperties(nullptr, &n, props.data());
    std::set<std::string> out;
    for (auto& p : props) out.insert(p.extensionName);
    return out;
}

bool layer_available(const char* name) {
    std::uint32_t n = 0;
    vkEnumerateInstanceLayerProperties(&n, nullptr);
    std::vector<VkLayerProperties> props(n);
    vkEnumerateInstanceLayerProperties(&n, props.data());
    return std::any_of(props.begin(), props.end(), [&](auto& p) { return std::strcmp(p.layerName, name) == 0; });
}

std::set<std::string> device_extensions_available(VkPhysicalDevice physical) {
    std::uint32_t n = 0;
    vkEnumerateDeviceExtensionProperties(physical, nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> props(n);
    vkEnumerateDeviceExtensionProperties(physical, nullptr, &n, props.data());
    std::set<std::string> out;
    for (auto& p : props) out.insert(p.extensionName);
    return out;
}

// Why a device cannot run the renderer, or empty if it can.
std::string unsuitable_reason(VkPhysicalDevice physical, const std::vector<std::string>& extensions) {
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(physical, &props);
    if (props.apiVersion < VK_API_VERSION_1_3) return "it supports only Vulkan " + std::to_string(VK_API_VERSION_MAJOR(props.apiVersion)) + "." + std::to_string(VK_API_VERSION_MINOR(props.apiVersion)) + " (1.3 is needed)";
    VkPhysicalDeviceVulkan11Features f11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    f11.pNext = &f13;
    VkPhysicalDeviceFeatures2 f{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    f.pNext = &f11;
    vkGetPhysicalDeviceFeatures2(physical, &f);
    if (!f11.multiview) return "it lacks multiview";
    if (!f13.dynamicRendering || !f13.synchronization2) return "it lacks dynamic rendering or synchronization2";
    if (!f.features.shaderSampledImageArrayDynamicIndexing) return "it lacks dynamic indexing of texture arrays";
    auto available = device_extensions_available(physical);
    for (const auto& e : extensions) {
        if (!available.count(e)) return "it lacks " + e;
    }
    return {};
}

} // namespace

Context::Context(ContextOptions options) {
    bool validation_default =
#ifdef NDEBUG
        false;
#else
        true;
#endif
    m_validation = env_flag("QX_VULKAN_VALIDATION", options.validation.value_or(validation_default));
    create_instance(options);
    if (options.make_surface) m_surface = options.make_surface(m_instance);
    pick_physical_device(options);
    create_device(options);
    m_allocator = std::make_unique<Allocator>(m_physical, m_device);

    VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT | VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pool.queueFamilyIndex = m_queue_family;
    VK_CHECK(vkCreateCommandPool(m_device, &pool, nullptr, &m_oneshot_pool));
    set_name(m_oneshot_pool, VK_OBJECT_TYPE_COMMAND_POOL, "one-shot command pool");
}

Context::~Context() {
    if (m_device) {
        vkDeviceWaitIdle(m_device);
        m_deleter.flush();
        if (m_oneshot_pool) vkDestroyCommandPool(m_device, m_oneshot_pool, nullptr);
        m_allocator.reset();
        vkDestroyDevice(m_device, nullptr);
    }
    if (m_surface) vkDestroySurfaceKHR(m_instance, m_surface, nullptr);
    if (m_messenger) {
        auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkDestroyDebugUtilsMessengerEXT"));
        if (destroy) destroy(m_instance, m_messenger, nullptr);
    }
    if (m_instance) vkDestroyInstance(m_instance, nullptr);
}

void Context::create_instance(const ContextOptions& options) {
    auto available = instance_extensions_available();
    std::vector<const char*> extensions;
    for (const auto& e : options.instance_extensions) {
        if (!available.count(e)) {
            throw core::Error("the Vulkan instance lacks " + e,
                              "update the graphics driver, or run with --display headless");
        }
        extensions.push_back(e.c_str());
    }
    if (m_validation && !layer_available(k_validation_layer)) {
        core::log_warn("gpu", "Vulkan validation was asked for but {} is not installed (package "
                              "vulkan-validationlayers); continuing without it",
                       k_validation_layer);
        m_validation = false;
    }
    m_debug_utils = available.count(VK_EXT_DEBUG_UTILS_EXTENSION_NAME) &&
                    (m_validation || env_flag("QX_VULKAN_NAMES", false));
    if (m_debug_utils) extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    std::vector<const char*> layers;
    if (m_validation) layers.push_back(k_validation_layer);

    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = options.app_name.c_str();
    app.applicationVersion = VK_MAKE_VERSION(0, 1, 0);
    app.pEngineName = "qingxing";
    app.engineVersion = VK_MAKE_VERSION(0, 1, 0);
    app.apiVersion = VK_API_VERSION_1_3;

    VkDebugUtilsMessengerCreateInfoEXT messenger{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
    messenger.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                                VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    messenger.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                            VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                            VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    messenger.pfnUserCallback = &Context::debug_callback;
    messenger.pUserData = this;

    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pApplicationInfo = &app;
    info.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();
    info.enabledLayerCount = static_cast<std::uint32_t>(layers.size());
    info.ppEnabledLayerNames = layers.data();
    if (m_debug_utils) info.pNext = &messenger; // also catches messages from instance creation

    VkResult result = options.external ? options.external->create_instance(info, &m_instance)
                                       : vkCreateInstance(&info, nullptr, &m_instance);
    if (result == VK_ERROR_INCOMPATIBLE_DRIVER) {
        throw core::Error("no Vulkan driver is installed (vkCreateInstance: VK_ERROR_INCOMPATIBLE_DRIVER)",
                          "install the GPU's Vulkan driver, or mesa-vulkan-drivers for CPU rendering (tools/setup)");
    }
    VK_CHECK(result);
    if (m_debug_utils) {
        auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkCreateDebugUtilsMessengerEXT"));
        VK_CHECK(create(m_instance, &messenger, nullptr, &m_messenger));
        m_set_name = reinterpret_cast<PFN_vkSetDebugUtilsObjectNameEXT>(
            vkGetInstanceProcAddr(m_instance, "vkSetDebugUtilsObjectNameEXT"));
    }
}

void Context::pick_physical_device(const ContextOptions& options) {
    std::vector<std::string> needed = options.device_extensions;
    if (options.external) {
        m_physical = options.external->physical_device(m_instance);
        QX_ENSURE(m_physical != VK_NULL_HANDLE, "the XR runtime named no Vulkan device");
        std::string reason = unsuitable_reason(m_physical, needed);
        VkPhysicalDeviceProperties props;
        vkGetPhysicalDeviceProperties(m_physical, &props);
        if (!reason.empty()) throw core::Error(fmt::format("the headset's GPU {} cannot be used: {}", props.deviceName, reason));
    } else {
        std::uint32_t n = 0;
        vkEnumeratePhysicalDevices(m_instance, &n, nullptr);
        std::vector<VkPhysicalDevice> devices(n);
        vkEnumeratePhysicalDevices(m_instance, &n, devices.data());
        if (devices.empty()) {
            throw core::Error("Vulkan found no GPU", "install mesa-vulkan-drivers for CPU rendering (tools/setup)");
        }
        std::string wanted = options.device_name;
        if (const char* env = std::getenv("QX_GPU"); env && *env) wanted = env;
        int best_score = -1;
        std::string rejected;
        for (VkPhysicalDevice d : devices) {
            VkPhysicalDeviceProperties props;
            vkGetPhysicalDeviceProperties(d, &props);
            std::string reason = unsuitable_reason(d, needed);
            if (reason.empty() && m_surface) {
                // Some queue family must both draw and present to the window.
                std::uint32_t qn = 0;
                vkGetPhysicalDeviceQueueFamilyProperties(d, &qn, nullptr);
                bool presents = false;
                for (std::uint32_t q = 0; q < qn; ++q) {
                    VkBool32 ok = VK_FALSE;
                    vkGetPhysicalDeviceSurfaceSupportKHR(d, q, m_surface, &ok);
                    presents = presents || ok;
                }
                if (!presents) reason = "it cannot present to the window";
            }
            if (!reason.empty()) {
                rejected += fmt::format("; {}: {}", props.deviceName, reason);
                continue;
            }
            int score = device_type_rank(props.deviceType);
            if (!wanted.empty() && std::string(props.deviceName).find(wanted) != std::string::npos) score += 100;
            if (score > best_score) {
                best_score = score;
                m_physical = d;
            }
        }
        if (!m_physical) throw core::Error("no GPU can run Qingxing" + rejected,
                                           "update the graphics driver (Vulkan 1.3 with multiview is needed)");
    }

    VkPhysicalDeviceProperties2 props2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceIDProperties ids{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_ID_PROPERTIES};
    props2.pNext = &driver;
    driver.pNext = &ids;
    vkGetPhysicalDeviceProperties2(m_physical, &props2);
    const VkPhysicalDeviceProperties& p = props2.properties;
    m_info.name = p.deviceName;
    m_info.driver = fmt::format("{} {}", driver.driverName, driver.driverInfo);
    m_info.type = p.deviceType;
    m_info.api_version = p.apiVersion;
    std::memcpy(m_info.uuid, p.pipelineCacheUUID, VK_UUID_SIZE);
    m_info.vendor_id = p.vendorID;
    m_info.device_id = p.deviceID;
    m_info.timestamp_period_ns = p.limits.timestampPeriod;
    m_info.max_anisotropy = p.limits.maxSamplerAnisotropy;
    m_info.color_samples = p.limits.framebufferColorSampleCounts & p.limits.framebufferDepthSampleCounts;
    m_info.min_uniform_offset_alignment = p.limits.minUniformBufferOffsetAlignment;
    m_info.min_storage_offset_alignment = p.limits.minStorageBufferOffsetAlignment;
    m_info.max_sampled_images_per_stage = p.limits.maxPerStageDescriptorSampledImages;
    core::log_info("gpu", "Vulkan device: {} ({}, Vulkan {}.{}, {})", m_info.name, device_type_name(m_info.type),
                   VK_API_VERSION_MAJOR(p.apiVersion), VK_API_VERSION_MINOR(p.apiVersion), m_info.driver);
}

void Context::create_device(const ContextOptions& options) {
    std::uint32_t qn = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(m_physical, &qn, nullptr);
    std::vector<VkQueueFamilyProperties> families(qn);
    vkGetPhysicalDeviceQueueFamilyProperties(m_physical, &qn, families.data());
    bool found = false;
    for (std::uint32_t q = 0; q < qn && !found; ++q) {
        if (!(families[q].queueFlags & VK_QUEUE_GRAPHICS_BIT)) continue;
        if (m_surface) {
            VkBool32 ok = VK_FALSE;
            vkGetPhysicalDeviceSurfaceSupportKHR(m_physical, q, m_surface, &ok);
            if (!ok) continue;
        }
        m_queue_family = q;
        m_info.timestamps = families[q].timestampValidBits > 0 && m_info.timestamp_period_ns > 0;
        found = true;
    }
    QX_ENSURE(found, "the GPU {} has no queue that can draw{}", m_info.name, m_surface ? " and present" : "");

    VkPhysicalDeviceFeatures supported;
    vkGetPhysicalDeviceFeatures(m_physical, &supported);
    VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    f13.dynamicRendering = VK_TRUE;
    f13.synchronization2 = VK_TRUE;
    // No VkPhysicalDeviceVulkan12Features in the chain: none is needed, and OpenXR runtimes
    // (Monado) append VkPhysicalDeviceTimelineSemaphoreFeatures, which may not appear beside it.
    VkPhysicalDeviceVulkan11Features f11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    f11.pNext = &f13;
    f11.multiview = VK_TRUE;
    VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    features.pNext = &f11;
    features.features.samplerAnisotropy = supported.samplerAnisotropy;
    features.features.shaderSampledImageArrayDynamicIndexing = VK_TRUE;
    features.features.depthClamp = supported.depthClamp;
    if (!supported.samplerAnisotropy) m_info.max_anisotropy = 1.0f;

    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue.queueFamilyIndex = m_queue_family;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;

    m_device_extensions = options.device_extensions;
    std::vector<const char*> extensions;
    for (const auto& e : m_device_extensions) extensions.push_back(e.c_str());

    VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    info.pNext = &features;
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queue;
    info.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();
    VkResult result = options.external ? options.external->create_device(m_physical, info, &m_device)
                                       : vkCreateDevice(m_physical, &info, nullptr, &m_device);
    VK_CHECK(result);
    vkGetDeviceQueue(m_device, m_queue_family, 0, &m_queue);
    set_name(m_device, VK_OBJECT_TYPE_DEVICE, "qingxing device");
    set_name(m_queue, VK_OBJECT_TYPE_QUEUE, "graphics queue");
}

bool Context::has_device_extension(std::string_view name) const {
    return std::find(m_device_extensions.begin(), m_device_extensions.end(), name) != m_device_extensions.end();
}

void Context::set_name(VkObjectType type, std::uint64_t handle, std::string_view name) const {
    if (!m_set_name || !handle) return;
    std::string text(name);
    VkDebugUtilsObjectNameInfoEXT info{VK_STRUCTURE_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT};
    info.objectType = type;
    info.objectHandle = handle;
    info.pObjectName = text.c_str();
    m_set_name(m_device, &info);
}

std::vector<std::string> Context::validation_messages() const {
    std::lock_guard lock(m_validation_mutex);
    return m_validation_log;
}

VKAPI_ATTR VkBool32 VKAPI_CALL Context::debug_callback(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                       VkDebugUtilsMessageTypeFlagsEXT types,
                                                       const VkDebugUtilsMessengerCallbackDataEXT* data,
                                                       void* user) {
    auto* self = static_cast<Context*>(user);
    const char* message = data && data->pMessage ? data->pMessage : "(no message)";
    bool error = severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    if (types & VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT) {
        // Every validation warning or error counts: tests fail on any.
        self->m_validation_count.fetch_add(1);
        {
            std::lock_guard lock(self->m_validation_mutex);
            if (self->m_validation_log.size() < 100) self->m_validation_log.emplace_back(message);
        }
        if (error) {
            core::log_error("vulkan", "{}", message);
        } else {
            core::log_warn("vulkan", "{}", message);
        }
    } else if (types & VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT) {
        core::log_debug("vulkan", "performance: {}", message);
    } else {
        core::log_debug("vulkan", "{}", message);
    }
    return VK_FALSE;
}

void Context::submit_and_wait(const std::function<void(VkCommandBuffer)>& record) {
    std::lock_guard pool_lock(m_oneshot_mutex);
    VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    alloc.commandPool = m_oneshot_pool;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VK_CHECK(vkAllocateCommandBuffers(m_device, &alloc, &cmd));
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    VK_CHECK(vkBeginCommandBuffer(cmd, &begin));
    record(cmd);
    VK_CHECK(vkEndCommandBuffer(cmd));
    VkFenceCreateInfo fence_info{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkFence fence = VK_NULL_HANDLE;
    VK_CHECK(vkCreateFence(m_device, &fence_info, nullptr, &fence));
    VkCommandBufferSubmitInfo cmd_info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cmd_info.commandBuffer = cmd;
    VkSubmitInfo2 submit{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit.commandBufferInfoCount = 1;
    submit.pCommandBufferInfos = &cmd_info;
    VkResult result;
    {
        auto queue_lock = lock_queue();
        result = vkQueueSubmit2(m_queue, 1, &submit, fence);
    }
    if (result == VK_SUCCESS) result = vkWaitForFences(m_device, 1, &fence, VK_TRUE, UINT64_MAX);
    vkDestroyFence(m_device, fence, nullptr);
    vkFreeCommandBuffers(m_device, m_oneshot_pool, 1, &cmd);
    VK_CHECK(result);
}

void Context::wait_idle() {
    vkDeviceWaitIdle(m_device);
    m_deleter.flush();
}

} // namespace qx::gpu
