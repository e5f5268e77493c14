// Render scales kept between sessions: per setup, other setups untouched, and a broken file costs
// only the recall.
#include "core/file.h"
#include "stage/scale_memory.h"
#include "support/temp_dir.h"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>

using namespace qx;

TEST_CASE("render scales are kept per setup between sessions", "[stage][scale_memory]") {
    test::TempDir dir("scale-memory");
    const std::filesystem::path file = dir.path() / "cache" / "render-scales.json";
    stage::ScaleMemory lavapipe(file, "llvmpipe; Monado, 320x240 per eye at 20 Hz; standalone");
    stage::ScaleMemory other(file, "NVIDIA; Monado, 2064x2208 per eye at 90 Hz; pc");

    CHECK(lavapipe.load().empty()); // no file yet: nothing to recall, nothing wrong
    lavapipe.save({{"calm-room", 0.6f}, {"street-night", 0.85f}});
    other.save({{"calm-room", 1.0f}});
    const stage::SceneScales kept = lavapipe.load();
    REQUIRE(kept.size() == 2);
    CHECK(kept.at("calm-room") == Catch::Approx(0.6f));
    CHECK(kept.at("street-night") == Catch::Approx(0.85f));
    CHECK(other.load().at("calm-room") == Catch::Approx(1.0f));

    // A later session of the same setup replaces its own scales only.
    lavapipe.save({{"ktv-room", 0.65f}});
    CHECK(lavapipe.load().size() == 1);
    CHECK(other.load().size() == 1);
}

TEST_CASE("a broken render-scale file is a warning, never a failure, and is replaced", "[stage][scale_memory]") {
    test::TempDir dir("scale-memory-broken");
    const std::filesystem::path file = dir.path() / "render-scales.json";
    stage::ScaleMemory memory(file, "setup");
    for (const char* text : {"{ not json", "[1, 2]", "{\"version\": 7, \"setups\": {}}",
                             "{\"version\": 1, \"setups\": {\"setup\": 3}}"}) {
        INFO(text);
        core::write_file_atomic(file, std::string_view(text));
        CHECK(memory.load().empty());
        memory.save({{"offer", 0.7f}});
        CHECK(memory.load().at("offer") == Catch::Approx(0.7f));
    }
    // Scales this program never writes are left out, the good ones still recalled.
    core::write_file_atomic(file, std::string_view(
                                      R"({"version": 1, "setups": {"setup": {"offer": 0.8, "ktv-room": 7, "street-night": "big", "calm-room": 0.01}}})"));
    const stage::SceneScales kept = memory.load();
    CHECK(kept.size() == 1);
    CHECK(kept.at("offer") == Catch::Approx(0.8f));
}
