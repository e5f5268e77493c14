// Protocol files: the shipped ones validate; each broken one gets its own error, naming the file
// and the JSON pointer.
#include "support/session_fixtures.h"

#include "core/file.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <nlohmann/json.hpp>

using namespace qx::session;
using Catch::Matchers::ContainsSubstring;
using qx::core::Diagnostics;
using qx::test::known_scenes;

namespace {

// The shipped standard protocol with one change applied by `edit`, validated.
std::vector<std::string> problems_after(const std::function<void(qx::core::Json&)>& edit) {
    qx::core::Json j = qx::core::Json::parse(qx::core::read_text_file(protocol_path("meth-standard")));
    edit(j);
    Diagnostics diag;
    auto p = parse_protocol(j.dump(2), "broken.json", "broken", known_scenes(), diag);
    std::vector<std::string> out;
    for (const auto& problem : diag.problems())
        out.push_back(problem.to_string());
    if (!out.empty()) CHECK_FALSE(p.has_value());
    return out;
}

} // namespace

TEST_CASE("the shipped protocols validate against the known scenes", "[session][protocol]") {
    for (const char* id : {"meth-standard", "meth-gentle"}) {
        INFO(id);
        Diagnostics diag;
        auto p = load_protocol(protocol_path(id), known_scenes(), diag);
        for (const auto& problem : diag.problems())
            UNSCOPED_INFO(problem.to_string());
        REQUIRE(p);
        CHECK(p->id == id);
        CHECK(p->course_sessions >= 6);
        CHECK(p->course_sessions <= 16);
        CHECK(p->session_length_s >= 20 * 60);
        CHECK(p->session_length_s <= 50 * 60);
        CHECK(p->ladder.front().scene == "street-night");
        CHECK(p->ladder.back().scene == "offer");
        CHECK_FALSE(p->ladder.back().label.zh_cn.empty());
        for (std::size_t i = 1; i < p->ladder.size(); ++i)
            CHECK(p->ladder[i].cue_level >= p->ladder[i - 1].cue_level);
    }
    Protocol standard = load_protocol_or_throw(protocol_path("meth-standard"), known_scenes());
    Protocol gentle = load_protocol_or_throw(protocol_path("meth-gentle"), known_scenes());
    // The gentle protocol: smaller steps, a lower ceiling, longer dwell.
    CHECK(gentle.step_count() > standard.step_count());
    CHECK(gentle.safety.ceiling < standard.safety.ceiling);
    CHECK(gentle.dwell.min_s > standard.dwell.min_s);
    CHECK(gentle.dwell.max_s > standard.dwell.max_s);
    // ALCO-VR steps up after a 40 % drop.
    CHECK(standard.habituation.fraction_of_peak == 0.6);
}

TEST_CASE("each broken protocol gets its own problem with file and pointer", "[session][protocol]") {
    using J = qx::core::Json;
    struct Case {
        const char* what;
        std::function<void(J&)> edit;
        const char* expected;
    };
    const Case cases[] = {
        {"typo", [](J& j) { j["dwell"]["min_sec"] = 10; },
         "broken.json: /dwell/min_sec: unknown field 'min_sec' (did you mean 'min_s'?)"},
        {"missing", [](J& j) { j.erase("ladder"); }, "broken.json: /: missing required field 'ladder'"},
        {"level range", [](J& j) { j["ladder"][1]["level"] = 7; },
         "broken.json: /ladder/1/level: 7 is out of range: must be between 0 and 4"},
        {"ladder down", [](J& j) { j["ladder"][2]["level"] = 1; },
         "broken.json: /ladder/2/level: cue level 1 is below the previous step's 2: the ladder must not go "
         "down"},
        {"unknown scene", [](J& j) { j["ladder"][0]["scene"] = "street-nite"; },
         "broken.json: /ladder/0/scene: unknown scene 'street-nite' (did you mean 'street-night'?)"},
        {"calm scene as a step", [](J& j) { j["ladder"][0]["scene"] = "calm-room"; },
         "broken.json: /ladder/0/scene: the calm scene 'calm-room' cannot be an exposure step"},
        {"dwell order", [](J& j) { j["dwell"]["min_s"] = 400; },
         "broken.json: /dwell/min_s: 400 s is longer than max_s 300 s"},
        {"step dwell", [](J& j) { j["ladder"][1]["min_dwell_s"] = 400; },
         "broken.json: /ladder/1: its minimum dwell 400 s is longer than its maximum dwell 300 s"},
        {"wrong type", [](J& j) { j["safety"]["ceiling"] = "high"; },
         "broken.json: /safety/ceiling: expected a number, found a string"},
        {"bad action", [](J& j) { j["safety"]["sharp_rise"]["action"] = "panic"; },
         "broken.json: /safety/sharp_rise/action: 'panic' is not one of 'step_down', 'calm_room'"},
        {"return above ceiling", [](J& j) { j["calm_room"]["return_at_most"] = 9; },
         "broken.json: /calm_room/return_at_most: 9 must be below the safety ceiling 8"},
        {"slow fade", [](J& j) { j["intensity"]["calm_fade_s"] = 3; },
         "broken.json: /intensity/calm_fade_s: 3 s is longer than safety.max_exposure_above_ceiling_s 1 s"},
        {"prompt overlap", [](J& j) { j["prompts"]["repeat_after_s"] = 20; },
         "broken.json: /prompts/repeat_after_s: 20 s × (2 repeats + 1) reaches the prompt interval 45 s"},
        {"too short", [](J& j) { j["session"]["length_s"] = 500; },
         "broken.json: /session/length_s: 500 s is too short"},
        {"format", [](J& j) { j["format"] = "qingxing-protocol-9"; },
         "broken.json: /format: 'qingxing-protocol-9' is not a protocol format this version reads"},
        {"empty ladder", [](J& j) { j["ladder"] = J::array(); },
         "broken.json: /ladder: the ladder needs 1 to 16 steps, found 0"},
        {"label languages",
         [](J& j) {
             j["ladder"][0]["label"] = J{{"en", "Street"}};
         },
         "broken.json: /ladder/0/label: missing required field 'zh-CN'"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        auto problems = problems_after(c.edit);
        REQUIRE(problems.size() == 1);
        CHECK_THAT(problems[0], ContainsSubstring(c.expected));
    }
}

TEST_CASE("every problem in a protocol is listed at once", "[session][protocol]") {
    auto problems = problems_after([](qx::core::Json& j) {
        j["ladder"][0]["scene"] = "nowhere";
        j["safety"]["ceiling"] = 11;
        j["extra"] = true;
        j["cool_down"].erase("max_s");
    });
    CHECK(problems.size() == 4);
}

TEST_CASE("a protocol that is not JSON or not there says so, naming the file", "[session][protocol]") {
    Diagnostics diag;
    CHECK_FALSE(parse_protocol("{ \"format\": ", "half.json", "half", {}, diag));
    REQUIRE(diag.problems().size() == 1);
    CHECK_THAT(diag.problems()[0].to_string(), ContainsSubstring("half.json: not valid JSON"));
    CHECK_THROWS_WITH(load_protocol_or_throw("/nonexistent/nothing.json", {}),
                      ContainsSubstring("/nonexistent/nothing.json") && ContainsSubstring("cannot read"));
}

TEST_CASE("a protocol nested too deep or with a number out of range is one plain problem",
          "[session][protocol][limits]") {
    Diagnostics deep;
    CHECK_FALSE(parse_protocol("{\"ladder\": " + std::string(500'000, '[') + std::string(500'000, ']') + "}",
                               "deep.json", "deep", {}, deep));
    REQUIRE(deep.problems().size() == 1);
    CHECK(deep.problems()[0].to_string() ==
          "deep.json: nested deeper than the limit of 64 levels (at line 1, column 75)");

    std::string text = qx::core::read_text_file(protocol_path("meth-standard"));
    text.replace(text.find("\"course_sessions\":"), 0, "\"course_sessions\": 1e999, \"x\":");
    Diagnostics big;
    CHECK_FALSE(parse_protocol(text, "big.json", "big", {}, big));
    REQUIRE(big.problems().size() == 1);
    CHECK_THAT(big.problems()[0].to_string(),
               ContainsSubstring("big.json: the number 1e999 at line") && ContainsSubstring("is out of range"));
}

TEST_CASE("without a scene list, scene names are not checked", "[session][protocol]") {
    auto problems = problems_after([](qx::core::Json&) {});
    CHECK(problems.empty());
    qx::core::Json j = qx::core::Json::parse(qx::core::read_text_file(protocol_path("meth-standard")));
    j["ladder"][0]["scene"] = "future-scene";
    Diagnostics diag;
    CHECK(parse_protocol(j.dump(), "x.json", "x", {}, diag).has_value());
}

TEST_CASE("protocol names resolve in the data folder; paths are taken as given", "[session][protocol]") {
    CHECK(protocol_path("meth-standard").filename() == "meth-standard.json");
    CHECK(protocol_path("meth-standard").parent_path().filename() == "protocols");
    CHECK(protocol_path("my/own.json") == std::filesystem::path("my/own.json"));
}

TEST_CASE("the next session starts at the highest step habituated, plus the protocol's offset",
          "[session][protocol]") {
    Protocol p = qx::test::test_protocol(); // three steps, offset 0
    CHECK(next_start_step(p, 0, 1) == 1);
    CHECK(next_start_step(p, 0, 2) == 2);
    CHECK(next_start_step(p, 2, -1) == 1); // nothing habituated: one below the last start
    CHECK(next_start_step(p, 0, -1) == 0);
    p.next_session.start_offset = -1;
    CHECK(next_start_step(p, 0, 2) == 1);
    CHECK(next_start_step(p, 0, 0) == 0);
    p.next_session.start_offset = 5;
    CHECK(next_start_step(p, 0, 1) == 2);
}
