#include "xr/frame_stats.h"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>

using qx::xr::FrameStats;

namespace {

// Feeds `n` frames `every` refreshes apart, each with the given costs of the frame before.
void feed(FrameStats& s, double& t, int n, int every, double refresh, double runtime_period, double cpu_ms,
          double gpu_ms) {
    for (int i = 0; i < n; ++i) {
        t += refresh * every;
        s.frame(t, refresh, runtime_period, cpu_ms, gpu_ms);
    }
}

} // namespace

TEST_CASE("frames on every refresh miss nothing", "[xr][frame_stats]") {
    FrameStats s;
    double t = 0.0;
    feed(s, t, 100, 1, 1.0 / 90.0, 1.0 / 90.0, 2.0, 5.0);
    CHECK(s.frames() == 100);
    CHECK(s.missed() == 0);
    CHECK(s.throttled() == 0);
    CHECK(s.mean_frame_ms() == Catch::Approx(1000.0 / 90.0));
    CHECK(s.mean_gpu_ms() == Catch::Approx(5.0));
}

TEST_CASE("a runtime that paces the app at a third of the display's rate: misses are counted against the refresh",
          "[xr][frame_stats]") {
    // Monado on a GPU that cannot share fences: the frame's GPU time counts as the app's, a 57 ms
    // frame misses a 50 ms refresh, and the runtime widens its period to three refreshes.
    FrameStats s;
    double t = 0.0;
    feed(s, t, 30, 3, 0.05, 0.15, 0.5, 57.0);
    CHECK(s.frames() == 30);
    CHECK(s.missed() == 29 * 2); // two refreshes showed an old frame after each of 29 intervals
    CHECK(s.throttled() == 30);
    // The runtime or system is not blamed: CPU and GPU together overran the refresh; the GPU's the larger.
    CHECK(s.late_gpu() == 29);
    CHECK(s.late_runtime() == 0);
    CHECK(s.late_cpu() == 0);
    CHECK(s.refresh_ms() == Catch::Approx(50.0));
    CHECK(s.summary().find("58 missed at 50.0 ms a refresh") != std::string::npos);
}

TEST_CASE("a late frame with the engine's work well within the refresh is the runtime's", "[xr][frame_stats]") {
    FrameStats s;
    double t = 0.0;
    feed(s, t, 10, 1, 1.0 / 72.0, 1.0 / 72.0, 1.0, 4.0);
    feed(s, t, 1, 2, 1.0 / 72.0, 1.0 / 72.0, 1.0, 4.0); // one refresh skipped, not throttled
    CHECK(s.missed() == 1);
    CHECK(s.late_runtime() == 1);
    CHECK(s.throttled() == 0);
    // A CPU-heavy late frame is the CPU's, whether or not the runtime throttles.
    feed(s, t, 1, 2, 1.0 / 72.0, 1.0 / 72.0, 14.0, 1.0);
    CHECK(s.late_cpu() == 1);
}

TEST_CASE("without the display's own rate, the runtime's period is the refresh", "[xr][frame_stats]") {
    FrameStats r;
    double t = 0.0;
    for (int i = 0; i < 5; ++i) {
        t += 0.0222;
        r.frame(t, 0.0, 0.0111, 1.0, 1.0);
    }
    CHECK(r.missed() == 4);
    CHECK(r.throttled() == 0);
}

TEST_CASE("the record keeps the render scale the resident saw", "[xr][frame_stats]") {
    FrameStats s;
    double t = 0.0;
    for (int i = 0; i < 10; ++i) {
        t += 0.05;
        s.frame(t, 0.05, 0.05, 1.0, 30.0, i < 5 ? 1.0f : 0.6f);
    }
    CHECK(s.mean_render_scale() == Catch::Approx(0.8));
    CHECK(s.min_render_scale() == Catch::Approx(0.6f));
    CHECK(s.summary().find("render scale mean 0.80, least 0.60") != std::string::npos);
}

TEST_CASE("frames after a scene change are counted apart, and a late one there is told from the steady rate",
          "[xr][frame_stats]") {
    const double refresh = 0.011; // about 91 Hz: no frame falls on the window's end exactly
    FrameStats s;
    double t = 0.0;
    feed(s, t, 90, 1, refresh, refresh, 2.0, 5.0); // a second of steady frames
    CHECK(s.after_changes().changes == 0);
    CHECK(s.after_changes().frames == 0);

    // The therapist asks for the calm room: the frame that acted on it took 30 ms of CPU (say, an
    // upload), so the next frame is shown two refreshes late.
    s.scene_change();
    feed(s, t, 1, 1, refresh, refresh, 2.0, 5.0);
    feed(s, t, 1, 3, refresh, refresh, 30.0, 5.0);
    // The new scene's first frame, inside the window: the window is extended, not a second change.
    s.scene_change();
    feed(s, t, 300, 1, refresh, refresh, 2.0, 5.0);
    const FrameStats::ChangeWindows& c = s.after_changes();
    CHECK(c.changes == 1);
    CHECK(c.missed == 2);
    CHECK(c.late_cpu == 1);
    CHECK(c.late_gpu == 0);
    CHECK(c.max_cpu_ms == Catch::Approx(30.0));
    // The two frames after the first notice, then the new scene's first and the 181 in the two
    // seconds after it; the rest are steady.
    CHECK(c.frames == 184);
    CHECK(s.missed() == 2);
    CHECK(s.summary().find("1 scene changes: 2 missed in the 184 frames after them (CPU 1, GPU 0, runtime 0)") !=
          std::string::npos);

    // Well after it, a second change whose frames all make their refresh.
    s.scene_change();
    feed(s, t, 200, 1, refresh, refresh, 2.0, 5.0);
    CHECK(s.after_changes().changes == 2);
    CHECK(s.after_changes().missed == 2);
    CHECK(s.after_changes().frames == 184 + 182);
}
