// What the control panel's files share: sizes, colours and small text helpers. Internal to
// app/panel_view.cpp and app/panel_live.cpp.
#pragma once

#include "app/panel/panel_model.h"
#include "app/strings.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "ui/report_writer.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

namespace qx::app::panel_style {

inline constexpr float k_top_bar = 46.0f;
inline constexpr float k_base_px = 18.0f;
inline constexpr float k_large_px = 26.0f;

// Calm, low-saturation colours; the one strong colour is the calm-room button.
inline const ImVec4 k_calm_button{0.16f, 0.45f, 0.62f, 1.0f};
inline const ImVec4 k_calm_hover{0.20f, 0.53f, 0.72f, 1.0f};
inline const ImVec4 k_error_text{1.0f, 0.55f, 0.45f, 1.0f};
inline const ImVec4 k_ok_text{0.55f, 0.85f, 0.62f, 1.0f};
inline const ImVec4 k_muted_text{0.66f, 0.70f, 0.76f, 1.0f};
// Gaze resting on a drug cue: amber, noticeable without alarming.
inline const ImVec4 k_cue_text{0.95f, 0.78f, 0.45f, 1.0f};

// Text wrapped to the column in a colour (ImGui::TextColored does not wrap).
inline void wrapped_text(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

inline core::Lang other_lang(core::Lang lang) { return lang == core::Lang::zh_CN ? core::Lang::en : core::Lang::zh_CN; }

inline std::string txt(std::string_view key, core::Lang lang) { return std::string(app::tr(key, lang)); }

// A label in the panel's language with an id that stays the same in every language.
inline std::string label(std::string_view key, core::Lang lang, const char* id) {
    return txt(key, lang) + "###" + id;
}

inline std::string date_text(std::int64_t unix_ms) {
    if (unix_ms <= 0) return "—";
    std::string local = core::format_iso8601(unix_ms, false); // "2026-12-06T14:05:09.123+08:00"
    return local.substr(0, 10) + " " + local.substr(11, 5);
}

inline std::string number_text(std::optional<double> v) {
    if (!v) return "—";
    return ui::format_value(*v);
}

} // namespace qx::app::panel_style
