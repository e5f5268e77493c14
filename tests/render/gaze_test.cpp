// Gaze on the stage: the ray meets the nearest visible area of interest; a scripted gaze at the
// glass pipe in the rented room for N seconds is N seconds of dwell on a cue, through the real
// scene, seat and hit test; the head's ray stands in where the eyes are not tracked; a veiled frame
// rests on nothing.
#include "render/render_harness.h"
#include "session/gaze.h"
#include "stage/gaze.h"
#include "stage/scene_cache.h"
#include "stage/scene_player.h"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <fmt/format.h>
#include <glm/gtc/quaternion.hpp>

using namespace qx;
using Catch::Approx;
using qx::test::RenderHarness;

TEST_CASE("a gaze ray meets the nearest visible area of interest in front of it", "[stage][gaze]") {
    scene::SceneDef def;
    def.points_of_interest.resize(3);
    def.points_of_interest[0].id = "near";
    def.points_of_interest[0].radius = 0.2f;
    def.points_of_interest[1].id = "far";
    def.points_of_interest[1].radius = 1.0f;
    def.points_of_interest[2].id = "hidden";
    def.points_of_interest[2].radius = 0.5f;
    scene::FrameScene frame;
    frame.points_of_interest = {{0, {0.0f, 0.0f, -2.0f}, true}, {1, {0.0f, 0.0f, -5.0f}, true},
                                {2, {0.0f, 0.0f, -1.0f}, false}};
    const glm::vec3 eye{0.0f};
    CHECK(stage::hit_area(def, frame, eye, {0, 0, -1}) == 0); // the hidden one is not seen
    // Past the near one's edge, the far one is still met; behind the eye nothing is.
    CHECK(stage::hit_area(def, frame, eye, glm::normalize(glm::vec3(0.15f, 0.0f, -1.0f))) == 1);
    CHECK(stage::hit_area(def, frame, eye, {0, 0, 1}) == -1);
    CHECK(stage::hit_area(def, frame, eye, glm::normalize(glm::vec3(0.0f, 1.0f, -1.0f))) == -1);
    // From inside an area, it is the one looked at.
    CHECK(stage::hit_area(def, frame, {0.0f, 0.0f, -4.5f}, {0, 0, 1}) == 1);
}

TEST_CASE("a scripted gaze file is read line by line, and a broken one is refused with its line", "[stage][gaze]") {
    stage::GazeScript s = stage::parse_gaze_script("# look at the pipe, then away\n0,5,pipe\n5, 8.5 ,window\n9,10,none\n",
                                                   "look.csv");
    REQUIRE(s.lines.size() == 3);
    CHECK(s.at(4.9)->target == "pipe");
    CHECK(s.at(8.7) == nullptr);
    CHECK(s.at(9.5)->target == "none");
    CHECK_THROWS_WITH(stage::parse_gaze_script("0,5,pipe\n4,6,window\n", "x.csv"),
                      Catch::Matchers::ContainsSubstring("x.csv:2: the line overlaps"));
    CHECK_THROWS_WITH(stage::parse_gaze_script("0,five,pipe\n", "x.csv"),
                      Catch::Matchers::ContainsSubstring("x.csv:1:"));
    CHECK_THROWS_WITH(stage::parse_gaze_script("3,2,pipe\n", "x.csv"), Catch::Matchers::ContainsSubstring("after"));
    CHECK_THROWS(stage::parse_gaze_script("# nothing\n", "x.csv"));
}

TEST_CASE("a scripted gaze at the glass pipe for N seconds is N seconds of dwell on a cue in the rented room",
          "[stage][gaze]") {
    RenderHarness h({32, 32}, VK_SAMPLE_COUNT_1_BIT, 256);
    stage::SceneCache cache(h.renderer());
    stage::ScenePlayer player(h.renderer(), cache);
    cache.load_now("rented-room");
    const gpu::StereoView view = RenderHarness::test_view({32, 32});
    session::Target target;
    target.scene = "rented-room";
    target.cue_level = 4;
    target.intensity = 1.0;
    target.calm_room = false;
    target.fade_s = 1.0;
    target.scene_change = 1;

    // Until the scene is on screen and clear.
    render::FrameInput in;
    double t = 0;
    const double dt = 1.0 / 90.0;
    for (; t < 3.0 && !player.shows_clearly(target); t += dt) player.frame(target, t, view, in);
    REQUIRE(player.shows_clearly(target));

    const double from = t;
    stage::GazeProbe probe(stage::parse_gaze_script(
        fmt::format("{0},{1},pipe\n{1},{2},window\n{2},{3},none\n", from, from + 5, from + 8, from + 9), "test"));
    session::GazeTracker tracker;
    tracker.begin(from);
    bool head_seen = false;
    for (; t < from + 10; t += dt) {
        session::GazeSample s = probe.sample(t, true, view, std::nullopt, player);
        if (t >= from + 9 + dt) {
            CHECK(s.source == session::GazeSource::head); // after the script: the head's ray
            head_seen = true;
        }
        tracker.feed(s);
        player.frame(target, t, view, in);
    }
    session::GazeFigures f = *tracker.end(from + 10);
    CHECK(head_seen);
    INFO("cue " << f.cue_s << " s, neutral " << f.neutral_s << " s, first area " << (f.areas.empty() ? "" : f.areas[0].first));
    CHECK(f.cue_s == Approx(5.0).margin(0.05));
    CHECK(f.neutral_s == Approx(3.0).margin(0.05));
    REQUIRE_FALSE(f.areas.empty());
    CHECK(f.areas[0].first == "pipe");
    CHECK(f.areas[0].second == Approx(5.0).margin(0.05));
    CHECK(f.first_cue_s.value_or(-1) == Approx(0.0).margin(0.02));
    CHECK(f.looks_away == 1);

    // The sample says where the head was and what was shown.
    session::GazeSample s = probe.sample(from + 1, true, view, std::nullopt, player);
    CHECK(s.source == session::GazeSource::scripted);
    CHECK(s.area == "pipe");
    CHECK(s.kind == session::AreaKind::cue);
    CHECK(s.level == 4);
    // The eyes, where tracked, are the ray (no script at this time): straight up meets nothing.
    gpu::Pose up;
    up.orientation = glm::angleAxis(glm::radians(90.0f), glm::vec3(1, 0, 0));
    session::GazeSample eyes = probe.sample(from + 20, true, view, up, player);
    CHECK(eyes.source == session::GazeSource::eyes);
    CHECK(eyes.area.empty());
    // A frame not shown has no gaze.
    CHECK(probe.sample(from + 20, false, view, up, player).source == session::GazeSource::none);

    // A new scene change veils the view: the gaze rests on nothing while it is veiled.
    target.scene_change = 2;
    target.fade_s = 2.0;
    bool veiled_nothing = false;
    for (double u = t; u < t + 1.0; u += dt) {
        player.frame(target, u, view, in);
        if (player.fade() > 0.95f) {
            stage::GazeProbe pipe_again(stage::parse_gaze_script("0,100000,pipe\n", "test"));
            veiled_nothing = pipe_again.sample(u, true, view, std::nullopt, player).area.empty();
        }
    }
    CHECK(veiled_nothing);
}
