#include "core/error.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace qx::core;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::StartsWith;

namespace {

enum class FakeResult { success, out_of_memory, device_lost };

const char* fake_name(FakeResult r) {
    switch (r) {
    case FakeResult::success: return "FAKE_SUCCESS";
    case FakeResult::out_of_memory: return "FAKE_ERROR_OUT_OF_MEMORY";
    case FakeResult::device_lost: return "FAKE_ERROR_DEVICE_LOST";
    }
    return "?";
}

bool fake_ok(FakeResult r) { return r == FakeResult::success; }

#define FAKE_CHECK(expr) QX_CHECK_RESULT(expr, fake_ok, fake_name)

int g_calls = 0;
FakeResult fake_call(FakeResult r) {
    ++g_calls;
    return r;
}

} // namespace

TEST_CASE("a failed call's error carries the call text, the result's name and file:line", "[core][error]") {
    g_calls = 0;
    try {
        FAKE_CHECK(fake_call(FakeResult::device_lost)); int line = __LINE__;
        FAIL("no exception");
        (void)line;
    } catch (const CallError& e) {
        CHECK(e.call() == "fake_call(FakeResult::device_lost)");
        CHECK(e.result() == "FAKE_ERROR_DEVICE_LOST");
        // The path is relative to the source tree, so messages are the same on every machine.
        CHECK_THAT(e.place(), StartsWith("tests/unit/core_error_test.cpp:"));
        CHECK_THAT(std::string(e.what()),
                   StartsWith("fake_call(FakeResult::device_lost) failed with FAKE_ERROR_DEVICE_LOST at tests/unit/"));
    }
    CHECK(g_calls == 1); // evaluated once
}

TEST_CASE("a successful call passes through a check and is evaluated once", "[core][error]") {
    g_calls = 0;
    CHECK_NOTHROW([] { FAKE_CHECK(fake_call(FakeResult::success)); }());
    CHECK(g_calls == 1);
}

TEST_CASE("QX_ENSURE formats its message and errors carry a plain-words hint", "[core][error]") {
    int frames = 3;
    try {
        QX_ENSURE(frames > 5, "only {} frames were delivered", frames);
        FAIL("no exception");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) == "only 3 frames were delivered");
        CHECK(e.hint().empty());
    }
    Error with_hint("No OpenXR runtime is active", "start SteamVR or Monado, or run with --display desktop");
    CHECK(describe(with_hint) ==
          "No OpenXR runtime is active — start SteamVR or Monado, or run with --display desktop");
    CHECK(describe(std::runtime_error("plain")) == "plain");
}
