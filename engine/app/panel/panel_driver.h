// Drives the control panel from a script through ImGui's input, the way a therapist would: the
// mouse moves onto a widget and clicks, characters are typed, keys are pressed. For the UI tests
// (and for demonstrating the panel); nothing here reaches past what a person could do, except
// lose_gpu, which does what a failing driver would.
//
// A script is one command per line; '#' starts a comment. Widgets are named by the ids the panel
// gives them (PanelGui::mark), which do not change with the language.
//   click ID             move onto the widget and click it (waits until it is shown and enabled)
//   type TEXT            type the rest of the line into the focused field
//   key NAME             press a key: F1, Enter, Tab, Escape, Backspace
//   wait SECONDS         let the panel run
//   wait_page NAME       unlock (the centre secret is asked on screen), loading, first_account,
//                        sign_in, prepare, live, after
//   wait_state NAME      the session's state (baseline, exposure, adaptation, calm_room, ...;
//                        exposed: exposure or adaptation)
//   wait_prompt          until a craving prompt is waiting for an answer
//   wait_idle            until no store look-up is on its way
//   wait_view            until the resident's view shows what the session asks, its fade done
//                        (before a screenshot of the mirror: a slow scene load delays the fade)
//   expect_notice TEXT   a notice containing TEXT is shown now (on the unlock page: its problem)
//   screenshot PATH      save what the window shows (relative: in --shots DIR)
//   quit                 close the panel
//   lose_gpu             the GPU is treated as lost at the next frame (a test hook standing in
//                        for a driver reset: lavapipe cannot lose its device)
#pragma once

#include "app/panel/panel_model.h"
#include "app/panel/panel_view.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

struct ImGuiIO;

namespace qx::app {

class PanelDriver {
public:
    // Reads and checks a script; throws core::Error naming the file and line of a bad command.
    // Screenshots named by a relative path go into `shots_dir` (default: the current folder).
    static PanelDriver load(const std::filesystem::path& path, const std::filesystem::path& shots_dir = {});

    // Before ImGui's frame: this frame's mouse, characters and keys. `items` are where the
    // widgets were in the last frame.
    void feed(ImGuiIO& io, const ItemMap& items, const PanelModel& model, double now);
    // The same on the unlock page, before the records (and the model) exist.
    void feed(ImGuiIO& io, const ItemMap& items, const UnlockModel& unlock, double now);

    bool done() const { return m_next >= m_steps.size() && m_phase == 0; }
    const std::string& failure() const { return m_failure; }
    bool quit_requested() const { return m_quit; }
    // Each frame, from the panel's frame loop: whether the resident's view is settled on the
    // session's target (stage::ScenePlayer::shows_clearly), for wait_view.
    void set_view_clear(bool clear) {
        m_view_clear = clear;
        ++m_view_reports;
    }
    // A screenshot asked for this frame, once.
    std::optional<std::string> take_screenshot() { return std::exchange(m_screenshot, std::nullopt); }

private:
    struct Step {
        int line = 0;
        std::string verb;
        std::string arg;
    };

    // What the steps wait for: the model's page and state, or the unlock page.
    struct Subject {
        const PanelModel* model = nullptr;
        const UnlockModel* unlock = nullptr;
        std::string page() const;
        bool busy() const;
        std::vector<std::string> notices() const;
    };
    void run_steps(ImGuiIO& io, const ItemMap& items, const Subject& subject, double now);
    void fail(const Step& s, const std::string& why);

    std::filesystem::path m_path;
    std::filesystem::path m_shots_dir;
    std::vector<Step> m_steps;
    std::size_t m_next = 0;
    int m_phase = 0;          // where a multi-frame step (a click, a key) is
    double m_step_since = -1; // panel seconds the current step began
    int m_key = 0;
    std::string m_failure;
    bool m_quit = false;
    bool m_view_clear = false;
    std::uint64_t m_view_reports = 0, m_view_reports_at_start = 0;
    std::optional<std::string> m_screenshot;
    float m_mouse_x = 10, m_mouse_y = 10;
    ItemRect m_rect; // where the widget being clicked was last frame
};

} // namespace qx::app
