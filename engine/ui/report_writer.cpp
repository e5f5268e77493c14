// The report's files: charts, CSV and JSON of every event; the page itself is report_html.cpp.
#include "ui/report_writer.h"

#include "scene/image.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "ui/chart.h"
#include "ui/strings.h"

#include <cmath>
#include <fmt/format.h>

namespace qx::ui {
namespace fs = std::filesystem;
namespace {

// RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string session_subtitle(const ReportSession& s, core::Lang lang) {
    const session::SessionOutcome& o = s.outcome;
    return ui::trf("report.chart.session_summary", lang, fmt::arg("protocol", s.protocol->title.in(lang)),
                     fmt::arg("tonic", format_value(o.tonic)), fmt::arg("peak", format_value(o.peak)),
                     fmt::arg("under", o.highest_step_under_ceiling >= 0
                                           ? std::to_string(o.highest_step_under_ceiling + 1)
                                           : std::string("—")),
                     fmt::arg("final", format_value(o.final_craving)));
}

std::string event_text(const ExportRecord& r, core::Lang lang) {
    const core::Json* text =
        r.payload.is_object() && r.payload.contains("text") ? &r.payload["text"] : nullptr;
    if (!text || !text->is_object()) return {};
    const char* code = lang == core::Lang::zh_CN ? "zh-CN" : "en";
    return text->contains(code) && (*text)[code].is_string() ? (*text)[code].get<std::string>()
                                                             : std::string();
}

// What the chart draws of each reading: its rate, or a gap off the skin or out of range.
std::vector<HeartPoint> heart_points(std::span<const sensors::HeartRateSample> readings) {
    std::vector<HeartPoint> out;
    out.reserve(readings.size());
    for (const sensors::HeartRateSample& r : readings) {
        const auto& m = r.measurement;
        const bool usable = m.contact != sensors::Contact::lost && m.bpm >= 30 && m.bpm <= 220;
        out.push_back({r.seconds, usable ? double(m.bpm) : 0.0});
    }
    return out;
}

// Every reading of every session, as its sensor sent it: the beat intervals space-separated.
std::string heart_csv(const ReportData& data) {
    std::string csv;
    for (const ReportSession& s : data.sessions) {
        for (const sensors::HeartRateSample& r : s.heart) {
            std::string rr;
            for (std::size_t i = 0; i < r.measurement.rr_count; ++i)
                rr += fmt::format("{}{:.1f}", i ? " " : "", r.measurement.rr_ms(i));
            csv += fmt::format("{},{},{:.3f},{},{},{}\r\n", s.number, s.id, r.seconds, r.measurement.bpm,
                               sensors::to_string(r.measurement.contact), rr);
        }
    }
    if (csv.empty()) return csv;
    return "session,session_id,t_s,bpm,contact,rr_ms\r\n" + csv;
}

// Every frame of every session that has them: the head's pose, the gaze ray, the area it hit and
// the cue level shown, on the session clock the events use.
std::string frames_csv(const ReportData& data) {
    std::string csv;
    for (const ReportSession& s : data.sessions) {
        for (const session::GazeSample& f : s.gaze_frames) {
            csv += fmt::format("{},{},{:.4f},{},{:.3f},{:.3f},{:.3f},{:.4f},{:.4f},{:.4f},{:.4f},{:.3f},{:.3f},{:.3f},"
                               "{:.4f},{:.4f},{:.4f},{},{},{},{:.2f}\r\n",
                               s.number, s.id, f.t, session::to_string(f.source), f.head_position[0],
                               f.head_position[1], f.head_position[2], f.head_orientation[0], f.head_orientation[1],
                               f.head_orientation[2], f.head_orientation[3], f.gaze_origin[0], f.gaze_origin[1],
                               f.gaze_origin[2], f.gaze_direction[0], f.gaze_direction[1], f.gaze_direction[2],
                               csv_field(f.area), f.area.empty() ? std::string_view() : session::to_string(f.kind), f.level,
                               f.intensity);
        }
    }
    if (csv.empty()) return csv;
    return "session,session_id,t_s,gaze_source,head_x,head_y,head_z,head_qx,head_qy,head_qz,head_qw,gaze_x,gaze_y,"
           "gaze_z,gaze_dx,gaze_dy,gaze_dz,area,area_kind,cue_level,intensity\r\n" +
           csv;
}

} // namespace

core::Json outcome_to_json(const session::SessionOutcome& o) {
    auto opt = [](std::optional<double> v) { return v ? core::Json(*v) : core::Json(nullptr); };
    core::Json steps = core::Json::array();
    for (const session::StepOutcome& s : o.steps) {
        steps.push_back({{"step", s.step + 1},
                         {"peak", opt(s.peak)},
                         {"time_to_habituate_s", opt(s.time_to_habituate_s)},
                         {"reports", s.reports},
                         {"exposure_s", s.exposure_s},
                         {"hr_mean_bpm", opt(s.hr_mean_bpm)},
                         {"hr_peak_bpm", opt(s.hr_peak_bpm)},
                         {"hr_mean_rise_bpm", opt(s.hr_mean_rise_bpm)},
                         {"hr_peak_rise_bpm", opt(s.hr_peak_rise_bpm)},
                         {"hr_rmssd_ms", opt(s.hr_rmssd_ms)},
                         {"gaze_cue_s", opt(s.gaze_cue_s)},
                         {"gaze_neutral_s", opt(s.gaze_neutral_s)},
                         {"gaze_cue_share", opt(s.gaze_cue_share)},
                         {"gaze_first_cue_s", opt(s.gaze_first_cue_s)},
                         {"gaze_looks_away", s.gaze_looks_away ? core::Json(*s.gaze_looks_away) : core::Json(nullptr)}});
    }
    auto step_no = [](int s) { return s >= 0 ? core::Json(s + 1) : core::Json(nullptr); };
    return {{"tonic", opt(o.tonic)},
            {"steps", std::move(steps)},
            {"start_step", step_no(o.start_step)},
            {"end_step", step_no(o.end_step)},
            {"highest_step_reached", step_no(o.highest_step_reached)},
            {"highest_step_under_ceiling", step_no(o.highest_step_under_ceiling)},
            {"highest_step_habituated", step_no(o.safe_step)},
            {"peak", opt(o.peak)},
            {"final_craving", opt(o.final_craving)},
            {"closed", o.closed},
            {"closed_at_or_below_threshold", o.closed_at_or_below_threshold},
            {"reports", o.reports},
            {"late_reports", o.late_reports},
            {"rejected_reports", o.rejected_reports},
            {"prompts", o.prompts},
            {"missed_prompts", o.missed_prompts},
            {"calm_room_entries", o.calm_room_entries},
            {"safety_decisions", o.safety_decisions},
            {"overrides", o.overrides},
            {"alerts", o.alerts},
            {"exposure_s", o.exposure_s},
            {"duration_s", o.duration_s},
            {"hr_baseline_bpm", opt(o.hr_baseline_bpm)},
            {"hr_baseline_rmssd_ms", opt(o.hr_baseline_rmssd_ms)},
            {"hr_signal_losses", o.hr_signal_losses},
            {"gaze_source", o.gaze_source.empty() ? core::Json(nullptr) : core::Json(o.gaze_source)}};
}

core::Json course_to_json(const session::CourseOutcome& c) {
    auto opt = [](std::optional<double> v) { return v ? core::Json(*v) : core::Json(nullptr); };
    auto comparison = [&](const session::StepComparison& s) {
        return core::Json{{"step", s.step + 1},
                          {"first_session", s.first_session + 1},
                          {"latest_session", s.latest_session + 1},
                          {"first_peak", s.first_peak},
                          {"latest_peak", s.latest_peak},
                          {"first_cue_induced", opt(s.first_cue_induced)},
                          {"latest_cue_induced", opt(s.latest_cue_induced)},
                          {"first_hr_rise_bpm", opt(s.first_hr_rise)},
                          {"latest_hr_rise_bpm", opt(s.latest_hr_rise)},
                          {"first_cue_share", opt(s.first_cue_share)},
                          {"latest_cue_share", opt(s.latest_cue_share)}};
    };
    core::Json comparisons = core::Json::array();
    for (const auto& s : c.comparisons)
        comparisons.push_back(comparison(s));
    return {{"sessions", c.sessions},
            {"craving_reduction_pct", opt(c.craving_reduction_pct)},
            {"compared", c.headline ? comparison(*c.headline) : core::Json(nullptr)},
            {"comparisons", std::move(comparisons)},
            {"highest_step_under_ceiling", c.highest_step_under_ceiling >= 0
                                               ? core::Json(c.highest_step_under_ceiling + 1)
                                               : core::Json(nullptr)},
            {"first_session_top_step_under_ceiling", c.first_session_top_under_ceiling >= 0
                                                         ? core::Json(c.first_session_top_under_ceiling + 1)
                                                         : core::Json(nullptr)},
            {"first_tonic", opt(c.first_tonic)},
            {"latest_tonic", opt(c.latest_tonic)}};
}

std::string format_value(std::optional<double> value) {
    if (!value) return "—";
    double r = std::round(*value * 10) / 10;
    return fmt::format("{:g}", r == 0 ? 0.0 : r);
}

std::string format_date(std::int64_t unix_ms) {
    if (unix_ms <= 0) return "—";
    std::string s = core::format_iso8601(unix_ms).substr(0, 16); // "2026-11-22T11:06"
    s[10] = ' ';
    return s;
}

ExportRecord export_record(const session::Event& e) {
    return {static_cast<std::int64_t>(e.seq), e.t, std::string(session::to_string(e.kind)),
            session::to_json(e, true)};
}

void compute_outcomes(ReportData& data) {
    std::vector<session::SessionOutcome> course;
    for (ReportSession& s : data.sessions) {
        s.outcome = session::summarize_session(*s.protocol, s.events);
        s.in_course = data.protocol && s.protocol->id == data.protocol->id;
        if (s.in_course) course.push_back(s.outcome);
    }
    if (data.protocol) data.course = session::summarize_course(*data.protocol, course);
}

ReportFiles write_report(const ReportData& data, const fs::path& out_dir, core::Lang lang, const Font& font) {
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec)
        throw core::Error(
            fmt::format("cannot create the report folder {}: {}", core::display_path(out_dir), ec.message()));
    ReportFiles files;

    // Charts: the course, then each session.
    if (data.protocol) {
        std::vector<session::SessionOutcome> in_course;
        for (const ReportSession& s : data.sessions) {
            if (s.in_course) in_course.push_back(s.outcome);
        }
        std::string title = ui::trf("report.chart.course_title", lang, fmt::arg("resident", data.resident),
                                      fmt::arg("sessions", in_course.size()));
        std::string subtitle;
        if (data.course.headline && data.course.craving_reduction_pct) {
            const auto& h = *data.course.headline;
            subtitle = ui::trf("report.chart.course_summary", lang,
                                 fmt::arg("pct", format_value(data.course.craving_reduction_pct)),
                                 fmt::arg("step", h.step + 1), fmt::arg("first", h.first_session + 1),
                                 fmt::arg("first_peak", format_value(h.first_peak)),
                                 fmt::arg("latest", h.latest_session + 1),
                                 fmt::arg("latest_peak", format_value(h.latest_peak)));
        } else {
            subtitle = std::string(ui::tr("report.chart.course_no_comparison", lang));
        }
        files.course_chart = out_dir / "course.png";
        scene::save_png(files.course_chart,
                        render_course_chart(*data.protocol, in_course, data.course, title, subtitle, lang, font).to_image());
    }
    for (const ReportSession& s : data.sessions) {
        std::string title =
            ui::trf("report.chart.session_title", lang, fmt::arg("resident", data.resident),
                      fmt::arg("number", s.number), fmt::arg("date", format_date(s.started_ms)));
        fs::path png = out_dir / fmt::format("session-{:02}.png", s.number);
        scene::save_png(png, render_session_chart(*s.protocol, s.events, heart_points(s.heart), title, session_subtitle(s, lang), lang, font).to_image());
        files.session_charts.push_back(png);
    }

    // Every event, one row each.
    std::string csv = "\xEF\xBB\xBF"
                      "session,session_id,seq,t_s,type,rule,state,step,rating,text,payload\r\n";
    for (const ReportSession& s : data.sessions) {
        for (const ExportRecord& r : s.records) {
            const core::Json& p = r.payload;
            auto str = [&](const char* k) {
                return p.is_object() && p.contains(k) && p[k].is_string() ? p[k].get<std::string>()
                                                                          : std::string();
            };
            std::string step;
            if (p.is_object() && p.contains("step") && p["step"].is_number_integer() &&
                p["step"].get<int>() >= 0) {
                step = std::to_string(p["step"].get<int>() + 1);
            }
            std::string rating;
            if (r.type == "report" && p.contains("args") && p["args"].contains("rating")) {
                rating = format_value(p["args"]["rating"].get<double>());
            }
            csv += fmt::format("{},{},{},{:.2f},{},{},{},{},{},{},{}\r\n", s.number, s.id, r.seq, r.t,
                               csv_field(r.type), csv_field(str("rule")), csv_field(str("state")), step,
                               rating, csv_field(event_text(r, lang)), csv_field(p.dump()));
        }
    }
    files.csv = out_dir / "events.csv";
    core::write_file_atomic(files.csv, csv);
    if (std::string heart = heart_csv(data); !heart.empty()) {
        files.heart_csv = out_dir / "heart-rate.csv";
        core::write_file_atomic(files.heart_csv, heart);
    }
    if (std::string frames = frames_csv(data); !frames.empty()) {
        files.frames_csv = out_dir / "frames.csv";
        core::write_file_atomic(files.frames_csv, frames);
    }

    core::Json json = {{"resident", data.resident},
                       {"generated", core::format_iso8601(core::wall_unix_ms())},
                       {"source", data.source},
                       {"language", core::lang_code(lang)},
                       {"protocol", data.protocol ? data.protocol->id : std::string()},
                       {"course", course_to_json(data.course)},
                       {"sessions", core::Json::array()},
                       {"notes", core::Json::array()}};
    for (const ReportSession& s : data.sessions) {
        core::Json records = core::Json::array();
        for (const ExportRecord& r : s.records) {
            records.push_back({{"seq", r.seq}, {"t", r.t}, {"type", r.type}, {"payload", r.payload}});
        }
        core::Json frames = {
            {"frames", s.frames.frames},
            {"mean_ms", s.frames.mean_ms ? core::Json(*s.frames.mean_ms) : core::Json(nullptr)},
            {"p99_ms", s.frames.p99_ms ? core::Json(*s.frames.p99_ms) : core::Json(nullptr)},
            {"max_ms", s.frames.max_ms ? core::Json(*s.frames.max_ms) : core::Json(nullptr)},
            {"over_budget", s.frames.over_budget}};
        auto ssq = [](const std::optional<store::SsqScores>& q) {
            if (!q) return core::Json(nullptr);
            return core::Json{{"nausea", q->nausea},
                              {"oculomotor", q->oculomotor},
                              {"disorientation", q->disorientation},
                              {"total", q->total}};
        };
        json["sessions"].push_back(
            {{"number", s.number},
             {"id", s.id},
             {"status", s.status},
             {"started",
              s.started_ms > 0 ? core::Json(core::format_iso8601(s.started_ms)) : core::Json(nullptr)},
             {"protocol", s.protocol->id},
             {"in_course", s.in_course},
             {"outcome", outcome_to_json(s.outcome)},
             {"ssq_before", ssq(s.ssq_before)},
             {"ssq_after", ssq(s.ssq_after)},
             {"frame_timing", std::move(frames)},
             {"events", std::move(records)}});
    }
    for (const store::NoteRecord& n : data.notes) {
        json["notes"].push_back(
            {{"session_id", n.session_id ? core::Json(*n.session_id) : core::Json(nullptr)},
             {"t", n.t ? core::Json(*n.t) : core::Json(nullptr)},
             {"written", core::format_iso8601(n.wall_ms)},
             {"text", n.text}});
    }
    files.json = out_dir / "report.json";
    core::write_file_atomic(files.json, json.dump(1) + "\n");

    files.html = out_dir / "index.html";
    core::write_file_atomic(files.html, report_html(data, files, lang));
    return files;
}

} // namespace qx::ui
