// Every string a user sees, in zh-CN and en. Keys are "<module>.<thing>"; text may hold
// fmt-style named fields. Grouped by module, each group in the order the user meets it.
#include "core/i18n.h"

#include <array>

namespace qx::core {
namespace {

constexpr CatalogEntry k_catalog[] = {
    // app
    {"app.name", "清醒", "Qingxing"},
    {"app.tagline", "戒毒康复 VR 暴露脱敏训练", "VR exposure–desensitization training for drug rehabilitation"},
};

} // namespace

std::span<const CatalogEntry> catalog() { return k_catalog; }

} // namespace qx::core
