#pragma once

#include <fmt/format.h>
#include <optional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qx::core {

// Languages of everything a person sees. Chinese first: it is the default.
enum class Lang { zh_CN, en };

std::string_view lang_code(Lang lang); // "zh-CN", "en"
std::optional<Lang> parse_lang(std::string_view code); // accepts "zh-CN", "zh", "en"

// One entry of a string table: a stable key and its text in each language. Text may hold
// fmt-style named fields ("{craving}"), filled by trf().
struct CatalogEntry {
    std::string_view key;
    std::string_view zh_cn;
    std::string_view en;
};

// Each module owns the strings it says (`<module>/strings.cpp`) and registers its table here
// before its first lookup (its own `tr`). The table must outlive the process (a static array).
// Registering the same table again does nothing; safe from any thread.
void add_strings(std::span<const CatalogEntry> table);
// Registers every table it is given when constructed. A module's `tr` keeps one as a
// function-local static: registration is then a call on the first lookup, which no linker can
// leave out (a static initialiser in an otherwise unreferenced object file could be).
struct StringTables {
    StringTables(std::initializer_list<std::span<const CatalogEntry>> tables) {
        for (std::span<const CatalogEntry> t : tables) add_strings(t);
    }
};

// Every registered entry, table by table in the order they were registered.
std::vector<CatalogEntry> catalog();

// The process-wide display language (the panel's switch); defaults to zh-CN.
Lang current_lang();
void set_current_lang(Lang lang);

// The text for `key` in the registered tables; an unknown key returns the key itself (and is
// logged once), so a missing string is visible but never a crash.
std::string_view tr(std::string_view key, Lang lang);
inline std::string_view tr(std::string_view key) { return tr(key, current_lang()); }

// `pattern` with its named fields filled; a pattern whose fields do not match is shown as it is.
template <typename... Args>
std::string format_text(std::string_view pattern, Args&&... args) {
    try {
        return fmt::vformat(pattern, fmt::make_format_args(args...));
    } catch (const fmt::format_error&) {
        return std::string(pattern);
    }
}

// tr() with named fields filled: trf("session.hold", lang, fmt::arg("craving", 7)).
template <typename... Args>
std::string trf(std::string_view key, Lang lang, Args&&... args) {
    return format_text(tr(key, lang), std::forward<Args>(args)...);
}

} // namespace qx::core
