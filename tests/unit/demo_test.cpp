// The open-day tour: its phases, the quiz's scoring, idle reset, the turn limit, that only
// exhibits can be shown, and that only counts are kept.
#include "app/demo/demo_stats.h"
#include "app/demo/demo_tour.h"
#include "core/error.h"
#include "core/file.h"
#include "scene/scene_library.h"
#include "support/process.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <unistd.h>

using namespace qx;
using app::DemoInput;
using app::DemoTour;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

namespace {

scene::SceneDef load(const char* name) {
    core::Diagnostics diag;
    auto def = scene::load_scene(name, diag);
    REQUIRE(def.has_value());
    return *def;
}

app::DemoScript short_script() {
    app::DemoScript s;
    s.stops = {{"exhibit-disguised", 10}, {"exhibit-harm", 10}};
    s.quiz = app::demo_quiz();
    return s;
}

// Steps the tour at 10 Hz from `t` to `until` with no input; returns the events seen.
std::vector<DemoTour::Events> run(DemoTour& tour, double& t, double until, DemoInput in = {}) {
    std::vector<DemoTour::Events> seen;
    for (; t < until; t += 0.1) seen.push_back(tour.update(t, in));
    return seen;
}

fs::path temp_file(const char* name) {
    fs::path dir = fs::temp_directory_path() / ("qx-demo-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path p = dir / name;
    fs::remove(p);
    return p;
}

} // namespace

TEST_CASE("a tour can show only exhibits: cue scenes are refused by name", "[demo]") {
    std::vector<scene::SceneDef> exhibits{load("exhibit-disguised"), load("exhibit-harm")};
    app::DemoScript script = app::make_demo_script(exhibits, false);
    REQUIRE(script.stops.size() == 2);
    CHECK(script.stops[0].scene == "exhibit-disguised");
    double total = 0;
    for (const auto& s : script.stops) total += s.seconds;
    total += script.quiz.size() * (script.answer_limit_s + script.feedback_s);
    CHECK(total <= 300.0); // a turn is at most five minutes

    for (const char* cue : {"street-night", "rented-room", "ktv-room", "offer"}) {
        std::vector<scene::SceneDef> with_cue{load("exhibit-disguised"), load(cue)};
        try {
            app::make_demo_script(with_cue, false);
            FAIL("a cue scene was accepted into the tour: " << cue);
        } catch (const core::Error& e) {
            CHECK_THAT(std::string(e.what()), ContainsSubstring(cue) && ContainsSubstring("cannot be part of a tour"));
        }
    }
}

TEST_CASE("younger-audience mode shortens the stops that leave lines out", "[demo]") {
    scene::SceneDef harm = load("exhibit-harm");
    CHECK(app::stop_seconds(harm, true) <= app::stop_seconds(harm, false));
}

TEST_CASE("a turn goes attract, exhibits, quiz, score, back to attract, and scores the answers", "[demo]") {
    DemoTour tour(short_script());
    double t = 0;
    CHECK(tour.phase() == DemoTour::Phase::attract);
    CHECK(tour.scene() == "calm-room");
    DemoInput start;
    start.start = true;
    CHECK(tour.update(t, start).turn_started);
    CHECK(tour.phase() == DemoTour::Phase::stop);
    CHECK(tour.scene() == "exhibit-disguised");
    run(tour, t, 10.25);
    CHECK(tour.scene() == "exhibit-harm");
    run(tour, t, 20.5);
    REQUIRE(tour.phase() == DemoTour::Phase::question);

    // Question 1 answered right by picking it; question 2 by moving and confirming (wrong);
    // question 3 left to time out; question 4 right.
    const auto quiz = app::demo_quiz();
    DemoInput pick;
    pick.pick = quiz[0].correct;
    tour.update(t, pick);
    CHECK(tour.phase() == DemoTour::Phase::feedback);
    CHECK(tour.last_correct());
    run(tour, t, t + 6.1);
    REQUIRE(tour.question() == 1);
    DemoInput down;
    down.move = 1;
    tour.update(t += 0.1, down);
    CHECK(tour.selected() == 1);
    DemoInput confirm;
    confirm.confirm = true;
    tour.update(t += 1.0, confirm);
    CHECK_FALSE(tour.last_correct());
    run(tour, t, t + 6.1);
    REQUIRE(tour.question() == 2);
    run(tour, t, t + 20.1);
    CHECK(tour.phase() == DemoTour::Phase::feedback);
    CHECK_FALSE(tour.last_correct());
    run(tour, t, t + 6.1);
    REQUIRE(tour.question() == 3);
    pick.pick = quiz[3].correct;
    tour.update(t, pick);
    std::optional<int> completed;
    for (const auto& e : run(tour, t, t + 6.1))
        if (e.turn_completed) completed = e.turn_completed;
    REQUIRE(completed);
    CHECK(*completed == 2);
    CHECK(tour.phase() == DemoTour::Phase::score);
    run(tour, t, t + 12.1);
    CHECK(tour.phase() == DemoTour::Phase::attract);
}

TEST_CASE("a quiz nobody answers goes back to the attract loop for the next visitor", "[demo]") {
    app::DemoScript script = short_script();
    script.idle_reset_s = 30;
    DemoTour tour(script);
    double t = 0;
    DemoInput start;
    start.start = true;
    tour.update(t, start);
    run(tour, t, 20.5); // the exhibits play without input: that is not idleness
    REQUIRE(tour.phase() == DemoTour::Phase::question);
    bool abandoned = false;
    for (const auto& e : run(tour, t, t + 31.0)) abandoned = abandoned || e.turn_abandoned;
    CHECK(abandoned);
    CHECK(tour.phase() == DemoTour::Phase::attract);
}

TEST_CASE("staff can stop a turn at any moment; a turn never outlasts its limit", "[demo]") {
    DemoTour tour(short_script());
    double t = 0;
    DemoInput start;
    start.start = true;
    tour.update(t, start);
    run(tour, t, 5.0);
    DemoInput stop;
    stop.stop = true;
    CHECK(tour.update(t, stop).turn_abandoned);
    CHECK(tour.phase() == DemoTour::Phase::attract);

    app::DemoScript slow = short_script();
    slow.turn_limit_s = 30;
    slow.idle_reset_s = 1000;
    DemoTour limited(slow);
    t = 0;
    limited.update(t, start);
    std::optional<int> completed;
    for (const auto& e : run(limited, t, 31.0))
        if (e.turn_completed) completed = e.turn_completed;
    CHECK(completed);
    CHECK(limited.phase() == DemoTour::Phase::score);
}

TEST_CASE("the counts file holds counts per day and nothing else; a damaged one is kept aside", "[demo]") {
    fs::path file = temp_file("stats.json");
    {
        app::DemoStats stats(file);
        stats.turn_started("2026-11-29");
        stats.turn_started("2026-11-29");
        stats.turn_completed("2026-11-29", 3);
        stats.save();
    }
    app::DemoStats again(file);
    REQUIRE(again.days().count("2026-11-29") == 1);
    const app::DemoDay& d = again.days().at("2026-11-29");
    CHECK(d.turns_started == 2);
    CHECK(d.turns_completed == 1);
    CHECK(d.scores.at(3) == 1);
    core::Json j = core::Json::parse(core::read_text_file(file));
    CHECK(j.size() == 3); // format, version, days
    for (const auto& [day, counts] : j["days"].items()) {
        for (const auto& [key, value] : counts.items()) {
            CHECK((key == "turns_started" || key == "turns_completed" || key == "scores"));
            if (key == "scores") {
                for (const auto& [score, n] : value.items()) CHECK(n.is_number_integer());
            } else {
                CHECK(value.is_number_integer());
            }
        }
    }

    core::write_file_atomic(file, std::string_view("{ not json"));
    app::DemoStats broken(file);
    REQUIRE(broken.set_aside());
    CHECK_THAT(broken.set_aside()->reason, ContainsSubstring("not valid JSON"));
    CHECK_THAT(broken.set_aside()->kept_as, ContainsSubstring("stats.json.unreadable-"));
    CHECK(broken.days().empty());
    bool kept = false;
    for (const auto& e : fs::directory_iterator(file.parent_path()))
        kept = kept || e.path().filename().string().starts_with("stats.json.unreadable-");
    CHECK(kept);
    fs::remove_all(file.parent_path());
}

TEST_CASE("demo counts that are nested, huge or out of range are set aside, never a crash",
          "[demo][stats][limits]") {
    const std::string deep = R"({"format": "qingxing-demo-stats", "version": 1, "days": {"2026-11-29": )" +
                             std::string(100'000, '[') + std::string(100'000, ']') + "}}";
    const std::string counts = R"({"format": "qingxing-demo-stats", "version": 1, "days": {"2026-11-29":
        {"turns_started": 1e999, "turns_completed": 1, "scores": {"3": 1}}}})";
    const std::string score = R"({"format": "qingxing-demo-stats", "version": 1, "days": {"2026-11-29":
        {"turns_started": 2, "turns_completed": 1, "scores": {"99999999999": 1}}}})";
    const std::pair<std::string, std::string> cases[] = {
        {deep, "nested deeper than the limit of 64 levels"},
        {counts, "the number 1e999 at line 2, column 27 is out of range"},
        {score, "/days/2026-11-29/scores/99999999999: '99999999999' is not a quiz score"},
        {std::string(5 * 1024 * 1024, ' '), "over the limit of 4194304 bytes"},
    };
    for (const auto& [text, reason] : cases) {
        fs::path file = temp_file("limits-stats.json");
        core::write_file_atomic(file, std::string_view(text));
        std::optional<app::DemoStats> stats;
        REQUIRE_NOTHROW(stats.emplace(file));
        REQUIRE(stats->set_aside());
        CHECK_THAT(stats->set_aside()->reason, ContainsSubstring(reason));
        CHECK(stats->days().empty());
        CHECK_FALSE(fs::exists(file)); // renamed aside, so the next start counts afresh
        stats->turn_started("2026-11-30");
        REQUIRE_NOTHROW(stats->save());
        CHECK_FALSE(app::DemoStats(file).set_aside());
        fs::remove_all(file.parent_path());
    }
}

TEST_CASE("qingxing demo runs simulated visitors back to back and keeps only counts", "[demo][cli]") {
    fs::path file = temp_file("cli-stats.json");
    test::ProcessResult r = test::run_process({QX_QINGXING_EXE, "-q", "demo", "--display", "headless", "--turns", "3",
                                               "--lang", "en", "--stats", file.string()});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, ContainsSubstring("Turn finished: quiz"));
    app::DemoStats stats(file);
    int started = 0, completed = 0, scored = 0;
    for (const auto& [day, d] : stats.days()) {
        started += d.turns_started;
        completed += d.turns_completed;
        for (const auto& [score, n] : d.scores) scored += n;
    }
    CHECK(started == 3);
    CHECK(completed == 3);
    CHECK(scored == 3);

    // Cue scenes and protocols cannot be reached from demo mode.
    test::ProcessResult p = test::run_process({QX_QINGXING_EXE, "-q", "demo", "--lang", "en", "--protocol", "meth-standard"});
    CHECK(p.exit_code == 2);
    CHECK_THAT(p.err, ContainsSubstring("exposure scenes and protocols cannot be opened"));
    test::ProcessResult s = test::run_process({QX_QINGXING_EXE, "-q", "demo", "--lang", "en", "--scene", "rented-room"});
    CHECK(s.exit_code == 2);
    fs::remove_all(file.parent_path());
}
