// The controller's heart rate: readings into the session's tracker, a stretch of figures per part
// of the session (the baseline, each step, the calm room...), the signal's state for the
// therapist, and the protocol's heart-rate rule. A sensor never blocks or ends a session: a lost
// signal is an alert, and the rule simply has nothing to act on.
#include "session/controller.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace qx::session {
namespace {

// Rates outside this range are sensor faults, not physiology.
constexpr double k_min_bpm = 25;
constexpr double k_max_bpm = 250;
// A gap this long between readings breaks a "sustained" run.
constexpr double k_hr_gap_s = 5.0;
// A signal that keeps coming and going alerts the therapist at most this often; every change is
// still logged.
constexpr double k_signal_alert_every_s = 60.0;

bool lost(sensors::SignalState s) {
    return s == sensors::SignalState::no_contact || s == sensors::SignalState::stale ||
           s == sensors::SignalState::disconnected;
}

} // namespace

bool Controller::heart_rate_valid(double t, double bpm, bool has_beats) {
    if (m_state == State::ready || m_state == State::closed) return false;
    bool bad_rate = !has_beats && (!std::isfinite(bpm) || bpm < k_min_bpm || bpm > k_max_bpm);
    bool bad_time = !std::isfinite(t) || t < m_hr_last_t || t > m_now + k_future_tolerance_s;
    if (bad_rate || bad_time) {
        // One event per run of bad readings: a loose sensor must not flood the log.
        if (!m_hr_bad_run) {
            m_hr_bad_run = true;
            Event e = make(EventKind::heart_rate_rejected, "session.hr.rejected", "heart_rate");
            e.str("value", bad_rate ? fmt::format("{}", bpm) : fmt::format("t={}", t));
            push(std::move(e));
        }
        return false;
    }
    m_hr_bad_run = false;
    return true;
}

void Controller::heart_rate(double t, double bpm) {
    // Checked here as a double, before it is rounded into the reading's 16 bits (NaN, negative).
    if (!heart_rate_valid(t, bpm, false)) return;
    sensors::HeartRateSample s;
    s.seconds = t;
    s.measurement.bpm = static_cast<std::uint16_t>(std::lround(bpm));
    heart_rate(s);
}

void Controller::heart_rate(const sensors::HeartRateSample& sample) {
    const sensors::HeartRateMeasurement& m = sample.measurement;
    // Off the skin a sensor may send any rate (often 0): the reading still says the contact is lost.
    const bool judged_by_beats = m.rr_count > 0 || m.contact == sensors::Contact::lost;
    if (!heart_rate_valid(sample.seconds, m.bpm, judged_by_beats)) return;
    if (m_hr_last_t >= 0 && sample.seconds - m_hr_last_t > k_hr_gap_s) m_hr_above_since.reset();
    m_hr_last_t = sample.seconds;
    m_hr.feed(sample);
    check_heart_signal();
    apply_heart_rule(sample.seconds);
}

void Controller::heart_rate_connected(bool connected) {
    if (m_state == State::ready || m_state == State::closed) return;
    m_hr.set_connected(connected);
    check_heart_signal();
}

// ------------------------------------------------------------------------------- the signal

void Controller::check_heart_signal() {
    const sensors::SignalState now = m_hr.signal(m_now);
    if (now == m_hr_signal) return;
    const sensors::SignalState was = m_hr_signal;
    m_hr_signal = now;
    if (now == sensors::SignalState::waiting) return;
    std::string key = fmt::format("session.hr.signal.{}", sensors::to_string(now));
    if (now == sensors::SignalState::ok && was == sensors::SignalState::waiting) key = "session.hr.signal.first";
    if (lost(now)) {
        m_hr_above_since.reset();
        if (m_now - m_hr_loss_alerted_at >= k_signal_alert_every_s) {
            m_hr_loss_alerted_at = m_now;
            push(make(EventKind::alert, fmt::format("session.alert.hr_signal.{}", sensors::to_string(now)),
                      "heart_rate_signal"));
            return;
        }
    }
    push(make(EventKind::heart_rate, key, "heart_rate_signal"));
}

// ----------------------------------------------------------------------------- the stretches

// The heart rate's and the gaze's figures are gathered over the same parts of the session.
void Controller::follow_stretch() {
    Stretch next;
    switch (m_state) {
    case State::baseline:
        next = {"baseline", -1};
        break;
    case State::exposure:
    case State::adaptation:
        next = {"step", m_step};
        break;
    case State::calm_room:
        next = {"calm_room", -1};
        break;
    case State::cool_down:
        next = {"cool_down", -1};
        break;
    case State::paused:
        next = {"paused", -1};
        break;
    case State::ready:
    case State::closed:
        break;
    }
    if (next.part != m_stretch.part || next.step != m_stretch.step) switch_stretch(next);
}

void Controller::close_stretches() {
    if (!m_stretch.part.empty()) switch_stretch({});
}

// Ends the stretch under way (its figures logged when it had any) and begins `next` (none: empty).
void Controller::switch_stretch(const Stretch& next) {
    const Stretch ended = m_stretch;
    m_stretch = next;
    std::optional<sensors::StretchSummary> summary =
        next.part.empty() ? m_hr.end(m_now) : m_hr.begin(m_now, next.part, next.part == "baseline");
    if (summary && (summary->beats > 0 || summary->rates > 0)) log_heart_stretch(*summary, ended.part, ended.step);
    std::optional<GazeFigures> looks = next.part.empty() ? m_gaze.end(m_now) : m_gaze.begin(m_now);
    if (looks && looks->tracked_s > 0) log_gaze_stretch(*looks, ended.part, ended.step);
}

void Controller::log_heart_stretch(const sensors::StretchSummary& s, const std::string& part, int step) {
    Event e = make(EventKind::heart_rate, "session.hr.stretch", "heart_rate");
    e.step = step;
    e.str("stretch", part).str("part_key", fmt::format("session.hr.part.{}", part));
    e.num("from", s.from_s).num("seconds", s.to_s - s.from_s);
    e.num("beats", double(s.beats)).num("rejected", double(s.rejected)).num("rates", double(s.rates));
    auto put = [&](const char* name, const std::optional<double>& v) {
        if (v) e.num(name, std::round(*v * 10.0) / 10.0);
    };
    put("mean_bpm", s.mean_bpm);
    put("peak_bpm", s.peak_bpm);
    put("mean_rise_bpm", s.mean_rise_bpm);
    put("peak_rise_bpm", s.peak_rise_bpm);
    put("rmssd_ms", s.rmssd_ms);
    const bool rises = s.mean_rise_bpm && s.peak_rise_bpm && part != "baseline";
    e.str("figures_key", !s.mean_bpm       ? "session.hr.figures.none"
                         : !s.peak_bpm     ? "session.hr.figures.mean"
                         : rises           ? "session.hr.figures.rise"
                                           : "session.hr.figures.plain");
    e.str("variability_key", s.rmssd_ms ? "session.hr.variability" : "session.hr.variability.none");
    push(std::move(e));
}

// ---------------------------------------------------------------------------------- the rule

void Controller::apply_heart_rule(double t) {
    const auto& rule = m_protocol.safety.heart_rate;
    const std::optional<double> bpm = m_hr.bpm_now(t);
    if (!rule) return;
    if (!bpm) {
        m_hr_above_since.reset();
        return;
    }
    const std::optional<double> baseline = m_hr.baseline_bpm();
    // The rise limit measures from the baseline: without one (the sensor came after the baseline
    // phase, a resumed session) say once, at the first reading under cues, that it cannot act.
    if (rule->rise_bpm && !baseline && is_exposed(m_state) && !m_hr_no_baseline_told) {
        m_hr_no_baseline_told = true;
        push(make(EventKind::alert, "session.alert.hr_no_baseline", "heart_rate").num("rise_bpm", *rule->rise_bpm));
    }
    const bool over_max = rule->max_bpm && *bpm >= *rule->max_bpm;
    const bool over_rise = rule->rise_bpm && baseline && *bpm - *baseline >= *rule->rise_bpm;
    if (!over_max && !over_rise) {
        m_hr_above_since.reset();
        m_hr_shown = false;
        return;
    }
    if (!m_hr_above_since) m_hr_above_since = t;
    if (t - *m_hr_above_since < rule->sustained_s || !is_exposed(m_state)) return;

    const double seconds = t - *m_hr_above_since;
    auto fill = [&](Event& e) {
        e.num("bpm", std::round(*bpm)).num("seconds", std::round(seconds));
        if (rule->max_bpm) e.num("max_bpm", *rule->max_bpm);
        if (rule->rise_bpm) e.num("rise_bpm", *rule->rise_bpm);
        if (baseline) e.num("baseline_bpm", std::round(*baseline));
        e.str("limit_key", over_max ? "session.hr.limit.max" : "session.hr.limit.rise");
    };
    if (!rule->acts) {
        // The protocol lets heart rate inform, not act: tell the therapist once per run.
        if (!m_hr_shown) {
            m_hr_shown = true;
            Event a = make(EventKind::alert, "session.alert.heart_rate_show", "heart_rate");
            fill(a);
            push(std::move(a));
        }
        return;
    }
    SafetyAction action = m_step == 0 ? SafetyAction::calm_room : rule->action;
    Event d = make(EventKind::decision, fmt::format("session.rule.heart_rate.{}", to_string(action)), "heart_rate");
    fill(d);
    d.num("to_step", std::max(0, m_step - 1));
    push(std::move(d));
    Event a = make(EventKind::alert, "session.alert.heart_rate", "heart_rate");
    fill(a);
    push(std::move(a));
    m_hr_above_since.reset();
    apply_safety_action(action);
}

} // namespace qx::session
