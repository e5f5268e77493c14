#include "render/resolution_scale.h"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>

using qx::render::ResolutionScaleOptions;
using qx::render::ResolutionScaler;

namespace {

// A GPU whose frame costs `full_ms` at scale 1 and goes with the pixels drawn (the square of the scale).
double cost(const ResolutionScaler& s, double full_ms) { return full_ms * double(s.scale() * s.scale()); }

ResolutionScaleOptions options(double budget_ms, float min_scale) {
    ResolutionScaleOptions o;
    o.budget_ms = budget_ms;
    o.min_scale = min_scale;
    return o;
}

} // namespace

TEST_CASE("a GPU within its budget draws every pixel", "[render][resolution_scale]") {
    ResolutionScaler s(options(9.6, 0.7f));
    for (int i = 0; i < 500; ++i) CHECK_FALSE(s.update(6.0));
    CHECK(s.scale() == 1.0f);
    CHECK(s.drops() == 0);
}

TEST_CASE("an overrunning GPU drops the scale to fit, at once, and stays there", "[render][resolution_scale]") {
    ResolutionScaler s(options(48.5, 0.6f)); // Monado's 20 Hz on lavapipe
    const double full = 60.0;                // the rented room's frame in the session
    int frames = 0;
    while (s.drops() == 0 && frames < 10) {
        s.update(cost(s, full));
        ++frames;
    }
    CHECK(frames == 2); // one overrun frame is a spike; the second is a trend
    CHECK(s.scale() < 1.0f);
    CHECK(s.scale() >= 0.6f);
    CHECK(cost(s, full) < 48.5 * 0.95); // fits after one drop
    // Steady at that scale: it neither drops further nor climbs back into the overrun.
    const float settled = s.scale();
    for (int i = 0; i < 1000; ++i) s.update(cost(s, full));
    CHECK(s.scale() == settled);
    CHECK(s.drops() == 1);
}

TEST_CASE("the scale never goes below the tier's least, however slow the GPU", "[render][resolution_scale]") {
    ResolutionScaler s(options(9.6, 0.7f));
    for (int i = 0; i < 200; ++i) s.update(cost(s, 80.0));
    CHECK(s.scale() == Catch::Approx(0.7f));
}

TEST_CASE("one spike does not drop the scale; lasting room climbs back a step at a time", "[render][resolution_scale]") {
    ResolutionScaler s(options(9.6, 0.6f));
    s.update(5.0);
    s.update(30.0); // a scene loading: one frame
    s.update(5.0);
    CHECK(s.scale() == 1.0f);

    // A heavy stretch (a busy cue), then the calm room.
    for (int i = 0; i < 10; ++i) s.update(cost(s, 14.0));
    const float low = s.scale();
    CHECK(low < 1.0f);
    int frames = 0;
    while (s.scale() < 1.0f && frames < 2000) {
        s.update(cost(s, 4.0));
        ++frames;
    }
    CHECK(s.scale() == 1.0f);
    // Each step waits for 45 frames of room (and 3 for the new size's timings).
    const int steps = int((1.0f - low) / 0.05f + 0.5f);
    CHECK(frames >= steps * 45);
    CHECK(s.climbs() == std::uint64_t(steps));
}

TEST_CASE("it does not climb to a scale that would overrun again", "[render][resolution_scale]") {
    ResolutionScaler s(options(9.6, 0.6f));
    for (int i = 0; i < 10; ++i) s.update(cost(s, 12.0)); // over at 1.0: drops
    REQUIRE(s.scale() < 1.0f);
    // At 12 ms for every pixel, the next step up is predicted above 70% of the budget: it stays.
    const float settled = s.scale();
    for (int i = 0; i < 1000; ++i) s.update(cost(s, 12.0));
    CHECK(s.scale() == settled);
    CHECK(s.climbs() == 0);
}

TEST_CASE("a scene shown again starts at the scale it settled at, not the last scene's", "[render][resolution_scale]") {
    ResolutionScaler s(options(48.5, 0.6f));
    auto settle = [&](double full_ms) {
        for (int i = 0; i < 2000; ++i) s.update(cost(s, full_ms));
    };
    // A light street (every pixel fits), then the heavy calm room: it overruns at the street's
    // scale until two late frames drop it.
    CHECK_FALSE(s.scene_shown("street-night"));
    settle(30.0);
    CHECK(s.scale() == 1.0f);
    CHECK_FALSE(s.scene_shown("calm-room")); // not shown before: nothing to go by
    int late = 0;
    for (int i = 0; i < 10; ++i) {
        if (cost(s, 90.0) > 48.5) ++late;
        s.update(cost(s, 90.0));
    }
    CHECK(late >= 2);
    settle(90.0);
    const float calm = s.scale();
    CHECK(calm < 1.0f);

    // Back to the street: every pixel at once, not a step per 45 frames.
    CHECK(s.scene_shown("street-night"));
    CHECK(s.scale() == 1.0f);
    settle(30.0);
    // The calm room again: its own scale from its first frame, so none of its frames is late.
    CHECK(s.scene_shown("calm-room"));
    CHECK(s.scale() == calm);
    for (int i = 0; i < 100; ++i) {
        CHECK(cost(s, 90.0) < 48.5 * 0.95);
        s.update(cost(s, 90.0));
    }
    CHECK(s.recalls() == 2);
    CHECK_FALSE(s.scene_shown("calm-room")); // the same scene: nothing changes
}

TEST_CASE("a fade's cheap frames never climb the scale; its overruns still drop it", "[render][resolution_scale]") {
    ResolutionScaler s(options(48.5, 0.6f));
    for (int i = 0; i < 10; ++i) s.update(cost(s, 60.0)); // a heavy room: dropped to fit (0.75)
    const float settled = s.scale();
    REQUIRE(settled < 1.0f);
    // Three seconds of a scene change's fade at 20 Hz, the veiled frames drawing nothing (3 ms):
    // as steady frames they would climb, but they are not.
    for (int i = 0; i < 60; ++i) CHECK_FALSE(s.update(3.0, false));
    CHECK(s.scale() == settled);
    // A fade into a scene heavier still: its overrunning frames drop the scale all the same.
    int frames = 0;
    while (s.scale() == settled && frames < 10) {
        s.update(cost(s, 200.0), false);
        ++frames;
    }
    CHECK(frames == 2);
    CHECK(s.scale() < settled);
}

TEST_CASE("scales kept from an earlier session start each scene where it settled", "[render][resolution_scale]") {
    ResolutionScaler first(options(48.5, 0.6f));
    first.scene_shown("street-night");
    for (int i = 0; i < 2000; ++i) first.update(cost(first, 30.0));
    first.scene_shown("calm-room");
    for (int i = 0; i < 2000; ++i) first.update(cost(first, 90.0));
    const auto kept = first.scene_scales();
    REQUIRE(kept.size() == 2);
    CHECK(kept.at("street-night") == 1.0f);
    const float calm = kept.at("calm-room");
    CHECK(calm < 1.0f);

    // The next session: the calm room's first frame is already at its scale, so none is late.
    ResolutionScaler next(options(48.5, 0.6f));
    next.recall(kept);
    CHECK(next.scene_shown("calm-room"));
    CHECK(next.scale() == calm);
    for (int i = 0; i < 100; ++i) {
        CHECK(cost(next, 90.0) < 48.5 * 0.95);
        next.update(cost(next, 90.0));
    }
    CHECK(next.scene_shown("street-night"));
    CHECK(next.scale() == 1.0f);

    // A kept scale is brought within this tier's range and onto a step; one this session already
    // settled is not overwritten by an older one.
    ResolutionScaler tier(options(48.5, 0.7f));
    tier.recall({{"ktv-room", 0.5f}, {"offer", 0.83f}});
    CHECK(tier.scene_shown("ktv-room"));
    CHECK(tier.scale() == Catch::Approx(0.7f));
    CHECK(tier.scene_shown("offer"));
    CHECK(tier.scale() == Catch::Approx(0.8f));
    tier.recall({{"ktv-room", 1.0f}});
    CHECK(tier.scene_shown("ktv-room"));
    CHECK(tier.scale() == Catch::Approx(0.7f));
}
