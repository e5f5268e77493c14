// qingxing panel: the therapist's station. The desktop window shows the control panel beside the
// mirror of the resident's left eye; the resident sees the session in the headset (or, with no
// headset, the mirror is the desktop simulator and the resident answers with keys). Between
// sessions the resident waits in the calm room.
#include "app/cli.h"
#include "app/cli_options.h"
#include "app/records_unlock.h"
#include "app/strings.h"
#include "stage/frame_loop.h"
#include "app/modes.h"
#include "app/panel/panel_driver.h"
#include "app/panel/panel_model.h"
#include "app/panel/panel_view.h"
#include "app/panel/unlock_model.h"
#include "stage/prompt_panel.h"
#include "app/session/session_view.h"
#include "core/platform.h"
#include "core/error.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/log.h"
#include "scene/scene_library.h"
#include "store/recorder.h"
#include "ui/font.h"

#include <algorithm>
#include <cstdio>

namespace qx::app {
namespace {

struct PanelModeOptions {
    std::string display = "auto";
    std::string db;
    std::string secret_file;
    std::string out;
    std::string lang = "zh-CN";
    double speed = 1.0;
    std::string model;
    std::string heart_rate; // --heart-rate
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

// What the panel builds on one display's GPU: the view stack, the resident's prompt, the live
// session on the display while one runs. Made again on a new device after the GPU is lost.
struct PanelLife {
    PanelLife(xr::Display& d, const stage::ViewOptions& o) : display(d), view(d, o) {}
    xr::Display& display;
    stage::ViewStack view;
    std::optional<stage::PromptPanel> prompt_panel;
    // The session on the display (the resident's prompt, the display going dark) while the
    // model's session runs.
    std::unique_ptr<LiveSession> live;
};

// What the panel keeps across GPU lives: the model with the session and the records, the script,
// the panel's clock and its frame-time figures.
struct PanelRun {
    PanelRun(const PanelModeOptions& options, core::Lang l) : o(options), lang(l) {}
    const PanelModeOptions& o;
    core::Lang lang;
    std::optional<PanelDriver> driver;
    PanelModel* model = nullptr;
    PanelLife* life = nullptr;     // the life on screen, while there is one
    std::string headset_not_used;  // why auto passed over the headset, in the panel's language
    std::string session_resident;  // the running session's resident and language, for its
    core::Lang session_lang = core::Lang::zh_CN; // LiveSession on a rebuilt display
    double clock_offset = 0.0;     // panel seconds shown by earlier GPU lives
    double last_seconds = 0.0;
    std::uint64_t validation_messages = 0;
    // The panel's CPU time over the last 65,536 frames (a long day stays in fixed memory).
    std::vector<float> build_ms = std::vector<float>(std::size_t(1) << 16);
    std::uint64_t built = 0;

    live::SessionRunner* running() const {
        live::SessionRunner* r = model ? model->live().runner() : nullptr;
        return r && !r->closed() ? r : nullptr;
    }
    void begin_live(live::SessionRunner& r) {
        if (!life) return;
        life->live = std::make_unique<LiveSession>(life->display, r, life->view,
                                                   life->prompt_panel ? &*life->prompt_panel : nullptr, session_lang,
                                                   session_resident, o.speed);
    }
    void end_live(live::SessionRunner& r) {
        if (!life || !life->live) return;
        record_display_frames(r, life->display);
        life->live.reset();
    }
};

// One GPU life of the panel: everything on `display`'s device and the frame loop, until the
// therapist quits, the script ends or the GPU is lost.
stage::FrameLoopResult show_panel_on(xr::Display& display, PanelRun& run) {
    const PanelModeOptions& o = run.o;
    PanelModel& model = *run.model;
    PanelLife life(display, o.view);
    say(fmt::format("sound: {}", life.view.sound.status()));
    // On a headset the runtime gets frames (the calm colour) while the calm room loads.
    stage::ScenePlayer player(life.view.renderer, life.view.scenes, &life.view.sound,
                              display.kind() == xr::DisplayKind::openxr ? stage::ScenePlayer::Start::at_once
                                                                        : stage::ScenePlayer::Start::calm_room_loaded);
    try {
        life.prompt_panel.emplace(life.view.renderer, ui::Font::load_cjk(), run.lang);
    } catch (const core::Error& e) {
        core::log_error("app", "the craving prompt cannot be shown in the headset: {}", core::describe(e));
    }
    run.life = &life;
    // A session that was running when the GPU went carries on on this display.
    if (live::SessionRunner* r = run.running(); r && model.page() == PanelPage::live) run.begin_live(*r);

    // The panel's font needs the glyphs of the protocols' titles and step labels too.
    PanelGui gui(display.window(), display.context(), life.view.pipeline_cache.get(), model.prepare().protocol_texts());
    display.set_window_overlay(&gui);
    PanelStatus status;
    // A headset is named by its runtime and system ("Monado: Simulated HMD"); the simulator is
    // described by the panel, in its language.
    if (display.kind() != xr::DisplayKind::desktop) status.display_name = display.name();
    else status.headset_not_used = run.headset_not_used;
    status.frames = &display.stats();
    status.quality = render::to_string(life.view.quality.quality);
    status.quality_auto = life.view.quality.automatic;
    status.sound_available = life.view.sound.available();
    status.sound_muted = o.view.mute;
    status.sound_status = life.view.sound.status();
    status.sound = &life.view.sound;

    PanelDriver* driver = run.driver ? &*run.driver : nullptr;
    double last_title = -10;
    stage::FrameLoopResult loop = stage::run_frame_loop(display, life.view.renderer, player, [&](const stage::FrameContext& f, session::Target& t) {
        stage::FrameContext seen = f;
        seen.seconds = run.clock_offset + f.seconds;
        run.last_seconds = seen.seconds;
        model.update(seen.seconds);
        status.render_scale = display.render_scale();
        bool keep_going = gui.frame(model, status, driver);
        run.build_ms[run.built++ % run.build_ms.size()] = float(gui.build_ms());
        if (driver) {
            if (auto shot = driver->take_screenshot()) display.request_screenshot(*shot);
        }
        if (life.live && model.page() == PanelPage::live) {
            life.live->frame(seen, model.live().session_seconds(), player, t);
            model.live().set_gaze_mark(life.live->gaze_mark());
        } else {
            // Between sessions the resident waits in the calm room, with nothing to answer.
            t = session::Target{}; // the calm room
            player.set_seat_overlays({});
            if (seen.seconds - last_title > 0.5) {
                last_title = seen.seconds;
                display.set_status(std::string(app::tr("panel.title", model.lang())));
            }
        }
        if (display.quit_requested()) keep_going = false;
        if (driver) driver->set_view_clear(player.shows_clearly(t));
        return keep_going;
    }, life.view.loop);
    display.set_window_overlay(nullptr);
    if (live::SessionRunner* r = run.running()) run.end_live(*r);
    run.life = nullptr;
    run.validation_messages += display.context().validation_message_count();
    say(fmt::format("frames: {}", display.stats().summary()));
    return loop;
}

// The centre secret asked on the panel's own screen (no secret file given): the unlock page until
// the records open. The resident's view waits in the calm room meanwhile. Nothing when the
// therapist closed the panel instead (or the GPU was lost: the panel is simply started again).
// `lang` is the panel's language, which the therapist may switch there.
std::optional<Unlocked> unlock_on_screen(xr::Display& display, PanelRun& run, const std::filesystem::path& db,
                                         core::Lang& lang) {
    stage::ViewStack view(display, run.o.view);
    stage::ScenePlayer player(view.renderer, view.scenes, &view.sound,
                              display.kind() == xr::DisplayKind::openxr ? stage::ScenePlayer::Start::at_once
                                                                        : stage::ScenePlayer::Start::calm_room_loaded);
    PanelGui gui(display.window(), display.context(), view.pipeline_cache.get(), {});
    display.set_window_overlay(&gui);
    UnlockModel unlock(db, lang);
    PanelDriver* driver = run.driver ? &*run.driver : nullptr;
    stage::FrameLoopResult loop = stage::run_frame_loop(display, view.renderer, player, [&](const stage::FrameContext&, session::Target& t) {
        t = session::Target{}; // the calm room
        bool keep_going = gui.unlock_frame(unlock, driver);
        if (driver) {
            if (auto shot = driver->take_screenshot()) display.request_screenshot(*shot);
        }
        return keep_going && !unlock.unlocked() && !display.quit_requested();
    }, view.loop);
    display.set_window_overlay(nullptr);
    run.validation_messages += display.context().validation_message_count();
    lang = unlock.lang();
    if (loop.device_lost || !unlock.unlocked()) return std::nullopt;
    return unlock.take();
}

int run_panel(const PanelModeOptions& o) {
    const core::Lang lang = core::parse_lang(o.lang).value_or(core::Lang::zh_CN);
    core::set_current_lang(lang);
    PanelRun run(o, lang);
    if (!o.script.empty()) run.driver = PanelDriver::load(o.script, o.shots);

    xr::DisplayOptions d;
    d.kind = xr::parse_display_kind(o.display);
    d.lang = lang;
    d.window_title = "Qingxing 清醒";
    d.window_width = o.window_width;
    d.window_height = o.window_height;
    d.fullscreen = o.fullscreen;
    d.eye_width = o.width;
    d.eye_height = o.height;
    for (const std::string& problem : {db_option_problem(o.db, lang), out_option_problem(o.out, lang),
                                       heart_rate_option_problem(o.heart_rate, lang)}) {
        if (problem.empty()) continue;
        std::fprintf(stderr, "qingxing panel: %s\n", problem.c_str());
        return k_exit_usage;
    }
    const std::filesystem::path db = o.db.empty() ? store::Store::default_path() : core::utf8_path(o.db);
    // A secret file (or $QINGXING_SECRET_FILE) unlocks before any window opens; without one the
    // panel asks on its own screen.
    std::string secret_problem;
    const std::optional<std::string> secret = secret_from_file(o.secret_file, lang, secret_problem);
    const bool secret_given = secret || !secret_problem.empty();
    Unlocked unlocked;
    if (secret_given) {
        unlocked = secret ? unlock_with_secret(db, *secret, lang) : Unlocked{{}, secret_problem};
        if (!unlocked.records) {
            std::fprintf(stderr, "qingxing panel: %s\n", unlocked.problem.c_str());
            return k_exit_records;
        }
    }
    std::vector<std::string> not_used;
    std::unique_ptr<xr::Display> display = stage::open_visible_display(d, lang, &not_used);
    // Auto tries the headset first: its reason is the first one.
    if (!d.kind && !not_used.empty()) run.headset_not_used = not_used.front();
    if (!display || !display->window()) {
        std::fprintf(stderr, "qingxing panel: %s\n", std::string(app::tr("panel.error.no_window", lang)).c_str());
        return k_exit_failure;
    }
    d.kind = display->kind(); // a lost GPU is rebuilt on the same kind of display
    say(app::trf("app.session.display", lang, fmt::arg("name", display->name())));
    core::Lang panel_lang = lang;
    if (!secret_given) {
        std::optional<Unlocked> on_screen = unlock_on_screen(*display, run, db, panel_lang);
        if (!on_screen) {
            say(std::string(app::tr("panel.unlock.closed", panel_lang)));
            return run.driver && !run.driver->failure().empty() ? k_exit_failure : k_exit_ok;
        }
        unlocked = std::move(*on_screen);
    }
    // A new key: where it is and to back it up, on the console and (set on screen) in the panel.
    const std::string key_created = app::trf("app.records.key_created", panel_lang, fmt::arg("db", core::display_path(db)),
                                             fmt::arg("key", core::display_path(store::key_file_path(db))));
    if (unlocked.created) say(key_created);

    auto recorder_owner = open_unlocked(unlocked, [](const store::RecordsFile& r) { return std::make_unique<store::Recorder>(r); });
    store::Recorder& recorder = *recorder_owner;

    PanelOptions po;
    po.lang = panel_lang;
    po.protocols = protocol_ids();
    po.scenes = scene::list_scenes();
    po.display_kind = xr::to_string(display->kind());
    po.reports_dir = o.out.empty() ? core::reports_dir() : core::utf8_path(o.out);
    po.speed = o.speed;
    po.resident_model = o.model;
    po.heart_rate = o.heart_rate;
    po.session_begun = [&run](live::SessionRunner& r, const std::string& resident, core::Lang session_lang) {
        run.session_resident = resident;
        run.session_lang = session_lang;
        run.begin_live(r);
    };
    po.session_ending = [&run](live::SessionRunner& r) { run.end_live(r); };
    PanelModel model(recorder, po);
    run.model = &model;
    if (unlocked.created && !secret_given) model.notify(false, key_created);
    for (const std::string& line : encryption_notices(db, recorder.encrypted_backup(), lang)) {
        say(line);
        model.notify(false, line);
    }
    if (std::string low = live::low_space_warning(db, lang); !low.empty()) {
        say(low);
        model.notify(true, low);
    }

    // When the GPU is lost the session (if one runs) goes on in the records and the panel comes
    // back in a new window on a new device; the therapist is told there, the record says so.
    stage::GpuLives lives;
    bool paused_for_rebuild = false;
    lives.wanted = [&] { return !(run.driver && run.driver->quit_requested()); };
    lives.lost = [&](const std::string& why) {
        say(app::trf("app.session.gpu_lost", lang, fmt::arg("why", why)));
        live::SessionRunner* r = run.running();
        paused_for_rebuild = r && pause_for_rebuild(*r, model.lang());
    };
    lives.reopened = [&](const std::string& why, const std::string& problem) {
        if (live::SessionRunner* r = run.running()) {
            record_device_lost(*r, why, problem);
            if (problem.empty() && paused_for_rebuild) resume_after_rebuild(*r, model.lang());
        }
        if (!problem.empty()) {
            say(app::trf("app.session.gpu_not_rebuilt", lang, fmt::arg("why", problem)));
            return;
        }
        run.clock_offset = run.last_seconds;
        say(app::trf("app.session.gpu_rebuilt", lang, fmt::arg("display", display->name())));
        model.notify(true, std::string(app::tr("panel.error.gpu_rebuilt", model.lang())));
    };
    stage::GpuLivesResult shown =
        stage::run_gpu_lives(display, d, [&](xr::Display& on) { return show_panel_on(on, run); }, lives);

    int result = k_exit_ok;
    if (shown.last.device_lost) result = k_exit_failure;
    if (!shown.last.stop_reason.empty()) say(fmt::format("stopped: {}", shown.last.stop_reason));
    if (run.driver) {
        if (!run.driver->failure().empty()) {
            say("script failed: " + run.driver->failure());
            result = k_exit_failure;
        } else if (!run.driver->done()) {
            say("script did not finish");
            result = k_exit_failure;
        } else {
            say("script finished");
        }
    }
    if (run.validation_messages > 0) {
        say(fmt::format("vulkan validation: {} problem(s)", run.validation_messages));
        result = k_exit_failure;
    }
    if (run.built > 0) {
        std::vector<float>& ms = run.build_ms;
        ms.resize(std::min<std::size_t>(ms.size(), run.built));
        std::sort(ms.begin(), ms.end());
        auto at = [&](double q) { return ms[std::min(ms.size() - 1, std::size_t(q * double(ms.size())))]; };
        say(fmt::format("panel: {} frames built, median {:.2f} ms, p99 {:.2f} ms, worst {:.2f} ms of CPU", run.built,
                        at(0.5), at(0.99), ms.back()));
    }
    return result;
}

} // namespace

ModeMain add_panel_mode(CLI::App& sub) {
    auto o = std::make_shared<PanelModeOptions>();
    add_display_option(sub, o->display, false);
    sub.add_option("--db", o->db, "records database (default: <data folder>/qingxing.db)");
    add_secret_option(sub, o->secret_file);
    sub.add_option("--out", o->out, "reports folder (default: <data folder>/reports; Windows: Documents\\Qingxing)");
    add_lang_option(sub, o->lang, "zh-CN or en (switchable in the panel)");
    sub.add_option("--speed", o->speed, "session seconds per real second (demonstrations and tests)")
        ->check(finite_number())
        ->check(CLI::Range(0.1, 1000.0))
        ->capture_default_str();
    add_resident_model_option(sub, o->model, "a simulated resident answers in the headset");
    add_heart_rate_option(sub, o->heart_rate);
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
