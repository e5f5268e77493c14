// Every module's string table: both languages for every key, keys named after the module that
// says them, no key in two tables, and all of them reachable once registered. Here rather than in
// qx_unit_tests because the stage's table is in qx_stage, which the pure binary does not link.
#include "app/all_strings.h"
#include "app/strings.h"
#include "core/i18n.h"
#include "session/strings.h"
#include "stage/strings.h"
#include "ui/strings.h"
#include "xr/strings.h"

#include <catch2/catch_test_macros.hpp>
#include <map>
#include <span>
#include <string>

using namespace qx;

namespace {

struct Table {
    const char* owner;
    std::string_view prefix;
    std::span<const core::CatalogEntry> entries;
};

std::vector<Table> module_tables() {
    return {{"session", "session.", session::strings()}, {"ui", "report.", ui::strings()},
            {"xr", "xr.", xr::strings()},
            {"stage", "stage.", stage::strings()},       {"app", "app.", app::strings()},
            {"app/demo", "demo.", app::demo_strings()},  {"app/panel", "panel.", app::panel_strings()}};
}

} // namespace

TEST_CASE("every module's strings have both languages, its prefix and keys no other module has", "[i18n]") {
    std::map<std::string_view, const char*> owner_of;
    for (const Table& t : module_tables()) {
        INFO(t.owner);
        CHECK(t.entries.size() >= 1);
        for (const core::CatalogEntry& e : t.entries) {
            INFO(e.key);
            CHECK(e.key.starts_with(t.prefix));
            CHECK_FALSE(e.zh_cn.empty());
            CHECK_FALSE(e.en.empty());
            auto [it, fresh] = owner_of.emplace(e.key, t.owner);
            INFO("also in " << it->second);
            CHECK(fresh);
        }
    }
}

TEST_CASE("once every table is registered, every key reads in both languages", "[i18n]") {
    app::register_all_strings();
    app::register_all_strings(); // idempotent
    std::map<std::string_view, int> in_catalogue;
    for (const core::CatalogEntry& e : core::catalog()) ++in_catalogue[e.key];
    for (const Table& t : module_tables()) {
        for (const core::CatalogEntry& e : t.entries) {
            INFO(e.key);
            CHECK(in_catalogue[e.key] == 1);
            CHECK(core::tr(e.key, core::Lang::zh_CN) == e.zh_cn);
            CHECK(core::tr(e.key, core::Lang::en) == e.en);
        }
    }
}

TEST_CASE("a module's own lookup registers what it needs, dynamic keys included", "[i18n]") {
    // Keys built at run time, as the panel and the terminal build a state's name.
    CHECK(app::tr(std::string("session.state.") + "calm_room", core::Lang::en) == "Calm room");
    CHECK(app::tr("report.status.completed", core::Lang::en) == "completed");
    CHECK(ui::tr("report.status.completed", core::Lang::zh_CN) == "已完成");
    CHECK(stage::tr("stage.prompt.recorded", core::Lang::en) == "Recorded. Thank you");
    CHECK(session::trf("session.report.accepted", core::Lang::en, fmt::arg("rating", 4)) ==
          "Craving report 4");
}
