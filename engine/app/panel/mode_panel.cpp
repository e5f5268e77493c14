// qingxing panel: the therapist's station. The desktop window shows the control panel beside the
// mirror of the resident's left eye; the resident sees the session in the headset (or, with no
// headset, the mirror is the desktop simulator and the resident answers with keys). Between
// sessions the resident waits in the calm room.
#include "app/cli.h"
#include "app/cli_options.h"
#include "app/strings.h"
#include "stage/frame_loop.h"
#include "app/modes.h"
#include "app/panel/panel_driver.h"
#include "app/panel/panel_model.h"
#include "app/panel/panel_view.h"
#include "stage/prompt_panel.h"
#include "app/session/session_view.h"
#include "core/error.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/log.h"
#include "scene/scene_library.h"
#include "store/recorder.h"

#include <algorithm>
#include <cstdio>

namespace qx::app {
namespace {

struct PanelModeOptions {
    std::string display = "auto";
    std::string db;
    std::string out;
    std::string lang = "zh-CN";
    double speed = 1.0;
    std::string model;
    std::string script;
    std::string shots;
    std::uint32_t window_width = 1600, window_height = 900;
    bool fullscreen = false;
    std::uint32_t width = 1024, height = 1024;
    stage::ViewOptions view;
};

// The protocols on offer: every file in scenes/protocols, by id.
std::vector<std::string> protocol_ids() {
    std::vector<std::string> ids;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(core::data_root() / "scenes" / "protocols", ec)) {
        if (entry.path().extension() == ".json") ids.push_back(entry.path().stem().string());
    }
    std::sort(ids.begin(), ids.end());
    // The standard protocol first: it is what most sessions use.
    auto standard = std::find(ids.begin(), ids.end(), "meth-standard");
    if (standard != ids.end()) std::rotate(ids.begin(), standard, standard + 1);
    return ids;
}

int run_panel(const PanelModeOptions& o) {
    const core::Lang lang = core::parse_lang(o.lang).value_or(core::Lang::zh_CN);
    core::set_current_lang(lang);
    std::optional<PanelDriver> driver;
    if (!o.script.empty()) driver = PanelDriver::load(o.script, o.shots);

    xr::DisplayOptions d;
    d.kind = xr::parse_display_kind(o.display);
    d.window_title = "Qingxing 清醒";
    d.window_width = o.window_width;
    d.window_height = o.window_height;
    d.fullscreen = o.fullscreen;
    d.eye_width = o.width;
    d.eye_height = o.height;
    std::unique_ptr<xr::Display> display = stage::open_visible_display(d, lang);
    if (!display || !display->window()) {
        std::fprintf(stderr, "qingxing panel: %s\n", std::string(app::tr("panel.error.no_window", lang)).c_str());
        return k_exit_failure;
    }
    say(app::trf("app.session.display", lang, fmt::arg("name", display->name())));

    std::filesystem::path db = o.db.empty() ? store::Store::default_path() : std::filesystem::path(o.db);
    store::Recorder recorder(db);

    stage::ViewStack view(*display, o.view);
    say(fmt::format("sound: {}", view.sound.status()));
    stage::ScenePlayer player(view.renderer, view.scenes, &view.sound);
    std::optional<stage::PromptPanel> prompt_panel;
    try {
        prompt_panel.emplace(view.renderer, ui::Font::load_cjk(), lang);
    } catch (const core::Error& e) {
        core::log_error("app", "the craving prompt cannot be shown in the headset: {}", core::describe(e));
    }

    PanelOptions po;
    po.lang = lang;
    po.protocols = protocol_ids();
    po.scenes = scene::list_scenes();
    po.display_kind = xr::to_string(display->kind());
    po.reports_dir = o.out.empty() ? core::user_data_dir() / "reports" : std::filesystem::path(o.out);
    po.speed = o.speed;
    po.resident_model = o.model;
    // The session on the display (the resident's prompt, the display going dark) lives as long
    // as the model's session runs; declared before the model, which may end a session as it goes.
    std::unique_ptr<LiveSession> live;
    po.session_begun = [&](live::SessionRunner& r, const std::string& resident, core::Lang session_lang) {
        live = std::make_unique<LiveSession>(*display, r, view.scenes, prompt_panel ? &*prompt_panel : nullptr,
                                             session_lang, resident, o.speed);
    };
    po.session_ending = [&](live::SessionRunner& r) {
        record_display_frames(r, *display);
        live.reset();
    };
    PanelModel model(recorder, po);
    // The panel's font needs the glyphs of the protocols' titles and step labels too.
    PanelGui gui(display->window(), display->context(), view.pipeline_cache.get(), model.prepare().protocol_texts());
    display->set_window_overlay(&gui);

    PanelStatus status;
    // A headset is named by its runtime and system ("Monado: Simulated HMD"); the simulator is
    // described by the panel, in its language.
    if (display->kind() != xr::DisplayKind::desktop) status.display_name = display->name();
    status.frames = &display->stats();
    status.sound_available = view.sound.available();
    status.sound_muted = o.view.mute;
    status.sound_status = view.sound.status();
    status.sound = &view.sound;

    double last_title = -10;
    // The panel's CPU time over the last 65,536 frames (a long day stays in fixed memory),
    // reported at the end.
    std::vector<float> build_ms(1 << 16);
    std::uint64_t built = 0;
    stage::FrameLoopResult loop = stage::run_frame_loop(*display, view.renderer, player, [&](const stage::FrameContext& f, session::Target& t) {
        model.update(f.seconds);
        bool keep_going = gui.frame(model, status, driver ? &*driver : nullptr);
        build_ms[built++ % build_ms.size()] = float(gui.build_ms());
        if (driver) {
            if (auto shot = driver->take_screenshot()) display->request_screenshot(*shot);
        }
        if (live && model.page() == PanelPage::live) {
            live->frame(f, model.live().session_seconds(), player, t);
        } else {
            // Between sessions the resident waits in the calm room, with nothing to answer.
            t = session::Target{}; // the calm room
            player.set_seat_overlays({});
            if (f.seconds - last_title > 0.5) {
                last_title = f.seconds;
                display->set_status(std::string(app::tr("panel.title", model.lang())));
            }
        }
        if (display->quit_requested()) keep_going = false;
        return keep_going;
    });
    display->set_window_overlay(nullptr);
    live.reset();
    // The panel is not rebuilt on a new GPU yet: a session running when the GPU went is ended
    // with its records (resumable), and the record says why.
    if (live::SessionRunner* running = model.live().runner(); loop.device_lost && running && !running->closed()) {
        record_device_lost(*running, loop.stop_reason, "not rebuilt in the panel");
    }

    int result = k_exit_ok;
    if (loop.device_lost) result = k_exit_failure;
    if (!loop.stop_reason.empty()) say(fmt::format("stopped: {}", loop.stop_reason));
    if (driver) {
        if (!driver->failure().empty()) {
            say("script failed: " + driver->failure());
            result = k_exit_failure;
        } else if (!driver->done()) {
            say("script did not finish");
            result = k_exit_failure;
        } else {
            say("script finished");
        }
    }
    if (std::uint64_t v = display->context().validation_message_count(); v > 0) {
        say(fmt::format("vulkan validation: {} problem(s)", v));
        result = k_exit_failure;
    }
    say(fmt::format("frames: {}", display->stats().summary()));
    if (built > 0) {
        build_ms.resize(std::min<std::size_t>(build_ms.size(), built));
        std::sort(build_ms.begin(), build_ms.end());
        auto at = [&](double q) { return build_ms[std::min(build_ms.size() - 1, std::size_t(q * double(build_ms.size())))]; };
        say(fmt::format("panel: {} frames built, median {:.2f} ms, p99 {:.2f} ms, worst {:.2f} ms of CPU", built,
                        at(0.5), at(0.99), build_ms.back()));
    }
    return result;
}

} // namespace

ModeMain add_panel_mode(CLI::App& sub) {
    auto o = std::make_shared<PanelModeOptions>();
    add_display_option(sub, o->display, false);
    sub.add_option("--db", o->db, "records database (default: <data folder>/qingxing.db)");
    sub.add_option("--out", o->out, "reports folder (default: <data folder>/reports)");
    add_lang_option(sub, o->lang, "zh-CN or en (switchable in the panel)");
    sub.add_option("--speed", o->speed, "session seconds per real second (demonstrations and tests)")
        ->check(CLI::Range(0.1, 1000.0))
        ->capture_default_str();
    sub.add_option("--resident-model", o->model,
                   "a simulated resident answers in the headset (habituating, slow, non-responder, volatile)")
        ->check(CLI::IsMember({"habituating", "slow", "non-responder", "volatile"}));
    sub.add_option("--script", o->script, "drive the panel from a script (tests; see app/panel_driver.h)")
        ->check(CLI::ExistingFile);
    sub.add_option("--shots", o->shots, "where a script's screenshots go (default: the current folder)");
    sub.add_option("--window-width", o->window_width, "window size")->check(CLI::Range(640u, 8192u));
    sub.add_option("--window-height", o->window_height, "window size")->check(CLI::Range(480u, 8192u));
    sub.add_flag("--fullscreen", o->fullscreen, "full screen on the main monitor");
    add_eye_size_options(sub, o->width, o->height);
    add_view_options(sub, o->view);
    return [o] { return run_panel(*o); };
}

} // namespace qx::app
