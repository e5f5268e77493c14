#pragma once

#include "session/controller.h"
#include "session/outcomes.h"
#include "session/resident_model.h"
#include "session/respondent.h"

#include <cstdint>
#include <vector>

namespace qx::session {

struct SimulationOptions {
    double tick_s = 0.5;     // fixed step of simulated time
    bool keep_events = true; // false: only the outcome is kept (benchmarks)
};

// One session run faster than real time.
struct SessionRun {
    int start_step = 0;
    std::vector<Event> events;
    std::vector<sensors::HeartRateSample> heart_readings; // what the resident's strap sent (with keep_events)
    SessionOutcome outcome;
    bool closed = false; // false only if the controller failed to close within the hard time limit
};

// Runs one session: start, then tick until the controller closes. Deterministic.
SessionRun simulate_session(const Protocol& protocol, Respondent& source, const StartOptions& start,
                            const SimulationOptions& options = {});

struct CourseRun {
    std::vector<SessionRun> sessions;
    CourseOutcome outcome;
};

// A whole course with one simulated resident: each session starts where the protocol's
// next-session rule puts it. Same seed, same course.
CourseRun simulate_course(const Protocol& protocol, const ResidentParams& resident, std::uint64_t seed,
                          int sessions, const SimulationOptions& options = {});

} // namespace qx::session
