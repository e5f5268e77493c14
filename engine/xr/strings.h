#pragma once
// xr's strings: why a display could not be used, as the therapist reads it (in the console, the log
// and the control panel), and the lookup its code uses.

#include "core/i18n.h"

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace qx::xr {

// This module's table: keys "xr.*", in zh-CN and en.
std::span<const core::CatalogEntry> strings();

// core::tr, after registering (once) this module's table.
std::string_view tr(std::string_view key, core::Lang lang);

// tr() with named fields filled: trf("xr.no_runtime", lang, fmt::arg("result", name)).
template <typename... Args>
std::string trf(std::string_view key, core::Lang lang, Args&&... args) {
    return core::format_text(xr::tr(key, lang), std::forward<Args>(args)...);
}

} // namespace qx::xr
