#include "live/session_host.h"

#include "core/error.h"
#include "core/platform.h"
#include "live/strings.h"
#include "session/simulated_respondent.h"
#ifdef QX_HAVE_BLE
#include "sensors/ble_heart_rate.h"
#endif

#include <cctype>
#include <fmt/format.h>

namespace qx::live {

SessionPlan plan_new_session(store::Store& store, const SessionRequest& request) {
    QX_ENSURE(request.protocol, "a session needs a protocol");
    SessionPlan plan;
    plan.course = course_position(*request.protocol, store.sessions_of(request.resident));
    store::NewSession n;
    n.resident_code = request.resident;
    n.therapist_id = request.therapist_id;
    n.protocol = request.protocol->id;
    n.protocol_json = request.protocol_json;
    n.display = request.display;
    n.start_step = plan.course.start_step;
    plan.start.session_id = store.begin_session(n);
    plan.start.controller.start_step = plan.course.start_step;
    if (request.ssq_before) store.record_ssq(plan.start.session_id, store::SsqPhase::before, *request.ssq_before);
    plan.record = *store.session(plan.start.session_id);
    return plan;
}

SessionPlan plan_resumed_session(store::Store& store, std::int64_t session_id, const SessionRequest& request) {
    QX_ENSURE(request.protocol, "a session needs a protocol");
    SessionPlan plan;
    // The course as it stood before this session: the session itself does not count.
    plan.course = course_position(*request.protocol, store.sessions_of(request.resident), session_id);
    Resumption r = resume_session(store, session_id, request.resident, *request.protocol);
    plan.start = r.start;
    plan.record = r.record;
    plan.resumed = true;
    return plan;
}

void close_interrupted_session(store::Store& store, std::int64_t session_id, std::string_view resident) {
    std::optional<store::SessionRecord> found = store.session(session_id);
    QX_ENSURE(found, "there is no session {} in the records", session_id);
    QX_ENSURE(found->resident_code == resident, "session {} belongs to {}, not {}", session_id, found->resident_code,
              resident);
    store.close_session(session_id);
}

std::unique_ptr<SessionRunner> start_session(store::Recorder& recorder, const SessionRequest& request,
                                             const SessionPlan& plan, RunnerOptions options) {
    std::unique_ptr<session::Respondent> respondent;
    if (!request.respondent_model.empty()) {
        const int previous = plan.course.previous;
        respondent = session::make_simulated_resident(*request.protocol, request.respondent_model,
                                                      request.seed + std::uint64_t(previous), previous);
    }
    auto runner = std::make_unique<SessionRunner>(*request.protocol, recorder, plan.start, std::move(respondent), options);
    if (!request.heart_rate.empty()) runner->attach_heart_rate(open_heart_rate_source(request.heart_rate));
    runner->start();
    return runner;
}

std::string heart_rate_source_problem(std::string_view spec, core::Lang lang) {
    if (spec == "ble" || spec.starts_with("ble:")) {
#ifdef QX_HAVE_BLE
        const std::string_view address = spec.size() > 4 ? spec.substr(4) : std::string_view("00:00:00:00:00:00");
        bool ok = address.size() == 17;
        for (std::size_t i = 0; ok && i < address.size(); ++i)
            ok = i % 3 == 2 ? address[i] == ':' : std::isxdigit(static_cast<unsigned char>(address[i])) != 0;
        if (spec == "ble" || ok) return {};
        return live::trf("live.heart_rate.bad_address", lang, fmt::arg("address", address));
#else
        return std::string(live::tr("live.heart_rate.no_ble", lang));
#endif
    }
    if (spec.starts_with("replay:") && spec.size() > 7) return {};
    return live::trf("live.heart_rate.bad_source", lang, fmt::arg("source", spec));
}

std::unique_ptr<sensors::HeartRateSource> open_heart_rate_source(std::string_view spec) {
    QX_ENSURE(heart_rate_source_problem(spec, core::Lang::en).empty(), "{}",
              heart_rate_source_problem(spec, core::Lang::en));
#ifdef QX_HAVE_BLE
    if (spec == "ble" || spec.starts_with("ble:")) {
        sensors::BleOptions o;
        if (spec.size() > 4) o.address = std::string(spec.substr(4));
        return std::make_unique<sensors::BleHeartRateSource>(o);
    }
#endif
    return std::make_unique<sensors::ReplaySource>(core::utf8_path(spec.substr(7)));
}

} // namespace qx::live
