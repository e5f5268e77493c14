// live — a running session between the clinical controller and the records, the same whoever
// runs it (`qingxing session` in a terminal, or the control panel): how a session begins, resumes
// or is closed, where the resident's course stands, and the live session itself (SessionRunner:
// the per-frame tick, commands in, snapshots and acknowledgements out). No graphics, audio or
// window; the records only through store/.
#pragma once

#include "live/session_runner.h"
#include "session/protocol.h"
#include "store/recorder.h"
#include "store/ssq.h"
#include "store/store.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace qx::live {

// Who, what and where: everything a session needs to begin or resume.
struct SessionRequest {
    std::string resident; // a valid resident code
    std::shared_ptr<const session::Protocol> protocol;
    std::string protocol_json;     // the file as read, recorded with a new session
    std::string display = "headless"; // which display shows it ("openxr", "desktop", "headless")
    std::optional<std::int64_t> therapist_id;
    std::optional<store::SsqItems> ssq_before; // recorded with a new session
    // A simulated resident answers instead of a person (`habituating`, `slow`, ...); empty: a
    // person answers through SessionRunner::report().
    std::string respondent_model;
    std::uint64_t seed = 1; // the simulated resident's; the sessions already had are added to it
    // The heart-rate sensor (heart_rate_source_problem() says what is accepted); empty: none, or
    // the simulated resident's own strap.
    std::string heart_rate;
};

// What is wrong with a heart-rate source's name, in `lang`; empty when it names one: `ble` (the
// first strap found), `ble:AA:BB:CC:DD:EE:FF`, or `replay:FILE.csv`. Bluetooth on Linux only.
std::string heart_rate_source_problem(std::string_view spec, core::Lang lang);
// Opens it. Throws core::Error naming a replay file that cannot be read, and the line.
std::unique_ptr<sensors::HeartRateSource> open_heart_rate_source(std::string_view spec);

// How the records say a session begins.
struct SessionPlan {
    RunnerStart start;
    CoursePosition course;       // the resident's course with this protocol before this session
    bool resumed = false;
    store::SessionRecord record; // the session's record as begun (new) or as found (resumed)
};

// These run on the store's thread (inside Recorder::run_on_store or Recorder::post) and throw
// core::Error, changing nothing, when the request does not fit the records.

// A new session at the resident's place in the course: its record and its SSQ before.
SessionPlan plan_new_session(store::Store& store, const SessionRequest& request);
// An interrupted session of `request.resident` with `request.protocol`, made to run again where
// it stopped.
SessionPlan plan_resumed_session(store::Store& store, std::int64_t session_id, const SessionRequest& request);
// An interrupted session of `resident` ended without being resumed.
void close_interrupted_session(store::Store& store, std::int64_t session_id, std::string_view resident);

// The live session for a plan, started (the baseline begins), with a simulated respondent when
// the request names one. On the caller's (frame) thread.
std::unique_ptr<SessionRunner> start_session(store::Recorder& recorder, const SessionRequest& request,
                                             const SessionPlan& plan, RunnerOptions options = {});

} // namespace qx::live
