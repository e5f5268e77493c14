#include "session/simulation.h"

namespace qx::session {

SessionRun simulate_session(const Protocol& protocol, Respondent& source, const StartOptions& start,
                            const SimulationOptions& options) {
    SessionRun run;
    run.start_step = start.start_step;
    Controller controller(protocol, start);
    source.begin_session();

    std::vector<Event> events;
    events.reserve(512);
    std::vector<sensors::HeartRateSample> beats;
    std::size_t fed = 0;
    auto feed = [&] {
        controller.drain_events_into(events);
        for (; fed < events.size(); ++fed)
            source.on_event(events[fed]);
    };

    controller.submit({CommandKind::start, "simulation", CommandSource::therapist});
    feed();
    // The controller always closes (every wait in it is bounded); the limit only guards a bug.
    const double hard_end =
        protocol.session_length_s + protocol.cool_down.max_s + protocol.calm_room.max_s + 600;
    double t = 0;
    while (!controller.closed() && t < hard_end) {
        t += options.tick_s;
        source.advance(t, controller.target());
        controller.update(t);
        while (auto r = source.next_report(t))
            controller.report(*r);
        beats.clear();
        source.heart_rate(t, beats);
        for (const sensors::HeartRateSample& s : beats)
            controller.heart_rate(s);
        if (options.keep_events) run.heart_readings.insert(run.heart_readings.end(), beats.begin(), beats.end());
        feed();
    }
    source.end_session();
    run.closed = controller.closed();
    run.outcome = summarize_session(protocol, events);
    if (options.keep_events) run.events = std::move(events);
    return run;
}

CourseRun simulate_course(const Protocol& protocol, const ResidentParams& resident, std::uint64_t seed,
                          int sessions, const SimulationOptions& options) {
    CourseRun course;
    ResidentModel model(resident, seed);
    SimulatedResident source(model);
    std::vector<SessionOutcome> outcomes;
    int start = 0;
    for (int i = 0; i < sessions; ++i) {
        if (i > 0) {
            const SessionRun& previous = course.sessions.back();
            start = next_start_step(protocol, previous.start_step, previous.outcome.safe_step);
        }
        StartOptions so;
        so.start_step = start;
        course.sessions.push_back(simulate_session(protocol, source, so, options));
        outcomes.push_back(course.sessions.back().outcome);
    }
    course.outcome = summarize_course(protocol, outcomes);
    return course;
}

} // namespace qx::session
