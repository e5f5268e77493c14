#include "xr/display.h"

#include "core/error.h"
#include "core/log.h"

namespace qx::xr {

const char* to_string(DisplayKind kind) {
    switch (kind) {
    case DisplayKind::openxr: return "openxr";
    case DisplayKind::desktop: return "desktop";
    case DisplayKind::headless: return "headless";
    }
    return "?";
}

std::optional<DisplayKind> parse_display_kind(std::string_view text) {
    if (text == "openxr") return DisplayKind::openxr;
    if (text == "desktop") return DisplayKind::desktop;
    if (text == "headless") return DisplayKind::headless;
    return std::nullopt;
}

std::unique_ptr<Display> open_display(const DisplayOptions& options, std::vector<std::string>& reasons) {
    if (options.kind) {
        switch (*options.kind) {
        case DisplayKind::openxr: return open_openxr(options);
        case DisplayKind::desktop: return open_desktop(options);
        case DisplayKind::headless: return open_headless(options);
        }
    }
    // auto: the headset if a runtime answers, else a window if there is a screen, else headless.
    try {
        return open_openxr(options);
    } catch (const core::Error& e) {
        reasons.push_back(core::describe(e));
        core::log_info("xr", "not using a headset: {}", core::describe(e));
    }
    try {
        return open_desktop(options);
    } catch (const core::Error& e) {
        reasons.push_back(core::describe(e));
        core::log_info("xr", "not using a desktop window: {}", core::describe(e));
    }
    if (!options.headless_fallback) return nullptr;
    return open_headless(options);
}

} // namespace qx::xr
