// Live sessions for tests: a request for a resident with the test protocol, and a session planned
// on the store thread and started, as the app does.
#pragma once

#include "live/session_host.h"
#include "store/recorder.h"
#include "support/session_fixtures.h"

#include <memory>
#include <string>

namespace qx::test {

// `model` empty: no simulated respondent (a person, or the test, answers).
inline live::SessionRequest request_for(const char* resident, std::string model = "habituating",
                                        std::uint64_t seed = 7) {
    live::SessionRequest r;
    r.resident = resident;
    r.protocol = std::make_shared<const session::Protocol>(test_protocol());
    r.protocol_json = "{}";
    r.respondent_model = std::move(model);
    if (!r.respondent_model.empty()) r.seed = seed;
    return r;
}

// A new session planned on the store thread, and its runner started.
struct Started {
    live::SessionPlan plan;
    std::unique_ptr<live::SessionRunner> runner;
};

inline Started begin_session(store::Recorder& recorder, const live::SessionRequest& request) {
    Started started;
    recorder.run_on_store([&](store::Store& s) { started.plan = live::plan_new_session(s, request); });
    started.runner = live::start_session(recorder, request, started.plan);
    return started;
}

} // namespace qx::test
