// gpu — owns the VkInstance, the VkDevice and every Vulkan object's lifetime (deferred until the
// GPU is done with it); knows nothing of OpenXR, windows or scenes.
#pragma once

#include "gpu/allocator.h"
#include "gpu/deleter.h"
#include "gpu/vk.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace qx::gpu {

// Hooks for creating the instance and device through someone else, e.g. OpenXR's
// XR_KHR_vulkan_enable2 (xrCreateVulkanInstanceKHR, xrGetVulkanGraphicsDevice2KHR,
// xrCreateVulkanDeviceKHR). The context still decides layers, extensions and features.
struct ExternalCreation {
    std::function<VkResult(const VkInstanceCreateInfo&, VkInstance*)> create_instance;
    std::function<VkPhysicalDevice(VkInstance)> physical_device;
    std::function<VkResult(VkPhysicalDevice, const VkDeviceCreateInfo&, VkDevice*)> create_device;
};

struct ContextOptions {
    std::string app_name = "qingxing";
    // Khronos validation layer: on by default in debug builds and under tests
    // (QX_VULKAN_VALIDATION=1/0 overrides either way).
    std::optional<bool> validation;
    // Substring of the GPU's name to prefer (also QX_GPU=...); otherwise discrete > integrated > CPU.
    std::string device_name;
    std::vector<std::string> instance_extensions; // e.g. what GLFW needs for a window surface
    std::vector<std::string> device_extensions;   // e.g. VK_KHR_swapchain
    // Creates the window surface once the instance exists; the device's queue must present to it.
    std::function<VkSurfaceKHR(VkInstance)> make_surface;
    std::optional<ExternalCreation> external;
};

struct DeviceInfo {
    std::string name;
    std::string driver;
    VkPhysicalDeviceType type = VK_PHYSICAL_DEVICE_TYPE_OTHER;
    std::uint32_t api_version = 0;
    std::uint8_t uuid[VK_UUID_SIZE] = {};
    std::uint32_t vendor_id = 0;
    std::uint32_t device_id = 0;
    float timestamp_period_ns = 1.0f;
    bool timestamps = false;
    float max_anisotropy = 1.0f;
    VkSampleCountFlags color_samples = VK_SAMPLE_COUNT_1_BIT;
    VkDeviceSize min_uniform_offset_alignment = 256;
    VkDeviceSize min_storage_offset_alignment = 256;
    std::uint32_t max_sampled_images_per_stage = 16;
};

// Counters the benchmark reads to prove that, after warm-up, a frame creates nothing.
struct CreationCounters {
    std::atomic<std::uint64_t> pipelines{0};
    std::atomic<std::uint64_t> shader_modules{0};
    std::atomic<std::uint64_t> images{0};
    std::atomic<std::uint64_t> buffers{0};
    std::atomic<std::uint64_t> descriptor_sets{0};
};

class Context {
public:
    explicit Context(ContextOptions options = {});
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    VkInstance instance() const { return m_instance; }
    VkPhysicalDevice physical_device() const { return m_physical; }
    VkDevice device() const { return m_device; }
    VkQueue queue() const { return m_queue; }
    std::uint32_t queue_family() const { return m_queue_family; }
    VkSurfaceKHR surface() const { return m_surface; }
    const DeviceInfo& info() const { return m_info; }
    bool has_device_extension(std::string_view name) const;

    Allocator& allocator() { return *m_allocator; }
    DeferredDeleter& deleter() { return m_deleter; }
    CreationCounters& counters() { return m_counters; }

    // Debug-utils object names (only when validation or QX_VULKAN_NAMES is on).
    void set_name(VkObjectType type, std::uint64_t handle, std::string_view name) const;
    template <typename T>
    void set_name(T handle, VkObjectType type, std::string_view name) const {
        set_name(type, reinterpret_cast<std::uint64_t>(handle), name);
    }

    bool validation_enabled() const { return m_validation; }
    // Validation warnings and errors seen so far (tests fail on any).
    std::uint64_t validation_message_count() const { return m_validation_count.load(); }
    std::vector<std::string> validation_messages() const;

    // vkQueueSubmit and vkQueuePresentKHR need the queue externally synchronised: hold this.
    std::unique_lock<std::mutex> lock_queue() { return std::unique_lock(m_queue_mutex); }

    // Records `record` into a one-time command buffer, submits it and waits. For loading and
    // tests only: never inside the frame loop.
    void submit_and_wait(const std::function<void(VkCommandBuffer)>& record);
    // Waits for the device to go idle and runs every deferred destruction.
    void wait_idle();

private:
    void create_instance(const ContextOptions& options);
    void pick_physical_device(const ContextOptions& options);
    void create_device(const ContextOptions& options);
    static VKAPI_ATTR VkBool32 VKAPI_CALL debug_callback(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                         VkDebugUtilsMessageTypeFlagsEXT types,
                                                         const VkDebugUtilsMessengerCallbackDataEXT* data,
                                                         void* user);

    VkInstance m_instance = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT m_messenger = VK_NULL_HANDLE;
    VkSurfaceKHR m_surface = VK_NULL_HANDLE;
    VkPhysicalDevice m_physical = VK_NULL_HANDLE;
    VkDevice m_device = VK_NULL_HANDLE;
    VkQueue m_queue = VK_NULL_HANDLE;
    std::uint32_t m_queue_family = 0;
    VkCommandPool m_oneshot_pool = VK_NULL_HANDLE;
    DeviceInfo m_info;
    std::vector<std::string> m_device_extensions;
    bool m_validation = false;
    bool m_debug_utils = false;
    PFN_vkSetDebugUtilsObjectNameEXT m_set_name = nullptr;
    std::unique_ptr<Allocator> m_allocator;
    DeferredDeleter m_deleter;
    CreationCounters m_counters;
    std::atomic<std::uint64_t> m_validation_count{0};
    mutable std::mutex m_validation_mutex;
    std::mutex m_queue_mutex;
    std::mutex m_oneshot_mutex;
    std::vector<std::string> m_validation_log;
};

} // namespace qx::gpu
