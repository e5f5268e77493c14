#include "app/session/session_view.h"
#include "app/strings.h"

#include "app/cli_options.h"
#include "core/clock.h"

#include "app/console_control.h"
#include "live/event_codec.h"
#include "stage/frame_loop.h"
#include "stage/prompt_panel.h"
#include "core/log.h"
#include "session/craving_prompt.h"
#include "ui/font.h"

#include <chrono>
#include <cmath>
#include <thread>
#include <optional>
#include <cstdio>

namespace qx::app {
namespace {

std::string state_text(session::State s, core::Lang lang) {
    return std::string(app::tr("session.state." + std::string(session::to_string(s)), lang));
}

// The events a therapist wants to read as they happen in the terminal.
bool worth_printing(session::EventKind k) {
    using K = session::EventKind;
    return k == K::state || k == K::step || k == K::decision || k == K::alert || k == K::prompt_missed ||
           k == K::report || k == K::report_rejected || k == K::command || k == K::command_rejected ||
           k == K::override_rule;
}

session::PromptInput to_prompt_input(const xr::ResidentInput& in) {
    session::PromptInput p;
    p.slider_rate = in.slider_rate;
    p.slider_absolute = in.slider_absolute;
    p.typed_rating = in.typed_rating;
    p.confirm = in.confirm;
    p.need_break = in.need_break;
    return p;
}

core::Json frame_stats_json(const xr::FrameStats& s) {
    const xr::FrameStats::ChangeWindows& c = s.after_changes();
    core::Json after_changes = {{"changes", c.changes},       {"frames", c.frames},
                                {"missed", c.missed},         {"late_cpu", c.late_cpu},
                                {"late_gpu", c.late_gpu},     {"late_runtime", c.late_runtime},
                                {"max_cpu_ms", c.max_cpu_ms}, {"max_gpu_ms", c.max_gpu_ms},
                                {"window_s", xr::FrameStats::k_change_window_s}};
    return {{"frames", s.frames()},        {"delivered", s.delivered_frames()},
            {"missed", s.missed()},        {"late_cpu", s.late_cpu()},
            {"late_gpu", s.late_gpu()},    {"late_runtime", s.late_runtime()},
            {"mean_frame_ms", s.mean_frame_ms()}, {"max_frame_ms", s.max_frame_ms()},
            {"refresh_ms", s.refresh_ms()},       {"throttled", s.throttled()},
            {"mean_cpu_ms", s.mean_cpu_ms()},     {"mean_gpu_ms", s.mean_gpu_ms()},
            {"mean_render_scale", s.mean_render_scale()}, {"min_render_scale", s.min_render_scale()},
            {"after_scene_changes", std::move(after_changes)}};
}

// The display stopped showing the scene for this long: the resident no longer sees it.
constexpr double k_dark_after_s = 1.5;
// It shows it again, steadily, for this long: carry on.
constexpr double k_back_after_s = 1.0;

} // namespace

LiveSession::LiveSession(xr::Display& display, live::SessionRunner& runner, stage::ViewStack& view, stage::PromptPanel* prompt_panel,
                         core::Lang lang, std::string resident, double speed,
                         std::optional<stage::GazeScript> gaze_script)
    : m_display(display), m_runner(runner), m_scenes(view.scenes), m_prompt_panel(prompt_panel), m_lang(lang),
      m_resident(std::move(resident)), m_gaze(std::move(gaze_script)) {
    runner.record_app_event(runner.controller().now(), live::k_display_type,
                            {{"kind", xr::to_string(display.kind())},
                             {"name", display.name()},
                             {"speed", speed},
                             {"quality", render::to_string(view.quality.quality)},
                             {"quality_chosen", view.quality.automatic ? "auto" : "asked"},
                             {"eye_gaze_offered", display.offers_eye_gaze()}});
}

void record_device_lost(live::SessionRunner& runner, const std::string& why, const std::string& problem) {
    runner.record_app_event(runner.controller().now(), live::k_device_lost_type,
                            {{"why", why}, {"rebuilt", problem.empty()}, {"problem", problem}});
}

bool pause_for_rebuild(live::SessionRunner& runner, core::Lang lang) {
    if (runner.closed() || !session::is_exposed(runner.controller().state())) return false;
    return runner
        .submit({session::CommandKind::pause, std::string(app::tr("app.session.reason_gpu_lost", lang)),
                 session::CommandSource::therapist})
        .accepted;
}

void resume_after_rebuild(live::SessionRunner& runner, core::Lang lang) {
    if (runner.closed() || runner.controller().state() != session::State::paused) return;
    runner.submit({session::CommandKind::resume, std::string(app::tr("app.session.reason_gpu_back", lang)),
                   session::CommandSource::therapist});
}

void record_display_frames(live::SessionRunner& runner, const xr::Display& display) {
    runner.record_app_event(runner.controller().now(), live::k_display_frames_type, frame_stats_json(display.stats()));
}

void LiveSession::frame(const stage::FrameContext& f, double st, stage::ScenePlayer& player, session::Target& t) {
    const double now = f.seconds;
    const core::Lang lang = m_lang;
    auto command = [&](session::CommandKind kind, std::string_view reason_key, session::CommandSource source) {
        return m_runner.submit({kind, std::string(app::tr(reason_key, lang)), source});
    };

    // Where the resident looks (at the areas of the frame just shown), into the record.
    if (auto areas = m_gaze.areas_if_new(player)) m_runner.gaze_areas(*areas);
    if (!m_runner.closed()) {
        const session::GazeSample g = m_gaze.sample(st, f.rendering, f.view, f.eye_gaze, player);
        m_gaze_mark.reset();
        if (g.source != session::GazeSource::none) {
            const glm::vec3 d{g.gaze_direction[0], g.gaze_direction[1], g.gaze_direction[2]};
            if (auto at = stage::project_into_eye(f.view.eyes[0], d)) {
                const VkExtent2D eye = m_display.eye_extent();
                m_gaze_mark = stage::GazeMark{*at, float(eye.width) / float(std::max(1u, eye.height)),
                                              g.kind == session::AreaKind::cue, g.source == session::GazeSource::eyes};
            }
        }
        m_runner.gaze(g);
    }

    // The resident: the craving prompt and "I need a break".
    const session::Controller& controller = m_runner.controller();
    session::CravingPrompt::Output answer = m_prompt.update(to_prompt_input(f.input), controller.prompt_pending(), now);
    if (answer.need_break) {
        command(session::CommandKind::calm_room, "app.session.reason_resident_break", session::CommandSource::resident);
    }
    if (answer.rating) {
        session::ReportResult r = m_runner.report({st, *answer.rating, session::ReportSource::headset});
        if (!r.accepted) m_prompt.not_taken();
    }
    for (const live::Acknowledgement& a : m_runner.take_acknowledgements()) {
        m_prompt.acknowledged(a.rating, now);
        ++m_reports_saved;
    }
    // While the records cannot be written the resident is told so instead of being asked (exposure
    // is paused meanwhile: a rating now could not be kept).
    if (m_prompt_panel) {
        player.set_seat_overlays(m_runner.storage().fault != store::WriteFault::none
                                     ? m_prompt_panel->cannot_save_quads()
                                     : m_prompt_panel->quads(m_prompt.view(now)));
    }

    // The display: when the resident stops seeing the scene (headset off or gone), pause the
    // exposure; when they see it again, carry on.
    if (f.rendering) {
        m_dark_since = -1.0;
        if (m_shown_since < 0.0) m_shown_since = now;
        if (m_auto_paused && now - m_shown_since >= k_back_after_s) {
            m_runner.record_app_event(st, live::k_display_back_type, {{"state", m_display.state()}});
            say(std::string(app::tr("app.session.display_back", lang)));
            command(session::CommandKind::resume, "app.session.reason_display_back", session::CommandSource::therapist);
            m_auto_paused = false;
        }
        m_dark_handled = false;
    } else {
        m_shown_since = -1.0;
        if (m_dark_since < 0.0) m_dark_since = now;
        if (!m_dark_handled && now - m_dark_since >= k_dark_after_s) {
            m_dark_handled = true;
            m_runner.record_app_event(st, live::k_display_lost_type, {{"state", m_display.state()}});
            say(app::trf("app.session.display_lost", lang, fmt::arg("state", m_display.state())));
            if (session::is_exposed(controller.state()) || controller.state() == session::State::baseline) {
                m_auto_paused = command(session::CommandKind::pause, "app.session.reason_display_lost",
                                        session::CommandSource::therapist)
                                    .accepted;
            }
        }
    }

    // What to show.
    t = controller.target();
    const session::Protocol& protocol = controller.protocol();
    if (controller.step() != m_last_step) {
        m_last_step = controller.step();
        // The next step's scene loads in the background (the first one during the baseline),
        // so a step up never waits.
        if (m_last_step + 1 < protocol.step_count()) m_scenes.request(protocol.ladder[std::size_t(m_last_step + 1)].scene);
    }
    if (now - m_last_title >= 0.5) {
        // The full snapshot only twice a second: the title is all that needs it.
        m_last_title = now;
        session::Snapshot snap = controller.snapshot();
        std::string status = app::trf(
            "app.session.title", lang, fmt::arg("resident", m_resident), fmt::arg("state", state_text(snap.state, lang)),
            fmt::arg("step", std::max(snap.step, 0) + 1), fmt::arg("steps", snap.step_count),
            fmt::arg("remaining", std::lround(std::max(0.0, snap.remaining_s) / 60)));
        if (snap.prompt_pending) status += " · " + std::string(app::tr("app.session.title_prompt", lang));
        m_display.set_status(status);
    }
    if (m_prompt_up_since < 0.0 && m_prompt.view(now).kind == session::PromptView::Kind::asking) m_prompt_up_since = now;
}

namespace {

// What a session on a display keeps across GPU lives: the terminal, the shared result, the
// display-time clock carried over a rebuild.
struct ViewRun {
    const SessionViewOptions& o;
    live::SessionRunner& runner;
    ConsoleInput console;
    SessionViewResult result;
    bool shot_taken;
    double clock_offset = 0.0; // display seconds shown by earlier GPU lives
    double last_seconds = 0.0; // the session's display clock at the last frame
};

// One GPU life: the view stack on `display`'s device, the scene player and prompt, the frame
// loop until the session closes, the therapist ends it, the display quits or the GPU is lost.
stage::FrameLoopResult show_on(xr::Display& display, ViewRun& run) {
    const SessionViewOptions& o = run.o;
    const core::Lang lang = o.lang;
    live::SessionRunner& runner = run.runner;
    stage::ViewStack view(display, o.view);
    say(fmt::format("sound: {}", view.sound.status()));

    // On a headset the runtime gets frames (the calm colour) while the calm room loads.
    stage::ScenePlayer player(view.renderer, view.scenes, &view.sound,
                              display.kind() == xr::DisplayKind::openxr ? stage::ScenePlayer::Start::at_once
                                                                        : stage::ScenePlayer::Start::calm_room_loaded);
    // Without the font the resident still answers (keys, or the therapist enters what they say);
    // the session goes on with the problem stated.
    std::optional<stage::PromptPanel> panel;
    try {
        panel.emplace(view.renderer, ui::Font::load_cjk(), lang);
    } catch (const core::Error& e) {
        core::log_error("app", "the craving prompt cannot be shown in the headset: {}", core::describe(e));
    }
    LiveSession live(display, runner, view, panel ? &*panel : nullptr, lang, o.resident, o.speed, o.gaze_script);
    auto command = [&](session::CommandKind kind, std::string reason, session::CommandSource source) {
        return runner.submit({kind, std::move(reason), source});
    };
    const std::string from_console(app::tr("app.session.reason_console", lang));
    SessionViewResult& result = run.result;

    stage::FrameLoopResult loop = stage::run_frame_loop(display, view.renderer, player, [&](const stage::FrameContext& f, session::Target& t) {
        const double now = run.clock_offset + f.seconds;
        run.last_seconds = now;
        const double st = now * o.speed; // session seconds
        runner.tick(st);
        if (std::string news = runner.take_storage_news(lang); !news.empty()) say(news);

        // The therapist: the terminal and the stop signal.
        if (stop_requested()) result.ended_now = true;
        for (const std::string& line : run.console.poll()) {
            auto c = parse_console_command(line);
            if (!c) {
                if (!line.empty()) say(std::string(app::tr("app.session.console_help", lang)));
                continue;
            }
            using C = ConsoleCommand;
            using K = session::CommandKind;
            const auto therapist = session::CommandSource::therapist;
            switch (*c) {
            case C::end_now: result.ended_now = true; break;
            case C::calm_room: command(K::calm_room, from_console, therapist); break;
            case C::leave_calm: command(K::leave_calm, from_console, therapist); break;
            case C::pause_resume:
                command(runner.controller().state() == session::State::paused ? K::resume : K::pause, from_console,
                        therapist);
                live.therapist_paused_or_resumed();
                break;
            case C::level_up: command(K::level_up, from_console, therapist); break;
            case C::level_down: command(K::level_down, from_console, therapist); break;
            case C::prompt_now: command(K::prompt_now, from_console, therapist); break;
            case C::help: say(std::string(app::tr("app.session.console_help", lang))); break;
            }
        }

        stage::FrameContext seen = f;
        seen.seconds = now;
        live.frame(seen, st, player, t);

        bool shot_due = o.screenshot_at >= 0.0
                            ? st >= o.screenshot_at
                            : live.prompt_shown_since() >= 0.0 && now - live.prompt_shown_since() >= 1.0;
        if (!run.shot_taken && shot_due && f.rendering) {
            run.shot_taken = true;
            if (!display.request_screenshot(o.screenshot)) say("screenshot: this display has no window to capture");
        }
        if (display.quit_requested()) result.ended_now = true;
        return !runner.closed() && !result.ended_now && !runner.storage().given_up;
    }, view.loop);
    record_display_frames(runner, display);
    result.reports_saved += live.reports_saved();
    result.validation_messages += display.context().validation_message_count();
    say(fmt::format("frames: {}", display.stats().summary()));
    return loop;
}

} // namespace

SessionViewResult run_session_view(std::unique_ptr<xr::Display>& display, const xr::DisplayOptions& reopen,
                                   live::SessionRunner& runner, const SessionViewOptions& o) {
    const core::Lang lang = o.lang;
    core::set_current_lang(lang); // narration and captions follow the session's language
    install_stop_handlers();
    say(std::string(app::tr("app.session.console_help", lang)));
    runner.on_event([&](const session::Event& e) {
        if (worth_printing(e.kind)) say(fmt::format("[{}] {}", core::clock_text(e.t), e.text(lang)));
    });

    ViewRun run{o, runner, {}, {}, o.screenshot.empty()};
    // When the GPU is lost the session goes on in the records; the resident sees nothing until a
    // new device shows the calm colour and the scene fades back in. A display that cannot be
    // rebuilt (or loses its GPU again and again) ends the session there, resumable.
    stage::GpuLives lives;
    bool paused_for_rebuild = false;
    lives.wanted = [&] { return !runner.closed() && !run.result.ended_now && !runner.storage().given_up; };
    lives.lost = [&](const std::string& why) {
        say(app::trf("app.session.gpu_lost", lang, fmt::arg("why", why)));
        paused_for_rebuild = pause_for_rebuild(runner, lang);
    };
    lives.reopened = [&](const std::string& why, const std::string& problem) {
        record_device_lost(runner, why, problem);
        if (problem.empty() && paused_for_rebuild) resume_after_rebuild(runner, lang);
        if (!problem.empty()) {
            say(app::trf("app.session.gpu_not_rebuilt", lang, fmt::arg("why", problem)));
            return;
        }
        run.clock_offset = run.last_seconds;
        say(app::trf("app.session.gpu_rebuilt", lang, fmt::arg("display", display->name())));
    };
    stage::GpuLivesResult shown =
        stage::run_gpu_lives(display, reopen, [&](xr::Display& d) { return show_on(d, run); }, lives);
    run.result.stop_reason = shown.last.stop_reason;
    run.result.device_lost = shown.last.device_lost;
    run.result.gpu_rebuilds = shown.rebuilds;

    if (run.result.ended_now && !runner.closed()) {
        runner.record_app_event(runner.controller().now(), live::k_ended_now_type,
                                {{"state", std::string(session::to_string(runner.controller().state()))}});
    }
    runner.on_event(nullptr);
    return run.result;
}

} // namespace qx::app
