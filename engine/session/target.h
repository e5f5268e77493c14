// What the resident should see and hear now: the one "what to show" type, from the controller
// (and the open-day tour) to the stage. Plain data, so the stage can take it without knowing
// anything else of the session.
#pragma once

#include <cstdint>
#include <string>

namespace qx::session {

// The stage applies it every frame. Whenever `scene_change` moves on, the view fades through the
// calm colour over `fade_s` seconds in all (half out, half in), even when the scene's name stays
// the same (a new step at another cue level); the calm room (`calm_room`) is on screen from the
// very next frame and the veil clears over `fade_s`.
struct Target {
    std::string scene;    // scene name; shown only when `calm_room` is false
    int cue_level = 0;
    double intensity = 0; // 0..1 within the step, ramping smoothly after each step change
    bool calm_room = true;
    bool frozen = false; // paused: hold the scene still
    double fade_s = 0;
    std::uint32_t scene_change = 0;
};

} // namespace qx::session
