// The one frame loop: the display paces, the caller decides what to show, the renderer records
// one multiview pass, the display presents. Nothing in here throws once the loop runs.
#pragma once

#include "app/scene_player.h"
#include "gpu/frame_ring.h"
#include "xr/display.h"

#include <functional>

namespace qx::app {

struct FrameContext {
    double seconds = 0.0;      // display time since the loop started
    double period = 0.0;
    xr::ResidentInput input;   // what the resident did since the last frame
    bool rendering = false;    // false while the display shows nothing (headset off, minimised)
};

// Runs frames until `tick` returns false or the display asks to quit. `tick` updates the world
// and returns what to show; it runs every frame, rendered or not, so the clock never stops.
struct FrameLoopResult {
    std::uint64_t frames_rendered = 0;
    bool device_lost = false;
    std::string stop_reason;
};
FrameLoopResult run_frame_loop(xr::Display& display, render::Renderer& renderer, ScenePlayer& player,
                               const std::function<bool(const FrameContext&, SceneTarget&)>& tick);

} // namespace qx::app
