// The therapist's control panel as a view-model: what the panel shows and what its buttons do,
// with no drawing in it (app/panel_view.* draws it with Dear ImGui). Everything that touches the
// records goes through the recorder's store thread and comes back on a later frame, so the
// frame that also feeds the headset never waits for the disk or a password hash.
#pragma once

#include "live/session_host.h"
#include "app/strings.h"
#include "core/i18n.h"
#include "session/controller.h"
#include "session/protocol.h"
#include "store/recorder.h"
#include "store/ssq.h"
#include "store/store.h"
#include "ui/report_writer.h"

#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qx::app {

// Where the panel is in a therapist's day.
enum class PanelPage {
    loading,       // looking at the records for the first time
    first_account, // no account exists yet: make the administrator's
    sign_in,
    prepare,       // resident, protocol, checklist, SSQ before
    live,          // a session is running
    after,         // SSQ after, summary, report
};

enum class PanelTab { session, history, admin };

// What the therapist is told after something they did: a catalogue text, already filled.
struct Notice {
    bool error = false;
    std::string text;
    double at = 0; // panel seconds
};

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

// One row of the session history, with what the report computes from it.
struct HistoryRow {
    std::int64_t id = 0;
    int number = 0;
    std::string status;
    std::int64_t started_ms = 0;
    std::string protocol;
    double minutes = 0;
    int highest_step = -1; // 0-based; -1: none
    int safe_step = -1;
    std::optional<double> peak;
    std::optional<double> final_craving;
    std::optional<double> ssq_before, ssq_after; // totals
};

struct PanelOptions {
    core::Lang lang = core::Lang::zh_CN;
    std::vector<std::string> protocols;   // protocol ids offered
    std::vector<std::string> scenes;      // scene names that exist (protocols are checked against them)
    std::string display_kind = "desktop"; // recorded with each session
    std::filesystem::path reports_dir;    // <reports_dir>/<resident>/ gets each report
    double speed = 1.0;                   // session seconds per panel second (demonstrations and tests)
    // A simulated resident answers in the headset instead of a person (demonstrations and
    // tests); empty: a person answers.
    std::string resident_model;
    store::PasswordCost password_cost = store::PasswordCost::interactive; // tests use the minimum
    // Called once a session has begun (or resumed) and is running, so the display can show it
    // to the resident.
    std::function<void(live::SessionRunner&, const std::string& resident, core::Lang lang)> session_begun;
    // Called just before a session is finished, for what the display adds to the record (how
    // its frames went); the display stops showing it.
    std::function<void(live::SessionRunner&)> session_ending;
};

class PanelModel {
public:
    PanelModel(store::Recorder& recorder, PanelOptions options);
    ~PanelModel();
    PanelModel(const PanelModel&) = delete;
    PanelModel& operator=(const PanelModel&) = delete;

    // Once a frame, at panel seconds `now`: collects what the store thread finished and runs the
    // live session's clock. Never blocks and never throws.
    void update(double now);
    // Waits until every store job posted so far has come back (tests and shutdown; not the frame loop).
    void settle();

    PanelPage page() const { return m_page; }
    PanelTab tab() const { return m_tab; }
    void set_tab(PanelTab tab);
    bool busy() const { return !m_jobs.empty(); } // a look-up or save is on its way
    core::Lang lang() const { return m_options.lang; }
    void set_lang(core::Lang lang);
    const std::vector<Notice>& notices() const { return m_notices; }
    void dismiss_notices() { m_notices.clear(); }

    // --- accounts. Each returns the problem in words (empty when it went to the store).
    std::string create_first_account(const std::string& username, const std::string& password,
                                     const std::string& repeated);
    std::string sign_in(const std::string& username, const std::string& password);
    void sign_out();
    const std::optional<store::TherapistRecord>& therapist() const { return m_therapist; }
    bool is_administrator() const;

    // --- the resident and protocol
    const std::vector<store::ResidentRecord>& residents() const { return m_residents; }
    // Residents whose code contains `text` (case-insensitive), at most `limit`.
    std::vector<const store::ResidentRecord*> search_residents(const std::string& text, std::size_t limit = 50) const;
    std::string add_resident(const std::string& code);
    void choose_resident(const std::string& code);
    const std::string& resident() const { return m_resident; }
    const std::vector<std::string>& protocols() const { return m_options.protocols; }
    std::string choose_protocol(const std::string& id);
    // The offered protocols' titles and step labels in both languages (the panel's font needs
    // their characters).
    std::vector<std::string> protocol_texts() const;
    const session::Protocol* protocol() const { return m_protocol.get(); }
    // The step this session starts at (from the resident's last session with this protocol) and
    // how many sessions they had with it.
    int start_step() const { return m_start_step; }
    int previous_sessions() const { return m_previous; }
    const std::vector<store::SessionRecord>& interrupted() const { return m_interrupted; }
    void close_interrupted(std::int64_t id);
    // Continues an interrupted session of this resident where it stopped (its protocol is
    // chosen; seated and space clear must be ticked). Returns the problem in words.
    std::string resume_interrupted(std::int64_t id);

    // --- the checklist before a session
    struct Checklist {
        bool seated = false;
        bool space_clear = false;
        bool ssq_before_taken = false;
    };
    const Checklist& checklist() const { return m_checklist; }
    void set_seated(bool yes) { m_checklist.seated = yes; }
    void set_space_clear(bool yes) { m_checklist.space_clear = yes; }
    store::SsqItems& ssq_items() { return m_ssq; }
    // Takes the SSQ form as this session's "before" (recorded when the session begins).
    std::string take_ssq_before();
    // What still stands in the way of starting, in words; empty: ready.
    std::vector<std::string> start_blockers() const;
    std::string start();

    // --- the live session
    live::SessionRunner* runner() { return m_runner.get(); }
    const session::Controller* controller() const { return m_runner ? &m_runner->controller() : nullptr; }
    // The controller's picture, taken in update().
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

    const std::vector<ChartPoint>& chart_points() const { return m_points; }
    const std::vector<ChartBand>& chart_bands() const { return m_bands; }
    const std::vector<ChartMarker>& chart_markers() const { return m_markers; }
    // The current rule in words ("holding at step 2: craving 7 is above 60 % of ...").
    std::string rule_text() const;
    std::string state_text() const;
    // Reports the headset confirmed as durable (the resident saw "recorded").
    int reports_saved() const { return m_reports_saved; }
    void count_saved_reports(int n) { m_reports_saved += n; }

    // --- after the session
    std::string take_ssq_after();
    bool ssq_after_taken() const { return m_ssq_after_taken; }
    const std::optional<session::SessionOutcome>& outcome() const { return m_outcome; }
    const std::optional<std::filesystem::path>& report_html() const { return m_report_html; }
    // Back to the checklist for the next session with the same resident.
    void new_session();

    // --- history: the chosen resident's sessions and their trend
    const std::vector<HistoryRow>& history() const { return m_history; }
    void refresh_history();

    // --- administration (administrators only)
    const std::vector<store::TherapistRecord>& accounts() const { return m_accounts; }
    std::string add_account(const std::string& username, const std::string& password, bool administrator);
    // Writes the chosen resident's report (HTML, charts, CSV, JSON) into the reports folder.
    std::string export_report();
    const std::optional<std::filesystem::path>& export_path() const { return m_export_path; }

private:
    // A protocol as read: the parsed file and its text (recorded with each session).
    struct LoadedProtocol {
        std::shared_ptr<const session::Protocol> protocol;
        std::string json;
    };

    struct Job {
        std::future<void> done;
        std::function<void()> then; // on the frame thread, when the job succeeded
        std::string failed_key;     // catalogue key for the notice when it threw
        std::function<void()> otherwise; // on the frame thread, when it threw
    };

    void post(std::function<void(store::Store&)> job, std::function<void()> then, std::string failed_key,
              std::function<void()> otherwise = {});
    void notify(bool error, std::string text);
    void load_residents();
    void load_resident_details();
    void on_event(const session::Event& e);
    void finish_session();
    live::SessionRequest session_request() const;
    void begin_live(const live::SessionRequest& request, const live::SessionPlan& plan);
    void update_course_position();
    // The protocol `id` from m_loaded, reading its file the first time; throws core::Error.
    const LoadedProtocol& load_protocol(const std::string& id);
    void load_summary();
    std::string tr(std::string_view key) const { return std::string(app::tr(key, m_options.lang)); }

    store::Recorder& m_recorder;
    PanelOptions m_options;
    double m_now = 0;
    PanelPage m_page = PanelPage::loading;
    PanelTab m_tab = PanelTab::session;
    std::deque<Job> m_jobs;
    std::vector<Notice> m_notices;

    std::optional<store::TherapistRecord> m_therapist;
    std::vector<store::ResidentRecord> m_residents;
    std::string m_resident;
    std::vector<store::SessionRecord> m_resident_sessions;
    std::vector<store::SessionRecord> m_interrupted;
    // Protocols read once (the offered ones at start-up), by id.
    std::map<std::string, LoadedProtocol> m_loaded;
    std::shared_ptr<const session::Protocol> m_protocol;
    std::string m_protocol_json;
    int m_start_step = 0;
    int m_previous = 0;
    Checklist m_checklist;
    store::SsqItems m_ssq{};
    std::optional<store::SsqItems> m_ssq_before;
    bool m_ssq_after_taken = false;

    std::unique_ptr<live::SessionRunner> m_runner;
    std::int64_t m_session_id = 0;
    double m_session_start = 0; // panel seconds when the session began
    double m_session_t = 0;
    session::Snapshot m_snapshot;
    int m_reports_saved = 0;
    std::vector<ChartPoint> m_points;
    std::vector<ChartBand> m_bands;
    std::vector<ChartMarker> m_markers;
    std::vector<store::NoteRecord> m_notes;

    std::optional<session::SessionOutcome> m_outcome;
    std::optional<std::filesystem::path> m_report_html;
    std::vector<HistoryRow> m_history;
    std::vector<store::TherapistRecord> m_accounts;
    std::optional<std::filesystem::path> m_export_path;
};

} // namespace qx::app
