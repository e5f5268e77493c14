// qingxing run: whole courses faster than real time, answered by a simulated resident or replayed
// from scripted reports (one CSV file per session); prints outcome metrics, optionally as JSON,
// and writes a report. Nothing is recorded in the records database.
#include "app/cli.h"
#include "app/cli_options.h"
#include "app/modes.h"
#include "app/report_data.h"
#include "app/strings.h"
#include "core/platform.h"
#include "core/error.h"
#include "core/file.h"
#include "core/i18n.h"
#include "scene/scene_library.h"
#include "session/report_csv.h"
#include "session/simulation.h"
#include "ui/font.h"
#include "ui/report_writer.h"

#include <cstdio>
#include <memory>

namespace qx::app {
namespace {

struct RunOptions {
    bool headless = false;
    std::string model;
    std::vector<std::string> reports;
    std::string protocol = "meth-standard";
    int sessions = 0; // 0: the protocol's course length
    std::uint64_t seed = 1;
    std::string out;
    std::string lang = "zh-CN";
    bool json = false;
};

std::string step_text(int step) {
    return step >= 0 ? std::to_string(step + 1) : std::string("—");
}

void print_summary(const ui::ReportData& data, const session::Protocol& protocol, core::Lang lang) {
    std::printf("%s\n", app::trf("app.run.header", lang, fmt::arg("protocol", protocol.title.in(lang)),
                                  fmt::arg("source", data.source), fmt::arg("sessions", data.sessions.size()))
                            .c_str());
    for (const ui::ReportSession& s : data.sessions) {
        const session::SessionOutcome& o = s.outcome;
        std::printf(
            "%s\n",
            app::trf(
                "app.run.session_line", lang, fmt::arg("number", s.number),
                fmt::arg("start", step_text(o.start_step)), fmt::arg("end", step_text(o.end_step)),
                fmt::arg("tonic", ui::format_value(o.tonic)), fmt::arg("peak", ui::format_value(o.peak)),
                fmt::arg("under", step_text(o.highest_step_under_ceiling)),
                fmt::arg("final", ui::format_value(o.final_craving)), fmt::arg("calm", o.calm_room_entries),
                fmt::arg("safety", o.safety_decisions), fmt::arg("missed", o.missed_prompts))
                .c_str());
    }
    const session::CourseOutcome& c = data.course;
    if (c.headline && c.craving_reduction_pct) {
        const auto& h = *c.headline;
        std::printf("%s\n", app::trf("report.chart.course_summary", lang,
                                      fmt::arg("pct", ui::format_value(c.craving_reduction_pct)),
                                      fmt::arg("step", h.step + 1), fmt::arg("first", h.first_session + 1),
                                      fmt::arg("first_peak", ui::format_value(h.first_peak)),
                                      fmt::arg("latest", h.latest_session + 1),
                                      fmt::arg("latest_peak", ui::format_value(h.latest_peak)))
                                .c_str());
    } else {
        std::printf("%s\n", std::string(app::tr("report.chart.course_no_comparison", lang)).c_str());
    }
    std::printf("%s\n", app::trf(c.first_session_top_under_ceiling >= 0 ? "app.run.highest"
                                                                         : "app.run.highest_never",
                                  lang, fmt::arg("under", step_text(c.highest_step_under_ceiling)),
                                  fmt::arg("first", c.first_session_top_under_ceiling + 1))
                            .c_str());
}

core::Json decisions_json(const ui::ReportSession& s) {
    core::Json out = core::Json::array();
    for (const session::Event& e : s.events) {
        using session::EventKind;
        if (e.kind == EventKind::decision || e.kind == EventKind::override_rule ||
            e.kind == EventKind::alert) {
            out.push_back(session::to_json(e, true));
        }
    }
    return out;
}

int run_courses(const RunOptions& o) {
    const core::Lang lang = core::parse_lang(o.lang).value_or(core::Lang::zh_CN);
    if (o.model.empty() == o.reports.empty()) {
        std::fprintf(stderr, "qingxing run: give either --resident-model NAME or --reports FILE.csv...\n");
        return k_exit_usage;
    }
    if (std::string problem = out_option_problem(o.out, lang); !problem.empty()) {
        std::fprintf(stderr, "qingxing run: %s\n", problem.c_str());
        return k_exit_usage;
    }
    session::Protocol protocol =
        session::load_protocol_or_throw(session::protocol_path(o.protocol), scene::list_scenes());
    session::CourseRun course;
    std::string resident, source;
    if (!o.model.empty()) {
        int sessions = o.sessions > 0 ? o.sessions : protocol.course_sessions;
        course = session::simulate_course(protocol, session::resident_profile(o.model), o.seed, sessions);
        resident = fmt::format("{} (seed {})", o.model, o.seed);
        source =
            app::trf("app.run.model_source", lang, fmt::arg("model", o.model), fmt::arg("seed", o.seed));
    } else {
        // Read every file before running any, so all problems are listed together.
        core::Diagnostics diag;
        std::vector<std::vector<session::CravingReport>> scripts;
        for (const std::string& file : o.reports) scripts.push_back(session::load_report_csv(core::utf8_path(file), diag));
        if (!diag.ok()) {
            for (const core::Problem& p : diag.problems())
                std::fprintf(stderr, "%s\n", p.to_string().c_str());
            return k_exit_failure;
        }
        std::vector<session::SessionOutcome> outcomes;
        int start = 0;
        for (auto& script : scripts) {
            session::ScriptedReports replay(std::move(script));
            course.sessions.push_back(session::simulate_session(protocol, replay, {start, 0, false}));
            const session::SessionRun& run = course.sessions.back();
            outcomes.push_back(run.outcome);
            start = session::next_start_step(protocol, run.start_step, run.outcome.safe_step);
        }
        course.outcome = session::summarize_course(protocol, outcomes);
        std::string files;
        for (const std::string& f : o.reports)
            files += (files.empty() ? "" : ", ") + core::display_path(f);
        resident = "replay";
        source = app::trf("app.run.replay_source", lang, fmt::arg("files", files));
    }

    ui::ReportData data = report_data_from_course(protocol, course, resident, source);
    if (o.json) {
        core::Json j = {{"protocol", protocol.id},
                        {"source", source},
                        {"sessions", core::Json::array()},
                        {"course", ui::course_to_json(data.course)}};
        for (const ui::ReportSession& s : data.sessions) {
            j["sessions"].push_back({{"number", s.number},
                                     {"outcome", ui::outcome_to_json(s.outcome)},
                                     {"decisions", decisions_json(s)}});
        }
        std::printf("%s\n", j.dump(1).c_str());
    } else {
        print_summary(data, protocol, lang);
    }
    if (!o.out.empty()) {
        ui::ReportFiles files = ui::write_report(data, core::utf8_path(o.out), lang, ui::Font::load_cjk());
        std::fprintf(
            o.json ? stderr : stdout, "%s\n",
            app::trf("app.session.report_at", lang, fmt::arg("path", core::display_path(files.html)))
                .c_str());
    }
    return k_exit_ok;
}

} // namespace

ModeMain add_run_mode(CLI::App& sub) {
    auto o = std::make_shared<RunOptions>();
    sub.add_flag("--headless", o->headless, "run without a display (the only way `run` works)");
    auto* model = add_resident_model_option(sub, o->model, "the simulated resident");
    sub.add_option("--reports", o->reports, "replay: one CSV per session (seconds,rating[,source])")
        ->excludes(model);
    sub.add_option("--protocol", o->protocol, "protocol name in scenes/protocols, or a .json path")
        ->capture_default_str();
    sub.add_option("--sessions", o->sessions, "simulated sessions in the course (default: the protocol's)")
        ->check(CLI::Range(1, 100));
    sub.add_option("--seed", o->seed, "the simulated resident's seed")->capture_default_str();
    sub.add_option("--out", o->out, "write a report (charts, CSV, JSON, HTML) into this folder");
    add_lang_option(sub, o->lang);
    sub.add_flag("--json", o->json, "print decisions and metrics as JSON");
    return [o] { return run_courses(*o); };
}

} // namespace qx::app
