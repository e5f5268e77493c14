#pragma once

#include <fmt/format.h>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace qx::core {

// Languages of everything a person sees. Chinese first: it is the default.
enum class Lang { zh_CN, en };

std::string_view lang_code(Lang lang); // "zh-CN", "en"
std::optional<Lang> parse_lang(std::string_view code); // accepts "zh-CN", "zh", "en"

// One entry of the catalogue: a stable key and its text in each language. Text may hold
// fmt-style named fields ("{craving}"), filled by trf().
struct CatalogEntry {
    std::string_view key;
    std::string_view zh_cn;
    std::string_view en;
};

// Every string a user sees, in one table (catalog.cpp).
std::span<const CatalogEntry> catalog();

// The process-wide display language (the panel's switch); defaults to zh-CN.
Lang current_lang();
void set_current_lang(Lang lang);

// The text for `key`; an unknown key returns the key itself (and is logged once), so a
// missing string is visible but never a crash.
std::string_view tr(std::string_view key, Lang lang);
inline std::string_view tr(std::string_view key) { return tr(key, current_lang()); }

// tr() with named fields filled: trf("session.hold", lang, fmt::arg("craving", 7)).
template <typename... Args>
std::string trf(std::string_view key, Lang lang, Args&&... args) {
    std::string_view pattern = tr(key, lang);
    try {
        return fmt::vformat(pattern, fmt::make_format_args(args...));
    } catch (const fmt::format_error&) {
        return std::string(pattern);
    }
}

} // namespace qx::core
