// How often the therapist's window beside a headset is drawn: at most 30 a second, and 5 while
// the resident's frames need the GPU (xr/window_beside_headset.h).
#include "xr/window_beside_headset.h"

#include <catch2/catch_test_macros.hpp>

using qx::xr::WindowBesideHeadset;

namespace {

// Window frames drawn over `seconds` of headset frames at `hz`, each at `gpu_share` of its budget.
int window_frames(double hz, double seconds, double gpu_share) {
    int drawn = 0;
    double last = -1.0;
    for (int i = 0; i < int(hz * seconds + 0.5); ++i) {
        const double now = double(i) / hz;
        if (WindowBesideHeadset::due(now, last, gpu_share)) {
            last = now;
            ++drawn;
        }
    }
    return drawn;
}

} // namespace

TEST_CASE("the window beside a headset is drawn at most 30 times a second, every frame of a slower headset",
          "[xr][window]") {
    CHECK(window_frames(90.0, 10.0, 0.5) == 300);  // every third frame
    CHECK(window_frames(120.0, 10.0, 0.5) == 300); // every fourth
    CHECK(window_frames(72.0, 10.0, 0.5) == 240);  // every third: 24 a second
    CHECK(window_frames(60.0, 10.0, 0.5) == 300);  // every other
    CHECK(window_frames(20.0, 10.0, 0.5) == 200);  // every frame (Monado's null compositor here)
    CHECK(WindowBesideHeadset::due(0.0, -1.0, 2.0)); // the first frame shows at once
}

TEST_CASE("the window yields to a headset whose GPU frame is past 0.7 of its budget", "[xr][window]") {
    CHECK(window_frames(90.0, 10.0, 0.69) == 300);
    const int busy = window_frames(90.0, 10.0, 0.71); // about 5 a second (every 17th frame)
    CHECK(busy >= 45);
    CHECK(busy <= 55);
    CHECK(window_frames(20.0, 10.0, 0.9) == 50);
    // It comes back as soon as the headset has room again.
    CHECK_FALSE(WindowBesideHeadset::due(1.0, 0.9, 0.8));
    CHECK(WindowBesideHeadset::due(1.0, 0.9, 0.5));
}
