#pragma once

#include "core/i18n.h"
#include "session/event.h"
#include "session/outcomes.h"
#include "session/protocol.h"
#include "ui/canvas.h"
#include "ui/font.h"

#include <optional>
#include <span>
#include <string>

namespace qx::ui {

// One heart-rate reading as a chart draws it, on the session clock; no rate (0) is a gap: the
// strap off the skin, or a rate outside 30–220 bpm.
struct HeartPoint {
    double t = 0;
    double bpm = 0;
};

// The heart-rate strip's value range, in whole tens: the readings and the resting rate, the rise
// limit above it, and the absolute limit when it is near. The report's strip and the panel's agree.
struct HeartRange {
    double v0 = 60;
    double v1 = 100;
};
HeartRange heart_range(std::span<const HeartPoint> heart, std::optional<double> resting,
                       const session::Protocol* protocol);

// One session: craving over time (reports as dots and a line, late ones hollow), background bands
// for the step (coloured by cue level), the calm room, baseline, cool-down and pauses, the ceiling,
// missed prompts, and markers for step changes, alerts and therapist commands; a legend below.
// With heart-rate readings, a strip under the craving plot on the same time axis: the rate, the
// session's resting rate and the protocol's heart-rate limits.
Canvas render_session_chart(const session::Protocol& protocol, std::span<const session::Event> events,
                            std::span<const HeartPoint> heart, const std::string& title,
                            const std::string& subtitle, core::Lang lang, const Font& font);

// A course: per session the peak craving during exposure, the tonic craving and the peak at the
// compared step, with the ceiling; below, the highest step reached under the ceiling.
Canvas render_course_chart(const session::Protocol& protocol,
                           std::span<const session::SessionOutcome> sessions,
                           const session::CourseOutcome& course, const std::string& title,
                           const std::string& subtitle, core::Lang lang, const Font& font);

} // namespace qx::ui
