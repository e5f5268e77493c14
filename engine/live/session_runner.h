// One session's per-frame work: the controller, the recorder and (when no person answers) a
// simulated or scripted respondent. The frame loop of any display calls tick() once a frame.
#pragma once

#include "core/json.h"
#include "session/controller.h"
#include "session/respondent.h"
#include "store/recorder.h"

#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace qx::live {

// A craving report now on disk: the headset may show the resident "recorded".
struct Acknowledgement {
    std::int64_t seq = 0; // the record's seq within the session
    double t = 0;         // session seconds (resumed sessions continue their clock)
    double rating = 0;
};

struct RunnerOptions {
    double frame_budget_ms = 1000.0 / 90; // a headset at 90 Hz
    double progress_every_s = 10;         // session seconds between progress updates in the record
    double timing_every_s = 60;           // session seconds between frame-timing records
    // Records failing to be written for this many session seconds end the session (interrupted).
    double storage_give_up_s = 120;
    core::Lang lang = core::Lang::zh_CN;  // the language of the reasons it records (the pause)
};

// Whether the records are being written. While they are not, the runner has paused exposure (a
// rating the resident gives could not be kept) and retries; past storage_give_up_s it gives up.
struct StorageState {
    store::WriteFault fault = store::WriteFault::none;
    double since = 0;       // session seconds the failure began
    bool paused = false;    // exposure was paused for it (resumed when writing works again)
    bool given_up = false;  // the session must stop here, as interrupted
};

// Where a session continues from: a new one starts at zero, a resumed one after its last record.
struct RunnerStart {
    std::int64_t session_id = 0;
    session::StartOptions controller;
    double time_offset = 0;     // added to the controller's time in the records
    std::int64_t first_seq = 1; // the next record's seq
};

// Where a resident's course with `protocol` stands, from their session records: how many of its
// sessions they finished (completed or closed) and the step the next one starts at. `skip_id`
// leaves one session out (the one being resumed).
struct CoursePosition {
    int previous = 0;
    int start_step = 0;
};
CoursePosition course_position(const session::Protocol& protocol, std::span<const store::SessionRecord> history,
                               std::int64_t skip_id = 0);

// An interrupted session made to run again (on the store's thread): its record, and where it
// continues (just after its last record, at its step, with the active time it already had). The
// record gets a "session_resumed" event. Throws core::Error, changing nothing, when the session
// is not `resident`'s or did not use `protocol`.
struct Resumption {
    store::SessionRecord record;
    RunnerStart start;
};
Resumption resume_session(store::Store& store, std::int64_t session_id, std::string_view resident,
                          const session::Protocol& protocol);

// "Records cannot be saved: the disk is full", in `lang` (the raw database text goes to the log).
std::string describe_fault(store::WriteFault fault, core::Lang lang);

// Free space on the records' disk below which a session start warns: a 40-minute session writes
// about 5 MB (nearly all of it the per-frame record at 90 Hz), so this is some fifty sessions, days
// of them, and time to clear the disk before anything is lost.
inline constexpr std::uintmax_t k_low_space_bytes = 256u << 20;
// The warning, in `lang`, when the disk holding `db` has less than k_low_space_bytes free; empty
// when it has more (or cannot be asked).
std::string low_space_warning(const std::filesystem::path& db, core::Lang lang);

class SessionRunner {
public:
    // `respondent` may be null when a person answers through report().
    SessionRunner(const session::Protocol& protocol, store::Recorder& recorder, RunnerStart start,
                  std::unique_ptr<session::Respondent> respondent, RunnerOptions options = {});

    // The therapist's start.
    void start();
    // One frame at `session_seconds` (the controller's clock, from 0): advance the respondent and
    // the controller, queue new records, collect acknowledgements. Never blocks on the disk and
    // never throws: a failure is logged and the frame goes on.
    void tick(double session_seconds);
    session::CommandResult submit(const session::Command& command);
    // A report from the headset slider (or the therapist's entry) during a frame.
    session::ReportResult report(const session::CravingReport& report);
    // A reading from a heart-rate sensor the app polls itself (a strap, a replay).
    void heart_rate(const sensors::HeartRateSample& sample);
    // That sensor's connection as its source reports it (a lost one is told, never a stop).
    void heart_rate_connected(bool connected);
    // A heart-rate source the runner polls each tick itself (a strap, a replay), in place of any
    // simulated resident's strap.
    void attach_heart_rate(std::unique_ptr<sensors::HeartRateSource> source);
    const sensors::HeartRateSource* heart_rate_source() const { return m_source.get(); }
    // One frame's gaze and head pose (session::GazeSample): into the controller's gaze figures and
    // the session's per-frame record (a batch every 10 session seconds, encoded on the store
    // thread; the frame only appends to a vector).
    void gaze(const session::GazeSample& sample);
    // The areas of interest of a scene now shown, for the log to name them.
    void gaze_areas(std::span<const session::GazeArea> areas) { m_controller.gaze_areas(areas); }
    std::uint64_t frames_recorded() const { return m_frames_recorded; }

    // Something the app saw (the display went dark, frame statistics) into the session's record,
    // at session seconds `t`.
    void record_app_event(double t, const char* type, const core::Json& payload);
    // Called with each controller event as it is recorded (the terminal's live log).
    void on_event(std::function<void(const session::Event&)> observer) { m_observer = std::move(observer); }

    // Reports that became durable since the last call, in order.
    std::vector<Acknowledgement> take_acknowledgements();
    std::size_t unacknowledged() const { return m_pending.size(); }
    int reports_taken() const { return m_reports_taken; } // accepted reports queued for the record

    const StorageState& storage() const { return m_storage; }
    // What the therapist must be told about the records since the last call (writing failed, came
    // back, was given up), in `lang`; empty when nothing changed. One caller per session.
    std::string take_storage_news(core::Lang lang);

    // After the controller closed (or to give up): records the end and waits for the disk. Not
    // for the frame loop.
    void finish();

    bool closed() const { return m_controller.closed(); }
    const session::Controller& controller() const { return m_controller; }
    std::int64_t session_id() const { return m_start.session_id; }
    store::FrameTimingSummary frame_timing() const;

private:
    struct Pending {
        store::Ticket ticket;
        Acknowledgement ack;
    };

    void record_new_events();
    void record_progress();
    void record_timing(double t);
    void take_reading(const sensors::HeartRateSample& sample);
    void poll_source(double t);
    void record_readings();
    void record_frames();
    void check_storage(double t);

    session::Controller m_controller;
    store::Recorder& m_recorder;
    RunnerStart m_start;
    std::unique_ptr<session::Respondent> m_respondent;
    RunnerOptions m_options;

    std::int64_t m_next_seq;
    std::vector<session::Event> m_events;
    std::vector<sensors::HeartRateSample> m_beats;    // the respondent's readings of one tick
    std::vector<sensors::HeartRateSample> m_readings; // not yet recorded (a batch every k_heart_batch_s)
    std::unique_ptr<sensors::HeartRateSource> m_source;
    std::vector<session::GazeSample> m_frames; // not yet recorded (a batch every k_frame_batch_s)
    std::uint64_t m_frames_recorded = 0;
    sensors::SourceState m_source_state = sensors::SourceState::connecting;
    std::deque<Pending> m_pending;
    std::vector<Acknowledgement> m_acked;
    double m_last_progress_t = 0;
    double m_last_timing_t = 0;
    std::vector<float> m_frame_ms;
    std::size_t m_timing_from = 0;
    bool m_logged_failure = false;
    int m_reports_taken = 0;
    StorageState m_storage;
    enum class StorageNews { none, failing, back, given_up } m_storage_news = StorageNews::none;
    double m_storage_back_after_s = 0;
    std::function<void(const session::Event&)> m_observer;
};

} // namespace qx::live
