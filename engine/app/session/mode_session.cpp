// qingxing session: one exposure session for a resident, recorded as it happens. In a headset or
// a desktop window the frame loop runs it (app/session_view.h) and the resident answers; with no
// display, a simulated resident answers in accelerated, fixed-tick time.
#include "app/cli.h"
#include "app/cli_options.h"
#include "app/console_control.h"
#include "app/records_unlock.h"
#include "app/strings.h"
#include "stage/frame_loop.h"
#include "app/modes.h"
#include "app/report_data.h"
#include "live/session_host.h"
#include "app/session/session_view.h"
#include "session/simulated_respondent.h"
#include "core/platform.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/log.h"
#include "scene/scene_library.h"
#include "store/recorder.h"
#include "store/resident_code.h"
#include "ui/font.h"
#include "ui/report_writer.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

namespace qx::app {
namespace {

struct SessionOptions {
    std::string resident;
    std::string protocol = "meth-standard";
    std::string display = "auto";
    std::string model = "habituating";
    bool model_given = false; // on a display: a simulated resident answers instead of a person
    std::uint64_t seed = 1;
    std::string db;
    std::string secret_file;
    std::string out;
    std::string heart_rate; // --heart-rate
    std::string gaze_script; // --gaze-script
    std::string lang = "zh-CN";
    double speed = 0; // times real time; 0 = as fast as the machine goes
    double tick_hz = 90;
    bool print_reports = false;
    std::optional<std::int64_t> resume;
    std::optional<std::int64_t> close;
    stage::ViewOptions view;
    std::string screenshot;
    double screenshot_at = -1;
    std::uint32_t width = 1024, height = 1024;
};

// Counts reports that are now safely on disk (and prints each with --print-reports).
void take_acks(const SessionOptions& o, live::SessionRunner& runner, int& acknowledged) {
    for (const live::Acknowledgement& a : runner.take_acknowledgements()) {
        ++acknowledged;
        if (o.print_reports) {
            say(fmt::format("ack session={} seq={} t={:.3f} rating={:g}", runner.session_id(), a.seq, a.t, a.rating));
        }
    }
}

// No display: the simulated resident answers in fixed ticks, as fast as the machine goes (or
// `--speed` times real time). Ctrl-C ends it with its records kept.
void run_headless(const SessionOptions& o, live::SessionRunner& runner, const session::Protocol& protocol,
                  int& acknowledged) {
    install_stop_handlers();
    const double dt = 1.0 / o.tick_hz;
    const double limit = protocol.session_length_s + protocol.calm_room.max_s + protocol.cool_down.max_s + 600;
    const auto wall_start = std::chrono::steady_clock::now();
    const core::Lang lang = core::parse_lang(o.lang).value_or(core::Lang::zh_CN);
    for (long frame = 1; !runner.closed() && !stop_requested() && !runner.storage().given_up && frame * dt < limit;
         ++frame) {
        const double t = frame * dt;
        runner.tick(t);
        if (std::string news = runner.take_storage_news(lang); !news.empty()) say(news);
        take_acks(o, runner, acknowledged);
        if (o.speed > 0) {
            std::this_thread::sleep_until(wall_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                           std::chrono::duration<double>(t / o.speed)));
        }
    }
}

int run_session(const SessionOptions& o) {
    const core::Lang lang = core::parse_lang(o.lang).value_or(core::Lang::zh_CN);
    if (std::string problem = store::resident_code_problem(o.resident); !problem.empty()) {
        std::fprintf(stderr, "qingxing session: %s\n", problem.c_str());
        return k_exit_usage;
    }
    for (const std::string& problem : {db_option_problem(o.db, lang), out_option_problem(o.out, lang),
                                       heart_rate_option_problem(o.heart_rate, lang)}) {
        if (problem.empty()) continue;
        std::fprintf(stderr, "qingxing session: %s\n", problem.c_str());
        return k_exit_usage;
    }
    std::optional<stage::GazeScript> gaze_script;
    if (!o.gaze_script.empty()) {
        try {
            gaze_script = stage::load_gaze_script(core::utf8_path(o.gaze_script));
        } catch (const core::Error& e) {
            std::fprintf(stderr, "qingxing session: %s\n", e.what());
            return k_exit_usage;
        }
    }
    // The records first: the secret may be typed at this terminal before any window opens.
    const std::filesystem::path db = o.db.empty() ? store::Store::default_path() : core::utf8_path(o.db);
    Unlocked unlocked = unlock_records(db, o.secret_file, lang);
    if (!unlocked.records) {
        std::fprintf(stderr, "qingxing session: %s\n", unlocked.problem.c_str());
        return k_exit_records;
    }
    // A headset, else a desktop window, else headless (each fallback says why).
    std::unique_ptr<xr::Display> display;
    xr::DisplayOptions d;
    d.kind = xr::parse_display_kind(o.display);
    d.lang = lang;
    d.window_title = "Qingxing 清醒";
    d.eye_width = o.width;
    d.eye_height = o.height;
    if (o.display != "headless" && !o.close) display = stage::open_visible_display(d, lang);
    if (display) d.kind = display->kind(); // a lost GPU is rebuilt on the same kind of display
    if (display) {
        say(app::trf("app.session.display", lang, fmt::arg("name", display->name())));
        say(o.model_given ? app::trf("app.session.answered_by_model", lang, fmt::arg("model", o.model))
                          : std::string(app::tr("app.session.answered_by_person", lang)));
    } else if (!o.close) {
        say(app::trf("app.session.headless", lang, fmt::arg("model", o.model)));
    }

    std::vector<std::string> scenes = scene::list_scenes();
    std::filesystem::path protocol_file = session::protocol_path(o.protocol);
    live::SessionRequest request;
    request.resident = o.resident;
    request.protocol = std::make_shared<const session::Protocol>(session::load_protocol_or_throw(protocol_file, scenes));
    request.protocol_json = core::read_text_file(protocol_file);
    request.display = display ? std::string(xr::to_string(display->kind())) : "headless";
    if (!display || o.model_given) request.respondent_model = o.model;
    request.seed = o.seed;
    request.heart_rate = o.heart_rate;
    const session::Protocol& protocol = *request.protocol;
    auto recorder_owner = open_unlocked(unlocked, [](const store::RecordsFile& r) { return std::make_unique<store::Recorder>(r); });
    store::Recorder& recorder = *recorder_owner;
    for (const std::string& line : encryption_notices(db, recorder.encrypted_backup(), lang)) say(line);
    if (std::string low = live::low_space_warning(db, lang); !low.empty()) say(low);
    // Every interrupted session of this resident, whichever process found it interrupted (another
    // resident's session or a report may have opened the records first).
    std::vector<store::SessionRecord> interrupted;
    recorder.run_on_store([&](store::Store& s) { interrupted = s.interrupted_sessions(o.resident); });
    for (const store::SessionRecord& r : interrupted) {
        if (o.resume == r.id || o.close == r.id) continue;
        say(app::trf("app.session.interrupted", lang, fmt::arg("resident", r.resident_code),
                      fmt::arg("id", r.id), fmt::arg("step", r.current_step + 1),
                      fmt::arg("minutes", std::lround(r.elapsed_s / 60))));
    }
    if (o.close) {
        recorder.run_on_store([&](store::Store& s) { live::close_interrupted_session(s, *o.close, o.resident); });
        say(app::trf("app.session.closed_interrupted", lang, fmt::arg("id", *o.close)));
        return k_exit_ok;
    }

    // A new session where the resident's course stands, or the interrupted one where it stopped.
    live::SessionPlan plan;
    recorder.run_on_store([&](store::Store& s) {
        plan = o.resume ? live::plan_resumed_session(s, *o.resume, request) : live::plan_new_session(s, request);
    });
    if (plan.resumed) {
        say(app::trf("app.session.resumed", lang, fmt::arg("id", plan.record.id),
                      fmt::arg("step", plan.record.current_step + 1)));
    } else {
        say(app::trf("app.session.started", lang, fmt::arg("number", plan.course.previous + 1),
                      fmt::arg("resident", o.resident), fmt::arg("protocol", protocol.title.in(lang)),
                      fmt::arg("step", plan.course.start_step + 1), fmt::arg("id", plan.start.session_id)));
    }
    live::RunnerOptions runner_options;
    runner_options.lang = lang;
    std::unique_ptr<live::SessionRunner> live_session = live::start_session(recorder, request, plan, runner_options);
    recorder.run_on_store([&](store::Store& s) {
        s.audit(std::nullopt, "session_started", o.resident, fmt::format("session {} from the terminal", plan.start.session_id));
    });
    live::SessionRunner& runner = *live_session;
    int acknowledged = 0;
    bool ended_now = false;
    bool failed = false;
    if (display) {
        SessionViewOptions v;
        v.lang = lang;
        v.resident = o.resident;
        v.speed = o.speed > 0 ? o.speed : 1.0;
        v.view = o.view;
        v.screenshot = o.screenshot;
        v.screenshot_at = o.screenshot_at;
        v.gaze_script = gaze_script;
        SessionViewResult shown = run_session_view(display, d, runner, v);
        acknowledged = shown.reports_saved;
        ended_now = shown.ended_now;
        if (shown.validation_messages > 0) {
            say(fmt::format("vulkan validation: {} problem(s)", shown.validation_messages));
            failed = true;
        }
        if (shown.device_lost) failed = true;
        if (!shown.stop_reason.empty()) say(fmt::format("stopped: {}", shown.stop_reason));
    } else {
        run_headless(o, runner, protocol, acknowledged);
        ended_now = stop_requested();
    }
    runner.finish();
    take_acks(o, runner, acknowledged);

    store::FrameTimingSummary frames = runner.frame_timing();
    core::log_info("session",
                   "session {}: {} frames, mean {:.4f} ms, p99 {:.4f} ms, max {:.3f} ms of CPU per frame",
                   runner.session_id(), frames.frames, frames.mean_ms.value_or(0), frames.p99_ms.value_or(0),
                   frames.max_ms.value_or(0));
    store::RecorderStats stats = recorder.stats();
    core::log_info(
        "session", "records: {} in {} commits, last commit {:.2f} ms, slowest {:.2f} ms, {} refused",
        stats.records, stats.commits, stats.last_commit_ms, stats.max_commit_ms, stats.rejected_records);

    // The report, from the records (what was written is what is reported).
    std::filesystem::path out =
        o.out.empty() ? core::reports_dir() / o.resident : core::utf8_path(o.out);
    ui::ReportData data;
    // The records are safe whatever happens to the report; a report that cannot be made says
    // why and how to make it later.
    std::optional<ui::ReportFiles> files;
    try {
        {
            store::Store reader(*unlocked.records);
            data = report_data_from_store(reader, o.resident);
        }
        files = ui::write_report(data, out, lang, ui::Font::load_cjk());
    } catch (const std::exception& e) {
        core::log_error("session", "the report could not be written: {}", core::describe(e));
        say(app::trf("app.session.report_failed", lang, fmt::arg("why", core::describe(e)),
                      fmt::arg("resident", o.resident)));
        failed = true;
    }

    const session::SessionOutcome* outcome = nullptr;
    for (const ui::ReportSession& s : data.sessions) {
        if (s.id == runner.session_id()) outcome = &s.outcome;
    }
    // "All saved" only when it is true: every report taken is on disk and nothing is left unwritten.
    const bool all_saved = runner.unacknowledged() == 0 && !runner.storage().given_up && !recorder.failure();
    if (!all_saved) {
        failed = true;
        say(app::trf("app.session.not_all_saved", lang, fmt::arg("saved", acknowledged),
                      fmt::arg("reports", runner.reports_taken()),
                      fmt::arg("problem", live::describe_fault(recorder.fault(), lang)),
                      fmt::arg("id", runner.session_id())));
    } else if (outcome) {
        auto step_text = [](int s) { return s >= 0 ? std::to_string(s + 1) : std::string("—"); };
        say(app::trf(
            "app.session.done", lang, fmt::arg("minutes", ui::format_value(outcome->duration_s / 60)),
            fmt::arg("reports", acknowledged), fmt::arg("highest", step_text(outcome->highest_step_reached)),
            fmt::arg("under", step_text(outcome->highest_step_under_ceiling)),
            fmt::arg("final", ui::format_value(outcome->final_craving))));
    }
    say(app::trf("app.session.record_at", lang, fmt::arg("path", core::display_path(db)),
                  fmt::arg("id", runner.session_id())));
    if (files) say(app::trf("app.session.report_at", lang, fmt::arg("path", core::display_path(files->html))));
    if (!runner.closed() && all_saved) say(app::trf("app.session.ended_now", lang, fmt::arg("id", runner.session_id())));
    if (failed) return k_exit_failure;
    // Ended early on request is what was asked for; ended early otherwise (display closed, time
    // limit) is a failure to finish.
    return runner.closed() || ended_now ? k_exit_ok : k_exit_failure;
}

} // namespace

ModeMain add_session_mode(CLI::App& sub) {
    auto o = std::make_shared<SessionOptions>();
    sub.add_option("--resident", o->resident, "the resident's code, e.g. R-0007")->required();
    sub.add_option("--protocol", o->protocol, "protocol name in scenes/protocols, or a .json path")
        ->capture_default_str();
    add_display_option(sub, o->display, true);
    auto* model = add_resident_model_option(sub, o->model,
                                            "the simulated resident who answers; headless always has one, on a "
                                            "display a person answers unless this is given")
                      ->capture_default_str();
    model->each([o](const std::string&) { o->model_given = true; });
    sub.add_option("--seed", o->seed, "the simulated resident's seed")->capture_default_str();
    add_heart_rate_option(sub, o->heart_rate);
    sub.add_option("--gaze-script", o->gaze_script,
                   "display: a scripted gaze in place of the headset's (CSV lines from_s,to_s,target: an area of "
                   "interest's id, 'ahead' or 'none'), for tests and demonstrations");
    sub.add_option("--db", o->db, "records database (default: <data folder>/qingxing.db)");
    add_secret_option(sub, o->secret_file);
    sub.add_option("--out", o->out, "report folder (default: <data folder>/reports/<resident>; Windows: Documents\\Qingxing\\<resident>)");
    add_lang_option(sub, o->lang);
    sub.add_option("--speed", o->speed,
                   "session seconds per real second (headless 0: as fast as possible; on a display 0 means 1)")
        ->check(finite_number())
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    sub.add_option("--tick-hz", o->tick_hz, "headless: frames per session second")
        ->check(finite_number())
        ->check(CLI::Range(1.0, 1000.0))
        ->capture_default_str();
    add_view_options(sub, o->view);
    sub.add_option("--screenshot", o->screenshot, "display: save what the window shows to this PNG");
    sub.add_option("--screenshot-at", o->screenshot_at,
                   "display: session seconds at which to take it (default: once the first craving prompt is up)")
        ->check(finite_number());
    add_eye_size_options(sub, o->width, o->height);
    sub.add_flag("--print-reports", o->print_reports,
                 "print a line as each craving report is safely recorded");
    auto* resume = sub.add_option("--resume", o->resume, "continue an interrupted session (its record id)");
    sub.add_option("--close", o->close, "close an interrupted session without resuming it (its record id)")
        ->excludes(resume);
    return [o] { return run_session(*o); };
}

} // namespace qx::app
