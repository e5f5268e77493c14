// Therapist commands: overrides (the therapist wins, the rule is named), pause/resume, the calm room
// mid-step, stop, and commands that make no sense now.
#include "support/session_fixtures.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace qx::session;
using Catch::Matchers::ContainsSubstring;
using qx::core::Lang;
using qx::test::Harness;
using qx::test::test_protocol;

TEST_CASE("stepping up against the habituation rule is carried out and logged as an override",
          "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(70);
    h.report(6);
    auto mark = h.mark();
    auto r = h.command(CommandKind::level_up, "resident asked to move on");
    CHECK(r.accepted);
    CHECK(h.controller().step() == 1);
    CHECK(h.count(EventKind::override_rule, {}, mark) == 1);
    const Event* o = h.last(EventKind::override_rule);
    CHECK(o->rule == "min_dwell");
    CHECK_THAT(o->text(Lang::en), ContainsSubstring("before the minimum dwell of 60 s") &&
                                      ContainsSubstring("Reason: resident asked to move on"));
    CHECK(h.last(EventKind::decision)->rule == "therapist");

    // After the minimum dwell, the habituation rule is the one overridden.
    h.to(140);
    h.report(5);
    h.command(CommandKind::level_up, "confident");
    CHECK(h.last(EventKind::override_rule)->rule == "habituation");
    CHECK(h.controller().step() == 2);
}

TEST_CASE("stepping up from the calm room above the ceiling names the ceiling rule", "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(70);
    h.report(9);
    REQUIRE(h.controller().state() == State::calm_room);
    h.command(CommandKind::level_up, "override test");
    CHECK(h.last(EventKind::override_rule)->rule == "ceiling");
    CHECK(h.controller().step() == 1);
    CHECK(is_exposed(h.controller().state()));
}

TEST_CASE("a hold keeps the step even when the habituation rule holds; release lets it step up",
          "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(70);
    h.report(7);
    h.command(CommandKind::hold, "practise coping skills here");
    CHECK(h.controller().snapshot().held);
    h.to(130);
    h.report(3);
    h.to(140);
    h.report(3);
    CHECK(h.controller().step() == 0);
    CHECK(h.last(EventKind::override_rule)->rule == "habituation");
    CHECK(h.last(EventKind::decision)->key == "session.rule.held");
    CHECK(h.command(CommandKind::hold).accepted == false); // already held

    h.command(CommandKind::release, "ready");
    h.to(150);
    h.report(3);
    CHECK(h.controller().step() == 1);
}

TEST_CASE("safety rules still act while a step is held", "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::hold, "stay");
    h.to(80);
    h.report(8);
    CHECK(h.controller().state() == State::calm_room);
}

TEST_CASE("time in a pause counts toward neither dwell nor session length, and no prompt comes",
          "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(80); // dwell 20
    h.report(7);
    h.command(CommandKind::pause, "headset adjustment");
    CHECK(h.controller().state() == State::paused);
    CHECK(h.controller().target().frozen);
    CHECK_FALSE(h.controller().target().calm_room);
    auto mark = h.mark();
    double active = h.controller().snapshot().active_s;
    h.to(680); // ten minutes
    CHECK(h.count(EventKind::prompt, {}, mark) == 0);
    Snapshot s = h.controller().snapshot();
    CHECK(s.time_in_step == 20);
    CHECK(s.active_s == active);
    CHECK(h.command(CommandKind::level_up).accepted == false);
    h.command(CommandKind::resume, "fixed");
    CHECK(is_exposed(h.controller().state()));
    h.to(720); // dwell 60
    h.report(4);
    CHECK(h.controller().snapshot().habituation_streak == 1);
    CHECK(h.controller().snapshot().remaining_s > 1080 - 140 - 1);
}

TEST_CASE("a report at the ceiling during a pause ends the pause for the calm room", "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::pause, "talk");
    h.to(100);
    h.report(5);
    CHECK(h.controller().state() == State::paused);
    CHECK(h.last(EventKind::decision)->key == "session.rule.paused_report");
    h.report(9);
    CHECK(h.controller().state() == State::calm_room);
}

TEST_CASE("the therapist's calm room mid-step keeps the step's progress and waits for the therapist",
          "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::level_up, "go"); // step 2 at t = 60
    h.to(80);
    h.report(6);
    h.to(100); // dwell 40
    auto mark = h.mark();
    h.command(CommandKind::calm_room, "resident upset by a phone call");
    CHECK(h.controller().state() == State::calm_room);
    CHECK(h.controller().target().calm_room);
    h.to(250); // longer than the calm room's maximum: a reminder, not an automatic end
    CHECK(h.controller().state() == State::calm_room);
    CHECK(h.count(EventKind::alert, "calm_room", mark) == 1);
    h.report(2);
    CHECK(h.controller().state() == State::calm_room); // settled, but the therapist decides
    CHECK(h.last(EventKind::decision)->key == "session.rule.calm_wait_therapist");

    auto back = h.mark();
    h.command(CommandKind::leave_calm, "calm now");
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.controller().step() == 1);
    Snapshot s = h.controller().snapshot();
    CHECK(s.time_in_step == 40); // the calm room did not count, and the visit continues
    CHECK(s.step_peak == 6.0);
    CHECK(h.count(EventKind::step, {}, back) == 0);
    CHECK(h.count(EventKind::override_rule, {}, back) == 0);
}

TEST_CASE("leaving a safety calm room early is an override", "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::level_up, "go");
    h.to(80);
    h.report(8);
    REQUIRE(h.controller().state() == State::calm_room);
    h.to(85);
    h.command(CommandKind::leave_calm, "resident insists");
    CHECK(h.last(EventKind::override_rule)->rule == "calm_return");
    CHECK_THAT(h.last(EventKind::override_rule)->text(Lang::en),
               ContainsSubstring("Therapist override: leaving the calm room with no report taken there"));
    CHECK(h.controller().step() == 0); // a safety calm room returns one step lower
}

TEST_CASE("the resident's calm-room button works, and only that button", "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    auto r = h.command(CommandKind::level_up, "", CommandSource::resident);
    CHECK_FALSE(r.accepted);
    CHECK(r.event.key == "session.command.rejected.resident_calm_only");
    h.command(CommandKind::level_up, "go");
    h.to(80);
    CHECK(h.command(CommandKind::calm_room, "", CommandSource::resident).accepted);
    CHECK(h.controller().state() == State::calm_room);
    CHECK(h.last(EventKind::decision)->rule == "resident");
    h.to(90);
    h.report(3);
    h.to(110); // settled and 30 s passed: back, one step lower
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.controller().step() == 0);
}

TEST_CASE("stop ends exposure through a cool-down; stopping again is refused", "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(100);
    h.report(6);
    h.command(CommandKind::pause, "");
    auto r = h.command(CommandKind::stop, "resident must leave");
    CHECK(r.accepted);
    CHECK(h.controller().state() == State::cool_down);
    CHECK(h.command(CommandKind::stop).event.key == "session.command.rejected.already_closing");
    h.wait(3);
    h.report(2);
    CHECK(h.controller().closed());
    CHECK(h.command(CommandKind::resume).event.key == "session.command.rejected.closed");
}

TEST_CASE("commands that make no sense now are refused with a reason", "[session][commands]") {
    Harness idle(test_protocol(), {}, false);
    CHECK(idle.command(CommandKind::pause).event.key == "session.command.rejected.not_started");
    CHECK(idle.command(CommandKind::stop).accepted); // closing an unstarted session is fine
    CHECK(idle.controller().closed());

    Harness h(test_protocol());
    CHECK(h.command(CommandKind::start).event.key == "session.command.rejected.already_started");
    CHECK(h.command(CommandKind::resume).event.key == "session.command.rejected.not_paused");
    CHECK(h.command(CommandKind::calm_room).event.key == "session.command.rejected.already_calm");
    CHECK(h.command(CommandKind::level_up).event.key == "session.command.rejected.not_exposing");
    CHECK(h.command(CommandKind::leave_calm).event.key == "session.command.rejected.not_in_calm");
    CHECK(h.command(CommandKind::release).event.key == "session.command.rejected.not_held");
    h.through_baseline(2);
    CHECK(h.command(CommandKind::level_down).event.key == "session.command.rejected.at_bottom");
    h.command(CommandKind::level_up);
    h.command(CommandKind::level_up);
    CHECK(h.command(CommandKind::level_up).event.key == "session.command.rejected.at_top");
    CHECK(h.command(CommandKind::prompt_now).accepted);
    CHECK(h.command(CommandKind::prompt_now).event.key == "session.command.rejected.prompt_pending");
    const Event* rejected = h.last(EventKind::command_rejected);
    CHECK_FALSE(rejected->text(Lang::zh_CN).empty());
    CHECK_THAT(rejected->text(Lang::en), ContainsSubstring("already waiting"));
}

TEST_CASE("stepping down when the rule would step up is an override too", "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::level_up, "go");
    h.command(CommandKind::hold, "wait");
    h.to(70);
    h.report(6);
    h.to(130);
    h.report(3);
    h.to(140);
    h.report(3);
    REQUIRE(h.controller().step() == 1);
    h.command(CommandKind::level_down, "resident looks tired");
    CHECK(h.last(EventKind::override_rule)->rule == "habituation");
    CHECK(h.controller().step() == 0);
}

TEST_CASE("a resumed session starts at the given step with its earlier time counted", "[session][commands]") {
    StartOptions options;
    options.start_step = 2;
    options.elapsed_s = 900;
    options.resumed = true;
    Harness h(test_protocol(), options);
    CHECK(h.last(EventKind::decision)->rule == "resume");
    CHECK_THAT(h.last(EventKind::decision)->text(Lang::en),
               ContainsSubstring("step 3 (15 min already done)"));
    h.through_baseline(2);
    CHECK(h.controller().step() == 2);
    // 900 s already done: exposure ends at 1080 s of active time, 120 s after the baseline.
    h.wait(119);
    CHECK(is_exposed(h.controller().state()));
    h.wait(2);
    CHECK(h.controller().state() == State::cool_down);

    StartOptions bad;
    bad.start_step = 3;
    CHECK_THROWS_WITH(Controller(test_protocol(), bad),
                      ContainsSubstring("start step 4 is not on the ladder"));
}

TEST_CASE("the snapshot carries what the panel shows", "[session][commands]") {
    Harness h(test_protocol());
    h.through_baseline(3);
    h.to(70);
    h.report(6);
    Snapshot s = h.controller().snapshot();
    CHECK(s.state == State::exposure); // 10 s into the 20 s ramp
    CHECK(s.intensity > 0.4);
    CHECK(s.intensity < 1.0);
    CHECK(s.step == 0);
    CHECK(s.step_count == 3);
    CHECK(s.scene == "street-night");
    CHECK(s.step_label_en == "street-night");
    CHECK(s.cue_level == 1);
    CHECK(s.step_peak == 6.0);
    CHECK(s.time_in_step == 10);
    CHECK(s.min_dwell_s == 60);
    CHECK(s.max_dwell_s == 200);
    CHECK(s.tonic == 3.0);
    CHECK(s.last_rating == 6.0);
    CHECK(s.recent_reports.size() == 2);
    CHECK(s.recent_reports.back().rating == 6);
    CHECK(s.recent_reports.front().state == State::baseline);
    CHECK(s.habituation_needed == 2);
    CHECK(s.next_prompt_in_s == 30);
    REQUIRE(s.last_decision);
    CHECK(s.last_decision->rule == "min_dwell");
    // More than eight reports: the snapshot keeps the latest eight, oldest first.
    for (int i = 0; i < 10; ++i) {
        h.wait(5);
        h.report(i % 6);
    }
    s = h.controller().snapshot();
    REQUIRE(s.recent_reports.size() == 8);
    CHECK(s.recent_reports.back().rating == 3);
    CHECK(s.recent_reports.front().rating == 2);
}

TEST_CASE("the same script gives the same log, event for event", "[session][commands]") {
    auto run = [] {
        Harness h(test_protocol());
        h.through_baseline(2);
        for (int i = 0; i < 40; ++i) {
            h.wait(17);
            h.report((i * 7) % 9);
            if (i == 10) h.command(CommandKind::pause, "x");
            if (i == 12) h.command(CommandKind::resume, "y");
        }
        std::string all;
        for (const Event& e : h.log())
            all += to_json(e).dump() + "\n";
        return all;
    };
    CHECK(run() == run());
}
