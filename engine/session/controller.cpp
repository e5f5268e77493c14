// The controller's clocks, timers and transitions. Rules applied to reports live in
// controller_rules.cpp, commands in controller_commands.cpp.
#include "session/controller.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace qx::session {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

double smoothstep(double x) {
    x = std::clamp(x, 0.0, 1.0);
    return x * x * (3.0 - 2.0 * x);
}

} // namespace

Controller::Controller(Protocol protocol, StartOptions options)
    : m_protocol(std::move(protocol)), m_options(options) {
    QX_ENSURE(!m_protocol.ladder.empty(), "protocol {} has no ladder", m_protocol.id);
    QX_ENSURE(options.start_step >= 0 && options.start_step < m_protocol.step_count(),
              "start step {} is not on the ladder of protocol {} (steps 1 to {})", options.start_step + 1,
              m_protocol.id, m_protocol.step_count());
    QX_ENSURE(std::isfinite(options.elapsed_s) && options.elapsed_s >= 0, "elapsed time {} is not valid",
              options.elapsed_s);
    m_active = options.elapsed_s;
    m_step = options.start_step;
    m_events.reserve(64);
    m_timeline.push_back({0, State::ready, m_step});
}

// ------------------------------------------------------------------------------------ the log

Event Controller::make(EventKind kind, std::string_view key, std::string_view rule) const {
    Event e;
    e.t = m_now;
    e.kind = kind;
    e.rule = rule;
    e.key = key;
    e.state = m_state;
    e.step = m_step;
    return e;
}

void Controller::push(Event e) {
    e.seq = ++m_seq;
    if (e.kind == EventKind::decision) m_last_decision = e;
    if (e.kind == EventKind::alert) m_last_alert = e;
    m_events.push_back(std::move(e));
}

std::vector<Event> Controller::drain_events() {
    std::vector<Event> out;
    out.swap(m_events);
    m_events.reserve(64);
    return out;
}

void Controller::drain_events_into(std::vector<Event>& out) {
    std::move(m_events.begin(), m_events.end(), std::back_inserter(out));
    m_events.clear();
}

// ------------------------------------------------------------------------------------- clocks

void Controller::update(double t) {
    if (!std::isfinite(t) || t < m_now) return; // session time never goes back
    advance_clocks(t);
    run_timers();
    if (m_state != State::ready && m_state != State::closed) check_heart_signal(); // stale readings
}

void Controller::advance_clocks(double t) {
    double dt = t - m_now;
    m_now = t;
    if (m_state == State::ready || m_state == State::closed || m_state == State::paused) return;
    m_active += dt;
    switch (m_state) {
    case State::baseline:
        m_baseline_time += dt;
        break;
    case State::exposure:
    case State::adaptation:
        m_dwell += dt;
        break;
    case State::calm_room:
        m_calm_time += dt;
        break;
    case State::cool_down:
        m_cool_time += dt;
        break;
    default:
        break;
    }
}

void Controller::run_timers() {
    if (m_state == State::ready || m_state == State::closed || m_state == State::paused) return;
    run_prompt_timers();
    run_state_timers();
}

double Controller::prompt_interval() const {
    switch (m_state) {
    case State::calm_room:
    case State::baseline:
        return m_protocol.calm_room.prompt_interval_s;
    case State::cool_down:
        return m_protocol.cool_down.prompt_interval_s;
    default:
        return m_protocol.prompts.interval_s;
    }
}

// The next regular prompt comes at most `within_s` from now (a state change may bring it forward).
void Controller::reschedule_prompt(double within_s) {
    m_prompt.next_due = std::min(m_prompt.next_due, m_active + within_s);
}

void Controller::issue_prompt(PromptPurpose purpose) {
    m_prompt.pending = true;
    m_prompt.purpose = purpose;
    m_prompt.issued_at = m_active;
    m_prompt.repeats = 0;
    m_prompt.number += 1;
    m_prompt.next_due = k_inf;
    std::string_view key = purpose == PromptPurpose::tonic          ? "session.prompt.tonic"
                           : purpose == PromptPurpose::final_report ? "session.prompt.final"
                                                                    : "session.prompt.regular";
    Event e = make(EventKind::prompt, key);
    e.num("number", m_prompt.number).num("repeat", 0);
    push(std::move(e));
}

void Controller::run_prompt_timers() {
    const auto& p = m_protocol.prompts;
    if (m_prompt.pending) {
        double waited = m_active - m_prompt.issued_at;
        if (waited < p.repeat_after_s * (m_prompt.repeats + 1)) return;
        if (m_prompt.repeats < p.max_repeats) {
            m_prompt.repeats += 1;
            Event e = make(EventKind::prompt, "session.prompt.repeat");
            e.num("number", m_prompt.number).num("repeat", m_prompt.repeats);
            push(std::move(e));
            return;
        }
        m_prompt.pending = false;
        m_missed_in_row += 1;
        Event e = make(EventKind::prompt_missed, "session.prompt.missed", "missed_prompt");
        e.num("number", m_prompt.number).num("asked", m_prompt.repeats + 1).num("waited", waited);
        push(std::move(e));
        if (m_missed_in_row == p.alert_after_missed) {
            Event a = make(EventKind::alert, "session.alert.missed_prompts", "missed_prompt");
            a.num("missed", m_missed_in_row);
            push(std::move(a));
        }
        // Keep the cadence: the next prompt is due an interval after the missed one was asked.
        m_prompt.next_due = std::max(m_active, m_prompt.issued_at + prompt_interval());
        on_prompt_missed(m_prompt.purpose);
        return;
    }
    bool regular_allowed = is_exposed(m_state) || m_state == State::calm_room ||
                           m_state == State::cool_down || (m_state == State::baseline && m_baseline_blocked);
    if (regular_allowed && m_active >= m_prompt.next_due) {
        bool final_one = m_state == State::cool_down && m_cool_time >= m_protocol.cool_down.max_s;
        issue_prompt(m_state == State::baseline ? PromptPurpose::tonic
                     : final_one                ? PromptPurpose::final_report
                                                : PromptPurpose::regular);
        if (final_one) m_final_prompt_issued = true;
    }
}

void Controller::on_prompt_missed(PromptPurpose purpose) {
    if (purpose == PromptPurpose::tonic && m_state == State::baseline && !m_baseline_blocked) {
        push(make(EventKind::decision, "session.rule.tonic_missed", "baseline"));
        enter_step(m_step, true, m_protocol.intensity.scene_fade_s);
    } else if (m_state == State::cool_down &&
               (purpose == PromptPurpose::final_report || m_cool_time >= m_protocol.cool_down.max_s)) {
        Event a = make(EventKind::alert, "session.alert.final_missed", "cool_down");
        push(std::move(a));
        push(make(EventKind::decision, "session.rule.close_final_missed", "cool_down"));
        close_session();
    }
}

void Controller::run_state_timers() {
    // The session's length comes first: exposure ends so that a full cool-down still fits.
    if ((m_state == State::baseline || is_exposed(m_state) || m_state == State::calm_room) &&
        m_active >= m_protocol.exposure_end_s()) {
        Event d = make(EventKind::decision, "session.rule.session_length", "session_length");
        d.num("minutes", m_protocol.session_length_s / 60.0).num("craving", m_last_rating.value_or(-1));
        push(std::move(d));
        start_cool_down();
        return;
    }
    switch (m_state) {
    case State::baseline:
        if (!m_tonic_prompted && !m_prompt.pending && m_baseline_time >= m_protocol.baseline_s) {
            m_tonic_prompted = true;
            issue_prompt(PromptPurpose::tonic);
        }
        if (m_baseline_blocked && m_baseline_time >= m_protocol.baseline_s + m_protocol.calm_room.max_s) {
            Event a = make(EventKind::alert, "session.alert.baseline_unsettled", "baseline");
            a.num("minutes", m_baseline_time / 60.0).num("craving", m_tonic.value_or(-1));
            push(std::move(a));
            start_cool_down();
        }
        break;
    case State::exposure:
        if (m_dwell >= m_protocol.intensity.ramp_s) set_state(State::adaptation);
        check_max_dwell();
        break;
    case State::adaptation:
        check_max_dwell();
        break;
    case State::calm_room:
        check_calm_room_timers();
        break;
    case State::cool_down:
        if (m_cool_time >= m_protocol.cool_down.max_s && !m_final_prompt_issued) {
            m_final_prompt_issued = true;
            Event d = make(EventKind::decision, "session.rule.cool_down_final_prompt", "cool_down");
            d.num("minutes", m_protocol.cool_down.max_s / 60.0);
            push(std::move(d));
            if (m_prompt.pending) {
                m_prompt.purpose = PromptPurpose::final_report; // the open prompt becomes the final one
            } else {
                issue_prompt(PromptPurpose::final_report);
            }
        }
        break;
    default:
        break;
    }
}

// -------------------------------------------------------------------------------- transitions

void Controller::set_state(State state) {
    if (state == m_state) return;
    State from = m_state;
    m_state = state;
    Event e = make(EventKind::state, fmt::format("session.state.{}", to_string(state)));
    e.str("from", std::string(to_string(from))).str("to", std::string(to_string(state)));
    push(std::move(e));
    m_timeline.push_back({m_now, m_state, m_step});
    follow_stretch();
}

void Controller::scene_changed(double fade_s) {
    m_scene_change += 1;
    m_fade_s = fade_s;
}

void Controller::enter_step(int step, bool new_visit, double fade_s) {
    int from = m_step;
    bool from_exposure = is_exposed(m_state);
    m_step = step;
    if (new_visit) {
        m_dwell = 0;
        m_peak.reset();
        m_streak = 0;
        m_visit_habituated = false;
        m_max_dwell_handled = false;
        m_max_dwell_waiting = false;
        m_visit_started_t = m_now;
    }
    // The sharp-rise rule compares consecutive reports within one step visit: the rise that
    // follows a step up is the cue response exposure is for (the ceiling guards its size), and
    // treating it as a safety event would bounce the resident off every new step.
    if (new_visit || !from_exposure) m_prev_exposure_rating.reset();
    if (from != step || !from_exposure) scene_changed(fade_s);
    if (from != step || new_visit) {
        const Step& s = m_protocol.ladder[static_cast<std::size_t>(step)];
        Event e = make(EventKind::step, "session.step.entered");
        e.num("from_step", from).num("to_step", step).str("scene", s.scene).num("level", s.cue_level);
        push(std::move(e));
    }
    State next = m_dwell >= m_protocol.intensity.ramp_s ? State::adaptation : State::exposure;
    if (next == m_state) {
        m_timeline.push_back({m_now, m_state, m_step}); // same state, new step
    } else {
        set_state(next);
    }
    follow_stretch(); // a new step in the same state
    reschedule_prompt(m_protocol.prompts.interval_s);
}

void Controller::enter_calm_room(CalmCause cause, int return_step) {
    m_calm_cause = cause;
    m_calm_return_step = std::clamp(return_step, 0, m_protocol.top_step());
    m_calm_time = 0;
    m_calm_rating.reset();
    m_calm_long_alerted = false;
    m_prev_exposure_rating.reset();
    m_hr_above_since.reset();
    scene_changed(m_protocol.intensity.calm_fade_s);
    set_state(State::calm_room);
    reschedule_prompt(m_protocol.calm_room.prompt_interval_s);
}

void Controller::leave_calm_room() {
    bool same_visit = m_calm_return_step == m_step && m_calm_cause == CalmCause::therapist;
    enter_step(m_calm_return_step, !same_visit, m_protocol.intensity.scene_fade_s);
}

void Controller::start_cool_down() {
    bool was_calm = m_state == State::calm_room || m_state == State::baseline;
    m_cool_time = 0;
    m_final_prompt_issued = false;
    m_prev_exposure_rating.reset();
    if (!was_calm) scene_changed(m_protocol.intensity.scene_fade_s);
    set_state(State::cool_down);
    // Ask at once: the session closes only on a report at or below the threshold (or a final one).
    if (!m_prompt.pending) issue_prompt(PromptPurpose::regular);
}

void Controller::close_session() {
    m_prompt.pending = false;
    m_prompt.next_due = k_inf;
    set_state(State::closed);
}

void Controller::end_pause() {
    set_state(m_paused_from);
}

// ------------------------------------------------------------------------------------ outputs

Target Controller::target() const {
    Target t;
    State shown = m_state == State::paused ? m_paused_from : m_state;
    t.frozen = m_state == State::paused;
    t.fade_s = m_fade_s;
    t.scene_change = m_scene_change;
    if (is_exposed(shown)) {
        const Step& s = m_protocol.ladder[static_cast<std::size_t>(m_step)];
        t.scene = s.scene;
        t.cue_level = s.cue_level;
        t.calm_room = false;
        const auto& in = m_protocol.intensity;
        double ramp = in.ramp_s > 0 ? smoothstep(m_dwell / in.ramp_s) : 1.0;
        t.intensity = in.ramp_from + (1.0 - in.ramp_from) * ramp;
    } else {
        t.scene = m_protocol.calm_scene;
        t.cue_level = 0;
        t.intensity = 0;
        t.calm_room = true;
    }
    return t;
}

Snapshot Controller::snapshot() const {
    Snapshot s;
    Target tg = target();
    s.t = m_now;
    s.active_s = m_active;
    s.remaining_s = std::max(0.0, m_protocol.exposure_end_s() - m_active);
    s.state = m_state;
    s.paused_from = m_paused_from;
    s.step = m_step;
    s.step_count = m_protocol.step_count();
    s.scene = tg.scene;
    const Step& step = m_protocol.ladder[static_cast<std::size_t>(m_step)];
    s.step_label_zh = step.label.zh_cn;
    s.step_label_en = step.label.en;
    s.cue_level = tg.cue_level;
    s.intensity = tg.intensity;
    s.calm_room = tg.calm_room;
    s.step_peak = m_peak;
    s.time_in_step = m_dwell;
    s.min_dwell_s = step.min_dwell_s;
    s.max_dwell_s = step.max_dwell_s;
    s.habituation_streak = m_streak;
    s.habituation_needed = m_protocol.habituation.consecutive_reports;
    s.held = m_held;
    s.prompt_pending = m_prompt.pending;
    s.prompt_repeats = m_prompt.repeats;
    s.next_prompt_in_s = std::isfinite(m_prompt.next_due) ? m_prompt.next_due - m_active : -1;
    s.missed_in_a_row = m_missed_in_row;
    s.tonic = m_tonic;
    s.last_rating = m_last_rating;
    s.heart_rate_bpm = m_hr.bpm_now(m_now);
    s.heart_rate_baseline_bpm = m_hr.baseline_bpm();
    s.heart_rate_signal = m_hr.signal(m_now);
    s.gaze_source = m_gaze.any_sample() ? m_gaze.source() : GazeSource::none;
    s.gaze_area = m_gaze.looking_at();
    s.gaze_kind = m_gaze.looking_at_kind();
    s.safe_step = m_safe_step;
    std::size_t n = std::min(m_recent_count, m_recent.size());
    for (std::size_t i = m_recent_count - n; i < m_recent_count; ++i) {
        s.recent_reports.push_back(m_recent[i % m_recent.size()]);
    }
    s.last_decision = m_last_decision;
    s.last_alert = m_last_alert;
    return s;
}

} // namespace qx::session
