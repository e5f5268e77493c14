#pragma once

#include "session/event.h"

#include <optional>
#include <string_view>

namespace qx::session {

// How a craving rating reached the controller.
enum class ReportSource : std::uint8_t {
    headset,   // the resident moved the in-headset slider
    therapist, // the therapist entered what the resident said, as they said it
    late,      // entered after the fact; `t` is when the resident said it
};

std::string_view to_string(ReportSource source);
std::optional<ReportSource> parse_report_source(std::string_view text);

// One craving self-report: 0 (none) to 10 (strongest), at session time `t`.
struct CravingReport {
    double t = 0;
    double rating = 0;
    ReportSource source = ReportSource::headset;
};

// What became of a report: accepted (maybe as late) or rejected. `event` is the report or the
// rejection as logged; its text(lang) says why a rejection happened.
struct ReportResult {
    bool accepted = false;
    bool late = false;
    Event event;
};

} // namespace qx::session
