#include "core/i18n.h"

#include <catch2/catch_test_macros.hpp>
#include <set>

using namespace qx::core;

TEST_CASE("every catalogue entry has Chinese and English text and a unique key", "[core][i18n]") {
    std::set<std::string_view> keys;
    for (const CatalogEntry& e : catalog()) {
        INFO(e.key);
        CHECK_FALSE(e.zh_cn.empty());
        CHECK_FALSE(e.en.empty());
        CHECK(keys.insert(e.key).second);
    }
    CHECK(keys.size() >= 2);
}

TEST_CASE("text follows the chosen language and unknown keys show themselves", "[core][i18n]") {
    CHECK(tr("app.name", Lang::zh_CN) == "清醒");
    CHECK(tr("app.name", Lang::en) == "Qingxing");
    CHECK(tr("no.such.key", Lang::en) == "no.such.key");
    Lang saved = current_lang();
    set_current_lang(Lang::en);
    CHECK(tr("app.name") == "Qingxing");
    set_current_lang(saved);
    CHECK(parse_lang("zh") == Lang::zh_CN);
    CHECK(parse_lang("en") == Lang::en);
    CHECK_FALSE(parse_lang("fr").has_value());
    CHECK(lang_code(Lang::zh_CN) == "zh-CN");
}
