#pragma once

#include "gpu/vk.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace qx::gpu {

// Where a resource should live.
enum class MemoryUsage {
    gpu_only, // device-local; filled by copies
    upload,   // host-visible and coherent, persistently mapped: staging, per-frame uniforms
    readback, // host-visible, preferably cached: copies back to the CPU
};

struct Allocation {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize size = 0;
    void* mapped = nullptr; // non-null for upload/readback memory
    std::uint32_t memory_type = 0;
    std::uint32_t block = 0; // index in its pool; UINT32_MAX for a dedicated allocation
    bool linear = true;      // buffers and linear images vs optimal-tiling images
    explicit operator bool() const { return memory != VK_NULL_HANDLE; }
};

struct AllocatorStats {
    std::uint64_t device_allocations = 0; // vkAllocateMemory calls so far
    std::uint64_t live_blocks = 0;
    VkDeviceSize reserved_bytes = 0;      // device memory held
    VkDeviceSize used_bytes = 0;          // handed out to resources
    std::uint64_t live_allocations = 0;
};

// Sub-allocates resources from large device-memory blocks (one vkAllocateMemory per block,
// not per object). Blocks are kept per memory type and per linear/optimal kind, so buffers
// and optimal images never share a page (bufferImageGranularity). Thread-safe.
class Allocator {
public:
    static constexpr VkDeviceSize k_block_size = 64ull << 20;

    Allocator(VkPhysicalDevice physical, VkDevice device);
    ~Allocator();
    Allocator(const Allocator&) = delete;
    Allocator& operator=(const Allocator&) = delete;

    Allocation allocate(const VkMemoryRequirements& requirements, MemoryUsage usage, bool linear);
    void free(const Allocation& allocation);
    AllocatorStats stats() const;

private:
    struct Range {
        VkDeviceSize offset;
        VkDeviceSize size;
    };
    struct Block {
        VkDeviceMemory memory = VK_NULL_HANDLE;
        VkDeviceSize size = 0;
        void* mapped = nullptr;
        std::vector<Range> free; // sorted by offset, coalesced
        std::uint64_t live = 0;
    };
    struct Pool {
        std::vector<std::unique_ptr<Block>> blocks;
    };

    std::uint32_t find_type(std::uint32_t type_bits, MemoryUsage usage) const;
    VkDeviceMemory allocate_memory(VkDeviceSize size, std::uint32_t type, void** mapped);

    VkDevice m_device;
    VkPhysicalDeviceMemoryProperties m_props{};
    mutable std::mutex m_mutex;
    std::map<std::pair<std::uint32_t, bool>, Pool> m_pools;
    AllocatorStats m_stats;
};

} // namespace qx::gpu
