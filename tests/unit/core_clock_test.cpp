#include "core/clock.h"

#include <catch2/catch_test_macros.hpp>
#include <regex>
#include <thread>

using namespace qx::core;

TEST_CASE("the monotonic clock never goes backwards and measures sleeps", "[core][clock]") {
    double a = mono_seconds();
    std::int64_t na = mono_nanos();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    double b = mono_seconds();
    std::int64_t nb = mono_nanos();
    CHECK(b - a >= 0.019);
    CHECK(nb - na >= 19'000'000);
    Stopwatch sw;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(sw.millis() >= 9.5);
}

TEST_CASE("wall-clock times are formatted for records and file names", "[core][clock]") {
    // 2026-11-22 03:06:07.089 UTC
    std::int64_t t = 1795316767089;
    CHECK(format_iso8601(t, true) == "2026-11-22T03:06:07.089Z");
    // Local time carries its offset.
    CHECK(std::regex_match(format_iso8601(t), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.089[+-]\d\d:\d\d)")));
    CHECK(std::regex_match(format_file_stamp(t), std::regex(R"(\d{8}-\d{6})")));
    CHECK(wall_unix_ms() > t - 400LL * 24 * 3600 * 1000); // the machine's clock is roughly now
}
