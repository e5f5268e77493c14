#include "core/error.h"
#include "core/json.h"
#include "core/json_limits.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace qx::core;
using Catch::Matchers::ContainsSubstring;

namespace {

// All problems as one string per line, for compact assertions.
std::vector<std::string> lines(const Diagnostics& d) {
    std::vector<std::string> out;
    for (const Problem& p : d.problems()) out.push_back(p.to_string());
    return out;
}

} // namespace

TEST_CASE("invalid JSON is reported with the file, line and column", "[core][json]") {
    Diagnostics diag;
    auto doc = JsonDocument::parse("{\n  \"a\": 1,\n  \"b\": }\n", "scenes/bad.scene.json", diag);
    CHECK_FALSE(doc.parsed());
    CHECK_FALSE(doc.root().present());
    REQUIRE(diag.problems().size() == 1);
    CHECK_THAT(lines(diag)[0], ContainsSubstring("scenes/bad.scene.json: not valid JSON") &&
                                   ContainsSubstring("line 3, column 8"));
}

TEST_CASE("a missing file is one problem naming it", "[core][json]") {
    Diagnostics diag;
    auto doc = JsonDocument::load_file("/nonexistent/x.json", diag);
    REQUIRE(diag.problems().size() == 1);
    CHECK_THAT(lines(diag)[0], ContainsSubstring("/nonexistent/x.json") && ContainsSubstring("cannot read"));
}

TEST_CASE("type, range and required-field problems name the JSON pointer", "[core][json]") {
    Diagnostics diag;
    auto doc = JsonDocument::parse(R"({
        "name": 7,
        "entities": [ {"mesh": "a.glb", "min_level": 2}, {"mesh": "b.glb", "min_level": 9} ],
        "fog": {"density": "thick"},
        "seat": [0, 1.2]
    })",
                                   "s.json", diag);
    JsonNode root = doc.root();
    CHECK(root.required("name").string("fallback") == "fallback");
    auto entities = root.required("entities").elements();
    REQUIRE(entities.size() == 2);
    CHECK(entities[0].required("min_level").integer_in(0, 4, -1) == 2);
    CHECK(entities[1].required("min_level").integer_in(0, 4, -1) == -1);
    CHECK(root.required("fog").required("density").number(0.5) == 0.5);
    CHECK(root.required("sky").present() == false);
    CHECK(root.required("seat").numbers(3, 0.0) == std::vector<double>{0, 0, 0});
    CHECK(root.optional("absent").string("x") == "x"); // optional: no problem

    CHECK(lines(diag) == std::vector<std::string>{
                             "s.json: /name: expected a string, found a number",
                             "s.json: /entities/1/min_level: 9 is out of range: must be between 0 and 4",
                             "s.json: /fog/density: expected a number, found a string",
                             "s.json: /: missing required field 'sky'",
                             "s.json: /seat: expected 3 numbers, found 2",
                         });
}

TEST_CASE("unknown fields are rejected, with a suggestion for a likely typo", "[core][json]") {
    Diagnostics diag;
    auto doc = JsonDocument::parse(R"({"min_levle": 1, "colour": [1,1,1], "zzz": true, "a/b": 0})", "c.json", diag);
    doc.root().allow_only({"min_level", "color", "name"});
    CHECK(lines(diag) == std::vector<std::string>{
                             "c.json: /min_levle: unknown field 'min_levle' (did you mean 'min_level'?)",
                             "c.json: /colour: unknown field 'colour' (did you mean 'color'?)",
                             "c.json: /zzz: unknown field 'zzz'",
                             "c.json: /a~1b: unknown field 'a/b'",
                         });
}

TEST_CASE("choices list the allowed names; whole numbers reject fractions", "[core][json]") {
    enum class Category { place, paraphernalia };
    Diagnostics diag;
    auto doc = JsonDocument::parse(R"({"c": "people", "n": 2.5, "m": 3.0, "ok": "place"})", "d.json", diag);
    JsonNode root = doc.root();
    auto cat = root.required("c").choice({{"place", Category::place}, {"paraphernalia", Category::paraphernalia}},
                                         Category::place);
    CHECK(cat == Category::place);
    CHECK(root.required("ok").choice({{"place", Category::place}, {"paraphernalia", Category::paraphernalia}},
                                     Category::paraphernalia) == Category::place);
    CHECK(root.required("n").integer(0) == 0);
    CHECK(root.required("m").integer(0) == 3);
    CHECK(lines(diag) == std::vector<std::string>{
                             "d.json: /c: 'people' is not one of 'place', 'paraphernalia'",
                             "d.json: /n: expected a whole number, found 2.5",
                         });
}

TEST_CASE("members keep file order and every problem is thrown together", "[core][json]") {
    Diagnostics diag;
    auto doc = JsonDocument::parse(R"({"z": 1, "a": 2, "m": 3})", "e.json", diag);
    std::vector<std::string> keys;
    for (auto& [k, v] : doc.root().members()) keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"z", "a", "m"});
    CHECK_NOTHROW(diag.throw_if_any("e.json"));
    doc.root().required("x");
    doc.root().required("y");
    CHECK_THROWS_WITH(diag.throw_if_any("the protocol"),
                      "the protocol has 2 problems:\n  e.json: /: missing required field 'x'\n"
                      "  e.json: /: missing required field 'y'");
}

TEST_CASE("edit distance", "[core][json]") {
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("same", "same") == 0);
}

TEST_CASE("nesting beyond the limit is refused before parsing, naming the file, place and limit",
          "[core][json][limits]") {
    // A million levels: the parse alone would survive it, copying or writing the value would not.
    const std::string deep = "{\"a\": " + std::string(1'000'000, '[') + std::string(1'000'000, ']') + "}";
    Diagnostics diag;
    auto doc = JsonDocument::parse(deep, "scenes/deep.scene.json", diag);
    CHECK_FALSE(doc.parsed());
    REQUIRE(diag.problems().size() == 1);
    CHECK(lines(diag)[0] == "scenes/deep.scene.json: nested deeper than the limit of 64 levels (at line 1, column 70)");

    // Brackets inside strings are text, not nesting; exactly the limit is allowed.
    std::string at_limit = std::string(63, '[') + "\"[[[[{{{{\"" + std::string(63, ']');
    JsonParse ok = parse_json("[" + at_limit + "]", "ok.json", k_json_file_limits);
    CHECK(ok.value);
    JsonParse over = parse_json("[[" + at_limit + "]]", "over.json", k_json_file_limits);
    CHECK_FALSE(over.value);
}

TEST_CASE("a number out of range is a sentence with the file and place, not nlohmann's text",
          "[core][json][limits]") {
    Diagnostics diag;
    JsonDocument::parse("{\n  \"course_sessions\": 1e999\n}", "scenes/protocols/big.json", diag);
    REQUIRE(diag.problems().size() == 1);
    CHECK(lines(diag)[0] == "scenes/protocols/big.json: the number 1e999 at line 2, column 22 is out of range: "
                            "a number must lie within ±1.7e308");
    CHECK_THAT(lines(diag)[0], !ContainsSubstring("json.exception"));

    Diagnostics wide;
    auto doc = JsonDocument::parse("{\"n\": 18446744073709551615}", "wide.json", wide);
    REQUIRE(doc.parsed());
    CHECK(doc.root().required("n").integer(7) == 7);
    REQUIRE(wide.problems().size() == 1);
    CHECK_THAT(lines(wide)[0], ContainsSubstring("wide.json: /n: 18446744073709551615 is out of range"));
}

TEST_CASE("a JSON text over the size limit is refused without parsing it", "[core][json][limits]") {
    JsonParse big = parse_json(std::string(300 * 1024, ' ') + "{}", "session 3 event 9", k_json_record_limits);
    CHECK_FALSE(big.value);
    CHECK(big.problem.to_string() ==
          "session 3 event 9: is 307202 bytes, over the limit of 262144 bytes for this kind of file");
}
