// The live page: the running session. It alone talks to live::SessionRunner: it begins the
// session PrepareModel planned, ticks it at panel seconds × speed, sends the therapist's
// commands (level changes with a reason), ratings said aloud and notes, keeps the chart's
// bands, points and markers, and ends it (the mode hears of both through session_begun and
// session_ending).
#pragma once

#include "app/panel/panel_context.h"
#include "session/controller.h"
#include "stage/gaze.h"
#include "ui/chart.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace qx::app {

class PanelModel;

// The heart rate under the craving chart: the rate now, a point a second; 0 marks a lost signal.
using HeartTracePoint = ui::HeartPoint;

// A craving rating on the chart, in session seconds.
struct ChartPoint {
    double t = 0;
    double rating = 0;
    session::ReportSource source = session::ReportSource::headset;
};

// A stretch of the session at one step (or in the calm room, or paused): the chart's bands.
struct ChartBand {
    double t0 = 0;
    double t1 = 0; // open while it lasts: the panel draws it to "now"
    int step = -1;
    int level = 0;
    session::State state = session::State::ready;
};

// Something worth a line on the chart: commands, safety decisions, alerts, missed prompts, notes.
struct ChartMarker {
    enum class Kind { command, safety, alert, missed, note };
    double t = 0;
    Kind kind = Kind::command;
    std::string text; // the event's text in the panel's language when it happened
};

class LiveModel {
public:
    LiveModel(PanelContext& ctx, PanelModel& panel) : m_ctx(ctx), m_panel(panel) {}
    // A session still running when the panel goes (the window closed): its records are kept and
    // it can be resumed.
    ~LiveModel();
    LiveModel(const LiveModel&) = delete;
    LiveModel& operator=(const LiveModel&) = delete;

    // Puts the planned session on the live page and tells the mode (session_begun).
    void begin(const live::SessionRequest& request, const live::SessionPlan& plan);
    // Once a frame on the live page: runs the session's clock, extends the chart's bands, and
    // finishes the session once it has closed.
    void tick();
    // A session is running and not yet closed.
    bool running() const { return m_runner && !m_runner->closed(); }
    // Lets the finished session go (the next one, or signed out).
    void drop_session();

    live::SessionRunner* runner() { return m_runner.get(); }
    const session::Controller* controller() const { return m_runner ? &m_runner->controller() : nullptr; }
    // The controller's picture, taken in tick().
    const session::Snapshot& snapshot() const { return m_snapshot; }
    double session_seconds() const { return m_session_t; }
    std::int64_t session_id() const { return m_session_id; }

    // Start, pause, resume, stop, calm room, return, prompt now: at once. Returns the problem
    // in words when the controller refused it.
    std::string command(session::CommandKind kind);
    // Level up, level down, hold and release need a reason, logged with the command.
    static bool needs_reason(session::CommandKind kind);
    static std::string reason_problem(const std::string& reason, core::Lang lang);
    std::string command_with_reason(session::CommandKind kind, const std::string& reason);
    // A rating the resident said aloud ("0" to "10", decimals allowed), entered now.
    static std::string rating_problem(const std::string& text, core::Lang lang);
    std::string enter_rating(const std::string& text);
    // Ends the session at once, outside the clinical loop (the resident has to leave): records
    // kept, the session left resumable, the summary and report made as for any other.
    std::string end_now();

    // A timestamped note on the session (or on the resident when none is running).
    std::string add_note(const std::string& text);
    const std::vector<store::NoteRecord>& notes() const { return m_notes; }
    // The chosen resident's notes as read from the records (PrepareModel reads them).
    void replace_notes(std::vector<store::NoteRecord> notes) { m_notes = std::move(notes); }

    const std::vector<ChartPoint>& chart_points() const { return m_points; }
    const std::vector<ChartBand>& chart_bands() const { return m_bands; }
    const std::vector<ChartMarker>& chart_markers() const { return m_markers; }
    const std::vector<HeartTracePoint>& heart_trace() const { return m_heart; }
    // "Heart rate 84 bpm · resting 72", or what is wrong with the signal; empty without a sensor.
    std::string heart_text() const;
    bool heart_signal_lost() const;
    // Where the resident looks in the mirror's picture (the session view's, each frame).
    void set_gaze_mark(const std::optional<stage::GazeMark>& mark) { m_gaze_mark = mark; }
    const std::optional<stage::GazeMark>& gaze_mark() const { return m_gaze_mark; }
    bool show_gaze = true; // the therapist's choice: the mark on the mirror, or none
    // "Gaze (head direction): glass pipe · cue"; empty before any gaze.
    std::string gaze_text() const;
    bool gaze_on_cue() const { return m_snapshot.gaze_kind == session::AreaKind::cue; }
    // The protocol's heart-rate rule in words; empty when it has none.
    std::string heart_rule_text() const;
    // The current rule in words ("holding at step 2: craving 7 is above 60 % of ...").
    std::string rule_text() const;
    std::string state_text() const;
    // Reports the headset confirmed as durable (the resident saw "recorded").
    int reports_saved() const { return m_reports_saved; }
    void count_saved_reports(int n) { m_reports_saved += n; }

private:
    // Into the audit log: `action` on this session by the signed-in therapist.
    void audit(const char* action);
    void on_event(const session::Event& e);
    void finish_session();
    // A command may go to the controller: a session runs and the live page shows it.
    bool commandable() const { return running() && m_ctx.page() == PanelPage::live; }

    PanelContext& m_ctx;
    PanelModel& m_panel;
    std::unique_ptr<live::SessionRunner> m_runner;
    std::int64_t m_session_id = 0;
    double m_session_start = 0; // panel seconds when the session began
    double m_session_t = 0;
    session::Snapshot m_snapshot;
    int m_reports_saved = 0;
    std::vector<ChartPoint> m_points;
    std::vector<ChartBand> m_bands;
    std::vector<ChartMarker> m_markers;
    std::vector<HeartTracePoint> m_heart;
    std::optional<stage::GazeMark> m_gaze_mark;
    std::vector<store::NoteRecord> m_notes;
};

} // namespace qx::app
