#pragma once

#include "gpu/resources.h"

#include <array>
#include <functional>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace qx::gpu {

// A slice of a frame's host-visible upload buffer: write through `ptr`, bind `buffer`+`offset`.
struct UploadSlice {
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize size = 0;
    void* ptr = nullptr;
};

struct GpuTiming {
    std::string label; // what ended at this mark ("shadow", "scene", "post"...)
    double ms = 0;     // since the previous mark
};

class FrameRing;

// One frame in flight: its command buffer (recording), its upload arena and its timestamps.
class Frame {
public:
    std::uint64_t number() const { return m_number; }
    std::uint32_t slot() const { return m_slot; }
    VkCommandBuffer cmd() const { return m_cmd; }

    // Per-frame constants and dynamic vertex data; valid until this frame's fence signals.
    UploadSlice upload(VkDeviceSize size, VkDeviceSize alignment = 256);
    template <typename T>
    UploadSlice upload_value(const T& value, VkDeviceSize alignment = 256) {
        UploadSlice s = upload(sizeof(T), alignment);
        std::memcpy(s.ptr, &value, sizeof(T));
        return s;
    }
    // A GPU timestamp marking the end of the named stretch of work.
    void mark(std::string_view label);
    // Runs `done` on the frame thread once this frame has finished on the GPU (when the ring
    // next waits on its fence): for readbacks that must not stall the frame.
    void on_complete(std::function<void()> done);

private:
    friend class FrameRing;
    struct Slot;
    std::uint64_t m_number = 0;
    std::uint32_t m_slot = 0;
    VkCommandBuffer m_cmd = VK_NULL_HANDLE;
    FrameRing* m_ring = nullptr;
};

// N frames in flight (Sascha Willems' order: wait fence → reset → record → submit). Waiting on
// a slot's fence is the only wait; when it signals, destructions deferred up to that frame run.
class FrameRing {
public:
    static constexpr std::uint32_t k_max_marks = 16;

    FrameRing(Context& ctx, std::uint32_t slots = 2, VkDeviceSize upload_bytes = 1u << 20);
    ~FrameRing();
    FrameRing(const FrameRing&) = delete;
    FrameRing& operator=(const FrameRing&) = delete;

    // Waits for the oldest slot's previous frame, then starts recording a new frame in it.
    Frame& begin();
    // Ends recording and submits with the slot's fence. A failed submit (device lost) is
    // returned, not thrown: the frame loop decides what to do.
    VkResult submit(Frame& frame, std::span<const VkSemaphoreSubmitInfo> waits = {},
                    std::span<const VkSemaphoreSubmitInfo> signals = {});

    // GPU timings of the most recently completed frame (empty without timestamp support).
    const std::vector<GpuTiming>& last_gpu_timings() const { return m_last_timings; }
    std::optional<double> last_gpu_ms() const;
    std::uint64_t frames_begun() const { return m_frame_number; }
    // Upload buffers grown after start-up (should stay 0 once warmed up).
    std::uint64_t upload_growths() const { return m_upload_growths; }
    std::uint32_t slot_count() const { return static_cast<std::uint32_t>(m_slots.size()); }
    void wait_idle();

private:
    friend class Frame;
    struct SlotState {
        Fence fence;
        CommandPool pool;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        Buffer upload;
        VkDeviceSize upload_used = 0;
        std::uint64_t frame = 0; // the frame last submitted from this slot
        bool pending = false;    // submitted and not yet waited for
        std::vector<std::string> labels;
        std::vector<std::function<void()>> on_complete;
    };
    void complete(SlotState& slot);
    void read_timings(SlotState& slot);
    UploadSlice upload(SlotState& slot, VkDeviceSize size, VkDeviceSize alignment);

    Context& m_ctx;
    std::vector<SlotState> m_slots;
    QueryPool m_queries;
    Frame m_frame;
    std::uint64_t m_frame_number = 0;
    std::uint32_t m_current = 0;
    std::uint64_t m_upload_growths = 0;
    std::vector<GpuTiming> m_last_timings;
};

} // namespace qx::gpu
