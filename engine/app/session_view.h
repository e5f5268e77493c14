// A session on a display (headset or desktop window): the frame loop shows the controller's
// target scene, the resident answers the craving prompt with the controller or keyboard, the
// therapist's terminal gives commands, and whatever happens to the display is recorded. The
// records are never at risk: the display can go away, the GPU can be lost, the process can be
// asked to stop, and the session ends with everything taken so far on disk.
#pragma once

#include "app/frame_loop.h"
#include "app/session_runner.h"
#include "core/i18n.h"
#include "xr/display.h"

#include <string>

namespace qx::app {

struct SessionViewOptions {
    core::Lang lang = core::Lang::zh_CN;
    std::string resident;    // shown in the window title (a code, never a name)
    double speed = 1.0;      // session seconds per display second (tests and demonstrations)
    ViewOptions view;
    std::string screenshot;  // a PNG of the window at `screenshot_at` session seconds, or (when
    double screenshot_at = -1.0; // negative) once the first craving prompt has been up a second
};

struct SessionViewResult {
    bool ended_now = false;   // the therapist (terminal, Ctrl-C, window closed) ended it early
    bool device_lost = false; // the GPU went away; the session's records are still complete
    std::string stop_reason;
    std::uint64_t frames_rendered = 0;
    int reports_saved = 0;    // craving reports acknowledged as on disk
    std::uint64_t validation_messages = 0;
};

SessionViewResult run_session_view(xr::Display& display, SessionRunner& runner, const SessionViewOptions& options);

} // namespace qx::app
