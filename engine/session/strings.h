#pragma once
// session's strings: the texts it says (states, prompts, decisions, commands, alerts), and the
// lookup its code uses.

#include "core/i18n.h"

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace qx::session {

// This module's table: keys "session.*", in zh-CN and en.
std::span<const core::CatalogEntry> strings();

// core::tr, after registering (once) this module's table and those of the modules below it
// whose keys its code may look up: its own.
std::string_view tr(std::string_view key, core::Lang lang);

// tr() with named fields filled: trf("session.report.accepted", lang, fmt::arg("...", value)).
template <typename... Args>
std::string trf(std::string_view key, core::Lang lang, Args&&... args) {
    return core::format_text(session::tr(key, lang), std::forward<Args>(args)...);
}

} // namespace qx::session
