#pragma once

#include <cstdint>
#include <string>

namespace qx::xr {

// Frame pacing as the resident feels it: how many frames were shown, and how many were late or
// missed, and why. Judder is uncomfortable in a headset, so each miss is logged with its cause.
class FrameStats {
public:
    // A frame was begun for display at `display_time` (s). `refresh_period` is the display's own
    // period (its refresh rate), `runtime_period` the period the runtime paces this app at, which
    // a runtime widens to a whole number of refreshes when the app's frames take too long (Monado
    // does). Misses are counted against the display's refresh, which is what the resident sees.
    // `cpu_ms` is the engine's work on the previous frame; `gpu_ms` its GPU time, if known.
    // `render_scale` is the share of the eye size drawn (each side).
    void frame(double display_time, double refresh_period, double runtime_period, double cpu_ms, double gpu_ms,
               float render_scale = 1.0f);
    void delivered() { ++m_delivered; }
    // What the resident sees is changing (another scene asked for, the calm room at once, the new
    // scene's first frame). The frames displayed from the next one until k_change_window_s after
    // the last such notice are also counted apart, so that a frame a change made late (a load or an
    // upload in the frame loop, the new scene's first shadow map) stands out from the steady rate.
    void scene_change() { m_change_pending = true; }
    static constexpr double k_change_window_s = 2.0;
    struct ChangeWindows {
        std::uint64_t changes = 0;  // windows opened (notices inside an open window extend it)
        std::uint64_t frames = 0, missed = 0, late_cpu = 0, late_gpu = 0, late_runtime = 0;
        double max_cpu_ms = 0.0, max_gpu_ms = 0.0; // the engine's worst frame in them
    };
    const ChangeWindows& after_changes() const { return m_change; }

    std::uint64_t frames() const { return m_frames; }
    std::uint64_t delivered_frames() const { return m_delivered; }
    std::uint64_t missed() const { return m_missed; }
    std::uint64_t late_cpu() const { return m_late_cpu; }
    std::uint64_t late_gpu() const { return m_late_gpu; }
    std::uint64_t late_runtime() const { return m_late_runtime; }
    // Frames the runtime paced at a fraction of the display's rate (its period over 1.5 refreshes).
    std::uint64_t throttled() const { return m_throttled; }
    double refresh_ms() const { return m_refresh_period * 1e3; }
    double mean_cpu_ms() const { return m_frames > 1 ? m_sum_cpu / double(m_frames - 1) : 0.0; }
    double mean_gpu_ms() const { return m_frames > 1 ? m_sum_gpu / double(m_frames - 1) : 0.0; }
    double mean_render_scale() const { return m_frames ? m_sum_scale / double(m_frames) : 1.0; }
    float min_render_scale() const { return m_min_scale; }
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
    std::uint64_t m_late_cpu = 0, m_late_gpu = 0, m_late_runtime = 0, m_throttled = 0;
    double m_refresh_period = 0.0, m_sum_cpu = 0.0, m_sum_gpu = 0.0, m_sum_scale = 0.0;
    float m_min_scale = 1.0f;
    bool m_throttle_logged = false;
    bool m_change_pending = false;
    double m_change_until = -1.0;
    ChangeWindows m_change;
    double m_sum_interval = 0.0, m_max_interval = 0.0;
    int m_logged_lates = 0;
    Counts m_summary_from;
    double m_summary_at = 0.0;
};

} // namespace qx::xr
