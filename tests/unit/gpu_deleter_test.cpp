#include "gpu/deleter.h"

#include <catch2/catch_test_macros.hpp>
#include <vector>

using qx::gpu::DeferredDeleter;

TEST_CASE("a destruction deferred during a frame waits until that frame has completed", "[gpu][deleter]") {
    DeferredDeleter d;
    std::vector<int> destroyed;
    CHECK(d.begin_frame() == 1);
    d.defer([&] { destroyed.push_back(1); });
    CHECK(d.begin_frame() == 2);
    d.defer([&] { destroyed.push_back(2); });
    CHECK(d.begin_frame() == 3);
    d.defer([&] { destroyed.push_back(3); });
    CHECK(d.pending() == 3);

    d.collect(1); // frame 1's fence signalled: only what frame 1 might have used goes
    CHECK(destroyed == std::vector<int>{1});
    d.collect(1);
    CHECK(destroyed == std::vector<int>{1});
    d.collect(3);
    CHECK(destroyed == std::vector<int>{1, 2, 3});
    CHECK(d.pending() == 0);
}

TEST_CASE("flush runs every pending destruction (the device is idle)", "[gpu][deleter]") {
    DeferredDeleter d;
    int n = 0;
    d.begin_frame();
    for (int i = 0; i < 5; ++i) d.defer([&] { ++n; });
    d.flush();
    CHECK(n == 5);
    CHECK(d.pending() == 0);
}

TEST_CASE("two frame rings on one device number their frames in one sequence", "[gpu][deleter]") {
    // The headset's frame, then the window's drawn after it, then the headset's next: what the
    // window's frame let go of waits for the window's frame, not for the headset's older one.
    DeferredDeleter d;
    std::vector<int> destroyed;
    const std::uint64_t headset = d.begin_frame();
    const std::uint64_t window = d.begin_frame();
    d.defer([&] { destroyed.push_back(1); });
    const std::uint64_t next = d.begin_frame();
    CHECK(headset < window);
    CHECK(window < next);
    d.collect(headset);
    CHECK(destroyed.empty());
    d.collect(window);
    CHECK(destroyed == std::vector<int>{1});
}
