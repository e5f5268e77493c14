#pragma once
// ui's strings: the texts it says (the report's charts and page), and the lookup its code uses.

#include "core/i18n.h"

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace qx::ui {

// This module's table: keys "report.*", in zh-CN and en.
std::span<const core::CatalogEntry> strings();

// core::tr, after registering (once) this module's table and those of the modules below it
// whose keys its code may look up: its own and session's (events' texts).
std::string_view tr(std::string_view key, core::Lang lang);

// tr() with named fields filled: trf("report.chart.ceiling", lang, fmt::arg("...", value)).
template <typename... Args>
std::string trf(std::string_view key, core::Lang lang, Args&&... args) {
    return core::format_text(ui::tr(key, lang), std::forward<Args>(args)...);
}

} // namespace qx::ui
