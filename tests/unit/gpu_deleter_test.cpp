#include "gpu/deleter.h"

#include <catch2/catch_test_macros.hpp>
#include <vector>

using qx::gpu::DeferredDeleter;

TEST_CASE("a destruction deferred during a frame waits until that frame has completed", "[gpu][deleter]") {
    DeferredDeleter d;
    std::vector<int> destroyed;
    d.begin_frame(1);
    d.defer([&] { destroyed.push_back(1); });
    d.begin_frame(2);
    d.defer([&] { destroyed.push_back(2); });
    d.begin_frame(3);
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
    d.begin_frame(10);
    for (int i = 0; i < 5; ++i) d.defer([&] { ++n; });
    d.flush();
    CHECK(n == 5);
    CHECK(d.pending() == 0);
}
