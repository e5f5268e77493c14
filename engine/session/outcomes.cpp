#include "session/outcomes.h"

#include <algorithm>
#include <map>
#include <string>

namespace qx::session {

std::optional<double> SessionOutcome::cue_induced(int step) const {
    if (step < 0 || step >= static_cast<int>(steps.size())) return std::nullopt;
    const StepOutcome& s = steps[static_cast<std::size_t>(step)];
    if (!s.peak || !tonic) return std::nullopt;
    return *s.peak - *tonic;
}

SessionOutcome summarize_session(const Protocol& protocol, std::span<const Event> events) {
    SessionOutcome out;
    out.steps.resize(protocol.ladder.size());
    for (std::size_t i = 0; i < out.steps.size(); ++i)
        out.steps[i].step = static_cast<int>(i);
    auto step_at = [&](int step) -> StepOutcome* {
        if (step < 0 || step >= static_cast<int>(out.steps.size())) return nullptr;
        return &out.steps[static_cast<std::size_t>(step)];
    };

    // Exposure time per step: from state and step events, which arrive in time order.
    State state = State::ready;
    int step = -1;
    double since = 0;
    bool exposure_began = false;
    double first_t = events.empty() ? 0 : events.front().t;
    double last_t = first_t;
    auto close_segment = [&](double t) {
        if (is_exposed(state)) {
            double d = std::max(0.0, t - since);
            if (StepOutcome* s = step_at(step)) s->exposure_s += d;
            out.exposure_s += d;
        }
        since = t;
    };

    // Heart rate per step: sums over the step's stretches.
    struct HeartSums {
        double seconds = 0, bpm_seconds = 0, beats = 0, rmssd_beats = 0;
        std::optional<double> peak;
    };
    std::vector<HeartSums> heart(out.steps.size());
    auto on_heart = [&](const Event& e) {
        if (e.key == "session.hr.stretch") {
            const std::string_view part = e.text_arg("stretch");
            const std::optional<double> mean = e.number("mean_bpm");
            if (part == "baseline" && mean) {
                out.hr_baseline_bpm = mean;
                out.hr_baseline_rmssd_ms = e.number("rmssd_ms");
            }
            if (part != "step" || !step_at(e.step) || !mean) return;
            HeartSums& h = heart[static_cast<std::size_t>(e.step)];
            const double seconds = std::max(e.number("seconds").value_or(0), 1e-3);
            h.seconds += seconds;
            h.bpm_seconds += *mean * seconds;
            if (auto peak = e.number("peak_bpm")) h.peak = std::max(h.peak.value_or(*peak), *peak);
            if (auto rmssd = e.number("rmssd_ms")) {
                const double beats = e.number("beats").value_or(0);
                h.beats += beats;
                h.rmssd_beats += *rmssd * beats;
            }
        } else if (e.kind == EventKind::alert && e.rule == "heart_rate_signal") {
            out.hr_signal_losses += 1;
        } else if (e.kind == EventKind::heart_rate && e.rule == "heart_rate_signal" &&
                   e.key != "session.hr.signal.ok" && e.key != "session.hr.signal.first") {
            out.hr_signal_losses += 1;
        }
    };

    // Gaze per step: sums over the step's stretches; the source that held longest.
    struct GazeSums {
        double cue = 0, neutral = 0;
        int looks_away = 0;
        bool any = false;
        std::optional<double> first_cue;
    };
    std::vector<GazeSums> gaze(out.steps.size());
    std::map<std::string, double, std::less<>> gaze_sources;
    auto on_gaze = [&](const Event& e) {
        if (e.key != "session.gaze.stretch") return;
        gaze_sources[std::string(e.text_arg("gaze_source"))] += e.number("tracked_s").value_or(0);
        if (e.text_arg("stretch") != "step" || !step_at(e.step)) return;
        GazeSums& g = gaze[static_cast<std::size_t>(e.step)];
        if (!g.any && e.number("first_cue_s")) g.first_cue = e.number("first_cue_s");
        g.any = true;
        g.cue += e.number("cue_s").value_or(0);
        g.neutral += e.number("neutral_s").value_or(0);
        g.looks_away += static_cast<int>(e.number("looks_away").value_or(0));
    };

    for (const Event& e : events) {
        last_t = std::max(last_t, e.t);
        switch (e.kind) {
        case EventKind::heart_rate:
            on_heart(e);
            break;
        case EventKind::gaze:
            on_gaze(e);
            break;
        case EventKind::state: {
            close_segment(e.t);
            auto to = parse_state(e.text_arg("to"));
            if (to) state = *to;
            step = e.step;
            if (state == State::calm_room) out.calm_room_entries += 1;
            if (is_exposed(state) && !exposure_began) {
                exposure_began = true;
                out.start_step = step;
            }
            if (state == State::cool_down && out.end_step < 0) out.end_step = step;
            if (state == State::closed) out.closed = true;
            break;
        }
        case EventKind::step: {
            close_segment(e.t);
            step = static_cast<int>(e.number("to_step").value_or(e.step));
            break;
        }
        case EventKind::report: {
            double rating = e.number("rating").value_or(0);
            out.reports += 1;
            if (e.number("late").value_or(0) != 0) out.late_reports += 1;
            out.final_craving = rating;
            if (e.state == State::baseline && !exposure_began) out.tonic = rating;
            if (is_exposed(e.state)) {
                if (StepOutcome* s = step_at(e.step)) {
                    s->reports += 1;
                    s->peak = std::max(s->peak.value_or(rating), rating);
                }
                out.peak = std::max(out.peak.value_or(rating), rating);
            }
            break;
        }
        case EventKind::report_rejected:
            out.rejected_reports += 1;
            break;
        case EventKind::prompt:
            if (e.number("repeat").value_or(0) == 0) out.prompts += 1;
            break;
        case EventKind::prompt_missed:
            out.missed_prompts += 1;
            break;
        case EventKind::override_rule:
            out.overrides += 1;
            break;
        case EventKind::alert:
            out.alerts += 1;
            on_heart(e);
            break;
        case EventKind::decision:
            if (e.rule == "ceiling" || e.rule == "sharp_rise" || e.rule == "heart_rate")
                out.safety_decisions += 1;
            if (e.number("habituated").value_or(0) != 0) {
                out.safe_step = std::max(out.safe_step, e.step);
                StepOutcome* s = step_at(e.step);
                if (s && !s->time_to_habituate_s) s->time_to_habituate_s = e.number("dwell");
            }
            if (e.key == "session.rule.cool_down_settled") out.closed_at_or_below_threshold = true;
            break;
        default:
            break;
        }
    }
    close_segment(last_t);
    if (out.end_step < 0 && exposure_began) out.end_step = step;
    out.duration_s = last_t - first_t;

    for (std::size_t i = 0; i < out.steps.size(); ++i) {
        const HeartSums& h = heart[i];
        StepOutcome& s = out.steps[i];
        if (h.seconds <= 0) continue;
        s.hr_mean_bpm = h.bpm_seconds / h.seconds;
        s.hr_peak_bpm = h.peak;
        if (h.beats > 0) s.hr_rmssd_ms = h.rmssd_beats / h.beats;
        if (out.hr_baseline_bpm) {
            s.hr_mean_rise_bpm = *s.hr_mean_bpm - *out.hr_baseline_bpm;
            if (h.peak) s.hr_peak_rise_bpm = *h.peak - *out.hr_baseline_bpm;
        }
    }
    for (std::size_t i = 0; i < out.steps.size(); ++i) {
        const GazeSums& g = gaze[i];
        StepOutcome& s = out.steps[i];
        if (!g.any) continue;
        s.gaze_cue_s = g.cue;
        s.gaze_neutral_s = g.neutral;
        if (g.cue + g.neutral > 0) s.gaze_cue_share = g.cue / (g.cue + g.neutral);
        s.gaze_first_cue_s = g.first_cue;
        s.gaze_looks_away = g.looks_away;
    }
    double longest = 0;
    for (const auto& [source, seconds] : gaze_sources) {
        if (seconds > longest && source != "none") {
            longest = seconds;
            out.gaze_source = source;
        }
    }
    for (const StepOutcome& s : out.steps) {
        if (s.exposure_s > 0) out.highest_step_reached = std::max(out.highest_step_reached, s.step);
        if (s.reports > 0 && s.peak && *s.peak < protocol.safety.ceiling) {
            out.highest_step_under_ceiling = std::max(out.highest_step_under_ceiling, s.step);
        }
    }
    return out;
}

CourseOutcome summarize_course(const Protocol& protocol, std::span<const SessionOutcome> sessions) {
    CourseOutcome out;
    out.sessions = static_cast<int>(sessions.size());
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        const SessionOutcome& s = sessions[i];
        out.highest_step_under_ceiling =
            std::max(out.highest_step_under_ceiling, s.highest_step_under_ceiling);
        if (out.first_session_top_under_ceiling < 0 && s.highest_step_under_ceiling == protocol.top_step()) {
            out.first_session_top_under_ceiling = static_cast<int>(i);
        }
        if (s.tonic) {
            if (!out.first_tonic) out.first_tonic = s.tonic;
            out.latest_tonic = s.tonic;
        }
    }
    for (int step = 0; step < protocol.step_count(); ++step) {
        int first = -1;
        int latest = -1;
        for (std::size_t i = 0; i < sessions.size(); ++i) {
            const auto& so = sessions[i].steps;
            if (static_cast<std::size_t>(step) >= so.size() || !so[static_cast<std::size_t>(step)].peak)
                continue;
            if (first < 0) first = static_cast<int>(i);
            latest = static_cast<int>(i);
        }
        if (first < 0 || latest == first) continue;
        const SessionOutcome& a = sessions[static_cast<std::size_t>(first)];
        const SessionOutcome& b = sessions[static_cast<std::size_t>(latest)];
        StepComparison c;
        c.step = step;
        c.first_session = first;
        c.latest_session = latest;
        c.first_peak = *a.steps[static_cast<std::size_t>(step)].peak;
        c.latest_peak = *b.steps[static_cast<std::size_t>(step)].peak;
        c.first_cue_induced = a.cue_induced(step);
        c.latest_cue_induced = b.cue_induced(step);
        c.first_hr_rise = a.steps[static_cast<std::size_t>(step)].hr_mean_rise_bpm;
        c.latest_hr_rise = b.steps[static_cast<std::size_t>(step)].hr_mean_rise_bpm;
        c.first_cue_share = a.steps[static_cast<std::size_t>(step)].gaze_cue_share;
        c.latest_cue_share = b.steps[static_cast<std::size_t>(step)].gaze_cue_share;
        out.comparisons.push_back(c);
    }
    if (!out.comparisons.empty()) {
        out.headline = out.comparisons.back();
        if (out.headline->first_peak > 0) {
            out.craving_reduction_pct =
                (out.headline->first_peak - out.headline->latest_peak) / out.headline->first_peak * 100.0;
        }
    }
    return out;
}

} // namespace qx::session
