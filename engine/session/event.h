#pragma once

#include "core/i18n.h"
#include "core/json.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qx::session {

// Where the controller is in the loop. `exposure` is the ramp into a step, `adaptation` the wait
// at full intensity for craving to habituate.
enum class State : std::uint8_t {
    ready,
    baseline,
    exposure,
    adaptation,
    calm_room,
    paused,
    cool_down,
    closed
};

std::string_view to_string(State state);
std::optional<State> parse_state(std::string_view text);
// True while cues of the current step are in front of the resident.
inline bool is_exposed(State s) {
    return s == State::exposure || s == State::adaptation;
}

// What kind of thing happened. Facts (`state`, `step`, `report`...) are what outcome metrics are
// computed from; `decision` explains every choice the controller made with the rule behind it.
enum class EventKind : std::uint8_t {
    state,            // the state changed
    step,             // the ladder step changed (scene and cue level)
    prompt,           // the resident was asked for a craving rating
    prompt_missed,    // a prompt went unanswered after its repeats
    report,           // a craving report was accepted
    report_rejected,  // a craving report was refused (and why)
    command,          // a therapist (or resident) command was carried out
    command_rejected, // a command could not be carried out (and why)
    decision,         // the controller chose what to do, by the named rule
    override_rule,    // a therapist command went against a rule; the therapist wins
    alert,            // something the therapist must look at now
    heart_rate_rejected,
    heart_rate, // the heart-rate signal came or changed, or a stretch's figures (a step's mean, peak, RMSSD)
    gaze,       // a stretch's gaze figures (dwell on cues and neutral areas, first look, looks away)
};

std::string_view to_string(EventKind kind);
std::optional<EventKind> parse_event_kind(std::string_view text);

// One named value of an event: a number (craving, peak, threshold, seconds) or a text (a scene, a
// source, a therapist's reason). Names match the fields in the event's catalogue text.
struct EventArg {
    std::string name;
    double number = 0;
    std::string text;
    bool is_text = false;
};

// One entry of the controller's log. The text a therapist reads is `text(lang)`: the catalogue
// entry `key` filled with `args`, so the log carries both languages without storing them twice.
struct Event {
    std::uint64_t seq = 0; // 1, 2, 3... in the order the controller produced them
    double t = 0;          // session seconds
    EventKind kind = EventKind::decision;
    std::string rule;           // the rule id behind a decision/alert/override ("habituation", "ceiling"...)
    std::string key;            // catalogue key of the text
    State state = State::ready; // the state when it happened (for a late report: at the report's time)
    int step = -1;              // the ladder step then (-1 before the first)
    std::vector<EventArg> args;

    Event& num(std::string name, double value);
    Event& str(std::string name, std::string value);

    std::optional<double> number(std::string_view name) const;
    std::string_view text_arg(std::string_view name) const;

    // The catalogue text filled with the args, in `lang`.
    std::string text(core::Lang lang) const;

private:
    std::string format_text(std::string_view pattern_key, core::Lang lang, bool expand_keys) const;
};

// Round trip through JSON, for the records: {"seq","t","kind","rule","key","state","step","args":{...}},
// plus, with `with_text`, "text": {"zh-CN": ..., "en": ...} so an export reads without the catalogue.
core::Json to_json(const Event& event, bool with_text = false);
// Reads what to_json wrote; problems go to `diag` with the given file name.
std::optional<Event> event_from_json(const core::Json& json, const std::string& file_name,
                                     core::Diagnostics& diag);

} // namespace qx::session
