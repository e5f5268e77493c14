#pragma once

#include "gpu/context.h"

#include <utility>

namespace qx::gpu {

// A move-only owner of one Vulkan device object. Its destructor does not destroy the object
// at once: it defers destruction to the frame ring, which runs it once the GPU is done with
// every frame that might use it. No destroy() to remember.
template <typename T, void (*Destroy)(VkDevice, T, const VkAllocationCallbacks*)>
class Handle {
public:
    Handle() = default;
    Handle(Context& ctx, T handle) : m_ctx(&ctx), m_handle(handle) {}
    ~Handle() { reset(); }
    Handle(Handle&& other) noexcept
        : m_ctx(std::exchange(other.m_ctx, nullptr)), m_handle(std::exchange(other.m_handle, VK_NULL_HANDLE)) {}
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset();
            m_ctx = std::exchange(other.m_ctx, nullptr);
            m_handle = std::exchange(other.m_handle, VK_NULL_HANDLE);
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    T get() const { return m_handle; }
    operator T() const { return m_handle; }
    explicit operator bool() const { return m_handle != VK_NULL_HANDLE; }

    void reset() {
        if (m_ctx && m_handle) {
            VkDevice device = m_ctx->device();
            T handle = m_handle;
            m_ctx->deleter().defer([device, handle] { Destroy(device, handle, nullptr); });
        }
        m_handle = VK_NULL_HANDLE;
    }

private:
    Context* m_ctx = nullptr;
    T m_handle = VK_NULL_HANDLE;
};

using Pipeline = Handle<VkPipeline, vkDestroyPipeline>;
using PipelineLayout = Handle<VkPipelineLayout, vkDestroyPipelineLayout>;
using DescriptorSetLayout = Handle<VkDescriptorSetLayout, vkDestroyDescriptorSetLayout>;
using DescriptorPool = Handle<VkDescriptorPool, vkDestroyDescriptorPool>;
using Sampler = Handle<VkSampler, vkDestroySampler>;
using ImageView = Handle<VkImageView, vkDestroyImageView>;
using ShaderModule = Handle<VkShaderModule, vkDestroyShaderModule>;
using Fence = Handle<VkFence, vkDestroyFence>;
using Semaphore = Handle<VkSemaphore, vkDestroySemaphore>;
using CommandPool = Handle<VkCommandPool, vkDestroyCommandPool>;
using QueryPool = Handle<VkQueryPool, vkDestroyQueryPool>;

} // namespace qx::gpu
