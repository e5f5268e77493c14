#include "gpu/frame_ring.h"

#include "core/log.h"

namespace qx::gpu {

UploadSlice Frame::upload(VkDeviceSize size, VkDeviceSize alignment) {
    return m_ring->upload(m_ring->m_slots[m_slot], size, alignment);
}

void Frame::on_complete(std::function<void()> done) {
    m_ring->m_slots[m_slot].on_complete.push_back(std::move(done));
}

void FrameRing::complete(SlotState& s) {
    s.pending = false;
    // Every frame up to this slot's last one has finished: their deferred destructions can run.
    m_ctx.deleter().collect(s.frame);
    read_timings(s);
    auto callbacks = std::move(s.on_complete);
    s.on_complete.clear();
    for (auto& done : callbacks) done();
}

void Frame::mark(std::string_view label) {
    auto& slot = m_ring->m_slots[m_slot];
    if (!m_ring->m_queries || slot.labels.size() + 1 >= FrameRing::k_max_marks) return;
    std::uint32_t query = m_slot * FrameRing::k_max_marks + static_cast<std::uint32_t>(slot.labels.size()) + 1;
    vkCmdWriteTimestamp2(m_cmd, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, m_ring->m_queries, query);
    slot.labels.emplace_back(label);
}

FrameRing::FrameRing(Context& ctx, std::uint32_t slots, VkDeviceSize upload_bytes) : m_ctx(ctx) {
    m_slots.resize(slots);
    for (std::uint32_t i = 0; i < slots; ++i) {
        SlotState& s = m_slots[i];
        VkFenceCreateInfo fence{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        VkFence f = VK_NULL_HANDLE;
        VK_CHECK(vkCreateFence(ctx.device(), &fence, nullptr, &f));
        s.fence = Fence(ctx, f);
        ctx.set_name(f, VK_OBJECT_TYPE_FENCE, fmt::format("frame slot {} fence", i));
        VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        pool.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
        pool.queueFamilyIndex = ctx.queue_family();
        VkCommandPool p = VK_NULL_HANDLE;
        VK_CHECK(vkCreateCommandPool(ctx.device(), &pool, nullptr, &p));
        s.pool = CommandPool(ctx, p);
        VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        alloc.commandPool = p;
        alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        alloc.commandBufferCount = 1;
        VK_CHECK(vkAllocateCommandBuffers(ctx.device(), &alloc, &s.cmd));
        ctx.set_name(s.cmd, VK_OBJECT_TYPE_COMMAND_BUFFER, fmt::format("frame slot {} commands", i));
        s.upload = Buffer(ctx, upload_bytes,
                          VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                              VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_INDEX_BUFFER_BIT |
                              VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                          MemoryUsage::upload, fmt::format("frame slot {} uploads", i));
    }
    if (ctx.info().timestamps) {
        VkQueryPoolCreateInfo q{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
        q.queryType = VK_QUERY_TYPE_TIMESTAMP;
        q.queryCount = slots * k_max_marks;
        VkQueryPool pool = VK_NULL_HANDLE;
        VK_CHECK(vkCreateQueryPool(ctx.device(), &q, nullptr, &pool));
        m_queries = QueryPool(ctx, pool);
    }
}

FrameRing::~FrameRing() { wait_idle(); }

void FrameRing::wait_idle() {
    // Oldest first, so the timings left behind are the newest frame's.
    std::uint32_t n = static_cast<std::uint32_t>(m_slots.size());
    for (std::uint32_t i = 1; i <= n; ++i) {
        SlotState& s = m_slots[(m_current + i) % n];
        if (!s.pending) continue;
        VkFence f = s.fence;
        vkWaitForFences(m_ctx.device(), 1, &f, VK_TRUE, UINT64_MAX);
        complete(s);
    }
}

void FrameRing::read_timings(SlotState& slot) {
    if (!m_queries || slot.labels.empty()) return;
    std::uint32_t first = static_cast<std::uint32_t>(&slot - m_slots.data()) * k_max_marks;
    std::uint32_t count = static_cast<std::uint32_t>(slot.labels.size()) + 1;
    std::uint64_t stamps[k_max_marks] = {};
    VkResult r = vkGetQueryPoolResults(m_ctx.device(), m_queries, first, count, sizeof(stamps), stamps,
                                       sizeof(std::uint64_t), VK_QUERY_RESULT_64_BIT);
    if (r != VK_SUCCESS) return;
    m_last_timings.clear();
    double period_ms = m_ctx.info().timestamp_period_ns * 1e-6;
    for (std::uint32_t i = 1; i < count; ++i) {
        m_last_timings.push_back({slot.labels[i - 1], static_cast<double>(stamps[i] - stamps[i - 1]) * period_ms});
    }
}

std::optional<double> FrameRing::last_gpu_ms() const {
    if (m_last_timings.empty()) return std::nullopt;
    double total = 0;
    for (const GpuTiming& t : m_last_timings) total += t.ms;
    return total;
}

Frame& FrameRing::begin() {
    m_current = static_cast<std::uint32_t>(m_frame_number % m_slots.size());
    SlotState& s = m_slots[m_current];
    if (s.pending) {
        VkFence f = s.fence;
        VK_CHECK(vkWaitForFences(m_ctx.device(), 1, &f, VK_TRUE, UINT64_MAX));
        complete(s);
    }
    VkFence f = s.fence;
    VK_CHECK(vkResetFences(m_ctx.device(), 1, &f));
    VK_CHECK(vkResetCommandPool(m_ctx.device(), s.pool, 0));
    s.upload_used = 0;
    s.labels.clear();

    ++m_frame_number;
    s.frame = m_ctx.deleter().begin_frame();

    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    VK_CHECK(vkBeginCommandBuffer(s.cmd, &begin));
    if (m_queries) {
        vkCmdResetQueryPool(s.cmd, m_queries, m_current * k_max_marks, k_max_marks);
        vkCmdWriteTimestamp2(s.cmd, VK_PIPELINE_STAGE_2_TOP_OF_PIPE_BIT, m_queries, m_current * k_max_marks);
    }
    m_frame.m_number = m_frame_number;
    m_frame.m_slot = m_current;
    m_frame.m_cmd = s.cmd;
    m_frame.m_ring = this;
    return m_frame;
}

VkResult FrameRing::submit(Frame& frame, std::span<const VkSemaphoreSubmitInfo> waits,
                           std::span<const VkSemaphoreSubmitInfo> signals) {
    SlotState& s = m_slots[frame.slot()];
    VkResult r = vkEndCommandBuffer(s.cmd);
    if (r != VK_SUCCESS) return r;
    VkCommandBufferSubmitInfo cmd{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cmd.commandBuffer = s.cmd;
    VkSubmitInfo2 submit{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit.waitSemaphoreInfoCount = static_cast<std::uint32_t>(waits.size());
    submit.pWaitSemaphoreInfos = waits.data();
    submit.commandBufferInfoCount = 1;
    submit.pCommandBufferInfos = &cmd;
    submit.signalSemaphoreInfoCount = static_cast<std::uint32_t>(signals.size());
    submit.pSignalSemaphoreInfos = signals.data();
    {
        auto lock = m_ctx.lock_queue();
        r = vkQueueSubmit2(m_ctx.queue(), 1, &submit, s.fence);
    }
    if (r == VK_SUCCESS) s.pending = true;
    return r;
}

UploadSlice FrameRing::upload(SlotState& s, VkDeviceSize size, VkDeviceSize alignment) {
    alignment = std::max<VkDeviceSize>(alignment, 16);
    VkDeviceSize offset = (s.upload_used + alignment - 1) / alignment * alignment;
    if (offset + size > s.upload.size()) {
        // Grow: the old buffer stays alive (deferred) for commands already recorded this frame.
        VkDeviceSize bigger = std::max(s.upload.size() * 2, offset + size + (1u << 20));
        core::log_warn("gpu", "frame upload buffer grew to {} KiB (raise the initial size to avoid this)",
                       bigger / 1024);
        ++m_upload_growths;
        Buffer old = std::move(s.upload);
        s.upload = Buffer(m_ctx, bigger,
                          VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                              VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_INDEX_BUFFER_BIT |
                              VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                          MemoryUsage::upload, "frame uploads (grown)");
        offset = 0;
    }
    s.upload_used = offset + size;
    return {s.upload.get(), offset, size, static_cast<char*>(s.upload.mapped()) + offset};
}

} // namespace qx::gpu
