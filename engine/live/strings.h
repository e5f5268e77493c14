#pragma once
// live's strings: what the session host says when the records cannot be written, and the lookup
// its code uses.

#include "core/i18n.h"

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace qx::live {

// This module's table: keys "live.*", in zh-CN and en.
std::span<const core::CatalogEntry> strings();

// core::tr, after registering (once) this module's table.
std::string_view tr(std::string_view key, core::Lang lang);

// tr() with named fields filled.
template <typename... Args>
std::string trf(std::string_view key, core::Lang lang, Args&&... args) {
    return core::format_text(live::tr(key, lang), std::forward<Args>(args)...);
}

} // namespace qx::live
