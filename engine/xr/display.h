// xr — where frames are shown: an OpenXR headset, a desktop window with a simulated seated
// head, or offscreen (headless), behind one interface; and what the resident does with their
// controllers or keys. Only openxr_display.cpp includes <openxr/openxr.h>.
#pragma once

#include "core/i18n.h"
#include "gpu/frame_ring.h"
#include "gpu/view.h"
#include "xr/frame_stats.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct GLFWwindow;

namespace qx::xr {

class WindowOverlay;

enum class DisplayKind { openxr, desktop, headless };
const char* to_string(DisplayKind kind);
std::optional<DisplayKind> parse_display_kind(std::string_view text); // "openxr", "desktop", "headless"

struct DisplayOptions {
    std::optional<DisplayKind> kind;       // nullopt: auto (OpenXR, then desktop, then headless)
    std::uint32_t eye_width = 1024;        // desktop and headless render size per eye
    std::uint32_t eye_height = 1024;
    double headless_rate_hz = 90.0;        // headless: simulated display rate
    bool headless_realtime = false;        // headless: pace to the rate instead of running flat out
    std::uint32_t window_width = 1280;
    std::uint32_t window_height = 800;
    bool fullscreen = false;
    // Desktop: the window shows one eye, rendered at the window's size, instead of both side by
    // side (a plain screen at an open-day stand, where nobody wears a headset). F2 still cycles.
    bool one_eye_fills_window = false;
    bool window_with_headset = true;       // keep a desktop window (mirror, panel) beside the headset
    bool headless_fallback = true;         // auto: offscreen when neither a headset nor a window opens
    std::string gpu;                       // preferred GPU name substring
    std::optional<bool> validation;
    std::string window_title = "Qingxing 清醒";
    core::Lang lang = core::Lang::zh_CN;   // the language of why a display could not be used
};

// What the resident did since the last frame (headset controllers, or keys in the window).
struct ResidentInput {
    float slider_rate = 0.0f;              // thumbstick / trackpad / arrow keys: −1..1, per second
    std::optional<float> slider_absolute;  // trigger squeeze 0..1 (maps onto the 0–10 scale)
    std::optional<int> typed_rating;       // desktop: a digit key (0-9, and '-' for 10)
    bool confirm = false;                  // pressed this frame
    bool need_break = false;               // "I need a break": pressed this frame
    bool recenter = false;
    std::string keys;                      // desktop: letters and + - typed this frame (staff keys)
};

struct FrameBegin {
    enum class Status { render, skip, quit };
    Status status = Status::skip;
    double display_time = 0.0;             // when this frame will be seen (monotonic seconds)
    double period = 1.0 / 90.0;            // the display's frame period
    gpu::StereoView view;    // in tracking space: origin at the seated eye point, facing −Z
    // Where the eyes look (−Z of the pose, tracking space), when the headset tracks them this
    // frame (XR_EXT_eye_gaze_interaction); otherwise the head's forward ray stands in.
    std::optional<gpu::Pose> eye_gaze;
    gpu::StereoTarget target;
};

// Semaphores the frame's submit must wait on and signal (a window image being acquired, its
// presentation waiting for the frame).
struct SubmitSync {
    std::vector<VkSemaphoreSubmitInfo> wait;
    std::vector<VkSemaphoreSubmitInfo> signal;
};

// A display backend. A frame is: begin_frame → (render into target) → record_after_render →
// submit with its semaphores → end_frame. After a `skip` begin, call end_frame without
// rendering (OpenXR needs every begun frame ended). begin_frame is the only call that waits
// (for the runtime's or the screen's pacing).
class Display {
public:
    virtual ~Display() = default;
    virtual DisplayKind kind() const = 0;
    // Runtime and system names for the therapist: "Monado: Simulated HMD", "desktop window".
    virtual std::string name() const = 0;
    virtual gpu::Context& context() = 0;
    // The render size per eye and the display's refresh rate (nullopt: the display does not say):
    // what the renderer's quality tier is chosen from.
    virtual VkExtent2D eye_extent() const = 0;
    virtual std::optional<double> refresh_hz() const = 0;
    // Whether the display may report the eyes' gaze (a headset runtime offering eye-gaze
    // interaction); frames still say whether it did (FrameBegin::eye_gaze).
    virtual bool offers_eye_gaze() const { return false; }
    virtual FrameBegin begin_frame() = 0;
    // Records what follows the scene in this frame's commands (the window mirror), adding the
    // semaphores the submit must wait on and signal.
    virtual void record_after_render(gpu::Frame& frame, SubmitSync& sync) = 0;
    virtual void end_frame() = 0;
    virtual ResidentInput poll_input() = 0;
    // The engine's CPU work (excluding waits) and GPU time of the last frame, so a missed frame
    // is blamed on the right cause.
    void frame_costs(double cpu_ms, double gpu_ms) {
        m_cpu_ms = cpu_ms;
        m_gpu_ms = gpu_ms;
    }
    // The share of the eye size drawn from the next frame on (0 < scale <= 1, each side): the
    // target's render_extent, which the compositor (or the mirror) scales up. Kept by the frame
    // loop's resolution scaler to the GPU budget.
    void set_render_scale(float scale) { m_render_scale = scale > 0.0f && scale < 1.0f ? scale : 1.0f; }
    float render_scale() const { return m_render_scale; }
    // Plain-words state ("focused", "the headset runtime went away", ...).
    virtual std::string state() const = 0;
    const FrameStats& stats() const { return m_stats; }
    // What the resident sees is changing (another scene asked for, the calm room at once, the new
    // scene's first frame): the frame record counts the frames that follow apart (FrameStats).
    void scene_change() { m_stats.scene_change(); }
    // The desktop window, if this display has one (the control panel draws into it).
    virtual GLFWwindow* window() { return nullptr; }
    // Puts the control panel into the desktop window (null takes it out); false without a window.
    virtual bool set_window_overlay(WindowOverlay* overlay) {
        (void)overlay;
        return false;
    }
    virtual bool quit_requested() const = 0;
    // A line of status for whoever watches the desktop window (its title): the step, the prompt.
    virtual void set_status(const std::string& text) { (void)text; }
    // Saves what the window shows as a PNG once the next frame is on screen (no window: false).
    virtual bool request_screenshot(const std::string& path) {
        (void)path;
        return false;
    }

protected:
    // `full` at the render scale (the whole of it at 1).
    VkExtent2D scaled(VkExtent2D full) const {
        if (m_render_scale >= 1.0f) return full;
        auto side = [&](std::uint32_t n) { return std::max<std::uint32_t>(16u, std::uint32_t(float(n) * m_render_scale + 0.5f)); };
        return {std::min(side(full.width), full.width), std::min(side(full.height), full.height)};
    }

    FrameStats m_stats;
    double m_cpu_ms = 0.0, m_gpu_ms = 0.0;
    float m_render_scale = 1.0f;
};

// Opens the requested display, or with no request tries OpenXR, then a desktop window when a
// screen exists, then headless. Each fallback's reason, in plain words, goes to `reasons` (and
// the log). Never throws for a missing runtime or screen; throws only when nothing can draw. With
// `headless_fallback` off, auto returns nullptr instead of building an offscreen display.
std::unique_ptr<Display> open_display(const DisplayOptions& options, std::vector<std::string>& reasons);

std::unique_ptr<Display> open_headless(const DisplayOptions& options);
std::unique_ptr<Display> open_desktop(const DisplayOptions& options);   // throws with a reason
std::unique_ptr<Display> open_openxr(const DisplayOptions& options);    // throws with a reason

} // namespace qx::xr
