// The one frame loop: the display paces, the caller decides what to show, the renderer records
// one multiview pass, the display presents. Nothing in here throws once the loop runs.
#pragma once

#include "stage/scale_memory.h"
#include "stage/scene_cache.h"
#include "stage/scene_player.h"
#include "core/i18n.h"
#include "audio/audio_engine.h"
#include "gpu/frame_ring.h"
#include "gpu/pipeline_cache.h"
#include "render/renderer.h"
#include "render/resolution_scale.h"
#include "xr/display.h"

#include <functional>
#include <memory>
#include <optional>

namespace qx::stage {

// How a mode that shows scenes on a display wants them drawn and heard.
struct ViewOptions {
    std::optional<render::Quality> quality; // nullopt: chosen for the display (render::choose_quality)
    std::optional<int> msaa;                 // given: instead of the tier's
    std::optional<std::uint32_t> shadow_map; // given: instead of the tier's
    // Given: this share of the eye size (each side) is drawn, always. Otherwise a headset's frames
    // are kept to its GPU budget by drawing less when the GPU falls behind (down to the tier's
    // min_render_scale); a window draws everything.
    std::optional<float> render_scale;
    bool mute = false;
    // A headset's frames through the separate post pass, as a window's are, instead of finished in
    // the scene pass straight into the runtime's swapchain (for comparisons).
    bool post_pass = false;
};

// How the view's resolution follows the GPU in a headset on `display` (nullopt: it does not,
// for a window, headless, or a fixed --render-scale).
std::optional<render::ResolutionScaleOptions> view_resolution_scaling(const xr::Display& display,
                                                                      const render::QualityChoice& quality,
                                                                      const ViewOptions& options);

// The quality tier for `display` (the one asked for, or the one its GPU and pixel rate call for).
render::QualityChoice choose_view_quality(xr::Display& display, const ViewOptions& options);
// The renderer's options for that tier, with the explicit --msaa and --shadow-map applied.
render::RendererOptions view_renderer_options(const render::QualityChoice& quality, const ViewOptions& options,
                                              gpu::PipelineCache* cache);

// How run_frame_loop draws. With `scaling`, the share of the eye size drawn follows the GPU time
// (render/resolution_scale.h). With `single_pass`, frames are finished in the scene pass straight
// into the display's target (render::FrameInput::single_pass): a headset's, unless asked otherwise.
// With `scale_memory` (and `scaling`), each scene starts at the scale it settled at in an earlier
// session on the same setup, and where the scenes settled is kept when the loop ends.
struct FrameLoopOptions {
    std::optional<render::ResolutionScaleOptions> scaling;
    bool single_pass = false;
    std::optional<ScaleMemory> scale_memory;
};
FrameLoopOptions view_frame_loop_options(xr::Display& display, const render::QualityChoice& quality,
                                         const ViewOptions& options);

// What every such mode builds on the display's GPU context, in order: the quality tier, the
// on-disk pipeline cache, the renderer, the sound (binaural in a headset) and the scene cache.
struct ViewStack {
    ViewStack(xr::Display& display, const ViewOptions& options);

    render::QualityChoice quality;
    FrameLoopOptions loop; // for run_frame_loop
    gpu::PipelineCache pipeline_cache;
    render::Renderer renderer;
    audio::AudioEngine sound;
    SceneCache scenes;
};

// A headset or a window for `options` (auto: the headset, then a window), printing in `lang` why
// each one passed over was not used (and adding it to `not_used`, when given); nullptr when only
// headless is left, for modes that then run without pictures. A display asked for by name that is
// not there throws core::Error.
std::unique_ptr<xr::Display> open_visible_display(const xr::DisplayOptions& options, core::Lang lang,
                                                  std::vector<std::string>* not_used = nullptr);

struct FrameContext {
    double seconds = 0.0;      // display time since the loop started
    double period = 0.0;
    xr::ResidentInput input;   // what the resident did since the last frame
    bool rendering = false;    // false while the display shows nothing (headset off, minimised)
    gpu::StereoView view;      // the display's view this frame, in tracking space
    std::optional<gpu::Pose> eye_gaze; // where the eyes look, when the headset tracks them
};

// Runs frames until `tick` returns false or the display asks to quit. `tick` updates the world
// and returns what to show; it runs every frame, rendered or not, so the clock never stops.
struct FrameLoopResult {
    std::uint64_t frames_rendered = 0;
    bool device_lost = false;
    std::string stop_reason;
};
FrameLoopResult run_frame_loop(xr::Display& display, render::Renderer& renderer, ScenePlayer& player,
                               const std::function<bool(const FrameContext&, session::Target&)>& tick,
                               const FrameLoopOptions& options = {});

// Living through a lost GPU. A mode's "GPU life" is everything it builds on a display's device
// (the view stack, its panels, its window overlay) and the frame loop over it; what it keeps
// between lives (the session, the records, the tour, the clock) lives outside. When a life ends
// with the GPU lost, the display is opened again with the same options on a new device and the
// next life runs there, up to k_max_gpu_rebuilds times.
struct GpuLives {
    static constexpr int k_max_gpu_rebuilds = 3; // more losses than this and the display is given up

    // Told that the GPU was lost (`why`), before the display is opened again.
    std::function<void(const std::string& why)> lost;
    // Told how opening it again went: `problem` is empty when a new life is about to start.
    std::function<void(const std::string& why, const std::string& problem)> reopened;
    // Whether a display is still wanted after a loss (a session that closed as the GPU went,
    // a therapist who had asked to end, want none). Null: always.
    std::function<bool()> wanted;
};

struct GpuLivesResult {
    FrameLoopResult last;  // how the last life ended (device_lost: lost and not rebuilt)
    int rebuilds = 0;      // lives after the first
};

// Runs `life` on `display`, then on each rebuilt display (`display` then holds the new one, or
// null when it could not be opened again). `reopen` should name the display kind that was opened,
// so that a headset session is never rebuilt on a window.
GpuLivesResult run_gpu_lives(std::unique_ptr<xr::Display>& display, const xr::DisplayOptions& reopen,
                             const std::function<FrameLoopResult(xr::Display&)>& life, const GpuLives& hooks);

// Tests: the GPU is treated as lost at the next rendered frame, as a driver reset would do
// (lavapipe cannot lose its device). QX_TEST_LOSE_DEVICE_AFTER_FRAMES does it after a count.
void lose_device_for_test();

} // namespace qx::stage
