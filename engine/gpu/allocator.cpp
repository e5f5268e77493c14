#include "gpu/allocator.h"

#include <algorithm>
#include <limits>

namespace qx::gpu {
namespace {

constexpr std::uint32_t k_dedicated = std::numeric_limits<std::uint32_t>::max();

VkDeviceSize align_up(VkDeviceSize v, VkDeviceSize a) { return (v + a - 1) / a * a; }

} // namespace

Allocator::Allocator(VkPhysicalDevice physical, VkDevice device) : m_device(device) {
    vkGetPhysicalDeviceMemoryProperties(physical, &m_props);
}

Allocator::~Allocator() {
    for (auto& [key, pool] : m_pools) {
        for (auto& block : pool.blocks) {
            if (block && block->memory) vkFreeMemory(m_device, block->memory, nullptr);
        }
    }
}

std::uint32_t Allocator::find_type(std::uint32_t type_bits, MemoryUsage usage) const {
    VkMemoryPropertyFlags required = 0, preferred = 0, avoided = 0;
    switch (usage) {
    case MemoryUsage::gpu_only:
        preferred = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
        avoided = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        break;
    case MemoryUsage::upload:
        required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        preferred = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
        break;
    case MemoryUsage::readback:
        required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        preferred = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
        break;
    }
    int best = -1, best_score = -1;
    for (std::uint32_t i = 0; i < m_props.memoryTypeCount; ++i) {
        if (!(type_bits & (1u << i))) continue;
        VkMemoryPropertyFlags flags = m_props.memoryTypes[i].propertyFlags;
        if ((flags & required) != required) continue;
        int score = std::popcount(flags & preferred) * 4 - std::popcount(flags & avoided);
        if (score > best_score) {
            best = static_cast<int>(i);
            best_score = score;
        }
    }
    QX_ENSURE(best >= 0, "no Vulkan memory type fits (type bits {:#x})", type_bits);
    return static_cast<std::uint32_t>(best);
}

VkDeviceMemory Allocator::allocate_memory(VkDeviceSize size, std::uint32_t type, void** mapped) {
    VkMemoryAllocateInfo info{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    info.allocationSize = size;
    info.memoryTypeIndex = type;
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VK_CHECK(vkAllocateMemory(m_device, &info, nullptr, &memory));
    ++m_stats.device_allocations;
    m_stats.reserved_bytes += size;
    *mapped = nullptr;
    if (m_props.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
        VK_CHECK(vkMapMemory(m_device, memory, 0, VK_WHOLE_SIZE, 0, mapped));
    }
    return memory;
}

Allocation Allocator::allocate(const VkMemoryRequirements& req, MemoryUsage usage, bool linear) {
    std::lock_guard lock(m_mutex);
    std::uint32_t type = find_type(req.memoryTypeBits, usage);
    Allocation a;
    a.memory_type = type;
    a.linear = linear;
    a.size = req.size;

    // Anything bigger than half a block gets its own memory.
    if (req.size > k_block_size / 2) {
        a.memory = allocate_memory(req.size, type, &a.mapped);
        a.block = k_dedicated;
        m_stats.used_bytes += req.size;
        ++m_stats.live_allocations;
        return a;
    }

    Pool& pool = m_pools[{type, linear}];
    for (;;) {
        for (std::uint32_t b = 0; b < pool.blocks.size(); ++b) {
            Block* block = pool.blocks[b].get();
            if (!block) continue;
            for (std::size_t r = 0; r < block->free.size(); ++r) {
                Range range = block->free[r];
                VkDeviceSize start = align_up(range.offset, req.alignment);
                if (start + req.size > range.offset + range.size) continue;
                // Split the free range into what precedes and what follows the allocation.
                VkDeviceSize end = start + req.size;
                std::vector<Range> pieces;
                if (start > range.offset) pieces.push_back({range.offset, start - range.offset});
                if (range.offset + range.size > end) pieces.push_back({end, range.offset + range.size - end});
                block->free.erase(block->free.begin() + static_cast<std::ptrdiff_t>(r));
                block->free.insert(block->free.begin() + static_cast<std::ptrdiff_t>(r), pieces.begin(), pieces.end());
                ++block->live;
                a.memory = block->memory;
                a.offset = start;
                a.block = b;
                a.mapped = block->mapped ? static_cast<char*>(block->mapped) + start : nullptr;
                m_stats.used_bytes += req.size;
                ++m_stats.live_allocations;
                return a;
            }
        }
        auto block = std::make_unique<Block>();
        block->size = k_block_size;
        block->memory = allocate_memory(k_block_size, type, &block->mapped);
        block->free.push_back({0, k_block_size});
        ++m_stats.live_blocks;
        auto slot = std::find(pool.blocks.begin(), pool.blocks.end(), nullptr);
        if (slot != pool.blocks.end()) {
            *slot = std::move(block);
        } else {
            pool.blocks.push_back(std::move(block));
        }
    }
}

void Allocator::free(const Allocation& a) {
    if (!a.memory) return;
    std::lock_guard lock(m_mutex);
    m_stats.used_bytes -= a.size;
    --m_stats.live_allocations;
    if (a.block == k_dedicated) {
        vkFreeMemory(m_device, a.memory, nullptr);
        m_stats.reserved_bytes -= a.size;
        return;
    }
    Pool& pool = m_pools[{a.memory_type, a.linear}];
    Block* block = pool.blocks[a.block].get();
    // Insert the range back in offset order and merge it with its neighbours.
    auto it = std::lower_bound(block->free.begin(), block->free.end(), a.offset,
                               [](const Range& r, VkDeviceSize off) { return r.offset < off; });
    it = block->free.insert(it, {a.offset, a.size});
    if (it + 1 != block->free.end() && it->offset + it->size == (it + 1)->offset) {
        it->size += (it + 1)->size;
        block->free.erase(it + 1);
    }
    if (it != block->free.begin() && (it - 1)->offset + (it - 1)->size == it->offset) {
        (it - 1)->size += it->size;
        block->free.erase(it);
    }
    --block->live;
    // Keep one empty block per pool for reuse; give back any other empty block.
    if (block->live == 0) {
        std::size_t empties = 0;
        for (auto& b : pool.blocks) empties += (b && b->live == 0) ? 1 : 0;
        if (empties > 1) {
            vkFreeMemory(m_device, block->memory, nullptr);
            m_stats.reserved_bytes -= block->size;
            --m_stats.live_blocks;
            pool.blocks[a.block].reset();
        }
    }
}

AllocatorStats Allocator::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

} // namespace qx::gpu
