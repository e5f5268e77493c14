// Outcome metrics computed from event logs with known numbers, and the replay CSV reader.
#include "session/strings.h"
#include "support/session_fixtures.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <fmt/format.h>
#include <algorithm>
#include <set>

using namespace qx::session;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using qx::test::Harness;
using qx::test::test_protocol;

namespace {

// One session: tonic `tonic`, peak `peak0` at step 1 then habituation (at dwell 90 s), step 2 with
// peak `peak1`, then stop and a settled cool-down.
SessionOutcome scripted_session(int start_step, double tonic, double peak0, double peak1) {
    Protocol p = test_protocol();
    Harness h(p, StartOptions{start_step, 0, false});
    h.through_baseline(tonic);
    h.to(70);
    h.report(peak0);
    h.to(130);
    h.report(peak0 * 0.5);
    h.to(150);
    h.report(peak0 * 0.5); // dwell 90: step up
    h.to(170);
    h.report(peak1);
    h.to(200);
    h.command(CommandKind::stop, "end");
    h.wait(2);
    h.report(2);
    REQUIRE(h.controller().closed());
    return summarize_session(p, h.log());
}

} // namespace

TEST_CASE("session outcomes: tonic, peaks, time to habituate, highest step under the ceiling",
          "[session][outcomes]") {
    SessionOutcome o = scripted_session(0, 3, 7, 6);
    CHECK(o.tonic == 3.0);
    REQUIRE(o.steps.size() == 3);
    CHECK(o.steps[0].peak == 7.0);
    CHECK(o.steps[0].reports == 3);
    CHECK(o.steps[0].time_to_habituate_s == 90.0);
    CHECK_THAT(o.steps[0].exposure_s, WithinAbs(90, 1e-9));
    CHECK(o.steps[1].peak == 6.0);
    CHECK_FALSE(o.steps[1].time_to_habituate_s.has_value());
    CHECK_THAT(o.steps[1].exposure_s, WithinAbs(50, 1e-9));
    CHECK_FALSE(o.steps[2].peak.has_value());
    CHECK(o.start_step == 0);
    CHECK(o.end_step == 1);
    CHECK(o.highest_step_reached == 1);
    CHECK(o.highest_step_under_ceiling == 1);
    CHECK(o.safe_step == 0);
    CHECK(o.peak == 7.0);
    CHECK(o.final_craving == 2.0);
    CHECK(o.closed);
    CHECK(o.closed_at_or_below_threshold);
    CHECK(o.reports == 6);
    CHECK(o.cue_induced(0) == 4.0);
    CHECK(o.cue_induced(1) == 3.0);
    CHECK_FALSE(o.cue_induced(2).has_value());
}

TEST_CASE("a step whose peak reached the ceiling does not count as under the ceiling",
          "[session][outcomes]") {
    SessionOutcome o = scripted_session(0, 2, 6, 9);
    CHECK(o.steps[1].peak == 9.0);
    CHECK(o.highest_step_under_ceiling == 0);
    CHECK(o.calm_room_entries == 1);
    CHECK(o.safety_decisions == 1);
}

TEST_CASE("heart rate per step: the time-weighted mean over its visits, the peak, and rises over the "
          "session's resting baseline", "[session][outcomes][heart_rate]") {
    Harness h(test_protocol());
    h.heart_rate_until(60, 70); // baseline
    h.report(2);
    h.heart_rate_until(90, 80); // step 1: 30 s at 80...
    h.command(CommandKind::calm_room, "x");
    h.heart_rate_until(100, 75);
    h.command(CommandKind::leave_calm, "x");
    h.heart_rate_until(130, 90); // ...and 30 s at 90 after the calm room
    h.command(CommandKind::level_up, "x");
    h.heart_rate_until(140, 85);
    h.controller().heart_rate_connected(false); // signal lost at step 2
    h.wait(10);
    SessionOutcome o = summarize_session(h.controller().protocol(), h.log());
    REQUIRE(o.hr_baseline_bpm);
    CHECK(*o.hr_baseline_bpm == 70.0);
    const StepOutcome& first = o.steps[0];
    REQUIRE(first.hr_mean_bpm);
    CHECK_THAT(*first.hr_mean_bpm, WithinAbs(85.0, 0.2)); // 30 s of each
    CHECK(first.hr_peak_bpm == 90.0);
    CHECK_THAT(*first.hr_mean_rise_bpm, WithinAbs(15.0, 0.2));
    CHECK(first.hr_peak_rise_bpm == 20.0);
    CHECK_FALSE(first.hr_rmssd_ms); // a rate-only sensor
    CHECK_FALSE(o.steps[1].hr_mean_bpm); // its stretch has not ended yet
    CHECK(o.hr_signal_losses == 1);
    CHECK_FALSE(o.steps[2].hr_mean_bpm);
}

TEST_CASE("course outcomes compare the same step in the first and latest session", "[session][outcomes]") {
    Protocol p = test_protocol();
    std::vector<SessionOutcome> sessions = {
        scripted_session(0, 3, 7, 8),                               // step 2 at the ceiling
        scripted_session(0, 2, 5, 6), scripted_session(1, 2, 4, 5), // steps 2 and 3
    };
    CourseOutcome c = summarize_course(p, sessions);
    CHECK(c.sessions == 3);
    REQUIRE(c.comparisons.size() == 2);
    CHECK(c.comparisons[0].step == 0);
    CHECK(c.comparisons[0].first_session == 0);
    CHECK(c.comparisons[0].latest_session == 1);
    REQUIRE(c.headline);
    CHECK(c.headline->step == 1); // the highest step reached in two sessions
    CHECK(c.headline->first_session == 0);
    CHECK(c.headline->latest_session == 2);
    CHECK(c.headline->first_peak == 8);
    CHECK(c.headline->latest_peak == 4);
    CHECK(c.headline->first_cue_induced == 5.0);
    CHECK(c.headline->latest_cue_induced == 2.0);
    REQUIRE(c.craving_reduction_pct);
    CHECK_THAT(*c.craving_reduction_pct, WithinAbs(50.0, 1e-9));
    CHECK(c.highest_step_under_ceiling == 2);
    CHECK(c.first_session_top_under_ceiling == 2);
    CHECK(c.first_tonic == 3.0);
    CHECK(c.latest_tonic == 2.0);
}

TEST_CASE("a course of one session has no comparison and no reduction figure", "[session][outcomes]") {
    std::vector<SessionOutcome> one = {scripted_session(0, 3, 7, 6)};
    CourseOutcome c = summarize_course(test_protocol(), one);
    CHECK(c.comparisons.empty());
    CHECK_FALSE(c.craving_reduction_pct.has_value());
}

TEST_CASE("events survive a round trip through JSON", "[session][outcomes]") {
    Harness h(test_protocol());
    h.through_baseline(2);
    h.to(70);
    h.report(7);
    h.command(CommandKind::level_up, "a reason with \"quotes\" and 中文");
    for (const Event& e : h.log()) {
        qx::core::Diagnostics diag;
        auto back = event_from_json(to_json(e), "x", diag);
        REQUIRE(back);
        CHECK(to_json(*back) == to_json(e));
        CHECK(back->text(qx::core::Lang::en) == e.text(qx::core::Lang::en));
    }
    qx::core::Diagnostics diag;
    auto bad = event_from_json(qx::core::Json{{"seq", 1}, {"kind", "explosion"}}, "events.json", diag);
    CHECK_FALSE(bad);
    CHECK(diag.problems().size() >= 2);
}

TEST_CASE("replay CSV: header and comments skipped, each bad line named with file:line",
          "[session][outcomes]") {
    qx::core::Diagnostics diag;
    auto reports = parse_report_csv("seconds,rating,source\n"
                                    "# baseline\n"
                                    "61, 2\n"
                                    "\n"
                                    "80,7,headset\r\n"
                                    "95,6,therapist\n"
                                    "90,8,late\n",
                                    "good.csv", diag);
    CHECK(diag.ok());
    REQUIRE(reports.size() == 4);
    CHECK(reports[0].t == 61);
    CHECK(reports[0].source == ReportSource::headset);
    CHECK(reports[2].source == ReportSource::therapist);
    CHECK(reports[3].source == ReportSource::late);

    qx::core::Diagnostics bad;
    parse_report_csv("t,rating\n"
                     "10,abc\n"
                     "20,11\n"
                     "x,3\n"
                     "30,3,robot\n"
                     "40\n"
                     "50,4\n"
                     "45,4\n"
                     "-1,2\n",
                     "bad.csv", bad);
    std::vector<std::string> lines;
    for (const auto& problem : bad.problems())
        lines.push_back(problem.to_string());
    REQUIRE(lines.size() == 7);
    CHECK(lines[0] == "bad.csv:2: rating 'abc' is not a number");
    CHECK(lines[1] == "bad.csv:3: rating 11 is out of range: craving is rated 0 to 10");
    CHECK(lines[2] == "bad.csv:4: 'x' is not a number of seconds");
    CHECK(lines[3] == "bad.csv:5: source 'robot' is not one of headset, therapist, late");
    CHECK(lines[4] == "bad.csv:6: expected 'seconds,rating[,source]', found 1 field");
    CHECK_THAT(lines[5], ContainsSubstring("bad.csv:8: time 45 s comes before the previous report's 50 s"));
    CHECK(lines[6] == "bad.csv:9: time -1 is before the session started");
}

TEST_CASE("replay CSV: a byte-order mark keeps the first report; empty or random text is an error",
          "[session][outcomes][limits]") {
    qx::core::Diagnostics bom;
    auto reports = parse_report_csv("\xEF\xBB\xBF" "12,3\n60,5\n", "excel.csv", bom);
    CHECK(bom.ok());
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].t == 12);

    for (std::string_view text : {std::string_view(""), std::string_view("\n\n# nothing\n"),
                                  std::string_view("\x89PNG\r\x1a\x7f\x01garbage")}) {
        qx::core::Diagnostics empty;
        CHECK(parse_report_csv(text, "empty.csv", empty).empty());
        REQUIRE(empty.problems().size() == 1);
        CHECK_THAT(empty.problems()[0].to_string(), ContainsSubstring("empty.csv: holds no reports"));
    }
}

TEST_CASE("replay CSV: limits on lines, reports and problems, read in one linear pass",
          "[session][outcomes][limits]") {
    using Limits = ReportCsvLimits;
    qx::core::Diagnostics long_line;
    parse_report_csv("1," + std::string(Limits::max_line_bytes, '5') + "\n", "long.csv", long_line);
    REQUIRE(long_line.problems().size() == 1);
    CHECK(long_line.problems()[0].to_string() == "long.csv:1: the line is 258 bytes, over the limit of 256");

    // A million lines (~10 MB): over the byte limit, refused at once.
    std::string million;
    for (int i = 0; i < 1'000'000; ++i) million += fmt::format("{},{}\n", i, i % 11);
    qx::core::Diagnostics huge;
    CHECK(parse_report_csv(million, "huge.csv", huge).empty());
    REQUIRE(huge.problems().size() == 1);
    CHECK_THAT(huge.problems()[0].to_string(), ContainsSubstring("huge.csv: is ") &&
                                                   ContainsSubstring("over the limit of 4194304 bytes"));

    // Under the byte limit, more reports than a session can have: the first past the limit is named.
    std::string many;
    for (std::size_t i = 0; i <= Limits::max_reports; ++i) many += fmt::format("{},5\n", i);
    qx::core::Diagnostics too_many;
    CHECK(parse_report_csv(many, "many.csv", too_many).size() == Limits::max_reports);
    REQUIRE(too_many.problems().size() == 1);
    CHECK(too_many.problems()[0].to_string() ==
          "many.csv:20001: more than 20000 reports: a replay script is one session");

    // A file of bad lines lists the first 20 and counts the rest.
    std::string bad;
    for (int i = 0; i < 100; ++i) bad += "1,x\n";
    qx::core::Diagnostics bad_lines;
    parse_report_csv(bad, "bad.csv", bad_lines);
    REQUIRE(bad_lines.problems().size() == Limits::max_problems + 1);
    CHECK(bad_lines.problems().back().to_string() == "bad.csv: 80 more lines with problems not listed");
}

TEST_CASE("every event the controller logs has catalogue text in both languages, fully filled",
          "[session][outcomes]") {
    std::vector<Event> all;
    Protocol standard = load_protocol_or_throw(protocol_path("meth-standard"), qx::test::known_scenes());
    for (std::string_view profile : resident_profile_names()) {
        CourseRun course = simulate_course(standard, resident_profile(profile), 3, 3);
        for (const SessionRun& s : course.sessions)
            all.insert(all.end(), s.events.begin(), s.events.end());
    }
    // Commands, overrides, rejections and late reports the simulations do not produce.
    Harness h(test_protocol());
    h.report(11);
    h.to(60);
    h.report(9); // a baseline at the ceiling holds exposure back
    h.to(80);
    h.report(2);
    h.wait(20);
    h.report(3);
    h.command(CommandKind::hold, "x");
    h.command(CommandKind::hold, "x");
    h.command(CommandKind::release, "x");
    h.command(CommandKind::level_up, "x");
    h.command(CommandKind::level_down, "x");
    h.command(CommandKind::pause, "x");
    h.report(4);
    h.command(CommandKind::resume, "x");
    h.report_at(h.now() - 20, 5, ReportSource::late);
    h.heart_rate(999);
    h.command(CommandKind::calm_room, "x");
    h.command(CommandKind::leave_calm, "x");
    h.command(CommandKind::prompt_now, "x");
    h.command(CommandKind::stop, "x");
    h.wait(400);
    all.insert(all.end(), h.log().begin(), h.log().end());

    // Heart rate the simulations do not produce: a rate-only sensor, a rule in show mode, no
    // baseline, a lost signal, the absolute limit.
    for (bool acts : {false, true}) {
        Protocol p = test_protocol();
        Protocol::HeartRate rule;
        rule.max_bpm = 150;
        rule.rise_bpm = 20;
        rule.sustained_s = 5;
        rule.acts = acts;
        p.safety.heart_rate = rule;
        Harness hr(p);
        if (acts) {
            hr.through_baseline(2); // no baseline: the rise rule cannot act
            hr.heart_rate_until(hr.now() + 20, 160);
        } else {
            hr.heart_rate_until(60, 70);
            hr.report(2);
            hr.heart_rate_until(hr.now() + 20, 95);
            qx::sensors::HeartRateSample off;
            off.seconds = hr.now();
            off.measurement.contact = qx::sensors::Contact::lost;
            hr.reading(off);
            hr.wait(1);
            hr.heart_rate_until(hr.now() + 3, 80);
            hr.wait(8);
            hr.controller().heart_rate_connected(false);
            hr.wait(1);
            hr.command(CommandKind::pause, "x");
            hr.controller().heart_rate_connected(true);
            hr.heart_rate_until(hr.now() + 3, 80);
            hr.command(CommandKind::resume, "x");
            hr.heart_rate_until(hr.now() + 3, 80);
            hr.command(CommandKind::stop, "x");
            hr.heart_rate_until(hr.now() + 3, 80);
            hr.wait(400);
        }
        all.insert(all.end(), hr.log().begin(), hr.log().end());
    }

    std::set<std::string> keys;
    std::set<std::string> variants; // a key with the phrases its "_key" args choose
    for (const Event& e : all) {
        std::string variant = e.key;
        for (const EventArg& a : e.args)
            if (a.is_text && a.name.ends_with("_key")) variant += " " + a.text;
        keys.insert(e.key);
        if (!variants.insert(variant).second) continue;
        INFO(variant);
        for (qx::core::Lang lang : {qx::core::Lang::zh_CN, qx::core::Lang::en}) {
            CHECK(qx::session::tr(e.key, lang) != e.key); // in session's strings
            std::string text = e.text(lang);
            CHECK(text.find('{') == std::string::npos); // every field filled
            CHECK_FALSE(text.empty());
        }
    }
    CHECK(keys.size() > 60);
    for (const char* key : {"session.hr.stretch", "session.hr.signal.first", "session.hr.signal.ok",
                            "session.hr.signal.stale", "session.hr.signal.disconnected",
                            "session.alert.hr_signal.no_contact", "session.alert.heart_rate_show",
                            "session.alert.hr_no_baseline", "session.alert.heart_rate",
                            "session.rule.heart_rate.calm_room"}) {
        INFO(key);
        CHECK(keys.count(key) == 1);
    }
    for (const char* phrases : {"session.hr.part.baseline", "session.hr.part.step", "session.hr.part.calm_room",
                                "session.hr.part.cool_down", "session.hr.part.paused",
                                "session.hr.figures.rise", "session.hr.figures.plain",
                                "session.hr.variability ", "session.hr.variability.none",
                                "session.hr.limit.max", "session.hr.limit.rise"}) {
        INFO(phrases);
        CHECK(std::any_of(variants.begin(), variants.end(),
                          [&](const std::string& v) { return (v + " ").find(phrases) != std::string::npos; }));
    }
}
