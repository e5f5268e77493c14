#pragma once
// app's strings: the texts it says (what the modes tell the therapist), and the lookup its code uses.

#include "core/i18n.h"

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace qx::app {

// This module's table: keys "app.*", in zh-CN and en.
std::span<const core::CatalogEntry> strings();

// The open day's table (demo/strings.cpp): keys "demo.*".
std::span<const core::CatalogEntry> demo_strings();

// The control panel's table (panel/strings.cpp): keys "panel.*".
std::span<const core::CatalogEntry> panel_strings();

// core::tr, after registering (once) this module's table and those of the modules below it
// whose keys its code may look up: app's, demo's, panel's, ui's and session's (not stage's:
// app looks up none of its keys, and qx_app_logic, where this lives, does not link qx_stage).
std::string_view tr(std::string_view key, core::Lang lang);

// tr() with named fields filled: trf("app.session.started", lang, fmt::arg("...", value)).
template <typename... Args>
std::string trf(std::string_view key, core::Lang lang, Args&&... args) {
    return core::format_text(app::tr(key, lang), std::forward<Args>(args)...);
}

} // namespace qx::app
