// The rules the controller applies to craving reports (heart rate: controller_heart.cpp). Each decision is
// logged with its rule id, the numbers behind it and a catalogue text in zh-CN and en.
#include "session/controller.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace qx::session {
namespace {

// A report stamped this long before it arrived is treated as late whatever its source.
constexpr double k_stale_after_s = 10.0;

std::string action_key(std::string_view rule, SafetyAction action) {
    return fmt::format("session.rule.{}.{}", rule, to_string(action));
}

} // namespace

ReportResult Controller::report(const CravingReport& r) {
    ReportResult result;
    auto rejected = [&](std::string_view key) {
        Event e = make(EventKind::report_rejected, key, "report_validation");
        e.str("value", fmt::format("{}", r.rating)).str("source", std::string(to_string(r.source)));
        if (std::isfinite(r.t)) e.num("at", r.t);
        result.event = e;
        push(std::move(e));
        return result;
    };
    if (m_state == State::ready) return rejected("session.report.rejected.not_started");
    if (m_state == State::closed) return rejected("session.report.rejected.closed");
    if (!std::isfinite(r.rating)) return rejected("session.report.rejected.not_a_number");
    if (r.rating < 0 || r.rating > 10) return rejected("session.report.rejected.out_of_range");
    if (!std::isfinite(r.t)) return rejected("session.report.rejected.bad_time");
    if (r.t > m_now + k_future_tolerance_s) return rejected("session.report.rejected.future");
    if (r.t < m_started_at) return rejected("session.report.rejected.before_start");

    bool late = r.source == ReportSource::late || r.t < m_last_timely_t || m_now - r.t > k_stale_after_s;
    Segment at = late ? segment_at(r.t) : Segment{m_now, m_state, m_step};
    Event e = make(EventKind::report, late ? "session.report.late" : "session.report.accepted", "report");
    e.t = late ? r.t : m_now;
    e.state = at.state;
    e.step = at.step;
    e.num("rating", r.rating).str("source", std::string(to_string(r.source))).num("late", late ? 1 : 0);
    e.num("received", m_now);
    result.accepted = true;
    result.late = late;
    result.event = e;
    m_recent[m_recent_count % m_recent.size()] = {e.t, r.rating, r.source, late, at.state, at.step};
    m_recent_count += 1;
    push(std::move(e));

    if (late) {
        on_late_report(r, at);
    } else {
        on_timely_report(r);
    }
    return result;
}

void Controller::track_invariance(double rating) {
    const bool exposed = is_exposed(m_state) || (m_state == State::paused && is_exposed(m_paused_from));
    const int scene = exposed ? m_step : -1;
    SameRatings& same = m_same;
    if (same.count == 0 || rating != same.rating) {
        if (same.alerted) {
            Event d = make(EventKind::decision, "session.rule.invariant_ended", "invariant");
            d.num("craving", rating).num("previous", same.rating).num("count", same.count);
            push(std::move(d));
        }
        same = SameRatings{rating, 1, scene, false, false};
        return;
    }
    same.count += 1;
    same.crossed_scene = same.crossed_scene || scene != same.first_scene;
    if (!same.alerted && same.crossed_scene && same.count >= m_protocol.prompts.invariant_after) {
        same.alerted = true;
        Event a = make(EventKind::alert, "session.alert.invariant", "invariant");
        a.num("craving", rating).num("count", same.count);
        push(std::move(a));
    }
}

Controller::Segment Controller::segment_at(double t) const {
    for (auto it = m_timeline.rbegin(); it != m_timeline.rend(); ++it) {
        if (it->t <= t) return *it;
    }
    return m_timeline.front();
}

void Controller::on_timely_report(const CravingReport& r) {
    PromptPurpose answered = PromptPurpose::regular;
    if (m_prompt.pending) {
        answered = m_prompt.purpose;
        m_prompt.pending = false;
    }
    m_missed_in_row = 0;
    m_last_timely_t = std::min(r.t, m_now);
    m_last_rating = r.rating;
    track_invariance(r.rating);

    switch (m_state) {
    case State::baseline:
        on_baseline_report(r.rating, answered);
        break;
    case State::exposure:
    case State::adaptation:
        on_exposure_report(r.rating);
        break;
    case State::calm_room:
        on_calm_report(r.rating);
        break;
    case State::cool_down:
        on_cool_down_report(r.rating, answered);
        break;
    case State::paused:
        if (is_exposed(m_paused_from) && r.rating >= m_protocol.safety.ceiling) {
            Event d = make(EventKind::decision, "session.rule.ceiling_paused", "ceiling");
            d.num("craving", r.rating).num("ceiling", m_protocol.safety.ceiling);
            push(std::move(d));
            push(make(EventKind::alert, "session.alert.ceiling", "ceiling").num("craving", r.rating));
            end_pause();
            enter_calm_room(CalmCause::safety, m_step + m_protocol.calm_room.return_step_offset);
        } else {
            push(make(EventKind::decision, "session.rule.paused_report", "paused").num("craving", r.rating));
        }
        break;
    default:
        break;
    }
    // The next regular prompt is an interval after this answer (in the state we are now in).
    if (!m_prompt.pending && m_state != State::closed) m_prompt.next_due = m_active + prompt_interval();
}

void Controller::on_baseline_report(double rating, PromptPurpose answered) {
    m_tonic = rating;
    const double ceiling = m_protocol.safety.ceiling;
    if (rating >= ceiling) {
        m_baseline_blocked = true;
        Event d = make(EventKind::decision, "session.rule.baseline_high", "baseline");
        d.num("craving", rating).num("ceiling", ceiling).num("wait", m_protocol.calm_room.prompt_interval_s);
        push(std::move(d));
        push(make(EventKind::alert, "session.alert.baseline_high", "baseline").num("craving", rating));
        return;
    }
    if (answered == PromptPurpose::tonic || m_baseline_blocked) {
        m_baseline_blocked = false;
        Event d = make(EventKind::decision, "session.rule.baseline_done", "baseline");
        d.num("craving", rating)
            .num("to_step", m_step)
            .str("scene", m_protocol.ladder[std::size_t(m_step)].scene);
        push(std::move(d));
        enter_step(m_step, true, m_protocol.intensity.scene_fade_s);
        return;
    }
    Event d = make(EventKind::decision, "session.rule.baseline_recorded", "baseline");
    d.num("craving", rating).num("left", std::max(0.0, m_protocol.baseline_s - m_baseline_time));
    push(std::move(d));
}

void Controller::on_exposure_report(double rating) {
    const auto& safety = m_protocol.safety;
    const auto& h = m_protocol.habituation;
    m_peak = std::max(m_peak.value_or(rating), rating);
    std::optional<double> previous = m_prev_exposure_rating;
    m_prev_exposure_rating = rating;

    if (rating >= safety.ceiling) {
        Event d = make(EventKind::decision, "session.rule.ceiling", "ceiling");
        d.num("craving", rating).num("ceiling", safety.ceiling);
        push(std::move(d));
        push(make(EventKind::alert, "session.alert.ceiling", "ceiling").num("craving", rating));
        enter_calm_room(CalmCause::safety, m_step + m_protocol.calm_room.return_step_offset);
        return;
    }
    if (previous && rating - *previous >= safety.sharp_rise_points) {
        SafetyAction action = m_step == 0 ? SafetyAction::calm_room : safety.sharp_rise_action;
        Event d = make(EventKind::decision, action_key("sharp_rise", action), "sharp_rise");
        d.num("craving", rating).num("previous", *previous).num("rise", rating - *previous);
        d.num("points", safety.sharp_rise_points).num("to_step", std::max(0, m_step - 1));
        push(std::move(d));
        apply_safety_action(action);
        return;
    }

    const double min_dwell = m_protocol.min_dwell(m_step);
    const double peak = *m_peak;
    const double threshold = h.fraction_of_peak * peak;
    if (m_dwell < min_dwell) {
        Event d = make(EventKind::decision, "session.rule.min_dwell", "min_dwell");
        d.num("craving", rating).num("peak", peak).num("dwell", m_dwell).num("min_dwell", min_dwell);
        push(std::move(d));
        return;
    }
    // Three ways a report shows habituation: the ALCO-VR drop from this step's peak, a craving too
    // low to habituate further, or one back within a point or so of today's baseline. It counts
    // toward stepping up only with craving at or below the ready level (a baseline that is itself
    // high is no sign of readiness) and while the ratings still vary.
    const bool dropped = rating <= threshold;
    const bool low = rating <= h.or_at_most;
    const bool at_baseline = m_tonic && rating <= *m_tonic + h.or_within_baseline;
    const bool relative = dropped || low || at_baseline;
    const bool ready = rating <= h.ready_at_most;
    m_streak = relative && ready && !m_same.alerted ? m_streak + 1 : 0;
    auto with_numbers = [&](Event& d) {
        d.num("craving", rating)
            .num("peak", peak)
            .num("percent", h.fraction_of_peak * 100)
            .num("threshold", threshold);
        d.num("low", h.or_at_most).num("within", h.or_within_baseline).num("tonic", m_tonic.value_or(-1));
        d.num("count", m_streak).num("needed", h.consecutive_reports);
        d.str("why_key", dropped ? "session.why.dropped" : low ? "session.why.low" : "session.why.baseline");
    };
    if (m_streak == 0) {
        std::string_view key = !relative ? "session.rule.hold_not_dropped"
                               : !ready  ? "session.rule.hold_not_ready"
                                         : "session.rule.hold_invariant";
        Event d = make(EventKind::decision, key, "habituation");
        with_numbers(d);
        d.num("ready", h.ready_at_most).num("same", m_same.count);
        push(std::move(d));
        return;
    }
    if (m_streak < h.consecutive_reports) {
        Event d = make(EventKind::decision, "session.rule.hold_counting", "habituation");
        with_numbers(d);
        push(std::move(d));
        return;
    }

    // The habituation rule holds at this step.
    m_visit_habituated = true;
    m_safe_step = std::max(m_safe_step, m_step);
    auto habituated = [&](std::string_view key) {
        Event d = make(EventKind::decision, key, "habituation");
        with_numbers(d);
        d.num("dwell", m_dwell).num("habituated", 1);
        return d;
    };
    if (m_held) {
        Event o = make(EventKind::override_rule, "session.override.hold_habituated", "habituation");
        o.num("craving", rating).num("peak", peak);
        push(std::move(o));
        push(habituated("session.rule.held"));
        return;
    }
    if (m_step == m_protocol.top_step()) {
        push(habituated("session.rule.top_habituated"));
        return;
    }
    Event d = habituated("session.rule.step_up");
    d.num("to_step", m_step + 1).str("scene", m_protocol.ladder[std::size_t(m_step + 1)].scene);
    push(std::move(d));
    enter_step(m_step + 1, true, m_protocol.intensity.scene_fade_s);
}

void Controller::apply_safety_action(SafetyAction action) {
    if (action == SafetyAction::calm_room || m_step == 0) {
        enter_calm_room(CalmCause::safety, m_step + m_protocol.calm_room.return_step_offset);
    } else {
        enter_step(m_step - 1, true, m_protocol.intensity.scene_fade_s);
    }
}

void Controller::on_calm_report(double rating) {
    const auto& c = m_protocol.calm_room;
    m_calm_rating = rating;
    if (m_calm_cause == CalmCause::therapist) {
        push(make(EventKind::decision, "session.rule.calm_wait_therapist", "calm_room")
                 .num("craving", rating));
        return;
    }
    if (rating > c.return_at_most) {
        Event d = make(EventKind::decision, "session.rule.calm_not_settled", "calm_return");
        d.num("craving", rating).num("return_at_most", c.return_at_most);
        push(std::move(d));
        return;
    }
    if (m_calm_time < c.min_s) {
        Event d = make(EventKind::decision, "session.rule.calm_min_time", "calm_return");
        d.num("craving", rating).num("time", m_calm_time).num("min_time", c.min_s);
        push(std::move(d));
        return;
    }
    Event d = make(EventKind::decision, "session.rule.calm_return", "calm_return");
    d.num("craving", rating).num("return_at_most", c.return_at_most).num("to_step", m_calm_return_step);
    push(std::move(d));
    leave_calm_room();
}

void Controller::check_calm_room_timers() {
    const auto& c = m_protocol.calm_room;
    if (m_calm_cause != CalmCause::therapist && m_calm_rating && *m_calm_rating <= c.return_at_most &&
        m_calm_time >= c.min_s) {
        Event d = make(EventKind::decision, "session.rule.calm_return", "calm_return");
        d.num("craving", *m_calm_rating)
            .num("return_at_most", c.return_at_most)
            .num("to_step", m_calm_return_step);
        push(std::move(d));
        leave_calm_room();
        return;
    }
    if (m_calm_time >= c.max_s) {
        if (m_calm_cause == CalmCause::therapist) {
            // The therapist chose the calm room and decides when it ends; remind them once.
            if (!m_calm_long_alerted) {
                m_calm_long_alerted = true;
                push(make(EventKind::alert, "session.alert.calm_long", "calm_room")
                         .num("minutes", c.max_s / 60.0));
            }
            return;
        }
        Event a = make(EventKind::alert, "session.alert.calm_unsettled", "calm_room_max");
        a.num("minutes", c.max_s / 60.0).num("craving", m_calm_rating.value_or(-1));
        push(std::move(a));
        push(make(EventKind::decision, "session.rule.calm_max", "calm_room_max")
                 .num("minutes", c.max_s / 60.0));
        start_cool_down();
    }
}

void Controller::on_cool_down_report(double rating, PromptPurpose answered) {
    const auto& c = m_protocol.cool_down;
    if (rating <= c.end_at_most) {
        Event d = make(EventKind::decision, "session.rule.cool_down_settled", "cool_down");
        d.num("craving", rating).num("end_at_most", c.end_at_most);
        push(std::move(d));
        close_session();
        return;
    }
    if (answered == PromptPurpose::final_report || m_cool_time >= c.max_s) {
        push(make(EventKind::alert, "session.alert.closed_high", "cool_down")
                 .num("craving", rating)
                 .num("end_at_most", c.end_at_most));
        Event d = make(EventKind::decision, "session.rule.cool_down_max_close", "cool_down");
        d.num("craving", rating).num("end_at_most", c.end_at_most).num("minutes", c.max_s / 60.0);
        push(std::move(d));
        close_session();
        return;
    }
    Event d = make(EventKind::decision, "session.rule.cool_down_wait", "cool_down");
    d.num("craving", rating)
        .num("end_at_most", c.end_at_most)
        .num("left", std::max(0.0, c.max_s - m_cool_time));
    push(std::move(d));
}

void Controller::on_late_report(const CravingReport& r, const Segment& at) {
    const bool newest = r.t >= m_last_timely_t;
    const bool exposed_now = is_exposed(m_state) || (m_state == State::paused && is_exposed(m_paused_from));
    const bool this_visit =
        exposed_now && is_exposed(at.state) && at.step == m_step && r.t >= m_visit_started_t;
    if (this_visit) m_peak = std::max(m_peak.value_or(r.rating), r.rating);
    if (newest && is_exposed(m_state) && r.rating >= m_protocol.safety.ceiling) {
        Event d = make(EventKind::decision, "session.rule.ceiling_late", "ceiling");
        d.num("craving", r.rating).num("ceiling", m_protocol.safety.ceiling).num("ago", m_now - r.t);
        push(std::move(d));
        push(make(EventKind::alert, "session.alert.ceiling", "ceiling").num("craving", r.rating));
        enter_calm_room(CalmCause::safety, m_step + m_protocol.calm_room.return_step_offset);
        return;
    }
    Event d = make(EventKind::decision,
                   this_visit ? "session.rule.late_counted" : "session.rule.late_recorded", "late_report");
    d.num("craving", r.rating).num("ago", m_now - r.t);
    push(std::move(d));
}

void Controller::check_max_dwell() {
    if (m_max_dwell_handled || m_visit_habituated) return;
    const double max_dwell = m_protocol.max_dwell(m_step);
    if (m_dwell < max_dwell) return;
    const double minutes = max_dwell / 60.0;
    // Habituation under way (the last report counted toward the rule): give it the next report
    // to complete rather than cut it off; a prompt's full cycle at most.
    const auto& q = m_protocol.prompts;
    const double grace = q.interval_s + q.repeat_after_s * (q.max_repeats + 1);
    if (m_streak > 0 && !m_held && m_dwell < max_dwell + grace) {
        if (!m_max_dwell_waiting) {
            m_max_dwell_waiting = true;
            Event d = make(EventKind::decision, "session.rule.max_dwell_wait", "max_dwell");
            d.num("minutes", minutes)
                .num("count", m_streak)
                .num("needed", m_protocol.habituation.consecutive_reports);
            push(std::move(d));
        }
        return;
    }
    m_max_dwell_handled = true;
    auto decision = [&](std::string_view key) {
        Event d = make(EventKind::decision, key, "max_dwell");
        d.num("minutes", minutes).num("craving", m_last_rating.value_or(-1)).num("peak", m_peak.value_or(-1));
        return d;
    };
    if (m_held) {
        push(decision("session.rule.max_dwell_held"));
        push(make(EventKind::alert, "session.alert.max_dwell", "max_dwell").num("minutes", minutes));
        return;
    }
    if (m_protocol.dwell.at_max == MaxDwellAction::hold || m_step == 0) {
        push(decision(m_step == 0 && m_protocol.dwell.at_max == MaxDwellAction::step_down
                          ? "session.rule.max_dwell_first_step"
                          : "session.rule.max_dwell_hold"));
        push(make(EventKind::alert, "session.alert.max_dwell", "max_dwell").num("minutes", minutes));
        return;
    }
    Event d = decision("session.rule.max_dwell_step_down");
    d.num("to_step", m_step - 1);
    push(std::move(d));
    enter_step(m_step - 1, true, m_protocol.intensity.scene_fade_s);
}

bool Controller::habituation_met() const {
    return is_exposed(m_state) && m_dwell >= m_protocol.min_dwell(m_step) &&
           m_streak >= m_protocol.habituation.consecutive_reports;
}

} // namespace qx::session
