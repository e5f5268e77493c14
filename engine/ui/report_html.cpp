// The report's one HTML page: the course figures, the charts, each session's table row and
// decision log, the notes and the definitions. Self-contained (inline CSS, no scripts), so it opens
// from a USB stick on any machine.
#include "ui/report_writer.h"

#include "core/clock.h"
#include "ui/strings.h"

#include <fmt/format.h>

namespace qx::ui {
namespace {

std::string escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string t(std::string_view key, core::Lang lang) {
    return escape(ui::tr(key, lang));
}

std::string clock_text(double seconds) {
    int s = static_cast<int>(seconds + 0.5);
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string step_no(int step) {
    return step >= 0 ? std::to_string(step + 1) : std::string("—");
}

std::string status_text(const std::string& status, core::Lang lang) {
    return t(fmt::format("report.status.{}", status), lang);
}

constexpr const char* k_style = R"css(
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; margin: 2em auto;
       max-width: 1200px; color: #212529; line-height: 1.5; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #dee2e6; }
.meta { color: #6c757d; } img { width: 100%; border: 1px solid #dee2e6; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0; font-size: 0.92em; }
th, td { border: 1px solid #dee2e6; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f1f3f5; } td.num { text-align: right; white-space: nowrap; }
.headline { font-size: 1.3em; font-weight: bold; color: #1f4e79; }
details { margin: 0.5em 0 2em; } summary { cursor: pointer; color: #1f4e79; }
tr.alert td { color: #c82333; } tr.override td { color: #6f42c1; }
dt { font-weight: bold; margin-top: 0.6em; }
)css";

std::string format_signed(std::optional<double> value) {
    if (!value) return "—";
    double r = std::round(*value * 10) / 10;
    return fmt::format("{:+g}", r == 0 ? 0.0 : r);
}

// The resting rate, then each step's mean and peak rise over it and its RMSSD.
std::string heart_cell(const session::SessionOutcome& o) {
    std::string out;
    if (o.hr_baseline_bpm) out += fmt::format("{}<br>", format_value(o.hr_baseline_bpm));
    for (const session::StepOutcome& st : o.steps) {
        if (!st.hr_mean_bpm) continue;
        out += fmt::format("{}: {} / {}", st.step + 1, format_signed(st.hr_mean_rise_bpm),
                           format_signed(st.hr_peak_rise_bpm));
        if (st.hr_rmssd_ms) out += fmt::format(" · {}", format_value(st.hr_rmssd_ms));
        out += "<br>";
    }
    return out.empty() ? "—" : out;
}

// The gaze's source, then each step's share of gaze on cues, the time to the first look at a cue
// and the looks away.
std::string gaze_cell(const session::SessionOutcome& o, core::Lang lang) {
    std::string out;
    if (!o.gaze_source.empty())
        out += escape(ui::tr(fmt::format("report.gaze.source.{}", o.gaze_source), lang)) + "<br>";
    for (const session::StepOutcome& st : o.steps) {
        if (!st.gaze_cue_s) continue;
        const std::optional<double> pct =
            st.gaze_cue_share ? std::optional(std::round(*st.gaze_cue_share * 100.0)) : std::nullopt;
        out += fmt::format("{}: {}% · {} · {}<br>", st.step + 1, format_value(pct), format_value(st.gaze_first_cue_s),
                           st.gaze_looks_away.value_or(0));
    }
    return out.empty() ? "—" : out;
}

void course_section(std::string& h, const ReportData& d, const ReportFiles& files, core::Lang lang) {
    const session::CourseOutcome& c = d.course;
    h += fmt::format("<h2>{}</h2>\n", t("report.html.course", lang));
    if (c.craving_reduction_pct && c.headline) {
        h += fmt::format("<p class=\"headline\">{}: {}%</p>\n", t("report.metric.reduction", lang),
                         format_value(c.craving_reduction_pct));
    }
    h += "<table>\n";
    auto row = [&](std::string_view key, const std::string& value) {
        h += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", t(key, lang), value);
    };
    row("report.metric.sessions", std::to_string(c.sessions));
    if (c.headline) {
        const auto& s = *c.headline;
        row("report.metric.compared",
            fmt::format("{} ({})", s.step + 1,
                        escape(d.protocol->ladder[std::size_t(s.step)].label.in(lang))));
        row("report.metric.first_latest",
            escape(ui::trf("report.html.first_latest", lang, fmt::arg("first", s.first_session + 1),
                             fmt::arg("first_peak", format_value(s.first_peak)),
                             fmt::arg("latest", s.latest_session + 1),
                             fmt::arg("latest_peak", format_value(s.latest_peak)))));
        row("report.metric.cue_induced",
            fmt::format("{} → {}", format_value(s.first_cue_induced), format_value(s.latest_cue_induced)));
        if (s.first_hr_rise || s.latest_hr_rise) {
            row("report.metric.hr_rise",
                fmt::format("{} → {}", format_signed(s.first_hr_rise), format_signed(s.latest_hr_rise)));
        }
        if (s.first_cue_share || s.latest_cue_share) {
            auto pct = [](std::optional<double> v) { return v ? std::optional(std::round(*v * 100.0)) : std::nullopt; };
            row("report.metric.cue_share",
                fmt::format("{}% → {}%", format_value(pct(s.first_cue_share)), format_value(pct(s.latest_cue_share))));
        }
    } else {
        row("report.metric.compared", t("report.chart.course_no_comparison", lang));
    }
    row("report.metric.highest_under", step_no(c.highest_step_under_ceiling));
    row("report.metric.first_top",
        c.first_session_top_under_ceiling >= 0 ? std::to_string(c.first_session_top_under_ceiling + 1) : "—");
    row("report.metric.tonic_trend",
        fmt::format("{} → {}", format_value(c.first_tonic), format_value(c.latest_tonic)));
    h += "</table>\n";
    if (!files.course_chart.empty()) {
        h += fmt::format("<img src=\"{}\" alt=\"{}\">\n", escape(files.course_chart.filename().string()),
                         t("report.html.course", lang));
    }
}

void sessions_table(std::string& h, const ReportData& d, core::Lang lang) {
    h += fmt::format("<h2>{}</h2>\n<table>\n<tr>", t("report.html.sessions", lang));
    for (const char* key :
         {"report.col.number", "report.col.date", "report.col.status", "report.col.steps", "report.col.tonic",
          "report.col.peaks", "report.col.habituate", "report.col.under", "report.col.final",
          "report.col.heart", "report.col.gaze", "report.col.calm", "report.col.safety", "report.col.overrides",
          "report.col.missed", "report.col.ssq", "report.col.frames"}) {
        h += fmt::format("<th>{}</th>", t(key, lang));
    }
    h += "</tr>\n";
    for (const ReportSession& s : d.sessions) {
        const session::SessionOutcome& o = s.outcome;
        std::string peaks, habituate;
        for (const session::StepOutcome& st : o.steps) {
            if (st.peak) peaks += fmt::format("{}: {}<br>", st.step + 1, format_value(st.peak));
            if (st.time_to_habituate_s) {
                habituate +=
                    fmt::format("{}: {}<br>", st.step + 1,
                                escape(ui::trf("report.html.minutes", lang,
                                                 fmt::arg("m", format_value(*st.time_to_habituate_s / 60)))));
            }
        }
        std::string heart = heart_cell(o);
        std::string gaze = gaze_cell(o, lang);
        std::string ssq = fmt::format(
            "{} / {}", format_value(s.ssq_before ? std::optional(s.ssq_before->total) : std::nullopt),
            format_value(s.ssq_after ? std::optional(s.ssq_after->total) : std::nullopt));
        std::string frames = "—";
        if (s.frames.p99_ms) {
            double ms = *s.frames.p99_ms; // the engine's CPU share of a frame can be well under a microsecond
            frames = ms < 0.1 ? fmt::format("{:.2f} µs", ms * 1000) : fmt::format("{:.2f} ms", ms);
        }
        h += fmt::format(
            "<tr><td class=\"num\">{}{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td class=\"num\">{}</td>"
            "<td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td>"
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            s.number, s.in_course ? "" : "*", escape(format_date(s.started_ms)), status_text(s.status, lang),
            step_no(o.start_step), step_no(o.end_step), format_value(o.tonic), peaks.empty() ? "—" : peaks,
            habituate.empty() ? "—" : habituate, step_no(o.highest_step_under_ceiling),
            format_value(o.final_craving), heart, gaze, o.calm_room_entries, o.safety_decisions, o.overrides,
            o.missed_prompts, ssq, frames);
    }
    h += "</table>\n";
    bool others = false;
    for (const ReportSession& s : d.sessions)
        others = others || !s.in_course;
    if (others) h += fmt::format("<p class=\"meta\">* {}</p>\n", t("report.html.other_protocol", lang));
}

void session_sections(std::string& h, const ReportData& d, const ReportFiles& files, core::Lang lang) {
    for (std::size_t i = 0; i < d.sessions.size(); ++i) {
        const ReportSession& s = d.sessions[i];
        h += fmt::format(
            "<h3>{}</h3>\n",
            escape(ui::trf("report.html.session_heading", lang, fmt::arg("number", s.number),
                             fmt::arg("date", format_date(s.started_ms)),
                             fmt::arg("status", ui::tr(fmt::format("report.status.{}", s.status), lang)),
                             fmt::arg("protocol", s.protocol->title.in(lang)))));
        if (i < files.session_charts.size()) {
            h += fmt::format("<img src=\"{}\" alt=\"{}\">\n",
                             escape(files.session_charts[i].filename().string()),
                             escape(s.protocol->title.in(lang)));
        }
        std::string rows;
        int count = 0;
        for (const session::Event& e : s.events) {
            using session::EventKind;
            bool shown = e.kind == EventKind::decision || e.kind == EventKind::override_rule ||
                         e.kind == EventKind::alert || e.kind == EventKind::command ||
                         e.kind == EventKind::command_rejected || e.kind == EventKind::prompt_missed ||
                         e.kind == EventKind::report_rejected ||
                         (e.kind == EventKind::heart_rate && e.key == "session.hr.stretch") ||
                         (e.kind == EventKind::gaze && e.key == "session.gaze.stretch");
            if (!shown) continue;
            ++count;
            const char* cls = e.kind == EventKind::alert           ? " class=\"alert\""
                              : e.kind == EventKind::override_rule ? " class=\"override\""
                                                                   : "";
            rows += fmt::format("<tr{}><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n", cls,
                                clock_text(e.t), escape(e.rule), escape(e.text(lang)));
        }
        h += fmt::format(
            "<details><summary>{}</summary>\n<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>\n{}"
            "</table></details>\n",
            escape(ui::trf("report.html.decisions", lang, fmt::arg("count", count))),
            t("report.html.col.time", lang), t("report.html.col.rule", lang), t("report.html.col.what", lang),
            rows);
    }
}

} // namespace

std::string report_html(const ReportData& d, const ReportFiles& files, core::Lang lang) {
    std::string h;
    std::string title = ui::trf("report.html.title", lang, fmt::arg("resident", d.resident));
    h += fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
        "<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        core::lang_code(lang), escape(title), k_style, escape(title));
    h += fmt::format(
        "<p class=\"meta\">{}</p>\n",
        escape(ui::trf("report.html.generated", lang, fmt::arg("when", format_date(core::wall_unix_ms())),
                         fmt::arg("source", d.source))));
    if (d.protocol) {
        h += fmt::format(
            "<p class=\"meta\">{}</p>\n",
            escape(ui::trf("report.html.protocol", lang, fmt::arg("protocol", d.protocol->title.in(lang)),
                             fmt::arg("id", d.protocol->id))));
    }
    if (d.sessions.empty()) {
        h += fmt::format("<p>{}</p>\n", t("report.html.no_sessions", lang));
    } else {
        course_section(h, d, files, lang);
        sessions_table(h, d, lang);
        session_sections(h, d, files, lang);
    }
    h += fmt::format("<h2>{}</h2>\n", t("report.html.notes", lang));
    if (d.notes.empty()) {
        h += fmt::format("<p class=\"meta\">{}</p>\n", t("report.html.no_notes", lang));
    } else {
        h += "<ul>\n";
        for (const store::NoteRecord& n : d.notes) {
            h += fmt::format("<li><span class=\"meta\">{}</span> {}</li>\n", escape(format_date(n.wall_ms)),
                             escape(n.text));
        }
        h += "</ul>\n";
    }
    h += fmt::format("<h2>{}</h2>\n<dl>\n", t("report.html.definitions", lang));
    for (const char* m : {"tonic", "peak", "habituate", "under", "cue", "reduction", "cue_share", "first_cue", "looks_away"}) {
        h += fmt::format("<dt>{}</dt><dd>{}</dd>\n", t(fmt::format("report.def.{}.name", m), lang),
                         t(fmt::format("report.def.{}.text", m), lang));
    }
    h += "</dl>\n";
    h += fmt::format("<p class=\"meta\">{} <a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></p>\n",
                     t("report.html.files", lang), escape(files.csv.filename().string()),
                     escape(files.csv.filename().string()), escape(files.json.filename().string()),
                     escape(files.json.filename().string()));
    h += fmt::format("<p class=\"meta\">{} {}</p>\n</body>\n</html>\n", t("report.html.product", lang), QX_VERSION);
    return h;
}

} // namespace qx::ui
