// The asset generator is deterministic: a second run from the same seed writes the same bytes.
#include "core/file.h"
#include "core/json.h"
#include "support/process.h"

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <unistd.h>

using namespace qx;
namespace fs = std::filesystem;

TEST_CASE("the asset generator gives the same bytes for the same seed", "[assetgen][slow]") {
    fs::path out = fs::temp_directory_path() / ("qx-assetgen-" + std::to_string(::getpid()));
    fs::remove_all(out);
    auto r = test::run_process({QX_ASSETGEN_EXE, "--out", out.string(), "--scenes", QX_SCENES_DIR});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    core::Json fresh = core::Json::parse(core::read_text_file(out / "manifest.json"));
    core::Json built = core::Json::parse(core::read_text_file(fs::path(QX_GENERATED_ASSETS) / "manifest.json"));
    REQUIRE(fresh["files"].size() >= 100);
    CHECK(fresh["files"].size() == built["files"].size());
    std::size_t same = 0;
    for (auto& [path, entry] : fresh["files"].items()) {
        INFO(path);
        REQUIRE(built["files"].contains(path));
        CHECK(entry["blake2b"] == built["files"][path]["blake2b"]);
        same += entry["blake2b"] == built["files"][path]["blake2b"];
    }
    CHECK(same == fresh["files"].size());
    // Another seed changes the procedural assets (narration is spoken text, not seeded).
    fs::path other = out.string() + "-seed2";
    auto r2 = test::run_process({QX_ASSETGEN_EXE, "--out", other.string(), "--seed", "7"});
    REQUIRE(r2.exit_code == 0);
    core::Json seeded = core::Json::parse(core::read_text_file(other / "manifest.json"));
    CHECK(seeded["files"]["textures/asphalt_color.png"]["blake2b"] != fresh["files"]["textures/asphalt_color.png"]["blake2b"]);
    fs::remove_all(out);
    fs::remove_all(other);
}

TEST_CASE("assets/README.md lists every generated file with what it is", "[assetgen]") {
    core::Json built = core::Json::parse(core::read_text_file(fs::path(QX_GENERATED_ASSETS) / "manifest.json"));
    std::string readme = core::read_text_file(QX_ASSETS_README);
    for (auto& [path, entry] : built["files"].items()) {
        INFO(path << " (regenerate the list in assets/README.md when the generator's output changes)");
        CHECK(readme.find("| `" + path + "` | " + entry["what"].get<std::string>()) != std::string::npos);
    }
}
