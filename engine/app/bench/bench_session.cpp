#include "app/bench/bench_session.h"

#include "core/clock.h"
#include "core/log.h"
#include "scene/scene_library.h"
#include "session/simulation.h"

#include <algorithm>
#include <fstream>

namespace qx::app {
namespace {

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    }
    return "unknown";
}

} // namespace

core::Json bench_session(const SessionBenchOptions& o) {
    session::Protocol protocol =
        session::load_protocol_or_throw(session::protocol_path(o.protocol), scene::list_scenes());
    session::SimulationOptions sim;
    sim.keep_events = false; // outcomes only, as a cohort study would
    const auto profiles = session::resident_profile_names();
    std::vector<session::ResidentParams> params;
    for (std::string_view p : profiles)
        params.push_back(session::resident_profile(p));

    std::vector<double> rates;
    std::uint64_t closed = 0, total = 0;
    double simulated_s = 0;
    for (int run = 0; run < o.runs; ++run) {
        core::Stopwatch watch;
        for (int i = 0; i < o.sessions_per_run; ++i) {
            // A different resident each session, as a mixed cohort, each at the start of a course.
            session::ResidentModel model(params[static_cast<std::size_t>(i) % params.size()],
                                         static_cast<std::uint64_t>(run) * 100000 +
                                             static_cast<std::uint64_t>(i));
            session::SimulatedResident resident(model);
            session::SessionRun r = session::simulate_session(protocol, resident, {}, sim);
            closed += r.closed ? 1 : 0;
            total += 1;
            simulated_s += r.outcome.duration_s;
        }
        double seconds = watch.seconds();
        rates.push_back(o.sessions_per_run / seconds);
        core::log_info("bench", "session run {}: {:.0f} sessions/s", run + 1, rates.back());
    }
    std::vector<double> sorted = rates;
    std::sort(sorted.begin(), sorted.end());
    double median = sorted[sorted.size() / 2];
    return {
        {"what", "simulated sessions per second, controller and simulated resident, no records"},
        {"protocol", protocol.id},
        {"session_length_s", protocol.session_length_s},
        {"mean_simulated_session_s", simulated_s / static_cast<double>(std::max<std::uint64_t>(total, 1))},
        {"tick_s", sim.tick_s},
        {"residents", session::resident_profile_list() + " in turn"},
        {"sessions_per_run", o.sessions_per_run},
        {"runs_sessions_per_s", rates},
        {"median_sessions_per_s", median},
        {"required_sessions_per_s", 1000},
        {"meets_requirement", median >= 1000},
        {"all_sessions_closed", closed == total},
        {"cpu", cpu_model()},
        {"threads", 1}};
}

} // namespace qx::app
