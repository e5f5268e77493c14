// The string-table registry: lookup by key across registered tables, languages, unknown keys.
// Each module's own table is checked in strings_test.cpp (it needs every module linked).
#include "core/i18n.h"

#include <catch2/catch_test_macros.hpp>
#include <algorithm>
#include <thread>
#include <vector>

using namespace qx::core;

namespace {

constexpr CatalogEntry k_first[] = {
    {"test.i18n.name", "清醒", "Qingxing"},
    {"test.i18n.count", "{count} 次", "{count} times"},
};

constexpr CatalogEntry k_second[] = {
    {"test.i18n.other", "另一张表", "another table"},
};

std::size_t registered(std::string_view key) {
    std::vector<CatalogEntry> all = catalog();
    return std::ranges::count_if(all, [&](const CatalogEntry& e) { return e.key == key; });
}

} // namespace

TEST_CASE("a registered table's text follows the chosen language", "[core][i18n]") {
    add_strings(k_first);
    CHECK(tr("test.i18n.name", Lang::zh_CN) == "清醒");
    CHECK(tr("test.i18n.name", Lang::en) == "Qingxing");
    CHECK(trf("test.i18n.count", Lang::en, fmt::arg("count", 3)) == "3 times");
    CHECK(trf("test.i18n.count", Lang::zh_CN, fmt::arg("count", 3)) == "3 次");
    Lang saved = current_lang();
    set_current_lang(Lang::en);
    CHECK(tr("test.i18n.name") == "Qingxing");
    set_current_lang(saved);
}

TEST_CASE("lookups search every registered table, and registering again changes nothing", "[core][i18n]") {
    add_strings(k_first);
    add_strings(k_second);
    add_strings(k_first);
    CHECK(tr("test.i18n.name", Lang::en) == "Qingxing");
    CHECK(tr("test.i18n.other", Lang::en) == "another table");
    CHECK(registered("test.i18n.name") == 1);
    CHECK(registered("test.i18n.other") == 1);
}

TEST_CASE("tables register from many threads at once while others look up", "[core][i18n]") {
    static constexpr CatalogEntry k_threads[] = {{"test.i18n.threads", "线程", "threads"}};
    std::vector<std::jthread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([] {
            for (int n = 0; n < 200; ++n) {
                add_strings(k_threads);
                (void)tr("test.i18n.name", Lang::en);
            }
        });
    }
    threads.clear(); // joins
    CHECK(tr("test.i18n.threads", Lang::en) == "threads");
    CHECK(registered("test.i18n.threads") == 1);
}

TEST_CASE("an unknown key shows itself, and formatting never throws", "[core][i18n]") {
    CHECK(tr("no.such.key", Lang::en) == "no.such.key");
    CHECK(trf("no.such.key", Lang::zh_CN, fmt::arg("count", 1)) == "no.such.key");
    CHECK(format_text("{missing} field", fmt::arg("count", 1)) == "{missing} field");
}

TEST_CASE("language codes", "[core][i18n]") {
    CHECK(parse_lang("zh") == Lang::zh_CN);
    CHECK(parse_lang("zh-CN") == Lang::zh_CN);
    CHECK(parse_lang("en") == Lang::en);
    CHECK_FALSE(parse_lang("fr").has_value());
    CHECK(lang_code(Lang::zh_CN) == "zh-CN");
    CHECK(lang_code(Lang::en) == "en");
}
