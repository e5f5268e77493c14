// A session on a display (headset or desktop window): the frame loop shows the controller's
// target scene, the resident answers the craving prompt with the controller or keyboard, the
// therapist's terminal gives commands, and whatever happens to the display is recorded. The
// records are never at risk: the display can go away, the GPU can be lost, the process can be
// asked to stop, and the session ends with everything taken so far on disk.
#pragma once

#include "stage/frame_loop.h"
#include "stage/gaze.h"
#include "stage/prompt_panel.h"
#include "live/session_runner.h"
#include "session/craving_prompt.h"
#include "core/i18n.h"
#include "xr/display.h"

#include <string>

namespace qx::app {

struct SessionViewOptions {
    core::Lang lang = core::Lang::zh_CN;
    std::string resident;    // shown in the window title (a code, never a name)
    double speed = 1.0;      // session seconds per display second (tests and demonstrations)
    stage::ViewOptions view;
    std::string screenshot;  // a PNG of the window at `screenshot_at` session seconds, or (when
    double screenshot_at = -1.0; // negative) once the first craving prompt has been up a second
    std::optional<stage::GazeScript> gaze_script; // a scripted gaze in place of the display's
};

struct SessionViewResult {
    bool ended_now = false;   // the therapist (terminal, Ctrl-C, window closed) ended it early
    bool device_lost = false; // the GPU went away and could not be rebuilt; the records are complete
    int gpu_rebuilds = 0;     // times the GPU was lost and the display rebuilt on a new device
    std::string stop_reason;
    int reports_saved = 0;    // craving reports acknowledged as on disk
    std::uint64_t validation_messages = 0;
};

// The part of a session on a display that is the same whoever the therapist is (the terminal or
// the control panel): the resident's craving prompt and "I need a break", reports shown as
// recorded once durable, the display going dark (exposure paused, recorded) and coming back, the
// scene to show (the next step's loaded ahead), and the window title. The caller ticks the runner.
class LiveSession {
public:
    // `prompt_panel` may be null (no font): the resident then answers by keys or aloud. Records
    // which display shows the session, at what quality tier (and at what `speed`).
    LiveSession(xr::Display& display, live::SessionRunner& runner, stage::ViewStack& view, stage::PromptPanel* prompt_panel,
                core::Lang lang, std::string resident, double speed,
                std::optional<stage::GazeScript> gaze_script = std::nullopt);

    // One frame, after runner.tick(session_seconds): reads the resident's input, fills `target`.
    void frame(const stage::FrameContext& f, double session_seconds, stage::ScenePlayer& player, session::Target& target);
    // A therapist's pause or resume replaces an automatic pause.
    void therapist_paused_or_resumed() { m_auto_paused = false; }
    int reports_saved() const { return m_reports_saved; }
    // Where the resident looks in the left eye's picture, at the last frame shown (nothing without
    // gaze, or when it falls outside the picture): the panel's mirror marks it.
    const std::optional<stage::GazeMark>& gaze_mark() const { return m_gaze_mark; }
    // Display seconds when the craving prompt first showed; negative before.
    double prompt_shown_since() const { return m_prompt_up_since; }

private:
    xr::Display& m_display;
    live::SessionRunner& m_runner;
    stage::SceneCache& m_scenes;
    stage::PromptPanel* m_prompt_panel;
    core::Lang m_lang;
    std::string m_resident;
    session::CravingPrompt m_prompt;
    stage::GazeProbe m_gaze;
    std::optional<stage::GazeMark> m_gaze_mark;
    bool m_auto_paused = false, m_dark_handled = false;
    double m_dark_since = -1.0, m_shown_since = -1.0, m_last_title = -10.0, m_prompt_up_since = -1.0;
    int m_last_step = -2;
    int m_reports_saved = 0;
};

// How the display's frames went (shown, late, missed and why), into the session's record.
void record_display_frames(live::SessionRunner& runner, const xr::Display& display);
// The GPU was lost (`why`) into the session's record: rebuilt when `problem` is empty, else why not.
void record_device_lost(live::SessionRunner& runner, const std::string& why, const std::string& problem);
// While a lost GPU's display is rebuilt the resident sees nothing: exposure pauses (with the reason
// in `lang`). True when it paused, for resume_after_rebuild.
bool pause_for_rebuild(live::SessionRunner& runner, core::Lang lang);
// The display is back on a new device: the pause made for the rebuild ends.
void resume_after_rebuild(live::SessionRunner& runner, core::Lang lang);

// Runs the session on `display` until it closes or the therapist ends it. When the GPU is lost the
// loss is recorded and the display is opened again with `reopen` (its kind fixed) on a new device,
// the session carrying on (stage::run_gpu_lives); `display` then holds the new one, or null.
SessionViewResult run_session_view(std::unique_ptr<xr::Display>& display, const xr::DisplayOptions& reopen,
                                   live::SessionRunner& runner, const SessionViewOptions& options);

} // namespace qx::app
