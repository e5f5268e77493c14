// Sessions (with the owner bookkeeping that tells an interrupted session from a running one),
// their events, notes and SSQ scores.
#include "store/process_identity.h"
#include "store/store.h"

#include "core/clock.h"
#include "core/json_limits.h"

#include <fmt/format.h>

namespace qx::store {
namespace {

constexpr const char* k_session_columns =
    "s.id, s.resident_id, r.code, s.therapist_id, s.protocol, s.protocol_json, s.display, s.status, "
    "s.start_step, "
    "s.current_step, s.safe_step, s.end_step, s.elapsed_s, s.last_t, s.started_ms, s.ended_ms, "
    "s.resumed_count, "
    "s.frames, s.frame_ms_mean, s.frame_ms_p99, s.frame_ms_max, s.frames_over_budget";

std::string session_query(std::string_view where) {
    return fmt::format("SELECT {} FROM sessions s JOIN residents r ON r.id = s.resident_id {}",
                       k_session_columns, where);
}

} // namespace

SessionRecord Store::read_session(Statement& s) {
    SessionRecord r;
    r.id = s.column_int(0);
    r.resident_id = s.column_int(1);
    r.resident_code = s.column_text(2);
    r.therapist_id = s.column_optional_int(3);
    r.protocol = s.column_text(4);
    r.protocol_json = s.column_text(5);
    r.display = s.column_text(6);
    r.status = parse_session_status(s.column_text(7)).value_or(SessionStatus::interrupted);
    r.start_step = static_cast<int>(s.column_int(8));
    r.current_step = static_cast<int>(s.column_int(9));
    r.safe_step = static_cast<int>(s.column_int(10));
    if (auto e = s.column_optional_int(11)) r.end_step = static_cast<int>(*e);
    r.elapsed_s = s.column_double(12);
    r.last_t = s.column_double(13);
    r.started_ms = s.column_int(14);
    r.ended_ms = s.column_optional_int(15);
    r.resumed_count = static_cast<int>(s.column_int(16));
    r.frames.frames = s.column_int(17);
    r.frames.mean_ms = s.column_optional_double(18);
    r.frames.p99_ms = s.column_optional_double(19);
    r.frames.max_ms = s.column_optional_double(20);
    r.frames.over_budget = s.column_int(21);
    return r;
}

std::int64_t Store::begin_session(const NewSession& n) {
    ResidentRecord resident = ensure_resident(n.resident_code);
    ProcessIdentity owner = ProcessIdentity::current();
    m_db.prepare("INSERT INTO sessions (resident_id, therapist_id, protocol, protocol_json, display, status, "
                 "start_step, current_step, started_ms, owner_pid, owner_boot, owner_start) "
                 "VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)")
        .bind(1, resident.id)
        .bind(2, n.therapist_id)
        .bind(3, n.protocol)
        .bind(4, n.protocol_json)
        .bind(5, n.display)
        .bind(6, n.start_step)
        .bind(7, n.start_step)
        .bind(8, core::wall_unix_ms())
        .bind(9, owner.pid)
        .bind(10, owner.boot_id)
        .bind(11, owner.start_ticks)
        .run();
    return m_db.last_insert_rowid();
}

void Store::update_progress(const SessionProgress& p) {
    m_db.prepare(
            "UPDATE sessions SET current_step = ?, safe_step = ?, elapsed_s = ?, last_t = ? WHERE id = ?")
        .bind(1, p.current_step)
        .bind(2, p.safe_step)
        .bind(3, p.elapsed_s)
        .bind(4, p.last_t)
        .bind(5, p.session_id)
        .run();
}

void Store::finish_session(const SessionEnd& e) {
    m_db.prepare("UPDATE sessions SET status = ?, end_step = ?, current_step = coalesce(?, current_step), "
                 "safe_step = ?, elapsed_s = ?, last_t = ?, ended_ms = ?, frames = ?, frame_ms_mean = ?, "
                 "frame_ms_p99 = ?, frame_ms_max = ?, frames_over_budget = ?, owner_pid = NULL WHERE id = ?")
        .bind(1, to_string(e.status))
        .bind(2, e.end_step)
        .bind(3, e.end_step)
        .bind(4, e.safe_step)
        .bind(5, e.elapsed_s)
        .bind(6, e.last_t)
        .bind(7, core::wall_unix_ms())
        .bind(8, e.frames.frames)
        .bind(9, e.frames.mean_ms)
        .bind(10, e.frames.p99_ms)
        .bind(11, e.frames.max_ms)
        .bind(12, e.frames.over_budget)
        .bind(13, e.session_id)
        .run();
}

std::optional<SessionRecord> Store::session(std::int64_t id) {
    Statement s = m_db.prepare(session_query("WHERE s.id = ?"));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_session(s);
}

std::vector<SessionRecord> Store::sessions_of(std::string_view resident_code) {
    Statement s = m_db.prepare(session_query("WHERE r.code = ? ORDER BY s.started_ms, s.id"));
    s.bind(1, resident_code);
    std::vector<SessionRecord> out;
    while (s.step())
        out.push_back(read_session(s));
    return out;
}

std::vector<SessionRecord> Store::recover_interrupted() {
    std::vector<std::int64_t> gone;
    {
        Statement s = m_db.prepare(
            "SELECT id, owner_pid, owner_boot, owner_start FROM sessions WHERE status = 'running'");
        while (s.step()) {
            ProcessIdentity owner{s.column_optional_int(1).value_or(0), s.column_text(2),
                                  s.column_optional_int(3).value_or(0)};
            if (!owner.alive()) gone.push_back(s.column_int(0));
        }
    }
    std::vector<SessionRecord> out;
    for (std::int64_t id : gone) {
        m_db.prepare("UPDATE sessions SET status = 'interrupted', owner_pid = NULL WHERE id = ? AND status = "
                     "'running'")
            .bind(1, id)
            .run();
        if (auto r = session(id)) out.push_back(*r);
    }
    return out;
}

std::vector<SessionRecord> Store::interrupted_sessions(std::string_view resident_code) {
    Statement s = m_db.prepare(session_query("WHERE r.code = ? AND s.status = 'interrupted' ORDER BY s.id"));
    s.bind(1, resident_code);
    std::vector<SessionRecord> out;
    while (s.step())
        out.push_back(read_session(s));
    return out;
}

void Store::resume_session(std::int64_t id) {
    auto r = session(id);
    QX_ENSURE(r.has_value(), "there is no session {}", id);
    QX_ENSURE(r->status == SessionStatus::interrupted,
              "session {} is {}, not interrupted: only an interrupted session "
              "can be resumed",
              id, to_string(r->status));
    ProcessIdentity owner = ProcessIdentity::current();
    m_db.prepare("UPDATE sessions SET status = 'running', resumed_count = resumed_count + 1, owner_pid = ?, "
                 "owner_boot = ?, owner_start = ? WHERE id = ?")
        .bind(1, owner.pid)
        .bind(2, owner.boot_id)
        .bind(3, owner.start_ticks)
        .bind(4, id)
        .run();
}

void Store::close_session(std::int64_t id) {
    auto r = session(id);
    QX_ENSURE(r.has_value(), "there is no session {}", id);
    QX_ENSURE(r->status == SessionStatus::interrupted,
              "session {} is {}, not interrupted: only an interrupted session "
              "can be closed this way",
              id, to_string(r->status));
    m_db.prepare("UPDATE sessions SET status = 'closed', end_step = current_step, ended_ms = ? WHERE id = ?")
        .bind(1, core::wall_unix_ms())
        .bind(2, id)
        .run();
}

// -------------------------------------------------------------------------------------- events

void Store::add_event(const EventRecord& e) {
    if (!m_insert_event) {
        m_insert_event.emplace(m_db.prepare(
            "INSERT INTO events (session_id, seq, t, wall_ms, type, payload) VALUES (?, ?, ?, ?, ?, ?)"));
    }
    m_insert_event->bind(1, e.session_id)
        .bind(2, e.seq)
        .bind(3, e.t)
        .bind(4, e.wall_ms)
        .bind(5, e.type)
        .bind(6, e.payload)
        .run();
}

std::vector<EventRecord> Store::events(std::int64_t session_id) {
    Statement s = m_db.prepare(
        "SELECT session_id, seq, t, wall_ms, type, payload FROM events WHERE session_id = ? ORDER BY seq");
    s.bind(1, session_id);
    std::vector<EventRecord> out;
    while (s.step()) {
        out.push_back({s.column_int(0), s.column_int(1), s.column_double(2), s.column_int(3),
                       s.column_text(4), s.column_text(5)});
    }
    return out;
}

std::int64_t Store::next_event_seq(std::int64_t session_id) {
    Statement s = m_db.prepare("SELECT coalesce(max(seq), 0) + 1 FROM events WHERE session_id = ?");
    s.bind(1, session_id);
    return s.step() ? s.column_int(0) : 1;
}

double Store::last_event_t(std::int64_t session_id) {
    Statement s = m_db.prepare("SELECT coalesce(max(t), 0) FROM events WHERE session_id = ?");
    s.bind(1, session_id);
    return s.step() ? s.column_double(0) : 0.0;
}

// ------------------------------------------------------------------------------- notes and SSQ

std::int64_t Store::add_note(const NoteRecord& note) {
    ResidentRecord resident = ensure_resident(note.resident_code);
    QX_ENSURE(!note.text.empty(), "a note needs some text");
    m_db.prepare("INSERT INTO notes (resident_id, session_id, therapist_id, t, wall_ms, text) VALUES (?, ?, "
                 "?, ?, ?, ?)")
        .bind(1, resident.id)
        .bind(2, note.session_id)
        .bind(3, note.therapist_id)
        .bind(4, note.t)
        .bind(5, note.wall_ms != 0 ? note.wall_ms : core::wall_unix_ms())
        .bind(6, note.text)
        .run();
    return m_db.last_insert_rowid();
}

std::vector<NoteRecord> Store::notes_of(std::string_view resident_code) {
    Statement s =
        m_db.prepare("SELECT n.id, r.code, n.session_id, n.therapist_id, n.t, n.wall_ms, n.text FROM notes n "
                     "JOIN residents r ON r.id = n.resident_id WHERE r.code = ? ORDER BY n.wall_ms, n.id");
    s.bind(1, resident_code);
    std::vector<NoteRecord> out;
    while (s.step()) {
        out.push_back({s.column_int(0), s.column_text(1), s.column_optional_int(2), s.column_optional_int(3),
                       s.column_optional_double(4), s.column_int(5), s.column_text(6)});
    }
    return out;
}

void Store::record_ssq(std::int64_t session_id, SsqPhase phase, const SsqItems& items) {
    SsqScores scores = score_ssq(items);
    core::Json list = core::Json::array();
    for (int v : items)
        list.push_back(v);
    m_db.prepare("INSERT OR REPLACE INTO ssq (session_id, phase, items, nausea, oculomotor, disorientation, "
                 "total, "
                 "wall_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, session_id)
        .bind(2, to_string(phase))
        .bind(3, list.dump())
        .bind(4, scores.nausea)
        .bind(5, scores.oculomotor)
        .bind(6, scores.disorientation)
        .bind(7, scores.total)
        .bind(8, core::wall_unix_ms())
        .run();
}

std::vector<SsqRecord> Store::ssq_of(std::int64_t session_id) {
    Statement s =
        m_db.prepare("SELECT phase, items, nausea, oculomotor, disorientation, total, wall_ms FROM ssq "
                     "WHERE session_id = ? ORDER BY phase DESC");
    s.bind(1, session_id);
    std::vector<SsqRecord> out;
    while (s.step()) {
        SsqRecord r;
        r.session_id = session_id;
        r.phase = parse_ssq_phase(s.column_text(0)).value_or(SsqPhase::before);
        core::Json items = core::parse_json(s.column_text(1), "", core::k_json_record_limits).value.value_or(nullptr);
        for (std::size_t i = 0; i < r.items.size() && items.is_array() && i < items.size(); ++i) {
            // An answer outside the scale's 0..3 reads as 0, as a missing one does.
            const core::Json& v = items[i];
            const bool on_scale = v.is_number_integer() && v.get<std::int64_t>() >= 0 && v.get<std::int64_t>() <= 3;
            r.items[i] = on_scale ? int(v.get<std::int64_t>()) : 0;
        }
        r.scores = {s.column_double(2), s.column_double(3), s.column_double(4), s.column_double(5)};
        r.wall_ms = s.column_int(6);
        out.push_back(r);
    }
    return out;
}

} // namespace qx::store
