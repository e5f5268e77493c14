#pragma once

#include "core/i18n.h"
#include "core/json.h"

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qx::session {

// Text a protocol author wrote in both languages (step labels, titles).
struct LocalText {
    std::string zh_cn;
    std::string en;

    const std::string& in(core::Lang lang) const { return lang == core::Lang::zh_CN ? zh_cn : en; }
};

// What a safety rule does when it fires.
enum class SafetyAction { step_down, calm_room };
// What happens when a step reaches its maximum dwell without the habituation rule holding.
enum class MaxDwellAction { step_down, hold };

std::string_view to_string(SafetyAction action);
std::string_view to_string(MaxDwellAction action);

// One rung of the ladder: a scene shown with cues up to `cue_level`.
struct Step {
    std::string scene;
    int cue_level = 0; // 0 neutral ... 4 strongest cues
    LocalText label;
    double min_dwell_s = 0; // the protocol's dwell unless the step overrides it
    double max_dwell_s = 0;
};

// A whole exposure protocol, as read from scenes/protocols/<id>.json. Every threshold the
// controller uses lives here, never in code. Times are seconds of active session time (time in
// pause does not count). Field meanings are documented in scenes/protocols/README.md.
struct Protocol {
    std::string id;   // the file's stem: "meth-standard"
    std::string file; // where it was read from, for messages
    LocalText title;
    std::string substance;
    int course_sessions = 12; // recommended number of sessions in a course

    double session_length_s = 2400; // planned active length, cool-down included
    double baseline_s = 120;        // calm room before the tonic report
    std::string calm_scene = "calm-room";
    std::vector<Step> ladder;

    struct Prompts {
        double interval_s = 45;
        double repeat_after_s = 15; // no answer: ask again after this long
        int max_repeats = 2;        // then the prompt is logged as missed
        int alert_after_missed = 2; // consecutive missed prompts before the therapist is alerted
        // The same rating this many times in a row, across at least one scene change, alerts the
        // therapist (a resident no longer engaging, or answering to look well) and holds the step.
        int invariant_after = 5;
    } prompts;

    struct Dwell {
        double min_s = 180;
        double max_s = 300;
        MaxDwellAction at_max = MaxDwellAction::step_down;
    } dwell;

    struct Intensity {
        double ramp_from = 0.4; // intensity on entering a step
        double ramp_s = 60;     // smooth (smoothstep) rise to 1 over this much dwell
        double scene_fade_s = 2.0;
        double calm_fade_s = 0.5;
    } intensity;

    struct Habituation {
        double fraction_of_peak = 0.6; // craving at most this fraction of the step's peak...
        int consecutive_reports = 2;   // ...for this many reports in a row, taken after the minimum dwell
        double or_at_most = 2;         // a craving this low also counts: nothing left to habituate
        double or_within_baseline = 1; // so does one at most this far above today's baseline report
        // Whatever the relative drop, a step is habituated only with craving at or below this: a
        // high craving that never moves is not habituation.
        double ready_at_most = 4;
    } habituation;

    // The heart-rate rule: the rate (over the last 5 s of clean beats) at or above an absolute
    // limit, or risen this far above the session's resting baseline, for `sustained_s` while cues
    // are shown. `acts` false: the rule only alerts the therapist, who decides.
    struct HeartRate {
        std::optional<double> max_bpm;
        std::optional<double> rise_bpm;
        double sustained_s = 15;
        SafetyAction action = SafetyAction::calm_room;
        bool acts = true;
    };

    struct Safety {
        double ceiling = 8; // a report at or above it sends the resident to the calm room
        double max_exposure_above_ceiling_s = 2;
        double sharp_rise_points = 3; // a rise this large between consecutive reports...
        SafetyAction sharp_rise_action = SafetyAction::step_down;
        std::optional<HeartRate> heart_rate;
    } safety;

    struct CalmRoom {
        double min_s = 60;
        double max_s = 480; // still unsettled after this long: exposure ends for the day
        double return_at_most = 4;
        int return_step_offset = -1; // where a safety calm room returns to, relative to the step it left
        double prompt_interval_s = 30;
    } calm_room;

    struct CoolDown {
        double end_at_most = 3; // the session closes on a report this low
        double max_s = 300;     // or after this long, on a final report
        double prompt_interval_s = 30;
    } cool_down;

    struct NextSession {
        int start_offset = 0; // relative to the highest step habituated last session
    } next_session;

    int step_count() const { return static_cast<int>(ladder.size()); }
    int top_step() const { return step_count() - 1; }
    double min_dwell(int step) const { return ladder[static_cast<std::size_t>(step)].min_dwell_s; }
    double max_dwell(int step) const { return ladder[static_cast<std::size_t>(step)].max_dwell_s; }
    // Active time at which exposure must end so that a full cool-down fits in the session.
    double exposure_end_s() const { return session_length_s - cool_down.max_s; }
};

// The file a protocol id names: <data_root>/scenes/protocols/<id>.json; a path (anything with a
// slash or ending in .json) is taken as it is.
std::filesystem::path protocol_path(std::string_view id_or_path);

// Validates a protocol. Every problem is added to `diag` with the file and JSON pointer; the result
// is empty when there was any. `known_scenes` are the scene names that exist (the caller lists
// them, so `qingxing check` can cross-reference); empty means "do not check scene names".
std::optional<Protocol> parse_protocol(std::string_view text, const std::string& file_name, std::string id,
                                       std::span<const std::string> known_scenes, core::Diagnostics& diag);
std::optional<Protocol> load_protocol(const std::filesystem::path& path,
                                      std::span<const std::string> known_scenes, core::Diagnostics& diag);
// load_protocol that throws core::Error listing every problem.
Protocol load_protocol_or_throw(const std::filesystem::path& path, std::span<const std::string> known_scenes);

// The step the next session starts at: the highest step habituated in the previous session plus
// the protocol's offset; when none was habituated, one below where the previous session started.
int next_start_step(const Protocol& protocol, int previous_start_step, int previous_safe_step);

} // namespace qx::session
