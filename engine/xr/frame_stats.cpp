#include "xr/frame_stats.h"

#include "core/log.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace qx::xr {

void FrameStats::frame(double display_time, double refresh_period, double runtime_period, double cpu_ms,
                       double gpu_ms, float render_scale) {
    ++m_frames;
    if (m_change_pending) {
        m_change_pending = false;
        if (display_time > m_change_until) ++m_change.changes;
        m_change_until = display_time + k_change_window_s;
    }
    const bool after_change = display_time <= m_change_until;
    if (after_change) {
        ++m_change.frames;
        // The costs given are the previous frame's: the one that acted on the change first.
        m_change.max_cpu_ms = std::max(m_change.max_cpu_ms, cpu_ms);
        m_change.max_gpu_ms = std::max(m_change.max_gpu_ms, gpu_ms);
    }
    m_sum_scale += double(render_scale);
    m_min_scale = std::min(m_min_scale, render_scale);
    const double period = refresh_period > 0.0 ? refresh_period : runtime_period;
    m_refresh_period = period;
    if (m_frames > 1) { // the costs are the previous frame's
        m_sum_cpu += cpu_ms;
        m_sum_gpu += gpu_ms;
    }
    // The runtime widened its period: it measured the engine's frame as longer than a refresh.
    const bool throttled = period > 0.0 && runtime_period > period * 1.5;
    if (throttled) {
        ++m_throttled;
        if (!m_throttle_logged) {
            m_throttle_logged = true;
            core::log_warn("xr", "the runtime paces this app at one frame in {:.0f} display refreshes ({:.1f} ms against the display's {:.1f} ms): "
                                 "the engine's frames took longer than a refresh (CPU {:.2f} ms, GPU {:.2f} ms; a runtime that cannot share "
                                 "the GPU's fences counts both)",
                           runtime_period / period, runtime_period * 1e3, period * 1e3, cpu_ms, gpu_ms);
        }
    }
    if (m_last_display >= 0.0 && period > 0.0) {
        double interval = display_time - m_last_display;
        m_sum_interval += interval;
        m_max_interval = std::max(m_max_interval, interval);
        // The display moved on by more than one refresh: the resident saw a frame again.
        long skipped = std::lround(interval / period) - 1;
        if (skipped > 0) {
            m_missed += std::uint64_t(skipped);
            double budget = period * 1e3;
            const char* cause;
            // A throttling runtime counts the CPU and GPU work of a frame together (it waits for the
            // GPU inside the frame), so their sum is what must fit; the larger of the two is blamed.
            const double limit = budget * 0.9;
            const bool together = throttled && cpu_ms + gpu_ms > limit;
            std::uint64_t* counts[2] = {nullptr, nullptr};
            if (cpu_ms > limit || (together && cpu_ms > gpu_ms)) {
                counts[0] = &m_late_cpu;
                counts[1] = &m_change.late_cpu;
                cause = "the engine's CPU work";
            } else if (gpu_ms > limit || together) {
                counts[0] = &m_late_gpu;
                counts[1] = &m_change.late_gpu;
                cause = "the GPU";
            } else {
                counts[0] = &m_late_runtime;
                counts[1] = &m_change.late_runtime;
                cause = "the runtime or system (the engine's own work was within budget)";
            }
            ++*counts[0];
            if (after_change) {
                m_change.missed += std::uint64_t(skipped);
                ++*counts[1];
            }
            // Each late frame is logged with its cause; after the first few, a slow machine would
            // flood the log, so the rest are summed up every ten seconds.
            if (m_logged_lates < k_logged_individually) {
                ++m_logged_lates;
                core::log_warn("xr", "missed {} frame{} ({:.1f} ms since the last, budget {:.1f} ms; CPU {:.2f} ms, GPU {:.2f} ms): late because of {}{}",
                               skipped, skipped == 1 ? "" : "s", interval * 1e3, budget, cpu_ms, gpu_ms, cause,
                               m_logged_lates == k_logged_individually ? " (further late frames: a summary every 10 s)" : "");
                m_summary_from = {m_missed, m_late_cpu, m_late_gpu, m_late_runtime};
                m_summary_at = display_time;
            }
        }
        if (m_logged_lates >= k_logged_individually && display_time - m_summary_at >= k_summary_every_s) {
            std::uint64_t missed = m_missed - m_summary_from.m_missed;
            if (missed > 0) {
                core::log_warn("xr", "missed {} frames in the last {:.0f} s: late because of the CPU {}×, the GPU {}×, the runtime {}×",
                               missed, display_time - m_summary_at, m_late_cpu - m_summary_from.m_late_cpu,
                               m_late_gpu - m_summary_from.m_late_gpu, m_late_runtime - m_summary_from.m_late_runtime);
            }
            m_summary_from = {m_missed, m_late_cpu, m_late_gpu, m_late_runtime};
            m_summary_at = display_time;
        }
    }
    m_last_display = display_time;
}

std::string FrameStats::summary() const {
    return fmt::format("{} frames, {} delivered, {} missed at {:.1f} ms a refresh (CPU {}, GPU {}, runtime {}), {} paced "
                       "at a reduced rate by the runtime, mean {:.2f} ms, worst {:.2f} ms; engine CPU {:.2f} ms, GPU {:.2f} ms "
                       "a frame; render scale mean {:.2f}, least {:.2f}; {} scene changes: {} missed in the {} frames "
                       "after them (CPU {}, GPU {}, runtime {}), worst CPU {:.2f} ms, GPU {:.2f} ms",
                       m_frames, m_delivered, m_missed, refresh_ms(), m_late_cpu, m_late_gpu, m_late_runtime, m_throttled,
                       mean_frame_ms(), max_frame_ms(), mean_cpu_ms(), mean_gpu_ms(), mean_render_scale(),
                       min_render_scale(), m_change.changes, m_change.missed, m_change.frames, m_change.late_cpu,
                       m_change.late_gpu, m_change.late_runtime, m_change.max_cpu_ms, m_change.max_gpu_ms);
}

} // namespace qx::xr
