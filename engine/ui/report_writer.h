#pragma once

#include "core/i18n.h"
#include "core/json.h"
#include "sensors/heart_rate_source.h"
#include "session/event.h"
#include "session/gaze.h"
#include "session/outcomes.h"
#include "session/protocol.h"
#include "store/store.h"
#include "ui/chart.h"
#include "ui/font.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qx::ui {

// One record of a session as exported: its type and JSON payload. Controller events carry the
// event's JSON with both languages' text; other records (frame timing...) their own payload.
struct ExportRecord {
    std::int64_t seq = 0;
    double t = 0;
    std::string type;
    core::Json payload;
};

struct ReportSession {
    int number = 0;              // 1-based, in the order the sessions happened
    std::int64_t id = 0;         // the record's id; 0 for a simulated session
    std::string status;          // running, interrupted, completed, closed, or simulated
    std::int64_t started_ms = 0; // wall clock; 0 for a simulated session
    std::shared_ptr<const session::Protocol> protocol;
    std::vector<session::Event> events; // the controller's log (charts, outcomes, decisions)
    std::vector<ExportRecord> records;  // everything recorded (CSV and JSON)
    std::vector<sensors::HeartRateSample> heart; // heart-rate readings, session clock (chart, heart-rate.csv)
    std::vector<session::GazeSample> gaze_frames; // every frame's pose and gaze, when asked (frames.csv)
    session::SessionOutcome outcome;
    std::optional<store::SsqScores> ssq_before;
    std::optional<store::SsqScores> ssq_after;
    store::FrameTimingSummary frames;
    bool in_course = true; // uses the course's protocol, so it counts in the course figures
};

// Everything a report shows about one resident (or one simulated course).
struct ReportData {
    std::string resident;                              // the code, or the simulated model's name
    std::string source;                                // where the data came from, shown on the page
    std::shared_ptr<const session::Protocol> protocol; // the course's protocol
    std::vector<ReportSession> sessions;
    session::CourseOutcome course;
    std::vector<store::NoteRecord> notes;
};

// A controller event as an export record.
ExportRecord export_record(const session::Event& event);

// Computes each session's outcome from its events and the course outcome over the sessions that
// use the course's protocol.
void compute_outcomes(ReportData& data);

struct ReportFiles {
    std::filesystem::path html;
    std::filesystem::path json;
    std::filesystem::path csv;
    std::filesystem::path heart_csv; // empty without heart-rate readings
    std::filesystem::path frames_csv; // empty without frames
    std::filesystem::path course_chart;
    std::vector<std::filesystem::path> session_charts;
};

// Writes into `out_dir`: course.png, session-<n>.png, events.csv (UTF-8 with a byte-order mark so
// spreadsheet programs show Chinese correctly), heart-rate.csv (every reading, when any session
// had a sensor), report.json, and index.html combining them.
// Throws core::Error naming a file that cannot be written.
ReportFiles write_report(const ReportData& data, const std::filesystem::path& out_dir, core::Lang lang,
                         const Font& font);

// The HTML page (report_html.cpp); file names are relative to the page.
std::string report_html(const ReportData& data, const ReportFiles& files, core::Lang lang);

// The outcome metrics as JSON (steps counted from 1; a missing value is null).
core::Json outcome_to_json(const session::SessionOutcome& outcome);
core::Json course_to_json(const session::CourseOutcome& course);

// Shared by the page and the charts: "—" when a value is missing, one decimal at most otherwise.
std::string format_value(std::optional<double> value);
std::string format_date(std::int64_t unix_ms);

} // namespace qx::ui
