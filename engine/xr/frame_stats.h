#pragma once

#include <cstdint>
#include <string>

namespace qx::xr {

// Frame pacing as the resident feels it: how many frames were shown, and how many were late or
// missed, and why. Judder is uncomfortable in a headset, so each miss is logged with its cause.
class FrameStats {
public:
    // A frame began at `begin` (monotonic s) for display at `display_time`, with `period`.
    // `cpu_ms` is the engine's work on the previous frame; `gpu_ms` its GPU time, if known.
    void frame(double display_time, double period, double cpu_ms, double gpu_ms);
    void delivered() { ++m_delivered; }

    std::uint64_t frames() const { return m_frames; }
    std::uint64_t delivered_frames() const { return m_delivered; }
    std::uint64_t missed() const { return m_missed; }
    std::uint64_t late_cpu() const { return m_late_cpu; }
    std::uint64_t late_gpu() const { return m_late_gpu; }
    std::uint64_t late_runtime() const { return m_late_runtime; }
    double mean_frame_ms() const { return m_frames > 1 ? m_sum_interval * 1e3 / double(m_frames - 1) : 0.0; }
    double max_frame_ms() const { return m_max_interval * 1e3; }
    std::string summary() const;

private:
    static constexpr int k_logged_individually = 10;
    static constexpr double k_summary_every_s = 10.0;

    struct Counts {
        std::uint64_t m_missed = 0, m_late_cpu = 0, m_late_gpu = 0, m_late_runtime = 0;
    };

    double m_last_display = -1.0;
    std::uint64_t m_frames = 0, m_delivered = 0, m_missed = 0;
    std::uint64_t m_late_cpu = 0, m_late_gpu = 0, m_late_runtime = 0;
    double m_sum_interval = 0.0, m_max_interval = 0.0;
    int m_logged_lates = 0;
    Counts m_summary_from;
    double m_summary_at = 0.0;
};

} // namespace qx::xr
