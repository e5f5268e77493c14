// The therapist's control panel drawn with Dear ImGui in the desktop window, beside the mirror
// of the resident's left eye. All it knows of sessions and records comes from PanelModel's page
// models; this file only lays out what each page's model says and turns clicks into its calls.
#pragma once

#include "app/panel/panel_model.h"
#include "app/panel/unlock_model.h"
#include "audio/audio_engine.h"
#include "core/clock.h"
#include "render/gui_pass.h"
#include "ui/font.h"
#include "xr/desktop_window.h"
#include "xr/display.h"

struct ImDrawList;

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>

struct ImGuiContext;
struct ImGuiIO;
struct ImFont;
struct ImFontAtlas;

namespace qx::app {

// Where a widget was drawn, by a language-neutral id ("session.start"): for scripted tests.
struct ItemRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool enabled = true;
};
using ItemMap = std::map<std::string, ItemRect>;

class PanelDriver;

// The panel's two sizes of Noto Sans CJK, added to `atlas` with glyphs for every character of
// the string catalogue and of `more_text` (protocol titles, step labels) plus the common
// simplified characters; the atlas is not built yet.
struct PanelFonts {
    ImFont* base = nullptr;
    ImFont* large = nullptr;
};
PanelFonts add_panel_fonts(ImFontAtlas& atlas, const ui::Font& font, const std::vector<std::string>& more_text);

// What the panel shows about the display and sound besides the model.
struct PanelStatus {
    std::string display_name; // runtime and headset ("Monado: Simulated HMD"); empty: the desktop simulator
    std::string headset_not_used; // why the headset is not used and what to do, when auto chose the window
    std::string quality;          // the renderer's quality tier ("standalone", "pc", "high"); empty: not shown
    bool quality_auto = true;     // chosen for the display, not asked for
    float render_scale = 1.0f;    // the share of each eye drawn now (dynamic resolution); shown below 1
    const xr::FrameStats* frames = nullptr;
    double display_period = 0;
    bool sound_available = false;
    bool sound_muted = false; // turned off on purpose (--mute): no warning
    std::string sound_status;
    audio::AudioEngine* sound = nullptr;
};

class PanelGui final : public xr::WindowOverlay {
public:
    // Makes the ImGui context and fonts (Noto Sans CJK with every glyph the catalogue and
    // `more_text` use: protocol titles, step labels) and takes the window's input. Throws
    // core::Error when the font is missing.
    PanelGui(GLFWwindow* window, gpu::Context& ctx, VkPipelineCache cache, const std::vector<std::string>& more_text);
    ~PanelGui() override;
    PanelGui(const PanelGui&) = delete;
    PanelGui& operator=(const PanelGui&) = delete;

    // Builds this frame's panel (input from the window, or from `driver` when one runs).
    // Returns false when the therapist asked to quit.
    bool frame(PanelModel& model, const PanelStatus& status, PanelDriver* driver);
    // The same before the records are open: only the page that asks for the centre secret.
    bool unlock_frame(UnlockModel& unlock, PanelDriver* driver);

    // xr::WindowOverlay
    VkRect2D mirror_area(VkExtent2D extent) override;
    void record(gpu::Frame& frame, const gpu::MirrorTarget& target) override;
    bool key(int key, int scancode, int action, int mods) override;
    void character(unsigned int codepoint) override;
    void mouse_button(int button, int action, int mods) override;
    void scroll(double dx, double dy) override;

    const ItemMap& items() const { return m_items_shown; }
    // CPU time of the last frame's panel building, for the frame-budget check.
    double build_ms() const { return m_build_ms; }

private:
    struct Text {
        std::array<char, 512> buf{};
        std::string str() const { return std::string(buf.data()); }
        void clear() { buf.fill(0); }
    };

    void mark(const char* id);
    // The start and end of every frame: ImGui's frame, the full-window panel, the script's input.
    void begin_panel(PanelDriver* driver, const std::function<void(ImGuiIO&)>& feed);
    void end_panel(PanelDriver* driver);
    void page_unlock(UnlockModel& u);
    // The top bar's background, the program's name and the panel's title.
    void top_bar_brand(core::Lang lang);
    // The language switch ending at `right`; true when clicked.
    bool language_switch(core::Lang lang, float right);
    void top_bar(PanelModel& m);
    void notices(PanelModel& m);
    void page_first_account(PanelModel& m);
    void page_sign_in(PanelModel& m);
    void page_prepare(PanelModel& m, const PanelStatus& status);
    void page_live(PanelModel& m, const PanelStatus& status);
    void page_after(PanelModel& m);
    void tab_history(PanelModel& m);
    void tab_admin(PanelModel& m);
    void live_controls(PanelModel& m);
    void reason_popup(PanelModel& m);
    void craving_chart(PanelModel& m, float height);
    // The heart rate's strip under the chart, in `box` (screen pixels), on the chart's time axis.
    struct ScreenBox {
        float x0, y0, x1, y1;
    };
    void gaze_on_mirror(PanelModel& m, ImDrawList* dl, ScreenBox box);
    void heart_strip(PanelModel& m, ImDrawList* dl, ScreenBox box, const std::function<float(double)>& x_of);
    // The SSQ form's 16 items, 0–3 each (before on the prepare page, after on the after page).
    void ssq_form(store::SsqItems& items, core::Lang lang, const char* id_prefix);
    void sound_panel(const PanelStatus& status);
    void calm_room_now(PanelModel& m);
    void problem(const std::string& text);

    GLFWwindow* m_window;
    ImGuiContext* m_imgui = nullptr;
    ui::Font m_font_file;
    ImFont* m_font = nullptr;
    ImFont* m_font_large = nullptr;
    std::unique_ptr<render::GuiPass> m_renderer;
    VkRect2D m_mirror{};
    bool m_quit = false;
    double m_build_ms = 0;
    core::Stopwatch m_watch; // this frame's building

    ItemMap m_items, m_items_shown; // kept only while a script drives the panel
    bool m_tracking = false;

    Text m_secret, m_secret2;
    Text m_user, m_password, m_password2, m_search, m_new_code, m_reason, m_rating, m_note;
    Text m_admin_user, m_admin_password;
    Text m_admin_new_password; // for resetting another account's password
    bool m_admin_is_admin = false;
    std::string m_form_problem; // the last validation problem of a form, shown under it
    session::CommandKind m_reason_for = session::CommandKind::level_up;
    bool m_open_reason = false;
    bool m_confirm_end = false;
};

} // namespace qx::app
