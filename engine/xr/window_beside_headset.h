// The therapist's window beside a headset, drawn off the headset's path. In the headset's frame
// only a copy of the resident's eye is made, no larger than the window shows it, and only when the
// window is due (at most k_max_hz); the window itself (the mirror, the control panel over it, the
// present) is drawn after the runtime has the headset's frame, in a submission of its own. So the
// resident's frame never waits for the panel, and its GPU time does not include it.
#pragma once

#include "gpu/frame_ring.h"
#include "gpu/mirror.h"
#include "gpu/resources.h"

#include <optional>
#include <string>

namespace qx::xr {

class DesktopWindow;

class WindowBesideHeadset {
public:
    // A window frame at most this often: a therapist reads a live view and a chart at 30 Hz;
    // more would take GPU time from a 72–120 Hz headset for nothing they would see.
    static constexpr double k_max_hz = 30.0;
    // While the headset's GPU frame takes more than this share of its budget (the share the
    // resolution scaler aims for), the window yields to it: at most k_busy_hz. Where the GPU is
    // the CPU (lavapipe) or shared, the window's drawing and presenting take time from the
    // resident's frames; a slower live view costs the therapist little.
    static constexpr double k_busy_share = 0.7;
    static constexpr double k_busy_hz = 5.0;

    WindowBesideHeadset(gpu::Context& ctx, DesktopWindow& window);
    ~WindowBesideHeadset();
    WindowBesideHeadset(const WindowBesideHeadset&) = delete;
    WindowBesideHeadset& operator=(const WindowBesideHeadset&) = delete;

    // In the headset's frame, while its image is still the app's: when the window is due at
    // `now` (monotonic seconds), reduces the left eye of `eye` into the window's own image.
    // `gpu_share`: the headset's last GPU frame as a share of its budget.
    void record_copy(gpu::Frame& frame, const gpu::StereoTarget& eye, double now, double gpu_share);
    // After the headset's frame went to the runtime: the window frame from that copy, submitted
    // and presented. Nothing when no copy was made this frame or no window image is free.
    void draw();

    // Whether a window frame is due at `now`, the last at `last` (negative: none yet), with the
    // headset's last GPU frame at `gpu_share` of its budget.
    static bool due(double now, double last, double gpu_share) {
        const double hz = gpu_share > k_busy_share ? k_busy_hz : k_max_hz;
        return last < 0.0 || now - last >= 0.9 / hz; // 0.9: a period has nearly passed
    }

    // Window frames drawn, and their median GPU time (not part of any headset frame's).
    std::uint64_t frames() const { return m_frames; }
    std::optional<double> median_gpu_ms() const;

private:
    // The copy's size: the eye's drawn part, fitted into the window's mirror area when smaller.
    VkExtent2D copy_extent(VkExtent2D drawn) const;
    // Logs why the window could not be drawn; it is not tried again.
    void fail(const std::string& why);

    gpu::Context& m_ctx;
    DesktopWindow& m_window;
    gpu::FrameRing m_ring; // the window's frames, apart from the headset's
    gpu::Mirror m_reduce;  // eye -> copy, in the headset's frame
    gpu::Image m_copy;     // the eye as the window shows it
    gpu::StereoTarget m_source; // m_copy as the window's mirror samples it: render_extent, the part copied
    bool m_pending = false; // a copy made this frame waits for draw()
    double m_last_copy = -1.0;
    std::uint64_t m_frames = 0;
    std::vector<double> m_gpu_ms; // per window frame, for the median (bounded)
    bool m_failed = false;
};

} // namespace qx::xr
