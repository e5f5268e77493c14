#pragma once
// stage's strings: the texts it says (the headset's craving prompt, displays not used), and the
// lookup its code uses.

#include "core/i18n.h"

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace qx::stage {

// This module's table: keys "stage.*", in zh-CN and en.
std::span<const core::CatalogEntry> strings();

// core::tr, after registering (once) this module's table and those of the modules below it
// whose keys its code may look up: its own.
std::string_view tr(std::string_view key, core::Lang lang);

// tr() with named fields filled: trf("stage.display_not_used", lang, fmt::arg("...", value)).
template <typename... Args>
std::string trf(std::string_view key, core::Lang lang, Args&&... args) {
    return core::format_text(stage::tr(key, lang), std::forward<Args>(args)...);
}

} // namespace qx::stage
