#pragma once

#include "session/event.h"
#include "session/protocol.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace qx::session {

// Outcome metrics, computed from a session's event log alone (so a report made from the records
// equals one made live). Definitions: README.md, "Outcome metrics".

struct StepOutcome {
    int step = 0;
    std::optional<double> peak;                // highest accepted report while exposed at this step
    std::optional<double> time_to_habituate_s; // dwell when the habituation rule first held at this step
    int reports = 0;                           // accepted reports taken while exposed at this step
    double exposure_s = 0;                     // time exposed at this step (pauses and calm room excluded)
    // Heart rate while exposed at this step, over all its visits (none without a sensor): the mean
    // weighted by time, the highest 5-s rate, their rises over the session's resting baseline, and
    // RMSSD weighted by clean beats.
    std::optional<double> hr_mean_bpm, hr_peak_bpm, hr_mean_rise_bpm, hr_peak_rise_bpm, hr_rmssd_ms;
    // Gaze while exposed at this step, over all its visits (none without gaze): dwell on cue and
    // neutral areas, the share of the two on cues, the time to the first look at a cue in the
    // first visit, and the looks away from cues.
    std::optional<double> gaze_cue_s, gaze_neutral_s, gaze_cue_share, gaze_first_cue_s;
    std::optional<int> gaze_looks_away;
};

struct SessionOutcome {
    std::optional<double> tonic;               // the last baseline report before exposure began
    std::vector<StepOutcome> steps;            // one per ladder step
    int start_step = -1;                       // the first step exposed
    int end_step = -1;                         // the step the session was at when exposure ended
    int highest_step_reached = -1;             // highest step with any exposure time
    int highest_step_under_ceiling = -1;       // highest step with reports, all below the ceiling
    int safe_step = -1;                        // highest step at which the habituation rule held
    std::optional<double> peak;                // highest report taken while exposed
    std::optional<double> final_craving;       // the last accepted report of the session
    bool closed = false;                       // the controller reached "closed"
    bool closed_at_or_below_threshold = false; // ...on a report at or below the cool-down threshold
    int reports = 0;
    int late_reports = 0;
    int rejected_reports = 0;
    int prompts = 0; // first askings, repeats not counted
    int missed_prompts = 0;
    int calm_room_entries = 0;
    int safety_decisions = 0; // ceiling, sharp rise, heart rate
    int overrides = 0;
    int alerts = 0;
    double exposure_s = 0; // time exposed at any step
    double duration_s = 0; // session time from start to the last event
    std::optional<double> hr_baseline_bpm;   // the resting rate: the mean over the baseline phase
    std::optional<double> hr_baseline_rmssd_ms;
    int hr_signal_losses = 0;                // no contact, stale or disconnected, each time
    std::string gaze_source;                 // eyes, head or scripted (most of the time); empty: no gaze

    // Peak at `step` minus the tonic: the craving the cues added.
    std::optional<double> cue_induced(int step) const;
};

SessionOutcome summarize_session(const Protocol& protocol, std::span<const Event> events);

// A step's cue response in the first and the latest session that reached it.
struct StepComparison {
    int step = 0;
    int first_session = 0; // 0-based indices into the course
    int latest_session = 0;
    double first_peak = 0;
    double latest_peak = 0;
    std::optional<double> first_cue_induced;
    std::optional<double> latest_cue_induced;
    // The heart's mean rise over the resting baseline at this step, in the same two sessions.
    std::optional<double> first_hr_rise;
    std::optional<double> latest_hr_rise;
    // The share of gaze on cues at this step (attentional bias), in the same two sessions.
    std::optional<double> first_cue_share;
    std::optional<double> latest_cue_share;
};

struct CourseOutcome {
    int sessions = 0;
    std::vector<StepComparison> comparisons;     // every step with a peak in at least two sessions
    std::optional<StepComparison> headline;      // the highest of them: the "same step" compared
    std::optional<double> craving_reduction_pct; // at the headline step, first vs latest peak
    int highest_step_under_ceiling = -1;         // over the whole course
    int first_session_top_under_ceiling = -1;    // 0-based; -1 if the top step never was
    std::optional<double> first_tonic;
    std::optional<double> latest_tonic;
};

CourseOutcome summarize_course(const Protocol& protocol, std::span<const SessionOutcome> sessions);

} // namespace qx::session
