// The controller against scripted craving traces: each rule fires when it should and not otherwise.
#include "support/session_fixtures.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <limits>

using namespace qx::session;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using qx::core::Lang;
using qx::test::Harness;
using qx::test::test_protocol;

TEST_CASE("the baseline takes a tonic report in the calm room, then exposure ramps in smoothly",
          "[session][controller]") {
    Harness h(test_protocol());
    CHECK(h.controller().state() == State::baseline);
    Target calm = h.controller().target();
    CHECK(calm.calm_room);
    CHECK(calm.scene == "calm-room");
    CHECK(calm.intensity == 0);

    h.to(59.5);
    CHECK_FALSE(h.controller().snapshot().prompt_pending); // no prompt before the baseline is over
    h.to(60);
    const Event* prompt = h.last(EventKind::prompt);
    REQUIRE(prompt);
    CHECK(prompt->key == "session.prompt.tonic");

    h.report(2);
    CHECK(h.controller().state() == State::exposure);
    CHECK(h.controller().snapshot().tonic == 2.0);
    Target t = h.controller().target();
    CHECK_FALSE(t.calm_room);
    CHECK(t.scene == "street-night");
    CHECK(t.cue_level == 1);
    CHECK(t.scene_change > calm.scene_change);
    CHECK_THAT(t.intensity, WithinAbs(0.4, 1e-9));
    CHECK_THAT(h.last_decision_text(), ContainsSubstring("Baseline craving 2: exposure starts at step 1"));

    // Intensity rises monotonically and without jumps to 1 over the 20 s ramp; then adaptation.
    double previous = t.intensity;
    for (int i = 0; i < 50; ++i) {
        h.wait(0.5);
        double now = h.controller().target().intensity;
        CHECK(now >= previous);
        CHECK(now - previous < 0.05);
        previous = now;
    }
    CHECK_THAT(previous, WithinAbs(1.0, 1e-9));
    CHECK(h.controller().state() == State::adaptation);
}

TEST_CASE("habituation steps up after the minimum dwell and two reports at most 60 % of the peak",
          "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2); // exposure from t = 60
    h.to(70);
    h.report(7); // the peak
    CHECK(h.last(EventKind::decision)->rule == "min_dwell");
    h.to(90);
    h.report(4); // qualifies, but before the minimum dwell: not counted
    h.to(105);
    h.report(4);
    CHECK(h.controller().step() == 0);
    CHECK(h.last(EventKind::decision)->rule == "min_dwell");
    CHECK_THAT(h.last_decision_text(), ContainsSubstring("45 s of the minimum 60 s"));

    h.to(125); // dwell 65
    h.report(4);
    CHECK(h.controller().step() == 0);
    CHECK(h.controller().snapshot().habituation_streak == 1);
    CHECK_THAT(h.last_decision_text(),
               ContainsSubstring("craving 4 is at most 60 % of this step's peak 7 (4.2); 1 of 2 reports"));

    h.to(130);
    h.report(5); // above 4.2: the count starts again
    CHECK(h.controller().snapshot().habituation_streak == 0);
    CHECK(h.last(EventKind::decision)->key == "session.rule.hold_not_dropped");

    h.to(140);
    h.report(4.2);
    h.to(150);
    auto mark = h.mark();
    h.report(3);
    CHECK(h.controller().step() == 1);
    const Event* up = h.last(EventKind::decision);
    CHECK(up->rule == "habituation");
    CHECK(up->key == "session.rule.step_up");
    CHECK(up->number("dwell") == 90);
    CHECK(up->number("peak") == 7);
    CHECK_THAT(up->text(Lang::en), ContainsSubstring("Stepping up to step 2 (rented-room)"));
    CHECK_THAT(up->text(Lang::zh_CN), ContainsSubstring("升至第 2 级"));
    CHECK(h.count(EventKind::step, {}, mark) == 1);
    CHECK(h.controller().snapshot().step_peak == std::nullopt); // a new step has its own peak
    CHECK(h.controller().safe_step() == 0);
}

TEST_CASE("a hold decision explains itself in the therapist's terms", "[session][controller]") {
    Protocol p = test_protocol();
    p.safety.ceiling = 9;
    Harness h(p);
    h.through_baseline(2);
    h.to(70);
    h.report(8);
    h.to(130);
    h.report(7);
    const Event* d = h.last(EventKind::decision);
    CHECK(d->rule == "habituation");
    CHECK(d->text(Lang::en) == "Holding at step 1: craving 7 is above 60 % of this step's peak 8 (4.8)");
    CHECK(d->text(Lang::zh_CN) == "保持第 1 级：渴求 7 高于本级峰值 8 的 60%（4.8）");
    CHECK(h.controller().snapshot().last_decision->seq == d->seq); // the panel's "current rule"
}

TEST_CASE("a report at the ceiling sends the resident to the calm room at once; just below it does not",
          "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(80);
    h.report(7.9);
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.count(EventKind::decision, "ceiling") == 0);

    h.to(90);
    auto r = h.report(8);
    CHECK(r.accepted);
    // Same call: the target is the calm room before the next frame is drawn.
    CHECK(h.controller().state() == State::calm_room);
    Target t = h.controller().target();
    CHECK(t.calm_room);
    CHECK(t.intensity == 0);
    CHECK(t.fade_s <= h.controller().protocol().safety.max_exposure_above_ceiling_s);
    CHECK(h.count(EventKind::alert, "ceiling") == 1);
    CHECK_THAT(h.last(EventKind::decision, "ceiling")->text(Lang::en),
               ContainsSubstring("Craving 8 is at or above the ceiling 8: calm room now"));

    // Back only once settled (<= 4) and after the calm room's minimum 30 s.
    h.to(100);
    h.report(5);
    CHECK(h.last(EventKind::decision)->key == "session.rule.calm_not_settled");
    h.to(110);
    h.report(4);
    CHECK(h.last(EventKind::decision)->key == "session.rule.calm_min_time");
    CHECK(h.controller().state() == State::calm_room);
    h.to(119.5);
    CHECK(h.controller().state() == State::calm_room);
    h.to(120);
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.controller().step() == 0); // step 1 minus one, but the ladder starts at step 1
    CHECK(h.last(EventKind::decision)->rule == "calm_return");
    CHECK(h.controller().snapshot().time_in_step == 0); // a new visit
}

TEST_CASE("a sharp rise between consecutive reports steps down; a smaller rise does not",
          "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::level_up, "move on"); // step 2
    REQUIRE(h.controller().step() == 1);
    h.to(80);
    h.report(3);
    h.to(90);
    h.report(5.9);
    CHECK(h.controller().step() == 1);
    CHECK(h.count(EventKind::decision, "sharp_rise") == 0);
    h.to(100);
    h.report(3);
    h.to(110);
    h.report(6);
    CHECK(h.controller().step() == 0);
    const Event* d = h.last(EventKind::decision, "sharp_rise");
    REQUIRE(d);
    CHECK(d->key == "session.rule.sharp_rise.step_down");
    CHECK_THAT(d->text(Lang::en),
               ContainsSubstring("from 3 to 6 (+3; the rule is 3): stepping down to step 1"));

    // At the first step there is nothing below: the calm room instead.
    h.to(120);
    h.report(2);
    h.to(130);
    h.report(5);
    CHECK(h.controller().state() == State::calm_room);
    CHECK(h.last(EventKind::decision, "sharp_rise")->key == "session.rule.sharp_rise.calm_room");
}

TEST_CASE("the rise that follows a step up is the cue response, not a sharp rise", "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(1);
    h.to(70);
    h.report(2);
    h.command(CommandKind::level_up, "next");
    h.to(90);
    h.report(6); // +4 over the last report, but on a new step
    CHECK(h.controller().step() == 1);
    CHECK(h.count(EventKind::decision, "sharp_rise") == 0);
    h.to(100);
    h.report(3);
    h.to(110);
    h.report(6.5); // within the visit: a sharp rise
    CHECK(h.controller().step() == 0);
}

TEST_CASE("a calm-room stay starts a new sequence for the sharp-rise rule", "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(1);
    h.to(70);
    h.report(8); // calm room
    h.to(80);
    h.report(1);
    h.to(100); // back at step 1 after the minimum 30 s
    REQUIRE(is_exposed(h.controller().state()));
    h.to(110);
    h.report(5); // 1 -> 5 across the calm room is the cue response, not a sharp rise
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.count(EventKind::decision, "sharp_rise") == 0);
}

TEST_CASE("a heart rate above the limit for the sustained time goes to the calm room",
          "[session][controller][heart_rate]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(70);
    h.heart_rate_until(78, 135); // 70 .. 77: eight seconds above
    CHECK(is_exposed(h.controller().state()));
    // The rule reads the rate over the last 5 s: a one-second dip is not a fall, five are.
    h.heart_rate_until(83, 120);
    CHECK(h.controller().snapshot().heart_rate_bpm == 120.0);
    h.heart_rate_until(95, 140); // the 5 s mean is at or above 130 from 85 on
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.count(EventKind::decision, "heart_rate") == 0);
    h.heart_rate(140); // ten seconds of the run
    CHECK(h.controller().state() == State::calm_room);
    const Event* d = h.last(EventKind::decision, "heart_rate");
    REQUIRE(d);
    CHECK_THAT(d->text(Lang::en),
               ContainsSubstring("Heart rate 140 bpm (at or above the limit of 130) for 10 s: calm room now"));
    CHECK_THAT(d->text(Lang::zh_CN), ContainsSubstring("不低于上限 130"));
    CHECK(h.count(EventKind::alert, "heart_rate") == 1);
}

namespace {

Protocol rise_protocol(bool acts) {
    Protocol p = test_protocol();
    Protocol::HeartRate rule;
    rule.max_bpm = 190;
    rule.rise_bpm = 25;
    rule.sustained_s = 10;
    rule.action = SafetyAction::step_down;
    rule.acts = acts;
    p.safety.heart_rate = rule;
    return p;
}

} // namespace

TEST_CASE("a sustained rise over the session's own resting baseline acts, and the baseline and step "
          "figures are logged", "[session][controller][heart_rate]") {
    Harness h(rise_protocol(true));
    CHECK(h.controller().snapshot().heart_rate_signal == qx::sensors::SignalState::waiting);
    h.heart_rate_until(60, 70); // the baseline phase
    h.report(2);
    REQUIRE(is_exposed(h.controller().state()));
    REQUIRE(h.controller().snapshot().heart_rate_baseline_bpm);
    CHECK(*h.controller().snapshot().heart_rate_baseline_bpm == 70.0);
    CHECK(h.count(EventKind::heart_rate, "heart_rate_signal") == 1); // "signal received"
    const Event* baseline = h.last(EventKind::heart_rate, "heart_rate");
    REQUIRE(baseline);
    CHECK(baseline->text_arg("stretch") == "baseline");
    CHECK_THAT(baseline->text(Lang::en), ContainsSubstring("Heart rate, baseline: mean 70 bpm, peak 70"));

    // Up a step: +20 is a response, not a reason to stop.
    h.command(CommandKind::level_up);
    REQUIRE(h.controller().step() == 1);
    h.heart_rate_until(h.now() + 30, 90);
    CHECK(h.controller().step() == 1);
    // +26 held for the sustained time: one step down, said in words with the baseline.
    auto mark = h.mark();
    h.heart_rate_until(h.now() + 20, 96);
    CHECK(h.controller().step() == 0);
    CHECK(h.count(EventKind::decision, "heart_rate", mark) == 1);
    const Event* d = h.last(EventKind::decision, "heart_rate");
    REQUIRE(d);
    CHECK_THAT(d->text(Lang::en), ContainsSubstring("Heart rate 96 bpm (25 or more above the baseline of 70)"));
    CHECK_THAT(d->text(Lang::en), ContainsSubstring("stepping down to step 1"));

    // The step just left: its mean and peak and their rise over the baseline.
    const Event* step = nullptr;
    for (const Event& e : h.log())
        if (e.kind == EventKind::heart_rate && e.text_arg("stretch") == "step" && e.step == 1) step = &e;
    REQUIRE(step);
    CHECK(*step->number("peak_bpm") == 96.0);
    CHECK(*step->number("peak_rise_bpm") == 26.0);
    CHECK(*step->number("mean_rise_bpm") > 20.0);
    CHECK(*step->number("mean_rise_bpm") < 26.0);
    CHECK_THAT(step->text(Lang::en), ContainsSubstring("Heart rate, step 2: mean"));
    CHECK_THAT(step->text(Lang::en), ContainsSubstring("(+26)"));
    CHECK_THAT(step->text(Lang::en), ContainsSubstring("too few beat intervals for RMSSD"));
    CHECK_THAT(step->text(Lang::zh_CN), ContainsSubstring("心率（第 2 级）"));
}

TEST_CASE("a heart-rate rule in show mode alerts the therapist once a run and changes nothing",
          "[session][controller][heart_rate]") {
    Harness h(rise_protocol(false));
    h.heart_rate_until(60, 70);
    h.report(2);
    h.command(CommandKind::level_up);
    h.heart_rate_until(h.now() + 40, 100);
    CHECK(h.controller().step() == 1);
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.count(EventKind::decision, "heart_rate") == 0);
    CHECK(h.count(EventKind::alert, "heart_rate") == 1);
    const Event* a = h.last(EventKind::alert, "heart_rate");
    REQUIRE(a);
    CHECK_THAT(a->text(Lang::en), ContainsSubstring("you decide whether to step down"));
    h.heart_rate_until(h.now() + 10, 80); // down again...
    h.heart_rate_until(h.now() + 20, 100); // ...and up: a new run, a new alert
    CHECK(h.count(EventKind::alert, "heart_rate") == 2);
    CHECK(h.controller().step() == 1);
}

TEST_CASE("without a heart-rate baseline the rise rule says once it cannot act; the absolute limit still can",
          "[session][controller][heart_rate]") {
    Harness h(rise_protocol(true));
    h.through_baseline(2); // no sensor during the baseline
    h.heart_rate_until(h.now() + 30, 110);
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.count(EventKind::alert, "heart_rate") == 1);
    CHECK(h.last(EventKind::alert, "heart_rate")->key == "session.alert.hr_no_baseline");
    h.heart_rate_until(h.now() + 20, 195);
    CHECK(h.controller().state() == State::calm_room);
}

TEST_CASE("a lost heart-rate signal alerts the therapist and never stops the session",
          "[session][controller][heart_rate]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    auto strap = [&](qx::sensors::Contact contact) {
        qx::sensors::HeartRateSample s;
        s.seconds = h.now();
        s.measurement.bpm = contact == qx::sensors::Contact::lost ? 0 : 80;
        s.measurement.contact = contact;
        if (contact != qx::sensors::Contact::lost) s.measurement.add_rr_ms(750.0); // 768/1024 s
        h.reading(s);
        h.wait(1);
    };
    for (int i = 0; i < 10; ++i)
        strap(qx::sensors::Contact::detected);
    CHECK(h.controller().snapshot().heart_rate_signal == qx::sensors::SignalState::ok);
    CHECK(h.controller().snapshot().heart_rate_bpm == 80.0);
    strap(qx::sensors::Contact::lost);
    CHECK(h.controller().snapshot().heart_rate_signal == qx::sensors::SignalState::no_contact);
    CHECK_FALSE(h.controller().snapshot().heart_rate_bpm);
    REQUIRE(h.last(EventKind::alert, "heart_rate_signal"));
    CHECK_THAT(h.last(EventKind::alert, "heart_rate_signal")->text(Lang::en),
               ContainsSubstring("no skin contact: adjust the strap (the session goes on)"));
    strap(qx::sensors::Contact::detected);
    CHECK(h.last(EventKind::heart_rate, "heart_rate_signal")->key == "session.hr.signal.ok");
    // Nothing for six seconds: stale, logged but not alerted again within the minute.
    h.wait(6);
    CHECK(h.controller().snapshot().heart_rate_signal == qx::sensors::SignalState::stale);
    CHECK(h.last(EventKind::heart_rate, "heart_rate_signal")->key == "session.hr.signal.stale");
    CHECK(h.count(EventKind::alert, "heart_rate_signal") == 1);
    h.wait(60);
    h.controller().heart_rate_connected(false);
    h.wait(0.5);
    CHECK(h.controller().snapshot().heart_rate_signal == qx::sensors::SignalState::disconnected);
    CHECK(h.count(EventKind::alert, "heart_rate_signal") == 2);
    CHECK(is_exposed(h.controller().state()));
    h.controller().heart_rate_connected(true);
    strap(qx::sensors::Contact::detected);
    CHECK(h.controller().snapshot().heart_rate_signal == qx::sensors::SignalState::ok);
}

TEST_CASE("heart-rate gaps break a run and bad samples are logged once, never acted on",
          "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(70);
    h.heart_rate(135);
    h.wait(6); // a gap longer than 5 s
    for (int i = 0; i < 9; ++i) {
        h.heart_rate(135);
        h.wait(1);
    }
    CHECK(is_exposed(h.controller().state()));
    auto mark = h.mark();
    h.heart_rate(std::numeric_limits<double>::quiet_NaN());
    h.heart_rate(400);
    h.heart_rate(-3);
    CHECK(h.count(EventKind::heart_rate_rejected, {}, mark) == 1);
    CHECK(is_exposed(h.controller().state()));
    h.heart_rate(80);
    h.heart_rate(500);
    CHECK(h.count(EventKind::heart_rate_rejected, {}, mark) == 2);
}

TEST_CASE("without a heart-rate rule, samples are shown but never act", "[session][controller]") {
    Protocol p = test_protocol();
    p.safety.heart_rate.reset();
    Harness h(p);
    h.through_baseline(2);
    for (int i = 0; i < 30; ++i) {
        h.heart_rate(180);
        h.wait(1);
    }
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.controller().snapshot().heart_rate_bpm == 180.0);
}

TEST_CASE("at the maximum dwell without habituation the controller steps down, or holds at the first step",
          "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::level_up, "go"); // step 2 from t = 60
    for (double t = 75; t < 259; t += 25) {
        h.to(t);
        h.report(7);
    }
    h.to(259.5);
    CHECK(h.controller().step() == 1);
    h.to(260); // dwell 200
    CHECK(h.controller().step() == 0);
    const Event* d = h.last(EventKind::decision, "max_dwell");
    REQUIRE(d);
    CHECK(d->key == "session.rule.max_dwell_step_down");
    CHECK_THAT(d->text(Lang::en), ContainsSubstring("Step 2 reached its maximum 3.3 min"));

    for (double t = 275; t < 460; t += 25) {
        h.to(t);
        h.report(7);
    }
    h.to(461);
    CHECK(h.controller().step() == 0);
    CHECK(h.last(EventKind::decision, "max_dwell")->key == "session.rule.max_dwell_first_step");
    CHECK(h.count(EventKind::alert, "max_dwell") == 1);
}

TEST_CASE("at the maximum dwell a habituation part-way met gets its next report", "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::level_up, "go"); // step 2 from t = 60, maximum at t = 260
    h.to(70);
    h.report(7);
    h.to(250);
    h.report(4); // counts: 1 of 2
    h.to(261);
    CHECK(h.controller().step() == 1);
    CHECK(h.last(EventKind::decision)->key == "session.rule.max_dwell_wait");
    h.to(270);
    h.report(4); // completes the rule: up, not down
    CHECK(h.controller().step() == 2);

    // When the next report does not count, the step-down follows at once.
    Harness g(test_protocol());
    g.through_baseline(2);
    g.command(CommandKind::level_up, "go");
    g.to(70);
    g.report(7);
    g.to(250);
    g.report(4);
    g.to(270);
    g.report(6);
    g.to(270.5);
    CHECK(g.controller().step() == 0);
    CHECK(g.last(EventKind::decision, "max_dwell")->key == "session.rule.max_dwell_step_down");

    // Without an answer the wait ends after one prompt cycle (30 s + 2 × 10 s).
    Harness m(test_protocol());
    m.through_baseline(2);
    m.command(CommandKind::level_up, "go");
    m.to(70);
    m.report(7);
    m.to(250);
    m.report(4);
    m.to(309);
    CHECK(m.controller().step() == 1);
    m.to(311);
    CHECK(m.controller().step() == 0);
}

TEST_CASE("a protocol whose maximum dwell says hold alerts instead of stepping down",
          "[session][controller]") {
    Protocol p = test_protocol();
    p.dwell.at_max = MaxDwellAction::hold;
    Harness h(p);
    h.through_baseline(2);
    h.command(CommandKind::level_up, "go");
    for (double t = 75; t < 300; t += 25) {
        h.to(t);
        h.report(6);
    }
    CHECK(h.controller().step() == 1);
    CHECK(h.last(EventKind::decision, "max_dwell")->key == "session.rule.max_dwell_hold");
    CHECK(h.count(EventKind::alert, "max_dwell") == 1);
}

TEST_CASE("the session's length ends exposure and the cool-down never ends on a peak",
          "[session][controller]") {
    Protocol p = test_protocol();
    p.dwell.max_s = 2000; // no max-dwell changes in the way
    p.ladder[0].max_dwell_s = 2000;
    Harness h(p);
    h.through_baseline(2);
    for (double t = 90; t < 1080; t += 30) {
        h.to(t);
        h.report(7);
    }
    h.to(1079.5);
    CHECK(is_exposed(h.controller().state()));
    h.to(1080); // length 1200 minus the 120 s cool-down
    CHECK(h.controller().state() == State::cool_down);
    CHECK(h.last(EventKind::decision)->rule == "session_length");
    CHECK(h.controller().target().calm_room);
    CHECK(h.controller().snapshot().prompt_pending); // asked at once

    h.wait(5);
    h.report(6);
    CHECK(h.controller().state() == State::cool_down);
    CHECK(h.last(EventKind::decision)->key == "session.rule.cool_down_wait");
    h.wait(20);
    h.report(4);
    CHECK(h.controller().state() == State::cool_down);
    h.wait(20);
    h.report(3);
    CHECK(h.controller().state() == State::closed);
    CHECK(h.last(EventKind::decision)->key == "session.rule.cool_down_settled");
    CHECK(h.count(EventKind::alert, "cool_down") == 0);
}

TEST_CASE("a cool-down that does not settle ends after its maximum on a final report, with an alert",
          "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::stop, "resident tired");
    REQUIRE(h.controller().state() == State::cool_down);
    for (int i = 0; i < 6; ++i) { // every prompt answered with 6, for 120 s
        h.wait(19);
        REQUIRE(h.controller().state() == State::cool_down);
        h.report(6);
        h.wait(1);
    }
    h.to(h.now() + 1);
    const Event* prompt = h.last(EventKind::prompt);
    REQUIRE(prompt);
    CHECK(prompt->key == "session.prompt.final");
    CHECK(h.controller().state() == State::cool_down);
    h.report(6);
    CHECK(h.controller().state() == State::closed);
    CHECK(h.last(EventKind::decision)->key == "session.rule.cool_down_max_close");
    CHECK(h.count(EventKind::alert, "cool_down") == 1);
}

TEST_CASE("an unanswered final prompt closes the session with a follow-up alert", "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.command(CommandKind::stop, "end");
    h.wait(400);
    CHECK(h.controller().state() == State::closed);
    CHECK(h.last(EventKind::decision)->key == "session.rule.close_final_missed");
    CHECK(h.last(EventKind::alert)->key == "session.alert.final_missed");
}

TEST_CASE("a missed prompt is repeated, then logged as missed; two in a row alert the therapist",
          "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2); // answered at t = 60; next prompt at 90
    auto mark = h.mark();
    h.to(89.5);
    CHECK(h.count(EventKind::prompt, {}, mark) == 0);
    h.to(90);
    CHECK(h.count(EventKind::prompt, {}, mark) == 1);
    h.to(100);
    CHECK(h.last(EventKind::prompt)->key == "session.prompt.repeat");
    h.to(110);
    CHECK(h.count(EventKind::prompt_missed, {}, mark) == 1);
    CHECK_FALSE(h.controller().snapshot().prompt_pending);
    CHECK(h.count(EventKind::alert, {}, mark) == 0);
    h.to(120); // the cadence goes on: 30 s after the missed prompt was first asked
    CHECK(h.last(EventKind::prompt)->key == "session.prompt.regular");
    h.to(140);
    CHECK(h.count(EventKind::prompt_missed, {}, mark) == 2);
    CHECK(h.count(EventKind::alert, "missed_prompt", mark) == 1);
    CHECK(h.controller().snapshot().missed_in_a_row == 2);
    CHECK_THAT(h.last(EventKind::alert)->text(Lang::en), ContainsSubstring("missed 2 prompts in a row"));
    h.to(150);
    h.report(5);
    CHECK(h.controller().snapshot().missed_in_a_row == 0);
}

TEST_CASE("a missed baseline prompt still starts exposure", "[session][controller]") {
    Harness h(test_protocol());
    h.to(81);
    CHECK(is_exposed(h.controller().state()));
    CHECK(h.last(EventKind::decision)->key == "session.rule.tonic_missed");
    CHECK_FALSE(h.controller().snapshot().tonic.has_value());
}

TEST_CASE("a baseline at the ceiling holds exposure back and alerts", "[session][controller]") {
    Harness h(test_protocol());
    h.to(60);
    h.report(9);
    CHECK(h.controller().state() == State::baseline);
    CHECK(h.count(EventKind::alert, "baseline") == 1);
    h.to(80); // asked again after the calm room's interval
    REQUIRE(h.controller().snapshot().prompt_pending);
    h.report(5);
    CHECK(is_exposed(h.controller().state()));
}

TEST_CASE("late reports are recorded with their own time, count toward the peak, never toward habituation",
          "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(100);
    h.report(4);
    h.to(140);
    auto r = h.report_at(135, 7, ReportSource::late);
    CHECK(r.accepted);
    CHECK(r.late);
    CHECK(r.event.t == 135);
    CHECK(r.event.number("received") == 140);
    CHECK(h.controller().snapshot().step_peak == 7.0);
    CHECK(h.last(EventKind::decision)->key == "session.rule.late_counted");
    CHECK(h.controller().snapshot().habituation_streak == 0);

    // A headset report stamped before the newest one is late too.
    h.to(150);
    h.report(3);
    auto older = h.report_at(145, 9, ReportSource::headset);
    CHECK(older.late);
    CHECK(is_exposed(h.controller().state())); // a newer report (3) exists: no calm room for old news
    CHECK(h.last(EventKind::decision)->key == "session.rule.late_counted"); // but it was this step's peak
    CHECK(h.controller().snapshot().step_peak == 9.0);

    // A late report from an earlier step is recorded and changes nothing here.
    h.command(CommandKind::level_up, "next");
    h.to(152);
    h.report_at(140, 5, ReportSource::late);
    CHECK(h.last(EventKind::decision)->key == "session.rule.late_recorded");
    CHECK_FALSE(h.controller().snapshot().step_peak.has_value());

    // The newest information at the ceiling still acts, late or not.
    h.to(170);
    h.report_at(165, 8, ReportSource::late);
    CHECK(h.controller().state() == State::calm_room);
    CHECK(h.last(EventKind::decision, "ceiling")->key == "session.rule.ceiling_late");
}

TEST_CASE("out-of-range and malformed reports are refused with a reason and change nothing",
          "[session][controller]") {
    Harness before(test_protocol(), {}, false);
    auto early = before.report(5);
    CHECK_FALSE(early.accepted);
    CHECK(early.event.key == "session.report.rejected.not_started");

    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(100);
    Snapshot s0 = h.controller().snapshot();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    struct Case {
        double t;
        double rating;
        const char* key;
        const char* words;
    };
    for (const Case& c :
         {Case{100, -1, "session.report.rejected.out_of_range", "craving is rated 0 to 10"},
          Case{100, 11, "session.report.rejected.out_of_range", "Rating 11 refused"},
          Case{100, nan, "session.report.rejected.not_a_number", "not a number"},
          Case{100, inf, "session.report.rejected.not_a_number", "not a number"},
          Case{inf, 5, "session.report.rejected.bad_time", "not valid"},
          Case{105, 5, "session.report.rejected.future", "in the future"},
          Case{-5, 5, "session.report.rejected.before_start", "before the session started"}}) {
        auto r = h.report_at(c.t, c.rating);
        INFO(c.key);
        CHECK_FALSE(r.accepted);
        CHECK(r.event.kind == EventKind::report_rejected);
        CHECK(r.event.key == c.key);
        CHECK_THAT(r.event.text(Lang::en), ContainsSubstring(c.words));
        CHECK_FALSE(r.event.text(Lang::zh_CN).empty());
    }
    Snapshot s1 = h.controller().snapshot();
    CHECK(s1.state == s0.state);
    CHECK(s1.step_peak == s0.step_peak);
    CHECK(s1.recent_reports.size() == s0.recent_reports.size());
    CHECK(h.controller().snapshot().last_rating == 2.0);
}

TEST_CASE("reports after the session closed are refused", "[session][controller]") {
    Harness h(test_protocol(), {}, false);
    h.command(CommandKind::stop, "not today");
    CHECK(h.controller().closed());
    auto r = h.report(3);
    CHECK_FALSE(r.accepted);
    CHECK(r.event.key == "session.report.rejected.closed");
}

TEST_CASE("a high craving that sits flat is held at the step and the therapist told why, however near the baseline",
          "[session][controller]") {
    Protocol p = test_protocol();
    p.habituation.or_within_baseline = 1; // "back within a point of the baseline" counts...
    Harness h(p);
    h.through_baseline(7);                // ...but today's baseline is itself high
    h.to(70);
    h.report(7);
    for (double t : {100.0, 130.0, 160.0, 190.0}) {
        h.to(t);
        h.report(t == 160.0 ? 6 : 7); // varied enough not to be invariant
        CHECK(h.controller().step() == 0);
    }
    const Event* d = h.last(EventKind::decision);
    REQUIRE(d != nullptr);
    CHECK(d->key == "session.rule.hold_not_ready");
    CHECK_THAT(d->text(Lang::en), ContainsSubstring("is back within 1 of the baseline 7, but craving 7 is still above "
                                                    "the ready level 5"));
    CHECK_THAT(d->text(Lang::zh_CN), ContainsSubstring("仍高于可升级水平 5"));
    CHECK(h.controller().snapshot().habituation_streak == 0);
    CHECK(h.controller().safe_step() == -1);

    // A real drop, to the ready level, steps up as before.
    h.to(200);
    h.report(4);
    h.to(230);
    h.report(4);
    CHECK(h.controller().step() == 1);
    CHECK(h.controller().safe_step() == 0);
}

TEST_CASE("the same rating again and again across a scene change alerts the therapist and holds the step",
          "[session][controller]") {
    Harness h(test_protocol()); // prompts.invariant_after = 5
    h.through_baseline(3);      // the first 3, in the calm scene
    std::size_t mark = h.mark();
    for (double t : {70.0, 100.0, 130.0}) {
        h.to(t);
        h.report(3);
    }
    CHECK(h.count(EventKind::alert, "invariant", mark) == 0); // four so far
    h.to(160);
    h.report(3); // the fifth, across the change from the calm scene to the street
    REQUIRE(h.count(EventKind::alert, "invariant", mark) == 1);
    const Event* a = h.last(EventKind::alert, "invariant");
    CHECK(a->number("count") == 5);
    CHECK_THAT(a->text(Lang::en), ContainsSubstring("5 reports in a row were all 3, across scene changes"));
    CHECK_THAT(a->text(Lang::zh_CN), ContainsSubstring("连续 5 次"));
    // 3 is back at the baseline and under the ready level, yet it does not count while invariant.
    CHECK(h.last(EventKind::decision)->key == "session.rule.hold_invariant");
    h.to(190);
    h.report(3);
    CHECK(h.count(EventKind::alert, "invariant", mark) == 1); // once per run
    CHECK(h.controller().step() == 0);

    // A different rating ends the run (said in the log); the stepping rules apply again.
    h.to(200);
    h.report(2);
    CHECK(h.count(EventKind::decision, "invariant", mark) == 1);
    h.to(210);
    h.report(1);
    CHECK(h.controller().step() == 1);
}

TEST_CASE("the same rating within one scene is not flagged until it crosses into another",
          "[session][controller]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    std::size_t mark = h.mark();
    for (double t : {70.0, 80.0, 90.0, 100.0, 110.0, 120.0}) {
        h.to(t);
        h.report(5); // six 5s, all at the street
    }
    CHECK(h.count(EventKind::alert, "invariant", mark) == 0);
    h.command(CommandKind::calm_room);
    h.to(140);
    h.report(5); // the seventh, in the calm room
    CHECK(h.count(EventKind::alert, "invariant", mark) == 1);
}
