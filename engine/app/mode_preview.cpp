// qingxing preview: shows a scene at a level on the headset, in a window or headless, so a
// therapist can see it before a session (and tests can drive the display end to end).
#include "app/cli.h"
#include "app/cli_options.h"
#include "stage/frame_loop.h"
#include "app/modes.h"
#include "core/cue_level.h"
#include "core/log.h"
#include "scene/scene_library.h"

#include <memory>

namespace qx::app {
namespace {

// A scene opening in the preview fades in from the calm colour over this long.
constexpr double k_preview_fade_s = 1.2;

struct PreviewOptions {
    std::string scene = "calm-room";
    int level = 0;
    float intensity = 1.0f;
    std::string display = "auto";
    double seconds = 0.0;
    std::uint32_t width = 1024, height = 1024;
    bool fullscreen = false;
    std::string gpu;
    std::string screenshot;
    bool no_window = false;
    stage::ViewOptions view;
    double screenshot_at = -1.0;
};

int run_preview(const PreviewOptions& o) {
    xr::DisplayOptions d;
    d.kind = xr::parse_display_kind(o.display);
    d.lang = core::Lang::en; // the preview is a developer's tool and speaks English
    d.eye_width = o.width;
    d.eye_height = o.height;
    d.fullscreen = o.fullscreen;
    d.window_with_headset = !o.no_window;
    d.gpu = o.gpu;
    d.window_title = "Qingxing 清醒 — preview " + o.scene;
    std::vector<std::string> reasons;
    std::unique_ptr<xr::Display> display = xr::open_display(d, reasons);
    for (const std::string& r : reasons) std::printf("display: not used: %s\n", r.c_str());
    std::printf("display: %s (%s)\n", display->name().c_str(), xr::to_string(display->kind()));
    std::fflush(stdout);

    gpu::Context& ctx = display->context();
    stage::ViewStack view(*display, o.view);
    render::Renderer& renderer = view.renderer;
    audio::AudioEngine& sound = view.sound;
    stage::SceneCache& scenes = view.scenes;
    std::printf("sound: %s\n", sound.status().c_str());
    // The scene's file is checked now, so a broken one is named at once. On a headset the scene
    // and the calm room then load in the background while the runtime already gets frames (the
    // calm colour, then the scene fading in), as a runtime wants from its first moment; its frame
    // pacing leaves the loads the CPU. A window or the headless display (which draws as fast as
    // it can) shows the scene once it is loaded.
    core::Diagnostics problems;
    scene::load_scene(o.scene, problems);
    problems.throw_if_any("scene '" + o.scene + "'");
    const bool headset = display->kind() == xr::DisplayKind::openxr;
    if (!headset) scenes.load_now(o.scene);
    stage::ScenePlayer player(renderer, scenes, &sound,
                              headset ? stage::ScenePlayer::Start::at_once : stage::ScenePlayer::Start::calm_room_loaded);

    session::Target target;
    target.scene = o.scene;
    target.cue_level = o.level;
    target.intensity = o.intensity;
    target.calm_room = false;
    target.fade_s = k_preview_fade_s;
    double shot_at = o.screenshot_at >= 0.0 ? o.screenshot_at : (o.seconds > 0.0 ? o.seconds * 0.5 : 2.0);
    bool shot_requested = o.screenshot.empty();
    stage::FrameLoopResult result = stage::run_frame_loop(*display, renderer, player, [&](const stage::FrameContext& f, session::Target& t) {
        // The screenshot waits, past its time, until the scene is on screen with its fade done.
        if (!shot_requested && f.seconds >= shot_at && f.rendering && player.shows_clearly(target)) {
            shot_requested = true;
            if (!display->request_screenshot(o.screenshot)) {
                std::printf("screenshot: this display has no window to capture\n");
            }
        }
        t = target;
        return o.seconds <= 0.0 || f.seconds < o.seconds;
    }, view.loop);
    if (!shot_requested) std::printf("screenshot: not taken: the scene was not yet on screen when time was up\n");
    const xr::FrameStats& s = display->stats();
    std::printf("frames: %s\n", s.summary().c_str());
    std::printf("stopped: %s\n", result.stop_reason.empty() ? "time was up" : result.stop_reason.c_str());
    std::printf("display state: %s\n", display->state().c_str());
    if (ctx.validation_message_count() > 0) {
        std::printf("vulkan validation: %llu problem(s)\n", static_cast<unsigned long long>(ctx.validation_message_count()));
        return k_exit_failure;
    }
    return result.device_lost ? k_exit_failure : k_exit_ok;
}

} // namespace

ModeMain add_preview_mode(CLI::App& sub) {
    auto o = std::make_shared<PreviewOptions>();
    sub.add_option("--scene", o->scene, "scene to show");
    sub.add_option("--level", o->level, "cue level, 0 to " + std::to_string(core::k_max_cue_level))
        ->check(CLI::Range(0, core::k_max_cue_level));
    sub.add_option("--intensity", o->intensity, "how far into the level, 0-1")->check(CLI::Range(0.0f, 1.0f));
    add_display_option(sub, o->display, true);
    sub.add_option("--seconds", o->seconds, "stop after this many seconds (0: until the window closes)");
    add_eye_size_options(sub, o->width, o->height);
    sub.add_flag("--fullscreen", o->fullscreen, "desktop: full screen");
    sub.add_flag("--no-window", o->no_window, "headset: no desktop mirror window");
    sub.add_option("--gpu", o->gpu, "prefer the GPU whose name contains this");
    add_view_options(sub, o->view);
    sub.add_option("--screenshot", o->screenshot, "save what the window shows to this PNG");
    sub.add_option("--screenshot-at", o->screenshot_at, "seconds into the preview to take it (default: half way)");
    return [o] { return run_preview(*o); };
}

} // namespace qx::app
