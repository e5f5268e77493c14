// Gaze on the cues: dwell on cue and neutral areas, the first look at a cue, looks away, and the
// controller's per-step gaze events in both languages.
#include "support/session_fixtures.h"

#include "session/gaze.h"
#include "session/outcomes.h"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace qx;
using namespace qx::session;
using Catch::Approx;
using Catch::Matchers::ContainsSubstring;

namespace {

constexpr double k_frame = 1.0 / 90.0;

GazeSample at(double t, std::string area = {}, AreaKind kind = AreaKind::none,
              GazeSource source = GazeSource::scripted) {
    GazeSample s;
    s.t = t;
    s.source = source;
    s.area = std::move(area);
    s.kind = kind;
    return s;
}

// Frames at 90 Hz from `from` to `to` looking at `area`.
void look(GazeTracker& g, double from, double to, const std::string& area, AreaKind kind,
          GazeSource source = GazeSource::scripted) {
    for (double t = from; t < to - 1e-9; t += k_frame) g.feed(at(t, area, kind, source));
}

} // namespace

TEST_CASE("scripted gaze on a cue for N seconds gives N seconds of dwell on it", "[session][gaze]") {
    GazeTracker g;
    g.begin(0);
    look(g, 0, 2, "window", AreaKind::neutral);
    look(g, 2, 7, "pipe", AreaKind::cue);
    look(g, 7, 10, "", AreaKind::none);
    GazeFigures f = *g.end(10);
    CHECK(f.cue_s == Approx(5.0).margin(0.02));
    CHECK(f.neutral_s == Approx(2.0).margin(0.02));
    CHECK(f.tracked_s == Approx(10.0).margin(0.02));
    REQUIRE(f.first_cue_s);
    CHECK(*f.first_cue_s == Approx(2.0).margin(0.02));
    CHECK(f.cue_looks == 1);
    CHECK(f.looks_away == 1);
    CHECK(f.source == GazeSource::scripted);
    REQUIRE(f.areas.size() == 2);
    CHECK(f.areas[0].first == "pipe");
    CHECK(*f.cue_share() == Approx(5.0 / 7.0).margin(0.01));
}

TEST_CASE("a ray passing over an area is neither a look nor a look away; moving between cues is not "
          "looking away", "[session][gaze]") {
    GazeTracker g;
    g.begin(0);
    look(g, 0, 1, "pipe", AreaKind::cue);
    look(g, 1, 1.05, "window", AreaKind::neutral); // a flick under 100 ms
    look(g, 1.05, 2, "pipe", AreaKind::cue);
    look(g, 2, 3, "foil", AreaKind::cue);          // another cue
    look(g, 3, 3.05, "", AreaKind::none);          // a flick to nothing
    look(g, 3.05, 4, "foil", AreaKind::cue);
    look(g, 4, 5, "window", AreaKind::neutral);    // away
    look(g, 5, 6, "pipe", AreaKind::cue);
    look(g, 6, 7, "", AreaKind::none);             // away to nothing in particular
    GazeFigures f = *g.end(7);
    CHECK(f.cue_looks == 3);  // pipe, foil, pipe again
    CHECK(f.looks_away == 2); // to the window, to nothing
    CHECK(*f.first_cue_s == Approx(0.0));
    // Dwell counts every frame, flicks included.
    CHECK(f.cue_s == Approx(5.0 - 0.1).margin(0.03));
    CHECK(f.neutral_s == Approx(1.05).margin(0.03));
}

TEST_CASE("missing frames count as untracked, not as looking; a look going on as a stretch begins "
          "is the new stretch's first", "[session][gaze]") {
    GazeTracker g;
    g.begin(0);
    look(g, 0, 1, "pipe", AreaKind::cue);
    g.feed(at(1.0, "pipe", AreaKind::cue)); // then nothing for four seconds (the headset off)
    look(g, 5, 6, "pipe", AreaKind::cue);
    std::optional<GazeFigures> first = g.begin(6);
    REQUIRE(first);
    CHECK(first->cue_s == Approx(1.0 + GazeTracker::k_max_hold_s + 1.0).margin(0.03));
    CHECK(first->tracked_s == Approx(first->cue_s).margin(1e-9));
    look(g, 6, 8, "pipe", AreaKind::cue);
    GazeFigures second = *g.end(8);
    CHECK(second.cue_looks == 1);
    CHECK(*second.first_cue_s == 0.0);
    CHECK(second.cue_s == Approx(2.0).margin(0.03));
    // Out-of-order samples are ignored; the source that ruled most of the time is named.
    GazeTracker h;
    h.begin(0);
    look(h, 0, 3, "pipe", AreaKind::cue, GazeSource::head);
    look(h, 3, 4, "pipe", AreaKind::cue, GazeSource::eyes);
    h.feed(at(1.0, "window", AreaKind::neutral));
    GazeFigures f = *h.end(4);
    CHECK(f.source == GazeSource::head);
    CHECK(f.neutral_s == 0.0);
}

TEST_CASE("the controller logs each step's gaze with the areas' names in both languages",
          "[session][gaze][controller]") {
    test::Harness h(test::test_protocol());
    const std::vector<GazeArea> areas = {{"pipe", AreaKind::cue, "玻璃烫壶", "glass pipe"},
                                         {"window", AreaKind::neutral, "窗外", "window"}};
    h.controller().gaze_areas(areas);
    auto gaze_until = [&](double t, const std::string& area, AreaKind kind) {
        while (h.now() < t - 1e-9) {
            h.wait(k_frame);
            h.controller().gaze(at(h.now(), area, kind, GazeSource::head));
        }
    };
    gaze_until(10, "window", AreaKind::neutral); // the baseline
    h.through_baseline(2);
    const double step_start = h.now();
    gaze_until(step_start + 3, "window", AreaKind::neutral);
    gaze_until(step_start + 9, "pipe", AreaKind::cue);
    gaze_until(step_start + 10, "", AreaKind::none);
    h.command(CommandKind::level_up);
    const Event* e = h.last(EventKind::gaze);
    REQUIRE(e);
    CHECK(e->text_arg("stretch") == "step");
    CHECK(e->number("cue_s").value_or(0) == Approx(6.0).margin(0.1));
    CHECK(e->number("neutral_s").value_or(0) == Approx(3.0).margin(0.1));
    CHECK(e->number("first_cue_s").value_or(0) == Approx(3.0).margin(0.1));
    CHECK(e->number("looks_away").value_or(-1) == 1);
    CHECK(e->text_arg("gaze_source") == "head");
    CHECK_THAT(e->text(core::Lang::en), ContainsSubstring("Gaze, step 1 (head direction): 6 s on cues, 3 s on "
                                                          "neutral objects (67 % on cues); first look at a cue after 3 s; "
                                                          "looks away from cues: 1; most: glass pipe 6.0 s"));
    CHECK_THAT(e->text(core::Lang::zh_CN), ContainsSubstring("看得最多：玻璃烫壶 6.0 秒、窗外 3.0 秒"));
    // The baseline had its own stretch, with no cue looked at.
    const Event* baseline = nullptr;
    for (const Event& x : h.log())
        if (x.kind == EventKind::gaze && x.text_arg("stretch") == "baseline") baseline = &x;
    REQUIRE(baseline);
    CHECK_THAT(baseline->text(core::Lang::en), ContainsSubstring("no look at a cue"));
    CHECK(h.controller().snapshot().gaze_source == GazeSource::head);

    // The outcomes: per step over its visits, and the session's source.
    const SessionOutcome o = summarize_session(h.controller().protocol(), h.log());
    REQUIRE(o.steps[0].gaze_cue_s);
    CHECK(*o.steps[0].gaze_cue_s == Approx(6.0).margin(0.1));
    CHECK(*o.steps[0].gaze_neutral_s == Approx(3.0).margin(0.1));
    CHECK(*o.steps[0].gaze_cue_share == Approx(6.0 / 9.0).margin(0.02));
    CHECK(*o.steps[0].gaze_first_cue_s == Approx(3.0).margin(0.1));
    CHECK(o.steps[0].gaze_looks_away == 1);
    CHECK_FALSE(o.steps[1].gaze_cue_s); // reached, but no gaze was given there yet
    CHECK(o.gaze_source == "head");
}
