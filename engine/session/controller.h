#pragma once

#include "session/command.h"
#include "session/craving_report.h"
#include "session/event.h"
#include "session/protocol.h"
#include "session/target.h"
#include "sensors/heart_rate_tracker.h"
#include "session/gaze.h"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace qx::session {

// Where a session begins on the ladder, and how much of it a resumed session already used.
struct StartOptions {
    int start_step = 0;
    double elapsed_s = 0; // active time already spent (a session resumed after an interruption)
    bool resumed = false;
};

// A report as the panel lists it.
struct ReportEntry {
    double t = 0;
    double rating = 0;
    ReportSource source = ReportSource::headset;
    bool late = false;
    State state = State::ready;
    int step = -1;
};

// One consistent picture of the session for the control panel (read once per frame).
struct Snapshot {
    double t = 0; // session seconds
    double active_s =
        0; // session time that counts (pauses excluded; a resumed session's earlier part included)
    double remaining_s = 0; // until exposure ends and the cool-down begins
    State state = State::ready;
    State paused_from = State::ready;
    int step = -1;
    int step_count = 0;
    std::string scene;
    std::string step_label_zh;
    std::string step_label_en;
    int cue_level = 0;
    double intensity = 0;
    bool calm_room = true;
    std::optional<double> step_peak;
    double time_in_step = 0; // dwell at this step visit (pause and calm room excluded)
    double min_dwell_s = 0;
    double max_dwell_s = 0;
    int habituation_streak = 0;
    int habituation_needed = 0;
    bool held = false;
    bool prompt_pending = false;
    int prompt_repeats = 0;
    double next_prompt_in_s = 0; // negative when none is scheduled
    int missed_in_a_row = 0;
    std::optional<double> tonic;
    std::optional<double> last_rating;
    std::optional<double> heart_rate_bpm;          // over the last 5 s of clean beats; none without a signal
    std::optional<double> heart_rate_baseline_bpm; // the resting rate of this session's baseline
    sensors::SignalState heart_rate_signal = sensors::SignalState::waiting; // waiting: no sensor yet
    GazeSource gaze_source = GazeSource::none; // none: no gaze yet
    std::string gaze_area;                     // the area of interest being looked at, or empty
    AreaKind gaze_kind = AreaKind::none;
    int safe_step = -1;                      // highest step habituated this session
    std::vector<ReportEntry> recent_reports; // oldest first, at most 8
    std::optional<Event> last_decision;      // "the current rule": text(lang) explains it
    std::optional<Event> last_alert;
};

// The clinical loop for one session: baseline → exposure at a step → adaptation → step up/down →
// … → cool-down → closed, with pause and calm-room states. Pure and deterministic: time comes in
// as session seconds, nothing is read from a clock, no I/O. Never throws after construction; bad
// input is rejected with a logged reason.
class Controller {
public:
    // Throws core::Error when the start step is not on the ladder.
    Controller(Protocol protocol, StartOptions options = {});

    // Advances session time to `t` (seconds since the session began; never goes back) and fires
    // whatever is due: prompts, repeats, missed prompts, ramps, dwell limits, the session's end.
    void update(double t);
    // A therapist or resident command, carried out at the current time.
    CommandResult submit(const Command& command);
    // A craving report. Accepted reports drive the rules; rejected ones are logged with why.
    ReportResult report(const CravingReport& report);
    // A heart-rate reading (a strap's notification, a replayed or simulated one) at its session
    // time. The controller keeps the session's baseline and each step's figures (logged as
    // `heart_rate` events when the step ends), tells the therapist when the signal is lost, and
    // applies the protocol's heart-rate rule. Readings never block or end a session.
    void heart_rate(const sensors::HeartRateSample& sample);
    // A rate alone, from a sensor that sends no beat intervals (bpm).
    void heart_rate(double t, double bpm);
    // The sensor's connection, as its source reports it.
    void heart_rate_connected(bool connected);
    // One frame's gaze (the eyes, the head's forward ray or a script) and the area of interest it
    // hit. Each part of the session gets its dwell on cues and neutral areas, the time to the first
    // look at a cue and the looks away (logged as `gaze` events when it ends). Samples out of time
    // order are ignored; gaze never changes what the session does.
    void gaze(const GazeSample& sample);
    // The areas of interest of a scene now on show, with their names for the log's text.
    void gaze_areas(std::span<const GazeArea> areas);
    // An area of interest told through gaze_areas, or nullptr.
    const GazeArea* gaze_area(std::string_view id) const;
    // The session stops here without closing (ended early, to be resumed): the part under way gets
    // its heart-rate and gaze figures now. A later update begins the part it is in again.
    void close_stretches();

    Target target() const;
    Snapshot snapshot() const;
    // Events since the last call, in order (for the recorder and the panel).
    std::vector<Event> drain_events();
    // The same, appended to `out`, so a caller can reuse one buffer.
    void drain_events_into(std::vector<Event>& out);

    State state() const { return m_state; }
    bool closed() const { return m_state == State::closed; }
    int step() const { return m_step; }
    // Whether a craving report is being waited for (the headset shows the prompt).
    bool prompt_pending() const { return m_prompt.pending; }
    int safe_step() const { return m_safe_step; }
    double now() const { return m_now; }
    const Protocol& protocol() const { return m_protocol; }

private:
    // A report or reading stamped this far ahead of the controller's time is refused; the frame
    // loop calls update() before report(), so only a broken clock produces one.
    static constexpr double k_future_tolerance_s = 0.5;

    enum class PromptPurpose : std::uint8_t { regular, tonic, final_report };
    enum class CalmCause : std::uint8_t { safety, therapist, resident };

    struct Prompt {
        bool pending = false;
        PromptPurpose purpose = PromptPurpose::regular;
        double issued_at = 0; // active time
        int repeats = 0;
        int number = 0;
        double next_due = std::numeric_limits<double>::infinity(); // active time
    };

    struct Segment {
        double t = 0;
        State state = State::ready;
        int step = -1;
    };

    // --- clocks and timers (controller.cpp)
    void advance_clocks(double t);
    void run_timers();
    void run_prompt_timers();
    void run_state_timers();
    void on_prompt_missed(PromptPurpose purpose);
    void issue_prompt(PromptPurpose purpose);
    double prompt_interval() const;
    void reschedule_prompt(double within_s);

    // --- transitions (controller.cpp)
    void set_state(State state);
    void enter_step(int step, bool new_visit, double fade_s);
    void enter_calm_room(CalmCause cause, int return_step);
    void leave_calm_room();
    void start_cool_down();
    void close_session();
    void scene_changed(double fade_s);
    void end_pause();

    // --- rules on reports and samples (controller_rules.cpp)
    void on_timely_report(const CravingReport& r);
    void on_late_report(const CravingReport& r, const Segment& at);
    void on_exposure_report(double rating);
    void on_calm_report(double rating);
    void on_cool_down_report(double rating, PromptPurpose answered);
    void on_baseline_report(double rating, PromptPurpose answered);
    void apply_safety_action(SafetyAction action);
    void check_max_dwell();
    void check_calm_room_timers();
    bool habituation_met() const;
    void track_invariance(double rating);
    Segment segment_at(double t) const;

    // The part of the session the heart-rate and gaze figures are gathered for.
    struct Stretch {
        std::string part; // baseline, step, calm_room, cool_down, paused; empty: none open
        int step = -1;
    };

    // --- heart rate (controller_heart.cpp)
    bool heart_rate_valid(double t, double bpm, bool has_beats);
    void follow_stretch();
    void switch_stretch(const Stretch& next);
    void log_heart_stretch(const sensors::StretchSummary& s, const std::string& part, int step);
    void check_heart_signal();
    void apply_heart_rule(double t);
    // --- gaze (controller_gaze.cpp)
    void log_gaze_stretch(const GazeFigures& f, const std::string& part, int step);

    // --- commands (controller_commands.cpp)
    CommandResult reject(const Command& c, std::string_view reason_key);
    CommandResult accept(const Command& c);
    void override_rule(const Command& c, std::string_view rule, std::string_view key, Event details);

    // --- the log
    Event make(EventKind kind, std::string_view key, std::string_view rule = {}) const;
    void push(Event e);

    Protocol m_protocol;
    StartOptions m_options;

    double m_now = 0;
    double m_active = 0; // active session time, starting at options.elapsed_s
    double m_started_at = 0;
    State m_state = State::ready;
    State m_paused_from = State::ready;

    int m_step = -1;
    double m_dwell = 0;
    double m_visit_started_t = 0;
    std::optional<double> m_peak;
    int m_streak = 0;
    bool m_visit_habituated = false;
    bool m_max_dwell_handled = false;
    bool m_max_dwell_waiting = false; // the maximum passed while the habituation rule was part-way met
    bool m_held = false;
    int m_safe_step = -1;

    double m_baseline_time = 0;
    bool m_tonic_prompted = false;
    bool m_baseline_blocked = false;
    std::optional<double> m_tonic;

    double m_calm_time = 0;
    CalmCause m_calm_cause = CalmCause::safety;
    int m_calm_return_step = 0;
    std::optional<double> m_calm_rating; // the latest report taken in this calm-room stay
    bool m_calm_long_alerted = false;

    double m_cool_time = 0;
    bool m_final_prompt_issued = false;

    Prompt m_prompt;
    int m_missed_in_row = 0;

    double m_last_timely_t = -std::numeric_limits<double>::infinity();
    std::optional<double> m_last_rating;
    std::optional<double> m_prev_exposure_rating; // the sharp-rise rule: the previous report this visit

    // The same rating given again and again: where the run began and whether it has crossed a
    // scene change (prompts.invariant_after).
    struct SameRatings {
        double rating = -1;
        int count = 0;
        int first_scene = -2; // the step shown at the run's first report; -1: the calm scene
        bool crossed_scene = false;
        bool alerted = false; // the alert is out; no report counts toward stepping up
    } m_same;

    Stretch m_stretch;
    sensors::HeartRateTracker m_hr;
    sensors::SignalState m_hr_signal = sensors::SignalState::waiting;
    double m_hr_loss_alerted_at = -std::numeric_limits<double>::infinity();
    double m_hr_last_t = -1;
    std::optional<double> m_hr_above_since;
    bool m_hr_bad_run = false;
    bool m_hr_shown = false;         // a `show` rule alerted for this run above the limit
    bool m_hr_no_baseline_told = false;

    GazeTracker m_gaze;
    std::vector<GazeArea> m_gaze_areas; // every scene's shown so far, by id

    std::uint32_t m_scene_change = 0;
    double m_fade_s = 0;

    std::array<ReportEntry, 8> m_recent{};
    std::size_t m_recent_count = 0;

    std::vector<Segment> m_timeline;
    std::uint64_t m_seq = 0;
    std::vector<Event> m_events;
    std::optional<Event> m_last_decision;
    std::optional<Event> m_last_alert;
};

} // namespace qx::session
