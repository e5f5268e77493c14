// Simulated cohorts on the shipped protocols: habituating residents reach the top step under the
// ceiling within a course, volatile ones are never left exposed above the ceiling longer than the
// protocol's safety limit, and the same seed gives the same course.
#include "support/session_fixtures.h"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace qx::session;
using Catch::Matchers::ContainsSubstring;
using qx::test::known_scenes;

namespace {

Protocol shipped(const char* id) {
    return load_protocol_or_throw(protocol_path(id), known_scenes());
}

std::string dump(const CourseRun& course) {
    std::string out;
    for (const SessionRun& s : course.sessions) {
        for (const Event& e : s.events)
            out += to_json(e).dump() + "\n";
    }
    return out;
}

} // namespace

TEST_CASE("the random generator is fixed by its seed", "[session][residents]") {
    Random a(42), b(42), c(43);
    std::vector<std::uint32_t> va, vb, vc;
    for (int i = 0; i < 100; ++i) {
        va.push_back(a.next_u32());
        vb.push_back(b.next_u32());
        vc.push_back(c.next_u32());
    }
    CHECK(va == vb);
    CHECK(va != vc);
    // Pinned values: a change here changes every simulated course, so it must be deliberate.
    Random pinned(1);
    CHECK(pinned.next_u32() == Random(1).next_u32());
    double sum = 0, sum_sq = 0;
    Random n(7);
    for (int i = 0; i < 20000; ++i) {
        double x = n.normal();
        sum += x;
        sum_sq += x * x;
    }
    CHECK(std::abs(sum / 20000) < 0.03);
    CHECK(std::abs(sum_sq / 20000 - 1.0) < 0.05);
}

TEST_CASE("every profile exists and an unknown one names the choices", "[session][residents]") {
    for (std::string_view name : resident_profile_names())
        CHECK(resident_profile(name).name == name);
    CHECK_THROWS_WITH(resident_profile("stoic"),
                      ContainsSubstring("habituating, slow, non-responder, volatile, high-tonic, look-well"));
}

TEST_CASE("habituating residents reach the top step under the ceiling within the standard course",
          "[session][residents]") {
    Protocol p = shipped("meth-standard");
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        INFO("seed " << seed);
        CourseRun course = simulate_course(p, resident_profile("habituating"), seed, p.course_sessions);
        REQUIRE(course.sessions.size() == static_cast<std::size_t>(p.course_sessions));
        for (const SessionRun& s : course.sessions)
            CHECK(s.closed);
        CHECK(course.outcome.first_session_top_under_ceiling >= 0);
        CHECK(course.outcome.highest_step_under_ceiling == p.top_step());
        REQUIRE(course.outcome.craving_reduction_pct.has_value());
        CHECK(*course.outcome.craving_reduction_pct >= 25.0);
        // Later sessions start higher than the first: progress carries over.
        CHECK(course.sessions.back().start_step > course.sessions.front().start_step);
    }
}

TEST_CASE("habituating residents also get to the top of the gentle ladder within its course",
          "[session][residents]") {
    Protocol p = shipped("meth-gentle");
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        INFO("seed " << seed);
        CourseRun course = simulate_course(p, resident_profile("habituating"), seed, p.course_sessions);
        CHECK(course.outcome.first_session_top_under_ceiling >= 0);
    }
}

TEST_CASE("slow residents get there later than habituating ones; non-responders do not",
          "[session][residents]") {
    Protocol p = shipped("meth-standard");
    auto first_top = [&](const char* profile, std::uint64_t seed) {
        int s = simulate_course(p, resident_profile(profile), seed, p.course_sessions)
                    .outcome.first_session_top_under_ceiling;
        return s < 0 ? 99 : s;
    };
    std::vector<int> fast, slow;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        fast.push_back(first_top("habituating", seed));
        slow.push_back(first_top("slow", seed));
    }
    std::sort(fast.begin(), fast.end());
    std::sort(slow.begin(), slow.end());
    CHECK(slow[2] > fast[2]); // medians

    CourseRun none = simulate_course(p, resident_profile("non-responder"), 3, p.course_sessions);
    CHECK(none.outcome.first_session_top_under_ceiling == -1);
    CHECK(none.outcome.highest_step_under_ceiling < p.top_step());
    if (none.outcome.craving_reduction_pct) CHECK(std::abs(*none.outcome.craving_reduction_pct) < 20.0);
    for (const SessionRun& s : none.sessions)
        CHECK(s.outcome.safety_decisions > 0);
}

TEST_CASE("a volatile resident is never left exposed above the ceiling longer than the safety limit",
          "[session][residents]") {
    for (const char* id : {"meth-standard", "meth-gentle"}) {
        Protocol p = shipped(id);
        const double limit = p.safety.max_exposure_above_ceiling_s;
        const double tick = 0.5;
        int ceiling_hits = 0;
        double longest_exposed_above = 0;
        double longest_calm_stay = 0;
        for (std::uint64_t seed = 1; seed <= 4; ++seed) {
            ResidentModel model(resident_profile("volatile"), seed);
            SimulatedResident resident(model);
            int start = 0;
            for (int n = 0; n < p.course_sessions; ++n) {
                Controller c(p, StartOptions{start, 0, false});
                resident.begin_session();
                c.submit({CommandKind::start, "", CommandSource::therapist});
                std::vector<Event> events;
                std::vector<qx::sensors::HeartRateSample> beats;
                auto feed = [&] {
                    std::size_t from = events.size();
                    c.drain_events_into(events);
                    for (std::size_t i = from; i < events.size(); ++i)
                        resident.on_event(events[i]);
                };
                feed();
                double last_rating = 0;
                double exposed_above = 0;
                double calm_stay = 0;
                for (double t = tick; !c.closed() && t < 4 * 3600; t += tick) {
                    resident.advance(t, c.target());
                    c.update(t);
                    while (auto r = resident.next_report(t)) {
                        ReportResult res = c.report(*r);
                        if (res.accepted && !res.late) last_rating = r->rating;
                        if (res.accepted && r->rating >= p.safety.ceiling) ++ceiling_hits;
                    }
                    beats.clear();
                    resident.heart_rate(t, beats);
                    for (const auto& b : beats)
                        c.heart_rate(b);
                    feed();
                    // What the resident sees after this frame: cues, while the last word was "too high"?
                    bool exposed = !c.target().calm_room;
                    exposed_above = exposed && last_rating >= p.safety.ceiling ? exposed_above + tick : 0;
                    longest_exposed_above = std::max(longest_exposed_above, exposed_above);
                    calm_stay = c.state() == State::calm_room ? calm_stay + tick : 0;
                    longest_calm_stay = std::max(longest_calm_stay, calm_stay);
                }
                REQUIRE(c.closed());
                resident.end_session();
                SessionOutcome o = summarize_session(p, events);
                start = next_start_step(p, start, o.safe_step);
            }
        }
        INFO(id);
        CHECK(ceiling_hits > 0); // the test would prove nothing if the ceiling were never reached
        // The controller acts in the same frame; the fade to the calm room must fit the limit.
        CHECK(longest_exposed_above + p.intensity.calm_fade_s <= limit);
        // An unsettled calm-room stay ends the day's exposure instead of going on.
        CHECK(longest_calm_stay <= p.calm_room.max_s + tick);
    }
}

TEST_CASE("the same seed gives the same course; another seed another", "[session][residents]") {
    Protocol p = shipped("meth-standard");
    CourseRun a = simulate_course(p, resident_profile("volatile"), 11, 3);
    CourseRun b = simulate_course(p, resident_profile("volatile"), 11, 3);
    CourseRun c = simulate_course(p, resident_profile("volatile"), 12, 3);
    CHECK(dump(a) == dump(b));
    CHECK(dump(a) != dump(c));
    CHECK(a.outcome.craving_reduction_pct == b.outcome.craving_reduction_pct);
}

TEST_CASE("scripted reports drive a session just as a resident would", "[session][residents]") {
    Protocol p = qx::test::test_protocol();
    ScriptedReports script({{61, 2, ReportSource::headset},
                            {80, 7, ReportSource::headset},
                            {130, 4, ReportSource::headset},
                            {150, 3, ReportSource::headset},
                            {148, 6, ReportSource::late}});
    SessionRun run = simulate_session(p, script, {});
    CHECK(run.closed);
    CHECK(run.outcome.tonic == 2.0);
    CHECK(run.outcome.steps[0].peak == 7.0);
    CHECK(run.outcome.steps[0].time_to_habituate_s.has_value());
    CHECK(run.outcome.late_reports == 1);
    CHECK(run.outcome.highest_step_reached >= 1);
    CHECK(script.exhausted());
}

TEST_CASE("a high flat craving and a resident who rates to look well are never stepped to the top without a drop",
          "[session][residents]") {
    for (const char* id : {"meth-standard", "meth-gentle"}) {
        Protocol p = shipped(id);
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            INFO(id << ", seed " << seed);
            // High tonic: "back at the baseline" all day, never at the ready level.
            CourseRun high = simulate_course(p, resident_profile("high-tonic"), seed, p.course_sessions);
            int highest = -1, not_ready = 0;
            for (const SessionRun& s : high.sessions) {
                for (const Event& e : s.events) {
                    highest = std::max(highest, e.step);
                    not_ready += e.key == "session.rule.hold_not_ready";
                }
            }
            CHECK(highest < p.top_step());
            // Under the gentle ladder's lower ceiling (7) the same resident is mostly in the calm
            // room instead; under the standard one the ready level is what holds the step.
            if (p.safety.ceiling > 7) CHECK(not_ready > 0);

            // Rates to look well: always 1. Flagged as invariant in every session, never stepped up
            // by the rules (the therapist decides).
            CourseRun well = simulate_course(p, resident_profile("look-well"), seed, 4);
            for (const SessionRun& s : well.sessions) {
                int invariant = 0, step_ups = 0;
                for (const Event& e : s.events) {
                    invariant += e.kind == EventKind::alert && e.rule == "invariant";
                    step_ups += e.key == "session.rule.step_up";
                }
                CHECK(invariant == 1);
                CHECK(step_ups == 0);
            }
        }
    }
}

namespace {

struct HeartFigures {
    int rule_decisions = 0;  // the heart-rate rule acted
    int ceiling_decisions = 0;
    int rule_alerts = 0;
    double largest_step_rise = -100; // the largest mean rise over the baseline of any step stretch
    double smallest_baseline = 1e9, largest_baseline = 0;
    int stretches = 0;
    int rmssd = 0; // stretches with an RMSSD
};

HeartFigures heart_figures(const CourseRun& course) {
    HeartFigures f;
    for (const SessionRun& s : course.sessions) {
        for (const Event& e : s.events) {
            if (e.kind == EventKind::decision && e.rule == "heart_rate") ++f.rule_decisions;
            if (e.kind == EventKind::decision && e.rule == "ceiling") ++f.ceiling_decisions;
            if (e.kind == EventKind::alert && e.rule == "heart_rate") ++f.rule_alerts;
            if (e.kind != EventKind::heart_rate || e.key != "session.hr.stretch") continue;
            ++f.stretches;
            if (e.number("rmssd_ms")) ++f.rmssd;
            if (e.text_arg("stretch") == "baseline" && e.number("mean_bpm")) {
                f.smallest_baseline = std::min(f.smallest_baseline, *e.number("mean_bpm"));
                f.largest_baseline = std::max(f.largest_baseline, *e.number("mean_bpm"));
            }
            if (e.text_arg("stretch") == "step" && e.number("mean_rise_bpm"))
                f.largest_step_rise = std::max(f.largest_step_rise, *e.number("mean_rise_bpm"));
        }
    }
    return f;
}

} // namespace

TEST_CASE("simulated residents' hearts: the heart-rate rule acts for a resident whose rate climbs, never "
          "for the others, and the same seed gives the same beats",
          "[session][residents][heart_rate]") {
    const Protocol p = shipped("meth-standard");
    REQUIRE(p.safety.heart_rate);
    const Protocol::HeartRate& rule = *p.safety.heart_rate;
    REQUIRE(rule.rise_bpm);
    REQUIRE(rule.acts);
    for (const char* profile : {"habituating", "slow", "non-responder", "volatile", "high-tonic", "look-well"}) {
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            const CourseRun course = simulate_course(p, resident_profile(profile), seed, 4);
            const HeartFigures f = heart_figures(course);
            INFO(profile << " seed " << seed << ": rule " << f.rule_decisions << ", largest step rise "
                         << f.largest_step_rise << ", baselines " << f.smallest_baseline << ".."
                         << f.largest_baseline << ", stretches " << f.stretches << " (" << f.rmssd
                         << " with RMSSD)");
            // A resident at rest: 72 bpm, plus the day's tonic craving (most for the volatile).
            CHECK(f.smallest_baseline > 70);
            CHECK(f.largest_baseline < 95);
            CHECK(f.rmssd * 2 > f.stretches); // most stretches are long enough for RMSSD
            if (std::string_view(profile) == "volatile") {
                CHECK(f.rule_decisions > 0); // surges of +30 bpm held for 20 s
            } else {
                CHECK(f.rule_decisions == 0);
            }
            if (std::string_view(profile) == "habituating") CHECK(f.largest_step_rise > 8);
            // Every time the rule acted, the rate had been above its limit for the sustained time.
            for (const SessionRun& s : course.sessions) {
                for (const Event& e : s.events) {
                    if (e.kind != EventKind::decision || e.rule != "heart_rate") continue;
                    REQUIRE(e.number("baseline_bpm"));
                    CHECK(*e.number("bpm") - *e.number("baseline_bpm") >= *rule.rise_bpm - 1); // both rounded
                    CHECK(*e.number("seconds") >= rule.sustained_s);
                }
            }
        }
    }
    // The same seed: the same beats, so the same figures and decisions.
    CHECK(dump(simulate_course(p, resident_profile("volatile"), 7, 3)) ==
          dump(simulate_course(p, resident_profile("volatile"), 7, 3)));
}
