// The panel's parts that need ImGui: its test scripts are checked as they are read, and its
// font atlas holds every character the panel can show.
#include "app/all_strings.h"
#include "app/panel/panel_driver.h"
#include "app/panel/panel_view.h"
#include "core/error.h"
#include "core/i18n.h"
#include "support/temp_dir.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <fstream>
#include <imgui.h>

using namespace qx;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

TEST_CASE("a panel script with a mistake is refused with its file and line", "[panel]") {
    test::TempDir dir("panel-script");
    fs::path file = dir.path() / "bad.script";
    std::ofstream(file) << "# a comment\nclick signin.user\nwait soon\n";
    try {
        app::PanelDriver::load(file);
        FAIL("a bad script was accepted");
    } catch (const core::Error& e) {
        CHECK_THAT(e.what(), ContainsSubstring("bad.script:3"));
        CHECK_THAT(e.what(), ContainsSubstring("seconds"));
    }
    std::ofstream(file) << "jump around\n";
    CHECK_THROWS_WITH(app::PanelDriver::load(file), ContainsSubstring("unknown command 'jump'"));
    std::ofstream(file) << "key F13\n";
    CHECK_THROWS_WITH(app::PanelDriver::load(file), ContainsSubstring("unknown key"));
    std::ofstream(file) << "wait_state dancing\n";
    CHECK_THROWS_WITH(app::PanelDriver::load(file), ContainsSubstring("unknown state"));
    std::ofstream(file) << "click a\nwait_idle\nquit\n";
    CHECK_NOTHROW(app::PanelDriver::load(file));
}

TEST_CASE("the panel's font has a glyph for every character of the catalogue and the protocols", "[panel]") {
    app::register_all_strings(); // every module's strings, not only those looked up so far
    ui::Font font = ui::Font::load_cjk();
    ImGuiContext* context = ImGui::CreateContext();
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    std::vector<std::string> more{"甲基苯丙胺 · 标准方案", "出租屋"};
    app::PanelFonts fonts = app::add_panel_fonts(atlas, font, more);
    REQUIRE(fonts.base);
    REQUIRE(fonts.large);
    REQUIRE(atlas.Build());
    std::string missing;
    auto check = [&](std::string_view text, std::string_view key) {
        for (std::size_t pos = 0; pos < text.size();) {
            char32_t cp = ui::next_code_point(text, pos);
            if (cp < 0x20) continue;
            for (ImFont* f : {fonts.base, fonts.large}) {
                if (!f->FindGlyphNoFallback(ImWchar(cp))) {
                    missing += fmt::format(" U+{:04X} in {};", std::uint32_t(cp), key);
                    break;
                }
            }
        }
    };
    for (const core::CatalogEntry& e : core::catalog()) {
        check(e.zh_cn, e.key);
        check(e.en, e.key);
    }
    for (const std::string& t : more) check(t, "a protocol");
    INFO(missing);
    CHECK(missing.empty());
    // The check can fail: a rare character nobody asked for is not in the atlas.
    CHECK(fonts.base->FindGlyphNoFallback(ImWchar(U'龘')) == nullptr);
    ImGui::DestroyContext(context);
}
