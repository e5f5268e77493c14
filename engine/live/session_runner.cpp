#include "live/session_runner.h"

#include "live/event_codec.h"
#include "live/frame_codec.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "live/strings.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace qx::live {
namespace {

// Heart-rate readings are recorded in batches of this many session seconds: one record instead of
// ten, and at most this much lost if the process dies.
constexpr double k_heart_batch_s = 10.0;
// Frames' gaze and pose: a record every this many session seconds (900 frames at 90 Hz).
constexpr double k_frame_batch_s = 10.0;
constexpr std::size_t k_frame_batch_reserve = 1024;

store::FrameTimingSummary summarise(std::span<const float> frames, double budget_ms) {
    store::FrameTimingSummary s;
    s.frames = static_cast<std::int64_t>(frames.size());
    if (frames.empty()) return s;
    std::vector<float> sorted(frames.begin(), frames.end());
    std::sort(sorted.begin(), sorted.end());
    s.mean_ms = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(sorted.size());
    s.p99_ms = sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
    s.max_ms = sorted.back();
    s.over_budget = std::count_if(sorted.begin(), sorted.end(), [&](float f) { return f > budget_ms; });
    return s;
}

} // namespace

SessionRunner::SessionRunner(const session::Protocol& protocol, store::Recorder& recorder, RunnerStart start,
                             std::unique_ptr<session::Respondent> respondent, RunnerOptions options)
    : m_controller(protocol, start.controller), m_recorder(recorder), m_start(start),
      m_respondent(std::move(respondent)), m_options(options), m_next_seq(start.first_seq) {
    m_events.reserve(64);
    m_beats.reserve(8);
    m_readings.reserve(64);
    // Room for every frame of a full session at the frame budget, so the frame loop never
    // reallocates (a little over 2 MB for 40 minutes at 90 Hz).
    double longest_s = protocol.session_length_s + protocol.calm_room.max_s + protocol.cool_down.max_s;
    m_frame_ms.reserve(static_cast<std::size_t>(longest_s * 1000.0 / m_options.frame_budget_ms));
    if (m_respondent) m_respondent->begin_session();
}

void SessionRunner::start() {
    submit({session::CommandKind::start, "", session::CommandSource::therapist});
}

void SessionRunner::tick(double t) {
    core::Stopwatch watch;
    try {
        if (m_respondent) m_respondent->advance(t, m_controller.target());
        m_controller.update(t);
        if (m_respondent) {
            while (auto r = m_respondent->next_report(t))
                m_controller.report(*r);
            m_beats.clear();
            if (!m_source) m_respondent->heart_rate(t, m_beats);
            for (const sensors::HeartRateSample& s : m_beats)
                take_reading(s);
        }
        if (m_source) poll_source(t);
        if (!m_readings.empty() && t - m_readings.front().seconds >= k_heart_batch_s) record_readings();
        record_new_events();
        while (!m_pending.empty() && m_recorder.is_durable(m_pending.front().ticket)) {
            m_acked.push_back(m_pending.front().ack);
            m_pending.pop_front();
        }
        check_storage(t);
        if (t - m_last_progress_t >= m_options.progress_every_s) record_progress();
        if (t - m_last_timing_t >= m_options.timing_every_s) record_timing(t);
    } catch (const std::exception& e) {
        // Inside the frame loop nothing throws: say it once, keep the session going.
        if (!m_logged_failure)
            core::log_error("session", "session {}: {}", m_start.session_id, core::describe(e));
        m_logged_failure = true;
    }
    m_frame_ms.push_back(static_cast<float>(watch.millis()));
}

session::CommandResult SessionRunner::submit(const session::Command& command) {
    session::CommandResult r = m_controller.submit(command);
    record_new_events();
    return r;
}

session::ReportResult SessionRunner::report(const session::CravingReport& report) {
    session::ReportResult r = m_controller.report(report);
    record_new_events();
    return r;
}

void SessionRunner::heart_rate(const sensors::HeartRateSample& sample) {
    take_reading(sample);
    record_new_events();
}

void SessionRunner::attach_heart_rate(std::unique_ptr<sensors::HeartRateSource> source) {
    m_source = std::move(source);
    if (m_source) core::log_info("session", "session {}: heart rate from {}", m_start.session_id, m_source->describe());
}

void SessionRunner::poll_source(double t) {
    m_beats.clear();
    m_source->poll(t, m_beats);
    for (const sensors::HeartRateSample& s : m_beats)
        take_reading(s);
    const sensors::SourceState state = m_source->state();
    if (state == m_source_state) return;
    m_source_state = state;
    if (state == sensors::SourceState::connected || state == sensors::SourceState::disconnected)
        m_controller.heart_rate_connected(state == sensors::SourceState::connected);
}

void SessionRunner::heart_rate_connected(bool connected) {
    m_controller.heart_rate_connected(connected);
    record_new_events();
}

void SessionRunner::take_reading(const sensors::HeartRateSample& sample) {
    m_controller.heart_rate(sample);
    m_readings.push_back(sample);
    if (sample.seconds - m_readings.front().seconds >= k_heart_batch_s) record_readings();
}

void SessionRunner::gaze(const session::GazeSample& sample) {
    m_controller.gaze(sample);
    if (m_frames.capacity() == 0) m_frames.reserve(k_frame_batch_reserve);
    m_frames.push_back(sample);
    if (sample.t - m_frames.front().t >= k_frame_batch_s) record_frames();
}

void SessionRunner::record_frames() {
    if (m_frames.empty()) return;
    const double t = m_controller.now() + m_start.time_offset;
    m_frames_recorded += m_frames.size();
    m_recorder.record_made({m_start.session_id, m_next_seq++, t, core::wall_unix_ms(), k_frame_samples_type, {}},
                           [frames = std::move(m_frames), offset = m_start.time_offset] {
                               return frame_samples_payload(frames, offset);
                           });
    m_frames = {};
}

void SessionRunner::record_readings() {
    if (m_readings.empty()) return;
    // Stamped when recorded, like every record (records keep their clock's order); each reading
    // carries its own time.
    const double t = m_controller.now() + m_start.time_offset;
    m_recorder.record({m_start.session_id, m_next_seq++, t, core::wall_unix_ms(), k_heart_rate_readings_type,
                       heart_readings_to_json(m_readings, m_start.time_offset).dump()});
    m_readings.clear();
}

void SessionRunner::record_new_events() {
    m_controller.drain_events_into(m_events);
    if (m_events.empty()) return;
    bool moved = false;
    const std::int64_t now_ms = core::wall_unix_ms();
    for (const session::Event& e : m_events) {
        if (m_respondent) m_respondent->on_event(e);
        if (m_observer) m_observer(e);
        std::int64_t seq = m_next_seq++;
        store::Ticket ticket =
            m_recorder.record(to_record(e, m_start.session_id, seq, m_start.time_offset, now_ms));
        if (e.kind == session::EventKind::report) {
            ++m_reports_taken;
            m_pending.push_back({ticket, {seq, e.t + m_start.time_offset, e.number("rating").value_or(0)}});
        }
        moved = moved || e.kind == session::EventKind::step || e.kind == session::EventKind::state;
    }
    m_events.clear();
    if (moved) record_progress();
}

void SessionRunner::record_progress() {
    m_last_progress_t = m_controller.now();
    m_recorder.update_progress({m_start.session_id, m_controller.step(), m_controller.safe_step(),
                                m_controller.snapshot().active_s, m_controller.now() + m_start.time_offset});
}

void SessionRunner::record_timing(double t) {
    m_last_timing_t = t;
    std::span<const float> window(m_frame_ms.data() + m_timing_from, m_frame_ms.size() - m_timing_from);
    m_timing_from = m_frame_ms.size();
    store::FrameTimingSummary s = summarise(window, m_options.frame_budget_ms);
    core::Json payload = {{"frames", s.frames},
                          {"mean_ms", s.mean_ms.value_or(0)},
                          {"p99_ms", s.p99_ms.value_or(0)},
                          {"max_ms", s.max_ms.value_or(0)},
                          {"over_budget", s.over_budget},
                          {"budget_ms", m_options.frame_budget_ms}};
    m_recorder.record({m_start.session_id, m_next_seq++, t + m_start.time_offset, core::wall_unix_ms(),
                       k_frame_timing_type, payload.dump()});
}

void SessionRunner::record_app_event(double t, const char* type, const core::Json& payload) {
    m_recorder.record(
        {m_start.session_id, m_next_seq++, t + m_start.time_offset, core::wall_unix_ms(), type, payload.dump()});
}

void SessionRunner::check_storage(double t) {
    const store::WriteFault fault = m_recorder.fault();
    StorageState& s = m_storage;
    if (s.given_up) return;
    if (fault != store::WriteFault::none && s.fault == store::WriteFault::none) {
        // Writing just started failing. Exposure waits: a rating given now could not be kept.
        s = {fault, t, false, false};
        const session::State state = m_controller.state();
        if (session::is_exposed(state) || state == session::State::baseline) {
            s.paused = m_controller
                           .submit({session::CommandKind::pause, describe_fault(fault, m_options.lang),
                                    session::CommandSource::therapist})
                           .accepted;
            record_new_events();
        }
        // Queued with the rest: on disk if writing comes back.
        record_app_event(t, k_storage_fault_type, {{"fault", std::string(store::to_string(fault))}});
        core::log_error("session", "session {}: {} ({})", m_start.session_id, describe_fault(fault, core::Lang::en),
                        m_recorder.failure().value_or("write failed"));
        m_storage_news = StorageNews::failing;
        return;
    }
    if (fault == store::WriteFault::none && s.fault != store::WriteFault::none) {
        m_storage_back_after_s = t - s.since;
        record_app_event(t, k_storage_back_type, {{"after_s", m_storage_back_after_s}});
        if (s.paused && m_controller.state() == session::State::paused) {
            m_controller.submit({session::CommandKind::resume, std::string(live::tr("live.storage.back_reason", m_options.lang)),
                                 session::CommandSource::therapist});
            record_new_events();
        }
        s = {};
        m_storage_news = StorageNews::back;
        return;
    }
    if (s.fault != store::WriteFault::none && t - s.since >= m_options.storage_give_up_s) {
        s.given_up = true;
        core::log_error("session", "session {}: records could not be written for {:.0f} s; the session stops",
                        m_start.session_id, t - s.since);
        m_storage_news = StorageNews::given_up;
    }
}

std::string describe_fault(store::WriteFault fault, core::Lang lang) {
    switch (fault) {
    case store::WriteFault::disk_full: return std::string(live::tr("live.storage.disk_full", lang));
    case store::WriteFault::read_only: return std::string(live::tr("live.storage.read_only", lang));
    case store::WriteFault::io_error: return std::string(live::tr("live.storage.io_error", lang));
    default: return std::string(live::tr("live.storage.other", lang));
    }
}

std::string low_space_warning(const std::filesystem::path& db, core::Lang lang) {
    std::error_code ec;
    std::filesystem::path folder = db.has_parent_path() ? db.parent_path() : std::filesystem::path(".");
    std::filesystem::space_info space = std::filesystem::space(folder, ec);
    if (ec || space.available >= k_low_space_bytes) return {};
    return live::trf("live.storage.low_space", lang, fmt::arg("free", fmt::format("{:.1f}", double(space.available) / (1 << 20))),
                     fmt::arg("margin", k_low_space_bytes >> 20));
}

std::string SessionRunner::take_storage_news(core::Lang lang) {
    StorageNews news = std::exchange(m_storage_news, StorageNews::none);
    switch (news) {
    case StorageNews::none: return {};
    case StorageNews::failing: return live::trf("live.storage.failing", lang, fmt::arg("problem", describe_fault(m_storage.fault, lang)));
    case StorageNews::back:
        return live::trf("live.storage.back", lang, fmt::arg("seconds", std::lround(m_storage_back_after_s)));
    case StorageNews::given_up:
        return live::trf("live.storage.gave_up", lang, fmt::arg("problem", describe_fault(m_storage.fault, lang)),
                         fmt::arg("seconds", std::lround(m_controller.now() - m_storage.since)),
                         fmt::arg("id", m_start.session_id));
    }
    return {};
}

std::vector<Acknowledgement> SessionRunner::take_acknowledgements() {
    std::vector<Acknowledgement> out;
    out.swap(m_acked);
    return out;
}

store::FrameTimingSummary SessionRunner::frame_timing() const {
    return summarise(m_frame_ms, m_options.frame_budget_ms);
}

void SessionRunner::finish() {
    if (!m_controller.closed()) m_controller.close_stretches();
    record_new_events();
    record_readings();
    record_frames();
    record_timing(m_controller.now());
    if (m_respondent) m_respondent->end_session();
    session::Snapshot s = m_controller.snapshot();
    store::SessionEnd end;
    end.session_id = m_start.session_id;
    end.status = m_controller.closed() ? store::SessionStatus::completed : store::SessionStatus::interrupted;
    end.end_step = m_controller.step();
    end.safe_step = m_controller.safe_step();
    end.elapsed_s = s.active_s;
    end.last_t = m_controller.now() + m_start.time_offset;
    end.frames = frame_timing();
    m_recorder.finish_session(end);
    if (!m_recorder.flush()) {
        core::log_error("session", "session {}: {}", m_start.session_id,
                        m_recorder.failure().value_or("not written"));
    }
    while (!m_pending.empty() && m_recorder.is_durable(m_pending.front().ticket)) {
        m_acked.push_back(m_pending.front().ack);
        m_pending.pop_front();
    }
}

CoursePosition course_position(const session::Protocol& protocol, std::span<const store::SessionRecord> history,
                               std::int64_t skip_id) {
    CoursePosition p;
    for (const store::SessionRecord& r : history) {
        if (r.protocol != protocol.id || (skip_id != 0 && r.id == skip_id)) continue;
        if (r.status != store::SessionStatus::completed && r.status != store::SessionStatus::closed) continue;
        ++p.previous;
        p.start_step = session::next_start_step(protocol, r.start_step, r.safe_step);
    }
    return p;
}

Resumption resume_session(store::Store& store, std::int64_t session_id, std::string_view resident,
                          const session::Protocol& protocol) {
    std::optional<store::SessionRecord> found = store.session(session_id);
    QX_ENSURE(found, "there is no session {} in the records", session_id);
    QX_ENSURE(found->resident_code == resident, "session {} belongs to {}, not {}", session_id, found->resident_code,
              resident);
    QX_ENSURE(found->protocol == protocol.id, "session {} used protocol {}, not {}", session_id, found->protocol,
              protocol.id);
    store.resume_session(session_id);
    Resumption out;
    out.record = *store.session(session_id);
    const double last_t = store.last_event_t(session_id);
    const store::SessionRecord& r = out.record;
    out.start.session_id = r.id;
    out.start.controller = {std::clamp(r.current_step, 0, protocol.top_step()), r.elapsed_s, true};
    out.start.time_offset = last_t + 1.0;
    out.start.first_seq = store.next_event_seq(r.id);
    store.add_event({r.id, out.start.first_seq++, out.start.time_offset, core::wall_unix_ms(), "session_resumed",
                     core::Json{{"step", r.current_step}, {"elapsed_s", r.elapsed_s}}.dump()});
    return out;
}

} // namespace qx::live
