#include "support/process.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace qx::test;
using Catch::Matchers::ContainsSubstring;

TEST_CASE("qingxing --help lists every mode", "[cli]") {
    auto r = run_process({QX_QINGXING_EXE, "--help"});
    CHECK(r.exit_code == 0);
    for (const char* mode : {"session", "demo", "run", "render", "report", "check", "bench"}) {
        CHECK_THAT(r.out, ContainsSubstring(mode));
    }
    CHECK_THAT(r.out, ContainsSubstring("清醒"));
}

TEST_CASE("an unknown mode exits 2 with a message naming the modes", "[cli]") {
    auto r = run_process({QX_QINGXING_EXE, "nonsense"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, ContainsSubstring("unknown mode 'nonsense'") && ContainsSubstring("session, demo, run"));
    auto none = run_process({QX_QINGXING_EXE});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.err, ContainsSubstring("no mode given"));
}

TEST_CASE("a bad option exits 2 and says what was wrong", "[cli]") {
    auto r = run_process({QX_QINGXING_EXE, "--log-level", "loud", "check"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, ContainsSubstring("loud"));
}

TEST_CASE("qingxing --version prints the version", "[cli]") {
    auto r = run_process({QX_QINGXING_EXE, "--version"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, ContainsSubstring("qingxing 0."));
}
