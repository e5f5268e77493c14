#include "core/error.h"
#include "core/file.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cstdlib>
#include <filesystem>

using namespace qx::core;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

namespace {
fs::path fresh_dir(const char* name) {
    fs::path dir = fs::temp_directory_path() / (std::string("qx-file-test-") + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}
} // namespace

TEST_CASE("an atomic write replaces the file whole and leaves no temporary behind", "[core][file]") {
    fs::path dir = fresh_dir("atomic");
    fs::path file = dir / "sub" / "record.json";
    write_file_atomic(file, std::string_view("first"));
    CHECK(read_text_file(file) == "first");
    write_file_atomic(file, std::string_view("second, longer"));
    CHECK(read_text_file(file) == "second, longer");
    std::size_t entries = 0;
    for (auto& e : fs::directory_iterator(dir / "sub")) {
        (void)e;
        ++entries;
    }
    CHECK(entries == 1);
    std::vector<std::uint8_t> bytes = {0, 1, 2, 255};
    write_file_atomic(file, bytes);
    CHECK(read_binary_file(file) == bytes);
    fs::remove_all(dir);
}

TEST_CASE("reading a missing file or a folder names the path and the reason", "[core][file]") {
    fs::path dir = fresh_dir("missing");
    CHECK_THROWS_WITH(read_text_file(dir / "nope.json"),
                      ContainsSubstring("nope.json") && ContainsSubstring("No such file"));
    CHECK_THROWS_WITH(read_binary_file(dir), ContainsSubstring("it is a folder"));
    fs::remove_all(dir);
}

TEST_CASE("the data folders are found", "[core][file]") {
    CHECK(fs::is_directory(data_root() / "scenes"));
    // The test environment points QINGXING_HOME at a folder of the build tree.
    const char* home = std::getenv("QINGXING_HOME");
    REQUIRE(home != nullptr);
    CHECK(user_data_dir() == fs::path(home));
    CHECK(fs::is_directory(user_data_dir()));
}

TEST_CASE("paths shown to people are relative to the working folder when beneath it", "[core][file]") {
    // In the system's own separator: scenes/a.json, or scenes\a.json on Windows.
    CHECK(display_path(fs::current_path() / "scenes" / "a.json") == (fs::path("scenes") / "a.json").string());
    CHECK(display_path("/definitely/elsewhere/a.json") == "/definitely/elsewhere/a.json");
}
