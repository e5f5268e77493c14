#include "app/panel/panel_view.h"
#include "app/all_strings.h"
#include "app/strings.h"

#include "app/panel/panel_driver.h"
#include "app/panel/panel_style.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "core/log.h"
#include "store/resident_code.h"

#include <imgui.h>
#include <imgui_internal.h> // the last item's flags: whether a widget is disabled (for scripts)
#include <backends/imgui_impl_glfw.h>

#include <GLFW/glfw3.h>

#include <deque>

#include <algorithm>
#include <cmath>
#include <ctime>

namespace qx::app {
using namespace panel_style;

namespace {

void apply_style() {
    ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 6.0f;
    s.ChildRounding = 6.0f;
    s.FrameRounding = 5.0f;
    s.GrabRounding = 5.0f;
    s.PopupRounding = 6.0f;
    s.FramePadding = {10, 6};
    s.ItemSpacing = {10, 8};
    s.WindowPadding = {14, 12};
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = {0.10f, 0.12f, 0.15f, 1.0f};
    c[ImGuiCol_ChildBg] = {0.12f, 0.14f, 0.18f, 1.0f};
    c[ImGuiCol_PopupBg] = {0.12f, 0.14f, 0.18f, 0.98f};
    c[ImGuiCol_FrameBg] = {0.18f, 0.21f, 0.26f, 1.0f};
    c[ImGuiCol_FrameBgHovered] = {0.22f, 0.26f, 0.32f, 1.0f};
    c[ImGuiCol_FrameBgActive] = {0.25f, 0.30f, 0.37f, 1.0f};
    c[ImGuiCol_Button] = {0.22f, 0.27f, 0.34f, 1.0f};
    c[ImGuiCol_ButtonHovered] = {0.28f, 0.34f, 0.43f, 1.0f};
    c[ImGuiCol_ButtonActive] = {0.32f, 0.40f, 0.50f, 1.0f};
    c[ImGuiCol_Header] = {0.22f, 0.30f, 0.40f, 1.0f};
    c[ImGuiCol_HeaderHovered] = {0.26f, 0.35f, 0.46f, 1.0f};
    c[ImGuiCol_HeaderActive] = {0.30f, 0.40f, 0.52f, 1.0f};
    c[ImGuiCol_Tab] = {0.16f, 0.19f, 0.24f, 1.0f};
    c[ImGuiCol_TabHovered] = {0.28f, 0.36f, 0.46f, 1.0f};
    c[ImGuiCol_TabActive] = {0.24f, 0.32f, 0.42f, 1.0f};
    c[ImGuiCol_CheckMark] = {0.55f, 0.80f, 0.95f, 1.0f};
    c[ImGuiCol_SliderGrab] = {0.45f, 0.65f, 0.85f, 1.0f};
    c[ImGuiCol_Text] = {0.92f, 0.94f, 0.96f, 1.0f};
}

// Every code point the catalogue uses, so no panel string shows a missing-glyph box, plus the
// common simplified characters for what therapists type (notes, reasons).
ImVector<ImWchar> glyph_ranges(ImFontAtlas& atlas, const std::vector<std::string>& more_text) {
    register_all_strings(); // the catalogue holds only the tables registered so far
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas.GetGlyphRangesDefault());
    builder.AddRanges(atlas.GetGlyphRangesChineseSimplifiedCommon());
    for (const core::CatalogEntry& e : core::catalog()) {
        builder.AddText(e.zh_cn.data(), e.zh_cn.data() + e.zh_cn.size());
        builder.AddText(e.en.data(), e.en.data() + e.en.size());
    }
    for (const std::string& t : more_text) builder.AddText(t.c_str());
    builder.AddText("—–·…“”‘’→←↑↓×≤≥％（）：；，。、！？0123456789");
    ImVector<ImWchar> ranges;
    builder.BuildRanges(&ranges);
    return ranges;
}

} // namespace

// ------------------------------------------------------------------------------ set-up

PanelFonts add_panel_fonts(ImFontAtlas& atlas, const ui::Font& font, const std::vector<std::string>& more_text) {
    // The atlas keeps a pointer to the ranges until it is built: they live as long as the process.
    static std::deque<ImVector<ImWchar>> kept; // a deque: earlier ranges never move
    kept.push_back(glyph_ranges(atlas, more_text));
    const ImWchar* ranges = kept.back().Data;
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false; // `font` keeps the data
    config.FontNo = font.face_index();
    config.OversampleH = 1; // CJK glyphs are dense; horizontal oversampling would only grow the atlas
    config.PixelSnapH = true;
    auto data = font.file_data();
    void* bytes = const_cast<unsigned char*>(data.data());
    PanelFonts f;
    f.base = atlas.AddFontFromMemoryTTF(bytes, int(data.size()), k_base_px, &config, ranges);
    f.large = atlas.AddFontFromMemoryTTF(bytes, int(data.size()), k_large_px, &config, ranges);
    return f;
}

PanelGui::PanelGui(GLFWwindow* window, gpu::Context& ctx, VkPipelineCache cache,
                   const std::vector<std::string>& more_text)
    : m_window(window), m_font_file(ui::Font::load_cjk()) {
    IMGUI_CHECKVERSION();
    m_imgui = ImGui::CreateContext();
    ImGui::SetCurrentContext(m_imgui);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // the layout is the panel's, not remembered per machine
    // No keyboard navigation: in the desktop simulator the resident's Enter and arrows answer the
    // craving prompt, and must never press a panel button that happens to have focus.
    apply_style();

    PanelFonts fonts = add_panel_fonts(*io.Fonts, m_font_file, more_text);
    m_font = fonts.base;
    m_font_large = fonts.large;
    QX_ENSURE(m_font && m_font_large && io.Fonts->Build(), "the control panel's font could not be built from {}",
              m_font_file.face());

    // The window's callbacks stay the window's: it hands the panel its input first (WindowOverlay).
    ImGui_ImplGlfw_InitForVulkan(window, false);
    m_renderer = std::make_unique<render::GuiPass>(ctx, cache);
    core::log_info("panel", "control panel font atlas {}x{}", io.Fonts->TexWidth, io.Fonts->TexHeight);
}

PanelGui::~PanelGui() {
    m_renderer.reset();
    ImGui::SetCurrentContext(m_imgui);
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext(m_imgui);
}

// ------------------------------------------------------------------------------ window overlay

VkRect2D PanelGui::mirror_area(VkExtent2D) { return m_mirror; }

void PanelGui::record(gpu::Frame& frame, const gpu::MirrorTarget& target) {
    ImGui::SetCurrentContext(m_imgui);
    const ImDrawData* data = ImGui::GetDrawData();
    if (!data || !data->Valid) {
        ImDrawData empty;
        empty.DisplaySize = {float(target.extent.width), float(target.extent.height)};
        m_renderer->record(frame, empty, target);
        return;
    }
    m_renderer->record(frame, *data, target);
}

bool PanelGui::key(int key, int scancode, int action, int mods) {
    ImGui::SetCurrentContext(m_imgui);
    ImGui_ImplGlfw_KeyCallback(m_window, key, scancode, action, mods);
    // While the therapist types into a field, keys are theirs, not the resident's.
    return ImGui::GetIO().WantTextInput;
}

void PanelGui::character(unsigned int codepoint) {
    ImGui::SetCurrentContext(m_imgui);
    ImGui_ImplGlfw_CharCallback(m_window, codepoint);
}

void PanelGui::mouse_button(int button, int action, int mods) {
    ImGui::SetCurrentContext(m_imgui);
    ImGui_ImplGlfw_MouseButtonCallback(m_window, button, action, mods);
}

void PanelGui::scroll(double dx, double dy) {
    ImGui::SetCurrentContext(m_imgui);
    ImGui_ImplGlfw_ScrollCallback(m_window, dx, dy);
}

void PanelGui::mark(const char* id) {
    if (!m_tracking) return;
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    bool enabled = (ImGui::GetCurrentContext()->LastItemData.InFlags & ImGuiItemFlags_Disabled) == 0;
    m_items[id] = {a.x, a.y, b.x, b.y, enabled};
}

void PanelGui::problem(const std::string& text) {
    if (!text.empty()) m_form_problem = text;
}

// ------------------------------------------------------------------------------ the frame

void PanelGui::begin_panel(PanelDriver* driver, const std::function<void(ImGuiIO&)>& feed) {
    m_watch = core::Stopwatch();
    ImGui::SetCurrentContext(m_imgui);
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (driver) feed(io);
    ImGui::NewFrame();
    m_tracking = driver != nullptr;
    m_items.clear();
    m_mirror = {};
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::Begin("##panel", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar();
}

void PanelGui::end_panel(PanelDriver* driver) {
    ImGui::End();
    ImGui::Render();
    m_items_shown.swap(m_items);
    m_build_ms = m_watch.millis();
    if (driver && driver->quit_requested()) m_quit = true;
}

bool PanelGui::unlock_frame(UnlockModel& u, PanelDriver* driver) {
    u.update();
    begin_panel(driver, [&](ImGuiIO& io) { driver->feed(io, m_items_shown, u, core::mono_seconds()); });
    ImGuiIO& io = ImGui::GetIO();
    top_bar_brand(u.lang());
    if (language_switch(u.lang(), io.DisplaySize.x - 14)) u.set_lang(other_lang(u.lang()));
    ImGui::SetCursorPos({12, k_top_bar + 6});
    ImGui::BeginChild("##body", {io.DisplaySize.x - 24, io.DisplaySize.y - k_top_bar - 18}, false,
                      ImGuiWindowFlags_NoBackground);
    page_unlock(u);
    ImGui::EndChild();
    end_panel(driver);
    return !m_quit;
}

// The centre secret: set at first start (twice), then typed to open the records.
void PanelGui::page_unlock(UnlockModel& u) {
    const core::Lang lang = u.lang();
    const float width = 600;
    ImGui::SetCursorPos({ImGui::GetContentRegionAvail().x * 0.5f - width / 2, 60});
    ImGui::BeginChild("##unlock", {width, u.first_start() ? 440.0f : 300.0f}, true);
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt(u.first_start() ? "panel.unlock.title_new" : "panel.unlock.title", lang).c_str());
    ImGui::PopFont();
    ImGui::Spacing();
    if (u.hopeless()) {
        ImGui::PushStyleColor(ImGuiCol_Text, k_error_text);
        ImGui::TextWrapped("%s", u.problem().c_str());
        ImGui::PopStyleColor();
        ImGui::EndChild();
        return;
    }
    ImGui::TextWrapped("%s", u.explanation().c_str());
    ImGui::Spacing();
    const ImGuiInputTextFlags secret_flags = ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue;
    bool enter = ImGui::InputText(label("panel.unlock.secret", lang, "unlock.secret").c_str(), m_secret.buf.data(),
                                  m_secret.buf.size(), secret_flags);
    mark("unlock.secret");
    if (u.first_start()) {
        enter = ImGui::InputText(label("panel.unlock.again", lang, "unlock.secret2").c_str(), m_secret2.buf.data(),
                                 m_secret2.buf.size(), secret_flags) || enter;
        mark("unlock.secret2");
    }
    ImGui::Spacing();
    ImGui::BeginDisabled(u.busy());
    const char* button = u.first_start() ? "panel.unlock.set" : "panel.unlock.open";
    if (ImGui::Button(label(button, lang, "unlock.submit").c_str()) || (enter && !u.busy())) {
        u.submit(m_secret.str(), m_secret2.str());
        // Typed once: nothing of it stays in the panel's fields.
        m_secret.clear();
        m_secret2.clear();
    }
    ImGui::EndDisabled();
    mark("unlock.submit");
    if (u.busy()) ImGui::TextColored(k_muted_text, "%s", txt("panel.checking", lang).c_str());
    if (!u.problem().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, k_error_text);
        ImGui::TextWrapped("%s", u.problem().c_str());
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();
}

bool PanelGui::frame(PanelModel& m, const PanelStatus& status, PanelDriver* driver) {
    begin_panel(driver, [&](ImGuiIO& io) { driver->feed(io, m_items_shown, m, core::mono_seconds()); });
    ImGuiIO& io = ImGui::GetIO();
    const core::Lang lang = m.lang();
    top_bar(m);

    // "Calm room now" works from anywhere in the panel, whatever has the keyboard.
    if (m.page() == PanelPage::live && ImGui::IsKeyPressed(GLFW_KEY_F1, false)) calm_room_now(m);

    ImGui::SetCursorPos({12, k_top_bar + 6});
    ImGui::BeginChild("##body", {io.DisplaySize.x - 24, io.DisplaySize.y - k_top_bar - 18}, false,
                      ImGuiWindowFlags_NoBackground);
    const bool signed_in = m.accounts().therapist().has_value();
    if (!signed_in) {
        if (m.page() == PanelPage::first_account) page_first_account(m);
        else if (m.page() == PanelPage::sign_in) page_sign_in(m);
        else ImGui::TextUnformatted(txt("panel.loading", lang).c_str());
    } else {
        if (ImGui::BeginTabBar("##tabs")) {
            auto tab = [&](const char* key, const char* id, PanelTab which) {
                bool open = ImGui::BeginTabItem(label(key, lang, id).c_str());
                mark(id);
                if (open && m.tab() != which) m.set_tab(which);
                return open;
            };
            if (tab("panel.tab.session", "tab.session", PanelTab::session)) {
                switch (m.page()) {
                case PanelPage::prepare: page_prepare(m, status); break;
                case PanelPage::live: page_live(m, status); break;
                case PanelPage::after: page_after(m); break;
                default: ImGui::TextUnformatted(txt("panel.loading", lang).c_str()); break;
                }
                ImGui::EndTabItem();
            }
            if (tab("panel.tab.history", "tab.history", PanelTab::history)) {
                tab_history(m);
                ImGui::EndTabItem();
            }
            if (m.accounts().is_administrator() && tab("panel.tab.admin", "tab.admin", PanelTab::admin)) {
                tab_admin(m);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }
    ImGui::EndChild();
    notices(m);
    end_panel(driver);
    return !m_quit;
}

void PanelGui::top_bar_brand(core::Lang lang) {
    ImGui::GetWindowDrawList()->AddRectFilled({0, 0}, {ImGui::GetIO().DisplaySize.x, k_top_bar},
                                              IM_COL32(22, 28, 36, 255));
    ImGui::SetCursorPos({14, 8});
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt("app.name", lang).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::SetCursorPosY(14);
    ImGui::TextColored(k_muted_text, "%s", txt("panel.title", lang).c_str());
}

bool PanelGui::language_switch(core::Lang lang, float right) {
    const char* other = lang == core::Lang::zh_CN ? "English" : "中文";
    ImGui::SetCursorPos({right - (ImGui::CalcTextSize(other).x + 24), 8});
    const bool clicked = ImGui::Button(fmt::format("{}###lang", other).c_str());
    mark("lang");
    return clicked;
}

void PanelGui::top_bar(PanelModel& m) {
    AccountsModel& accounts = m.accounts();
    const core::Lang lang = m.lang();
    ImGuiIO& io = ImGui::GetIO();
    top_bar_brand(lang);
    if (accounts.therapist()) {
        ImGui::SameLine(0, 30);
        ImGui::Text("%s", app::trf("panel.signed_in_as", lang, fmt::arg("name", accounts.therapist()->username)).c_str());
        if (!m.prepare().resident().empty()) {
            ImGui::SameLine(0, 24);
            ImGui::Text("%s", app::trf("panel.resident_now", lang, fmt::arg("code", m.prepare().resident())).c_str());
        }
    }
    // Right side: the language switch (Chinese first; English one click away), then sign out.
    float right = io.DisplaySize.x - 14;
    if (accounts.therapist()) {
        std::string out = label("panel.sign_out", lang, "sign_out");
        float w = ImGui::CalcTextSize(txt("panel.sign_out", lang).c_str()).x + 24;
        right -= w;
        ImGui::SetCursorPos({right, 8});
        ImGui::BeginDisabled(m.page() == PanelPage::live);
        if (ImGui::Button(out.c_str())) accounts.sign_out();
        ImGui::EndDisabled();
        mark("sign_out");
        right -= 10;
    }
    if (language_switch(lang, right)) m.set_lang(other_lang(lang));
}

void PanelGui::notices(PanelModel& m) {
    // The latest notice in the top bar, between who is signed in and the language switch, where
    // it covers nothing; the earlier ones when the pointer rests on it.
    if (m.notices().empty()) return;
    ImGuiIO& io = ImGui::GetIO();
    const Notice& last = m.notices().back();
    const float x0 = io.DisplaySize.x * 0.40f, x1 = io.DisplaySize.x - 250.0f;
    if (x1 - x0 < 120) return;
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    ImVec2 a{x0, 7}, b{x1, k_top_bar - 7};
    dl->AddRectFilled(a, b, last.error ? IM_COL32(110, 44, 38, 255) : IM_COL32(30, 74, 58, 255), 5.0f);
    dl->PushClipRect(a, b, true);
    dl->AddText(m_font, k_base_px, {a.x + 10, a.y + (b.y - a.y - k_base_px) * 0.5f - 1}, IM_COL32(242, 242, 242, 255),
                last.text.c_str());
    dl->PopClipRect();
    if (m_tracking) m_items["notice"] = {a.x, a.y, b.x, b.y};
    if (ImGui::IsMouseHoveringRect(a, b, false)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36);
        for (const Notice& n : m.notices()) ImGui::TextColored(n.error ? k_error_text : k_ok_text, "%s", n.text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

// ------------------------------------------------------------------------------ sign-in

void PanelGui::page_first_account(PanelModel& m) {
    const core::Lang lang = m.lang();
    ImGui::SetCursorPos({ImGui::GetContentRegionAvail().x * 0.5f - 260, 60});
    ImGui::BeginChild("##first", {520, 380}, true);
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt("panel.first_account.title", lang).c_str());
    ImGui::PopFont();
    ImGui::TextWrapped("%s", txt("panel.first_account.help", lang).c_str());
    ImGui::Spacing();
    ImGui::InputText(label("panel.username", lang, "first.user").c_str(), m_user.buf.data(), m_user.buf.size());
    mark("first.user");
    ImGui::InputText(label("panel.password", lang, "first.password").c_str(), m_password.buf.data(),
                     m_password.buf.size(), ImGuiInputTextFlags_Password);
    mark("first.password");
    ImGui::InputText(label("panel.password_again", lang, "first.password2").c_str(), m_password2.buf.data(),
                     m_password2.buf.size(), ImGuiInputTextFlags_Password);
    mark("first.password2");
    ImGui::BeginDisabled(m.busy());
    if (ImGui::Button(label("panel.first_account.create", lang, "first.create").c_str())) {
        m_form_problem = m.accounts().create_first_account(m_user.str(), m_password.str(), m_password2.str());
        if (m_form_problem.empty()) {
            m_password.clear();
            m_password2.clear();
        }
    }
    ImGui::EndDisabled();
    mark("first.create");
    if (!m_form_problem.empty()) ImGui::TextColored(k_error_text, "%s", m_form_problem.c_str());
    ImGui::EndChild();
}

void PanelGui::page_sign_in(PanelModel& m) {
    const core::Lang lang = m.lang();
    ImGui::SetCursorPos({ImGui::GetContentRegionAvail().x * 0.5f - 240, 80});
    ImGui::BeginChild("##signin", {480, 300}, true);
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt("panel.sign_in.title", lang).c_str());
    ImGui::PopFont();
    ImGui::Spacing();
    ImGui::InputText(label("panel.username", lang, "signin.user").c_str(), m_user.buf.data(), m_user.buf.size());
    mark("signin.user");
    bool enter = ImGui::InputText(label("panel.password", lang, "signin.password").c_str(), m_password.buf.data(),
                                  m_password.buf.size(),
                                  ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    mark("signin.password");
    ImGui::BeginDisabled(m.busy());
    if (ImGui::Button(label("panel.sign_in", lang, "signin.submit").c_str()) || enter) {
        m_form_problem = m.accounts().sign_in(m_user.str(), m_password.str());
        m_password.clear();
    }
    ImGui::EndDisabled();
    mark("signin.submit");
    if (m.busy()) ImGui::TextColored(k_muted_text, "%s", txt("panel.checking", lang).c_str());
    if (!m_form_problem.empty()) ImGui::TextColored(k_error_text, "%s", m_form_problem.c_str());
    ImGui::EndChild();
}

// ------------------------------------------------------------------------------ before a session

void PanelGui::ssq_form(store::SsqItems& items, core::Lang lang, const char* id_prefix) {
    if (ImGui::BeginTable(fmt::format("##ssq{}", id_prefix).c_str(), 5,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(txt("panel.ssq.symptom", lang).c_str(), ImGuiTableColumnFlags_WidthStretch, 3.0f);
        for (int v = 0; v < 4; ++v) {
            ImGui::TableSetupColumn(txt(fmt::format("panel.ssq.level{}", v), lang).c_str(),
                                    ImGuiTableColumnFlags_WidthStretch, 1.0f);
        }
        ImGui::TableHeadersRow();
        for (int i = 0; i < 16; ++i) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(txt(fmt::format("panel.ssq.item{}", i + 1), lang).c_str());
            for (int v = 0; v < 4; ++v) {
                ImGui::TableSetColumnIndex(v + 1);
                std::string id = fmt::format("##{}.{}.{}", id_prefix, i + 1, v);
                if (ImGui::RadioButton(id.c_str(), items[std::size_t(i)] == v)) items[std::size_t(i)] = v;
                mark(fmt::format("{}.{}.{}", id_prefix, i + 1, v).c_str());
            }
        }
        ImGui::EndTable();
    }
    store::SsqScores s = store::score_ssq(items);
    ImGui::TextColored(k_muted_text, "%s",
                       app::trf("panel.ssq.scores", lang, fmt::arg("total", ui::format_value(s.total)),
                                 fmt::arg("nausea", ui::format_value(s.nausea)),
                                 fmt::arg("oculomotor", ui::format_value(s.oculomotor)),
                                 fmt::arg("disorientation", ui::format_value(s.disorientation)))
                           .c_str());
}

void PanelGui::page_prepare(PanelModel& m, const PanelStatus& status) {
    PrepareModel& prepare = m.prepare();
    const core::Lang lang = m.lang();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float left_w = std::max(320.0f, avail.x * 0.34f);

    // Left: the resident and the protocol.
    ImGui::BeginChild("##who", {left_w, avail.y}, true);
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt("panel.prepare.resident", lang).c_str());
    ImGui::PopFont();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##search", txt("panel.prepare.search", lang).c_str(), m_search.buf.data(),
                             m_search.buf.size());
    mark("prepare.search");
    ImGui::BeginChild("##residents", {0, std::min(220.0f, avail.y * 0.3f)}, true);
    for (const store::ResidentRecord* r : prepare.search_residents(m_search.str())) {
        if (ImGui::Selectable(r->code.c_str(), r->code == prepare.resident())) prepare.choose_resident(r->code);
        mark(("resident." + r->code).c_str());
    }
    if (prepare.residents().empty()) ImGui::TextColored(k_muted_text, "%s", txt("panel.prepare.no_residents", lang).c_str());
    ImGui::EndChild();
    ImGui::SetNextItemWidth(left_w * 0.5f);
    ImGui::InputTextWithHint("##newcode", "R-0001", m_new_code.buf.data(), m_new_code.buf.size());
    mark("prepare.new_code");
    ImGui::SameLine();
    if (ImGui::Button(label("panel.prepare.add_resident", lang, "prepare.add").c_str())) {
        std::string p = prepare.add_resident(m_new_code.str());
        m_form_problem = p;
        if (p.empty()) m_new_code.clear();
    }
    mark("prepare.add");
    ImGui::TextColored(k_muted_text, "%s", txt("panel.prepare.codes_only", lang).c_str());

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt("panel.prepare.protocol", lang).c_str());
    ImGui::PopFont();
    for (const std::string& id : prepare.protocols()) {
        bool chosen = prepare.protocol() && prepare.protocol()->id == id;
        std::string name = prepare.protocol_title(id, lang);
        if (ImGui::RadioButton(fmt::format("{}###protocol.{}", name, id).c_str(), chosen)) {
            problem(prepare.choose_protocol(id));
        }
        mark(("protocol." + id).c_str());
    }
    if (prepare.protocol() && !prepare.resident().empty()) {
        const session::Protocol& p = *prepare.protocol();
        const session::Step& first = p.ladder[std::size_t(prepare.start_step())];
        ImGui::TextWrapped("%s", app::trf("panel.prepare.course", lang, fmt::arg("number", prepare.previous_sessions() + 1),
                                           fmt::arg("of", p.course_sessions), fmt::arg("step", prepare.start_step() + 1),
                                           fmt::arg("label", first.label.in(lang)),
                                           fmt::arg("minutes", std::lround(p.session_length_s / 60)))
                                     .c_str());
    }
    for (const store::SessionRecord& r : prepare.interrupted()) {
        ImGui::TextColored(k_error_text, "%s",
                           app::trf("panel.prepare.interrupted", lang, fmt::arg("id", r.id),
                                     fmt::arg("step", r.current_step + 1),
                                     fmt::arg("minutes", std::lround(r.elapsed_s / 60)))
                               .c_str());
        if (ImGui::Button(fmt::format("{}###resume.{}", txt("panel.prepare.resume_interrupted", lang), r.id).c_str())) {
            problem(prepare.resume_interrupted(r.id));
        }
        mark(fmt::format("resume.{}", r.id).c_str());
        ImGui::SameLine();
        if (ImGui::Button(fmt::format("{}###close.{}", txt("panel.prepare.close_interrupted", lang), r.id).c_str())) {
            prepare.close_interrupted(r.id);
        }
        mark(fmt::format("close.{}", r.id).c_str());
    }
    ImGui::EndChild();

    // Right: the checklist, the SSQ before, and start.
    ImGui::SameLine();
    ImGui::BeginChild("##checklist", {0, avail.y}, true);
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt("panel.prepare.checklist", lang).c_str());
    ImGui::PopFont();
    bool seated = prepare.checklist().seated, clear = prepare.checklist().space_clear;
    if (ImGui::Checkbox(label("panel.prepare.seated", lang, "check.seated").c_str(), &seated)) prepare.set_seated(seated);
    mark("check.seated");
    if (ImGui::Checkbox(label("panel.prepare.space", lang, "check.space").c_str(), &clear)) prepare.set_space_clear(clear);
    mark("check.space");
    ImGui::Spacing();
    if (prepare.checklist().ssq_before_taken) {
        ImGui::TextColored(k_ok_text, "%s", txt("panel.ssq.before_done", lang).c_str());
    } else {
        ImGui::TextUnformatted(txt("panel.ssq.before", lang).c_str());
        ImGui::BeginChild("##ssqbefore", {0, std::max(160.0f, ImGui::GetContentRegionAvail().y - 150)}, false);
        ssq_form(prepare.ssq_items(), lang, "ssqb");
        ImGui::EndChild();
        if (ImGui::Button(label("panel.ssq.take_before", lang, "ssq.take_before").c_str())) problem(prepare.take_ssq_before());
        mark("ssq.take_before");
    }
    ImGui::Spacing();
    ImGui::Separator();
    std::vector<std::string> blockers = prepare.start_blockers();
    ImGui::BeginDisabled(!blockers.empty());
    ImGui::PushFont(m_font_large);
    if (ImGui::Button(label("panel.start", lang, "session.start").c_str(), {260, 48})) problem(prepare.start());
    ImGui::PopFont();
    ImGui::EndDisabled();
    mark("session.start");
    for (const std::string& b : blockers) ImGui::TextColored(k_muted_text, "· %s", b.c_str());
    if (!m_form_problem.empty()) ImGui::TextColored(k_error_text, "%s", m_form_problem.c_str());
    // Before starting, not after: a session meant for the headset would otherwise begin on the desktop.
    if (!status.headset_not_used.empty()) {
        wrapped_text(k_error_text,
                     app::trf("panel.prepare.headset_not_used", lang, fmt::arg("reason", status.headset_not_used)));
        mark("prepare.headset_not_used");
    }
    ImGui::EndChild();
}

// ------------------------------------------------------------------------------ history, admin

void PanelGui::tab_history(PanelModel& m) {
    const core::Lang lang = m.lang();
    if (m.prepare().resident().empty()) {
        ImGui::TextColored(k_muted_text, "%s", txt("panel.history.choose", lang).c_str());
        return;
    }
    ImGui::TextUnformatted(app::trf("panel.history.title", lang, fmt::arg("code", m.prepare().resident())).c_str());
    const auto& rows = m.history().rows();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    // The trend: peak and final craving per session, highest step as bars.
    float h = std::clamp(avail.y * 0.38f, 150.0f, 280.0f);
    ImVec2 o = ImGui::GetCursorScreenPos();
    float w = avail.x;
    ImGui::InvisibleButton("##trend", {w, h});
    mark("history.trend");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, {o.x + w, o.y + h}, IM_COL32(16, 20, 26, 255), 6.0f);
    const float left = o.x + 34, right = o.x + w - 12, top = o.y + 10, bottom = o.y + h - 24;
    for (int v = 0; v <= 10; v += 2) {
        float y = bottom - (bottom - top) * float(v) / 10.0f;
        dl->AddLine({left, y}, {right, y}, IM_COL32(255, 255, 255, 22));
        dl->AddText({o.x + 8, y - 9}, IM_COL32(180, 186, 196, 255), std::to_string(v).c_str());
    }
    std::size_t n = rows.size();
    auto x_of = [&](std::size_t i) { return n <= 1 ? (left + right) * 0.5f : left + (right - left) * float(i) / float(n - 1); };
    auto y_of = [&](double v) { return bottom - (bottom - top) * float(std::clamp(v, 0.0, 10.0) / 10.0); };
    for (std::size_t i = 0; i < n; ++i) {
        if (rows[i].highest_step >= 0) {
            float bar = float(rows[i].highest_step + 1) * 2.0f;
            dl->AddRectFilled({x_of(i) - 7, y_of(bar)}, {x_of(i) + 7, bottom}, IM_COL32(90, 130, 170, 110));
        }
        dl->AddText({x_of(i) - 4, bottom + 5}, IM_COL32(180, 186, 196, 255), std::to_string(rows[i].number).c_str());
    }
    auto series = [&](auto get, ImU32 colour) {
        ImVec2 prev{-1, -1};
        for (std::size_t i = 0; i < n; ++i) {
            std::optional<double> v = get(rows[i]);
            if (!v) continue;
            ImVec2 p{x_of(i), y_of(*v)};
            if (prev.x >= 0) dl->AddLine(prev, p, colour, 2.0f);
            dl->AddCircleFilled(p, 4.0f, colour);
            prev = p;
        }
    };
    series([](const HistoryRow& r) { return r.peak; }, IM_COL32(240, 160, 110, 255));
    series([](const HistoryRow& r) { return r.final_craving; }, IM_COL32(130, 210, 160, 255));
    ImGui::TextColored(k_muted_text, "%s", txt("panel.history.legend", lang).c_str());

    if (ImGui::BeginTable("##history", 9, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY)) {
        const char* heads[] = {"panel.history.number", "panel.history.date", "panel.history.status",
                               "panel.history.protocol", "panel.history.minutes", "panel.history.highest",
                               "panel.history.peak", "panel.history.final", "panel.history.ssq"};
        for (const char* k : heads) ImGui::TableSetupColumn(txt(k, lang).c_str());
        ImGui::TableHeadersRow();
        for (const HistoryRow& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%d", r.number);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(date_text(r.started_ms).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(txt("panel.status." + r.status, lang).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.protocol.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ui::format_value(r.minutes).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.highest_step >= 0 ? std::to_string(r.highest_step + 1).c_str() : "—");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(number_text(r.peak).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(number_text(r.final_craving).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%s → %s", number_text(r.ssq_before).c_str(), number_text(r.ssq_after).c_str());
        }
        ImGui::EndTable();
    }
    mark("history.table");
}

void PanelGui::tab_admin(PanelModel& m) {
    const core::Lang lang = m.lang();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("##accounts", {avail.x * 0.5f, avail.y}, true);
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt("panel.admin.accounts", lang).c_str());
    ImGui::PopFont();
    if (ImGui::BeginTable("##acc", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
        ImGui::TableSetupColumn(txt("panel.username", lang).c_str());
        ImGui::TableSetupColumn(txt("panel.admin.role", lang).c_str());
        ImGui::TableSetupColumn(txt("panel.admin.created", lang).c_str());
        ImGui::TableSetupColumn(txt("panel.admin.status", lang).c_str());
        // The actions column is as wide as its three buttons in this language, so none is cut off.
        const ImGuiStyle& style = ImGui::GetStyle();
        float actions = 0;
        for (const char* key : {"panel.admin.unlock", "panel.admin.disable", "panel.admin.reset"})
            actions += ImGui::CalcTextSize(txt(key, lang).c_str()).x + 2 * style.FramePadding.x + style.ItemSpacing.x;
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, actions);
        ImGui::TableHeadersRow();
        const std::int64_t me = m.accounts().therapist() ? m.accounts().therapist()->id : 0;
        for (const store::TherapistRecord& t : m.admin().accounts()) {
            ImGui::PushID(int(t.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(t.username.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(txt(t.role == store::TherapistRole::administrator ? "panel.admin.administrator"
                                                                                    : "panel.admin.therapist",
                                      lang)
                                       .c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(date_text(t.created_ms).c_str());
            ImGui::TableNextColumn();
            const char* status =
                t.disabled ? "panel.admin.is_disabled" : t.locked() ? "panel.admin.locked" : "panel.admin.active";
            if (t.disabled || t.locked()) {
                ImGui::TextColored(k_error_text, "%s", txt(status, lang).c_str());
            } else {
                ImGui::TextUnformatted(txt(status, lang).c_str());
            }
            ImGui::TableNextColumn();
            // Ids by login name, for scripts: "admin.unlock.dr.li".
            const std::string unlock_id = "admin.unlock." + t.username;
            const std::string disable_id = "admin.disable." + t.username;
            const std::string reset_id = "admin.reset." + t.username;
            if (t.locked()) {
                if (ImGui::SmallButton(label("panel.admin.unlock", lang, unlock_id.c_str()).c_str()))
                    problem(m.admin().unlock(t.id));
                mark(unlock_id.c_str());
                ImGui::SameLine();
            }
            if (t.id != me) {
                const char* key = t.disabled ? "panel.admin.enable" : "panel.admin.disable";
                if (ImGui::SmallButton(label(key, lang, disable_id.c_str()).c_str()))
                    problem(m.admin().set_disabled(t.id, !t.disabled));
                mark(disable_id.c_str());
                ImGui::SameLine();
            }
            ImGui::BeginDisabled(m_admin_new_password.str().empty());
            if (ImGui::SmallButton(label("panel.admin.reset", lang, reset_id.c_str()).c_str())) {
                problem(m.admin().reset_password(t.id, m_admin_new_password.str()));
                m_admin_new_password.clear();
            }
            ImGui::EndDisabled();
            mark(reset_id.c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::InputText(label("panel.admin.new_password", lang, "admin.new_password").c_str(),
                     m_admin_new_password.buf.data(), m_admin_new_password.buf.size(), ImGuiInputTextFlags_Password);
    mark("admin.new_password");
    ImGui::Spacing();
    ImGui::TextUnformatted(txt("panel.admin.add_account", lang).c_str());
    ImGui::InputText(label("panel.username", lang, "admin.user").c_str(), m_admin_user.buf.data(), m_admin_user.buf.size());
    mark("admin.user");
    ImGui::InputText(label("panel.password", lang, "admin.password").c_str(), m_admin_password.buf.data(),
                     m_admin_password.buf.size(), ImGuiInputTextFlags_Password);
    mark("admin.password");
    ImGui::Checkbox(label("panel.admin.administrator", lang, "admin.is_admin").c_str(), &m_admin_is_admin);
    if (ImGui::Button(label("panel.admin.create", lang, "admin.create").c_str())) {
        m_form_problem = m.admin().add_account(m_admin_user.str(), m_admin_password.str(), m_admin_is_admin);
        if (m_form_problem.empty()) {
            m_admin_user.clear();
            m_admin_password.clear();
        }
    }
    mark("admin.create");
    if (!m_form_problem.empty()) ImGui::TextColored(k_error_text, "%s", m_form_problem.c_str());
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("##residents_admin", {0, avail.y}, true);
    ImGui::PushFont(m_font_large);
    ImGui::TextUnformatted(txt("panel.admin.residents", lang).c_str());
    ImGui::PopFont();
    ImGui::BeginChild("##reslist", {0, avail.y * 0.5f}, true);
    // While a session (or its after page) is open, the resident is that session's.
    ImGui::BeginDisabled(m.page() == PanelPage::live || m.page() == PanelPage::after);
    for (const store::ResidentRecord& r : m.prepare().residents()) {
        if (ImGui::Selectable(fmt::format("{}    {}", r.code, date_text(r.created_ms)).c_str(), r.code == m.prepare().resident())) {
            m.prepare().choose_resident(r.code);
        }
    }
    ImGui::EndDisabled();
    ImGui::EndChild();
    ImGui::TextWrapped("%s", txt("panel.admin.export_help", lang).c_str());
    ImGui::BeginDisabled(m.prepare().resident().empty());
    ImGui::Checkbox(label("panel.admin.export_notes", lang, "admin.export_notes").c_str(), &m.admin().export_with_notes());
    ImGui::SameLine();
    if (ImGui::Button(label("panel.admin.export", lang, "admin.export").c_str())) problem(m.admin().export_report());
    ImGui::EndDisabled();
    mark("admin.export");
    if (const auto& p = m.admin().export_path()) ImGui::TextWrapped("%s", core::display_path(*p).c_str());

    // Who did what to whose records: sign-ins (and failed ones), sessions, records viewed and
    // exported, account changes. Append-only in the database.
    ImGui::Spacing();
    ImGui::TextUnformatted(txt("panel.admin.audit", lang).c_str());
    if (ImGui::BeginTable("##audit", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(txt("panel.admin.audit_when", lang).c_str());
        ImGui::TableSetupColumn(txt("panel.admin.audit_who", lang).c_str());
        ImGui::TableSetupColumn(txt("panel.admin.audit_what", lang).c_str());
        ImGui::TableSetupColumn(txt("panel.admin.audit_resident", lang).c_str());
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        for (const store::AuditEntry& e : m.admin().audit()) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(date_text(e.wall_ms).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.therapist.empty() ? "—" : e.therapist.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(txt("panel.audit." + e.action, lang).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.resident_code.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(audit_detail_text(e.detail, lang).c_str());
        }
        ImGui::EndTable();
    }
    mark("admin.audit");
    ImGui::EndChild();
}

} // namespace qx::app
