// The control panel's live page (mirror, craving chart, state and rule, controls) and the page
// after a session. The rest of the panel: app/panel_view.cpp.
#include "app/panel/panel_style.h"
#include "app/strings.h"
#include "core/cue_level.h"
#include "core/clock.h"
#include "app/panel/panel_view.h"
#include "core/file.h"

#include <imgui.h>

#include <GLFW/glfw3.h>

namespace qx::app {
using namespace panel_style;

namespace {

// Colours of the chart's bands: the cue level from pale to warm; calm room blue; paused grey.
ImU32 band_colour(const ChartBand& b) {
    using S = session::State;
    if (b.state == S::calm_room || b.state == S::baseline || b.state == S::cool_down)
        return IM_COL32(60, 110, 150, 70);
    if (b.state == S::paused) return IM_COL32(120, 120, 120, 60);
    static const ImU32 levels[core::k_cue_level_count] = {IM_COL32(90, 140, 110, 60), IM_COL32(130, 150, 90, 70),
                                    IM_COL32(170, 150, 80, 75), IM_COL32(190, 120, 70, 80),
                                    IM_COL32(200, 90, 70, 85)};
    return levels[std::clamp(b.level, 0, core::k_max_cue_level)];
}

ImU32 marker_colour(ChartMarker::Kind k) {
    switch (k) {
    case ChartMarker::Kind::command: return IM_COL32(150, 190, 240, 200);
    case ChartMarker::Kind::safety: return IM_COL32(240, 140, 100, 230);
    case ChartMarker::Kind::alert: return IM_COL32(250, 90, 80, 240);
    case ChartMarker::Kind::missed: return IM_COL32(200, 200, 120, 200);
    case ChartMarker::Kind::note: return IM_COL32(190, 160, 240, 200);
    }
    return IM_COL32_WHITE;
}

} // namespace

// ------------------------------------------------------------------------------ the live session

void PanelGui::calm_room_now(PanelModel& m) {
    LiveModel& live = m.live();
    if (!live.controller()) return;
    session::State s = live.controller()->state();
    if (s == session::State::calm_room) return; // already there: never a toggle
    problem(live.command(session::CommandKind::calm_room));
}

void PanelGui::craving_chart(PanelModel& m, float height) {
    LiveModel& live = m.live();
    const core::Lang lang = m.lang();
    const session::Protocol* protocol = live.controller() ? &live.controller()->protocol() : m.prepare().protocol();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float width = ImGui::GetContentRegionAvail().x;
    ImGui::InvisibleButton("##chart", {width, height});
    mark("chart");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // With a heart-rate sensor, its strip takes the lower part, on the same time axis.
    const bool heart = !live.heart_trace().empty();
    const float axis = origin.y + height - 24; // the minutes along the bottom
    const float heart_h = heart ? std::round((height - 32) * 0.3f) : 0.0f;
    const float left = origin.x + 34, right = origin.x + width - 8, top = origin.y + 8;
    const float bottom = heart ? axis - heart_h - 16 : axis;
    dl->AddRectFilled(origin, {origin.x + width, origin.y + height}, IM_COL32(16, 20, 26, 255), 6.0f);

    double span = protocol ? protocol->session_length_s : 2400.0;
    span = std::max(span, live.session_seconds() + 60.0);
    auto x_of = [&](double t) { return float(left + (right - left) * std::clamp(t / span, 0.0, 1.0)); };
    auto y_of = [&](double v) { return float(bottom - (bottom - top) * std::clamp(v / 10.0, 0.0, 1.0)); };

    int labelled_step = -2;
    for (const ChartBand& b : live.chart_bands()) {
        dl->AddRectFilled({x_of(b.t0), top}, {std::max(x_of(b.t1), x_of(b.t0) + 1.0f), heart ? axis : bottom},
                          band_colour(b));
        // The step's name once where it begins (exposure and adaptation are one visit).
        bool new_step = b.step != labelled_step;
        if (b.state != session::State::paused) labelled_step = b.step;
        if (b.step >= 0 && new_step && x_of(b.t1) - x_of(b.t0) > 12) {
            dl->AddText({x_of(b.t0) + 3, top + 2}, IM_COL32(220, 220, 220, 160),
                        app::trf("panel.chart.step", lang, fmt::arg("step", b.step + 1)).c_str());
        }
    }
    // Grid: craving 0, 2, ... 10; minutes along the bottom.
    for (int v = 0; v <= 10; v += 2) {
        dl->AddLine({left, y_of(v)}, {right, y_of(v)}, IM_COL32(255, 255, 255, v == 0 ? 60 : 22));
        dl->AddText({origin.x + 8, y_of(v) - 9}, IM_COL32(180, 186, 196, 255), std::to_string(v).c_str());
    }
    int minute_step = span > 3600 ? 10 : 5;
    for (int minute = 0; minute * 60 <= span; minute += minute_step) {
        float x = x_of(minute * 60.0);
        dl->AddLine({x, axis}, {x, axis + 4}, IM_COL32(180, 186, 196, 255));
        std::string text = fmt::format("{}′", minute);
        float tx = std::min(x - 6, right - ImGui::CalcTextSize(text.c_str()).x);
        dl->AddText({tx, axis + 5}, IM_COL32(180, 186, 196, 255), text.c_str());
    }
    if (heart) heart_strip(m, dl, {left, bottom + 16, right, axis}, x_of);
    if (protocol) {
        // The ceiling: above it the resident goes down a step or to the calm room.
        float y = y_of(protocol->safety.ceiling);
        for (float x = left; x < right; x += 12) dl->AddLine({x, y}, {std::min(x + 6, right), y}, IM_COL32(230, 110, 90, 180), 1.5f);
    }
    // Markers: a thin line and a tick at the top; hovering shows what happened.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const ChartMarker* hovered = nullptr;
    for (const ChartMarker& mk : live.chart_markers()) {
        float x = x_of(mk.t);
        dl->AddLine({x, top}, {x, bottom}, marker_colour(mk.kind) & IM_COL32(255, 255, 255, 90));
        dl->AddTriangleFilled({x - 5, top}, {x + 5, top}, {x, top + 8}, marker_colour(mk.kind));
        if (std::abs(mouse.x - x) < 5 && mouse.y > top && mouse.y < bottom) hovered = &mk;
    }
    // The ratings: a line through them; the therapist's entries as squares.
    const auto& pts = live.chart_points();
    for (std::size_t i = 1; i < pts.size(); ++i) {
        dl->AddLine({x_of(pts[i - 1].t), y_of(pts[i - 1].rating)}, {x_of(pts[i].t), y_of(pts[i].rating)},
                    IM_COL32(240, 200, 120, 230), 2.0f);
    }
    for (const ChartPoint& p : pts) {
        ImVec2 c{x_of(p.t), y_of(p.rating)};
        if (p.source == session::ReportSource::headset) {
            dl->AddCircleFilled(c, 4.0f, IM_COL32(250, 214, 140, 255));
        } else {
            dl->AddRectFilled({c.x - 4, c.y - 4}, {c.x + 4, c.y + 4}, IM_COL32(160, 220, 250, 255));
        }
    }
    // Now.
    if (m.page() == PanelPage::live) {
        float x = x_of(live.session_seconds());
        dl->AddLine({x, top}, {x, heart ? axis : bottom}, IM_COL32(255, 255, 255, 120), 1.0f);
    }
    if (hovered) {
        ImGui::BeginTooltip();
        ImGui::Text("%s  %s", core::clock_text(hovered->t).c_str(), hovered->text.c_str());
        ImGui::EndTooltip();
    }
    ImGui::TextColored(k_muted_text, "%s", txt("panel.chart.legend", lang).c_str());
}

// The gaze's mark on the mirror (a ring, amber on a cue), where the mirror letterboxes the left eye's
// picture into `box`; and the therapist's switch for it, when the session has gaze.
void PanelGui::gaze_on_mirror(PanelModel& m, ImDrawList* dl, ScreenBox box) {
    LiveModel& live = m.live();
    if (live.gaze_text().empty()) return;
    const core::Lang lang = m.lang();
    const std::string label = txt("panel.mirror.show_gaze", lang);
    ImGui::SetCursorScreenPos({box.x1 - ImGui::CalcTextSize(label.c_str()).x - 40, box.y0 + 4});
    ImGui::Checkbox(label.c_str(), &live.show_gaze);
    mark("mirror.show_gaze");
    const std::optional<stage::GazeMark>& g = live.gaze_mark();
    if (!g || !live.show_gaze) return;
    const float bw = box.x1 - box.x0, bh = box.y1 - box.y0;
    float w = bw, h = bw / std::max(g->aspect, 0.01f);
    if (h > bh) {
        h = bh;
        w = bh * g->aspect;
    }
    const ImVec2 c{box.x0 + (bw - w) / 2 + g->at.x * w, box.y0 + (bh - h) / 2 + g->at.y * h};
    const ImU32 colour = g->cue ? IM_COL32(245, 200, 115, 240) : IM_COL32(235, 240, 245, 210);
    dl->AddCircle(c, 11.0f, IM_COL32(0, 0, 0, 150), 24, 4.0f);
    dl->AddCircle(c, 11.0f, colour, 24, 2.0f);
    dl->AddCircleFilled(c, 2.0f, colour);
}

void PanelGui::heart_strip(PanelModel& m, ImDrawList* dl, ScreenBox box,
                           const std::function<float(double)>& x_of) {
    const LiveModel& live = m.live();
    const auto& trace = live.heart_trace();
    const session::Snapshot& s = live.snapshot();
    const session::Protocol* protocol = live.controller() ? &live.controller()->protocol() : nullptr;
    const ui::HeartRange range = ui::heart_range(trace, s.heart_rate_baseline_bpm, protocol);
    const double v0 = range.v0, v1 = range.v1;
    std::vector<double> limits; // the rule's limits that fall inside the strip
    if (protocol && protocol->safety.heart_rate) {
        const auto& r = *protocol->safety.heart_rate;
        if (r.rise_bpm && s.heart_rate_baseline_bpm) limits.push_back(*s.heart_rate_baseline_bpm + *r.rise_bpm);
        if (r.max_bpm) limits.push_back(*r.max_bpm);
        std::erase_if(limits, [&](double v) { return v < v0 || v > v1; });
    }
    auto y_of = [&](double v) { return float(box.y1 - (box.y1 - box.y0) * std::clamp((v - v0) / (v1 - v0), 0.0, 1.0)); };

    // The range's two ends, labelled inside the strip so they stay clear of the craving axis.
    for (double v : {v0, v1}) {
        dl->AddLine({box.x0, y_of(v)}, {box.x1, y_of(v)}, IM_COL32(255, 255, 255, v == v0 ? 60 : 22));
        dl->AddText({box.x0 - 30, v == v0 ? y_of(v) - 16 : y_of(v) - 1}, IM_COL32(180, 186, 196, 255),
                    fmt::format("{:g}", v).c_str());
    }
    for (double v : limits) {
        for (float x = box.x0; x < box.x1; x += 12)
            dl->AddLine({x, y_of(v)}, {std::min(x + 6, box.x1), y_of(v)}, IM_COL32(230, 110, 90, 150), 1.2f);
    }
    if (s.heart_rate_baseline_bpm) {
        float y = y_of(*s.heart_rate_baseline_bpm);
        for (float x = box.x0; x < box.x1; x += 8) dl->AddLine({x, y}, {std::min(x + 3, box.x1), y}, IM_COL32(120, 170, 250, 160));
    }
    for (std::size_t i = 1; i < trace.size(); ++i) {
        const HeartTracePoint& a = trace[i - 1];
        const HeartTracePoint& b = trace[i];
        if (a.bpm <= 0 || b.bpm <= 0 || b.t - a.t > 5.0) continue; // a lost signal: a gap
        dl->AddLine({x_of(a.t), y_of(a.bpm)}, {x_of(b.t), y_of(b.bpm)}, IM_COL32(240, 110, 150, 235), 1.6f);
    }
    const std::string title = txt("panel.chart.heart", m.lang());
    dl->AddText({box.x1 - ImGui::CalcTextSize(title.c_str()).x - 4, box.y0 + 1}, IM_COL32(240, 110, 150, 220),
                title.c_str());
}

void PanelGui::reason_popup(PanelModel& m) {
    const core::Lang lang = m.lang();
    if (m_open_reason) {
        ImGui::OpenPopup("###reason");
        m_open_reason = false;
        m_reason.clear();
        m_form_problem.clear();
    }
    ImGui::SetNextWindowSize({520, 0});
    if (ImGui::BeginPopupModal(label("panel.reason.title", lang, "reason").c_str(), nullptr,
                               ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
        std::string what = txt(fmt::format("panel.command.{}", session::to_string(m_reason_for)), lang);
        ImGui::TextWrapped("%s", app::trf("panel.reason.ask", lang, fmt::arg("command", what)).c_str());
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1);
        bool enter = ImGui::InputText("##reasontext", m_reason.buf.data(), m_reason.buf.size(),
                                      ImGuiInputTextFlags_EnterReturnsTrue);
        mark("reason.text");
        if (!m_form_problem.empty()) ImGui::TextColored(k_error_text, "%s", m_form_problem.c_str());
        if (ImGui::Button(label("panel.reason.ok", lang, "reason.ok").c_str(), {140, 0}) || enter) {
            // A missing or too long reason keeps the question open; otherwise the command goes
            // and what became of it shows under the controls.
            m_form_problem = LiveModel::reason_problem(m_reason.str(), lang);
            if (m_form_problem.empty()) {
                m_form_problem = m.live().command_with_reason(m_reason_for, m_reason.str());
                ImGui::CloseCurrentPopup();
            }
        }
        mark("reason.ok");
        ImGui::SameLine();
        if (ImGui::Button(label("panel.cancel", lang, "reason.cancel").c_str(), {140, 0})) {
            m_form_problem.clear();
            ImGui::CloseCurrentPopup();
        }
        mark("reason.cancel");
        ImGui::EndPopup();
    }
}

void PanelGui::live_controls(PanelModel& m) {
    LiveModel& live = m.live();
    const core::Lang lang = m.lang();
    const session::Snapshot& s = live.snapshot();
    using K = session::CommandKind;
    using S = session::State;

    // The one large button.
    ImGui::PushFont(m_font_large);
    ImGui::PushStyleColor(ImGuiCol_Button, k_calm_button);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, k_calm_hover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, k_calm_hover);
    bool in_calm = s.state == S::calm_room;
    ImGui::BeginDisabled(in_calm || s.state == S::cool_down || s.state == S::closed);
    if (ImGui::Button(label("panel.calm_now", lang, "session.calm").c_str(), {-1, 64})) calm_room_now(m);
    ImGui::EndDisabled();
    mark("session.calm");
    ImGui::PopStyleColor(3);
    ImGui::PopFont();
    if (in_calm) {
        if (ImGui::Button(label("panel.leave_calm", lang, "session.leave_calm").c_str(), {-1, 0})) {
            problem(live.command(K::leave_calm));
        }
        mark("session.leave_calm");
    }

    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    if (s.state == S::paused) {
        if (ImGui::Button(label("panel.resume", lang, "session.resume").c_str(), {half, 0})) problem(live.command(K::resume));
        mark("session.resume");
    } else {
        ImGui::BeginDisabled(s.state == S::cool_down || s.state == S::closed || s.state == S::ready);
        if (ImGui::Button(label("panel.pause", lang, "session.pause").c_str(), {half, 0})) problem(live.command(K::pause));
        ImGui::EndDisabled();
        mark("session.pause");
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(s.state == S::cool_down || s.state == S::closed);
    if (ImGui::Button(label("panel.stop", lang, "session.stop").c_str(), {half, 0})) problem(live.command(K::stop));
    ImGui::EndDisabled();
    mark("session.stop");

    auto reason_button = [&](const char* key, const char* id, K kind, float w) {
        if (ImGui::Button(label(key, lang, id).c_str(), {w, 0})) {
            m_reason_for = kind;
            m_open_reason = true;
        }
        mark(id);
    };
    const float third = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
    ImGui::BeginDisabled(!session::is_exposed(s.state) && s.state != S::baseline);
    reason_button("panel.command.level_up", "session.level_up", K::level_up, third);
    ImGui::SameLine();
    reason_button("panel.command.level_down", "session.level_down", K::level_down, third);
    ImGui::SameLine();
    if (s.held) reason_button("panel.command.release", "session.release", K::release, third);
    else reason_button("panel.command.hold", "session.hold", K::hold, third);
    ImGui::EndDisabled();
    reason_popup(m);

    if (ImGui::Button(label("panel.prompt_now", lang, "session.prompt_now").c_str(), {half, 0})) {
        problem(live.command(K::prompt_now));
    }
    mark("session.prompt_now");
    ImGui::SameLine();
    ImGui::BeginDisabled(s.state == S::closed);
    if (ImGui::Button(label("panel.end_now", lang, "session.end_now").c_str(), {half, 0})) m_confirm_end = true;
    ImGui::EndDisabled();
    mark("session.end_now");
    if (m_confirm_end) {
        ImGui::TextColored(k_error_text, "%s", txt("panel.end_now.confirm", lang).c_str());
        if (ImGui::Button(label("panel.end_now.yes", lang, "session.end_now.yes").c_str())) {
            m_confirm_end = false;
            problem(live.end_now());
        }
        mark("session.end_now.yes");
        ImGui::SameLine();
        if (ImGui::Button(label("panel.cancel", lang, "session.end_now.no").c_str())) m_confirm_end = false;
    }

    // What the resident says aloud.
    ImGui::Separator();
    ImGui::TextUnformatted(txt("panel.rating.title", lang).c_str());
    ImGui::SetNextItemWidth(90);
    bool enter = ImGui::InputTextWithHint("##rating", "0–10", m_rating.buf.data(), m_rating.buf.size(),
                                          ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsDecimal);
    mark("rating.text");
    ImGui::SameLine();
    if (ImGui::Button(label("panel.rating.enter", lang, "rating.enter").c_str()) || enter) {
        std::string p = live.enter_rating(m_rating.str());
        m_form_problem = p;
        if (p.empty()) m_rating.clear();
    }
    mark("rating.enter");

    // Notes, timestamped.
    ImGui::SetNextItemWidth(-90);
    bool note_enter = ImGui::InputTextWithHint("##note", txt("panel.note.hint", lang).c_str(), m_note.buf.data(),
                                               m_note.buf.size(), ImGuiInputTextFlags_EnterReturnsTrue);
    mark("note.text");
    ImGui::SameLine();
    if (ImGui::Button(label("panel.note.add", lang, "note.add").c_str(), {-1, 0}) || note_enter) {
        std::string p = live.add_note(m_note.str());
        m_form_problem = p;
        if (p.empty()) m_note.clear();
    }
    mark("note.add");
    if (!m_form_problem.empty()) ImGui::TextColored(k_error_text, "%s", m_form_problem.c_str());
    // This session's latest notes, with their session times.
    int shown = 0;
    for (auto it = live.notes().rbegin(); it != live.notes().rend() && shown < 3; ++it) {
        if (it->session_id != live.session_id() || !it->t) continue;
        ++shown;
        ImGui::PushStyleColor(ImGuiCol_Text, k_muted_text);
        ImGui::TextWrapped("%s  %s", core::clock_text(*it->t).c_str(), it->text.c_str());
        ImGui::PopStyleColor();
    }
}

void PanelGui::sound_panel(const PanelStatus& status) {
    if (!status.sound) return;
    const core::Lang lang = core::current_lang();
    if (status.sound_muted) {
        ImGui::TextColored(k_muted_text, "%s", txt("panel.sound.muted", lang).c_str());
        return;
    }
    if (!status.sound_available) {
        ImGui::TextColored(k_error_text, "%s", txt("panel.sound.none", lang).c_str());
        ImGui::TextColored(k_muted_text, "%s", status.sound_status.c_str());
        return;
    }
    float master = status.sound->master_volume();
    ImGui::SetNextItemWidth(-120);
    if (ImGui::SliderFloat(label("panel.sound.master", lang, "sound.master").c_str(), &master, 0.0f, 1.0f, "%.2f")) {
        status.sound->set_master_volume(master);
    }
    const char* keys[] = {"panel.sound.ambience", "panel.sound.cue", "panel.sound.music", "panel.sound.voice"};
    for (int c = 0; c < 4; ++c) {
        float v = status.sound->category_volume(audio::Category(c));
        ImGui::SetNextItemWidth(-120);
        if (ImGui::SliderFloat(label(keys[c], lang, keys[c]).c_str(), &v, 0.0f, 1.0f, "%.2f")) {
            status.sound->set_category_volume(audio::Category(c), v);
        }
    }
}

void PanelGui::page_live(PanelModel& m, const PanelStatus& status) {
    LiveModel& live = m.live();
    const core::Lang lang = m.lang();
    const session::Snapshot& s = live.snapshot();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float right_w = std::clamp(avail.x * 0.36f, 360.0f, 520.0f);
    float left_w = avail.x - right_w - ImGui::GetStyle().ItemSpacing.x;

    // Left: the mirror of the resident's left eye, then the craving chart.
    ImGui::BeginChild("##view", {left_w, avail.y}, false, ImGuiWindowFlags_NoBackground);
    float chart_h = std::clamp(avail.y * 0.36f, 180.0f, 320.0f);
    float mirror_h = avail.y - chart_h - 40;
    ImVec2 mp = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##mirror", {left_w, mirror_h});
    mark("mirror");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(mp, {mp.x + left_w, mp.y + mirror_h}, IM_COL32(70, 80, 96, 255), 4.0f);
    dl->AddText({mp.x + 10, mp.y + 8}, IM_COL32(230, 230, 230, 200), txt("panel.mirror", lang).c_str());
    ImGui::SetItemAllowOverlap();
    const ImVec2 below = ImGui::GetCursorScreenPos();
    gaze_on_mirror(m, dl, {mp.x + 1, mp.y + 1, mp.x + left_w - 1, mp.y + mirror_h - 1});
    ImGui::SetCursorScreenPos(below);
    ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    m_mirror = {{std::int32_t((mp.x + 1) * scale.x), std::int32_t((mp.y + 1) * scale.y)},
                {std::uint32_t(std::max(0.0f, left_w - 2) * scale.x), std::uint32_t(std::max(0.0f, mirror_h - 2) * scale.y)}};
    craving_chart(m, chart_h);
    ImGui::EndChild();

    // Right: where the session is and why, the controls, the display.
    ImGui::SameLine();
    ImGui::BeginChild("##controls", {right_w, avail.y}, true);
    ImGui::PushFont(m_font_large);
    ImGui::TextWrapped("%s", live.state_text().c_str());
    ImGui::PopFont();
    mark("session.state");
    const session::Protocol& p = live.controller()->protocol();
    std::string step = s.step >= 0 ? app::trf("panel.live.step", lang, fmt::arg("step", s.step + 1),
                                               fmt::arg("steps", s.step_count),
                                               fmt::arg("label", p.ladder[std::size_t(s.step)].label.in(lang)),
                                               fmt::arg("level", s.cue_level))
                                   : txt("panel.live.no_step", lang);
    ImGui::TextUnformatted(step.c_str());
    ImGui::TextColored(k_muted_text, "%s",
                       app::trf("panel.live.clock", lang, fmt::arg("elapsed", core::clock_text(s.active_s)),
                                 fmt::arg("remaining", core::clock_text(s.remaining_s)),
                                 fmt::arg("dwell", core::clock_text(s.time_in_step)))
                           .c_str());
    ImGui::TextColored(k_muted_text, "%s",
                       app::trf("panel.live.craving", lang, fmt::arg("last", number_text(s.last_rating)),
                                 fmt::arg("peak", number_text(s.step_peak)), fmt::arg("tonic", number_text(s.tonic)))
                           .c_str());
    if (std::string heart = live.heart_text(); !heart.empty()) {
        ImGui::TextColored(live.heart_signal_lost() ? k_error_text : k_muted_text, "%s", heart.c_str());
        mark("session.heart");
    }
    if (std::string rule = live.heart_rule_text(); !rule.empty() && !live.heart_text().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, k_muted_text);
        ImGui::TextWrapped("%s", rule.c_str());
        ImGui::PopStyleColor();
    }
    if (std::string gaze = live.gaze_text(); !gaze.empty()) {
        ImGui::TextColored(live.gaze_on_cue() ? k_cue_text : k_muted_text, "%s", gaze.c_str());
        mark("session.gaze");
    }
    if (s.held) ImGui::TextColored(k_error_text, "%s", txt("panel.live.held", lang).c_str());
    // The rule behind the current state, in words.
    ImGui::BeginChild("##rule", {0, 74}, true);
    ImGui::TextWrapped("%s", live.rule_text().c_str());
    ImGui::EndChild();
    mark("session.rule");
    if (s.prompt_pending) {
        ImGui::TextColored(k_ok_text, "%s",
                           app::trf("panel.live.prompt_up", lang, fmt::arg("repeats", s.prompt_repeats)).c_str());
    } else if (s.next_prompt_in_s >= 0) {
        ImGui::TextColored(k_muted_text, "%s",
                           app::trf("panel.live.next_prompt", lang, fmt::arg("in", core::clock_text(s.next_prompt_in_s))).c_str());
    }
    // An alert stays up for two minutes of session time, then the chart's marker keeps it.
    if (s.last_alert && s.t - s.last_alert->t < 120.0) {
        wrapped_text(k_error_text, s.last_alert->text(lang));
    }
    ImGui::Separator();
    live_controls(m);
    ImGui::Separator();

    // The display: runtime and headset, frame rate, missed frames.
    wrapped_text(k_muted_text, app::trf("panel.live.display", lang,
                                        fmt::arg("name", status.display_name.empty() ? txt("panel.display.desktop", lang)
                                                                                     : status.display_name)));
    if (!status.quality.empty()) {
        wrapped_text(k_muted_text,
                     app::trf("panel.live.quality", lang, fmt::arg("tier", txt("panel.quality." + status.quality, lang)),
                              fmt::arg("how", txt(status.quality_auto ? "panel.quality.auto" : "panel.quality.asked", lang))));
    }
    if (status.render_scale < 0.995f) {
        wrapped_text(k_muted_text, app::trf("panel.live.render_scale", lang,
                                            fmt::arg("percent", std::lround(status.render_scale * 100.0f))));
        mark("display.render_scale");
    }
    if (!status.headset_not_used.empty()) {
        wrapped_text(k_error_text, app::trf("panel.live.headset_not_used", lang, fmt::arg("reason", status.headset_not_used)));
        mark("display.headset_not_used");
    }
    if (status.frames) {
        const xr::FrameStats& f = *status.frames;
        double fps = f.mean_frame_ms() > 0 ? 1000.0 / f.mean_frame_ms() : 0.0;
        bool missing = f.missed() > 0;
        ImGui::TextColored(missing ? k_error_text : k_muted_text, "%s",
                           app::trf("panel.live.frames", lang, fmt::arg("fps", std::lround(fps)),
                                     fmt::arg("missed", f.missed()), fmt::arg("frames", f.frames()))
                               .c_str());
    }
    ImGui::TextColored(k_muted_text, "%s",
                       app::trf("panel.live.panel_fps", lang, fmt::arg("fps", std::lround(ImGui::GetIO().Framerate)))
                           .c_str());
    if (ImGui::CollapsingHeader(label("panel.sound.title", lang, "sound").c_str())) sound_panel(status);
    if (!status.sound_available && !status.sound_muted && status.sound) ImGui::TextColored(k_error_text, "%s", txt("panel.sound.none", lang).c_str());
    ImGui::EndChild();
}

// ------------------------------------------------------------------------------ after

void PanelGui::page_after(PanelModel& m) {
    AfterModel& after = m.after();
    const core::Lang lang = m.lang();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float left_w = avail.x * 0.55f;
    ImGui::BeginChild("##summary", {left_w, avail.y}, true);
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt("panel.after.title", lang).c_str());
    ImGui::PopFont();
    mark("after.title");
    if (const auto& o = after.outcome()) {
        auto step_text = [](int s) { return s >= 0 ? std::to_string(s + 1) : std::string("—"); };
        ImGui::TextWrapped("%s", app::trf("app.session.done", lang, fmt::arg("minutes", ui::format_value(o->duration_s / 60)),
                                           fmt::arg("reports", o->reports),
                                           fmt::arg("highest", step_text(o->highest_step_reached)),
                                           fmt::arg("under", step_text(o->highest_step_under_ceiling)),
                                           fmt::arg("final", number_text(o->final_craving)))
                                     .c_str());
        ImGui::TextWrapped("%s", app::trf("panel.after.details", lang, fmt::arg("peak", number_text(o->peak)),
                                           fmt::arg("calm", o->calm_room_entries), fmt::arg("missed", o->missed_prompts),
                                           fmt::arg("overrides", o->overrides))
                                     .c_str());
        if (!o->closed_at_or_below_threshold && o->closed) {
            ImGui::TextColored(k_error_text, "%s", txt("panel.after.not_settled", lang).c_str());
        }
    } else {
        ImGui::TextColored(k_muted_text, "%s", txt("panel.loading", lang).c_str());
    }
    craving_chart(m, std::clamp(avail.y * 0.4f, 160.0f, 300.0f));
    if (const auto& html = after.report_html()) {
        ImGui::TextWrapped("%s", app::trf("app.session.report_at", lang, fmt::arg("path", core::display_path(*html))).c_str());
        mark("after.report");
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##ssqafter", {0, avail.y}, true);
    if (after.ssq_after_taken()) {
        ImGui::TextColored(k_ok_text, "%s", txt("panel.ssq.after_done", lang).c_str());
    } else {
        ImGui::TextUnformatted(txt("panel.ssq.after", lang).c_str());
        ImGui::BeginChild("##ssqform", {0, std::max(160.0f, ImGui::GetContentRegionAvail().y - 110)}, false);
        ssq_form(after.ssq_items(), lang, "ssqa");
        ImGui::EndChild();
        if (ImGui::Button(label("panel.ssq.take_after", lang, "ssq.take_after").c_str())) problem(after.take_ssq_after());
        mark("ssq.take_after");
    }
    ImGui::Separator();
    if (ImGui::Button(label("panel.after.next", lang, "after.next").c_str(), {-1, 40})) after.new_session();
    mark("after.next");
    ImGui::EndChild();
}

} // namespace qx::app
