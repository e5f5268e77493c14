#include "session/simulated_respondent.h"

#include "session/simulation.h"

namespace qx::session {
namespace {

class OwnedResident final : public session::Respondent {
public:
    OwnedResident(session::ResidentParams params, std::uint64_t seed)
        : m_model(std::move(params), seed), m_inner(m_model) {}

    session::ResidentModel& model() { return m_model; }
    session::SimulatedResident& inner() { return m_inner; }

    void begin_session() override { m_inner.begin_session(); }
    void end_session() override { m_inner.end_session(); }
    void on_event(const session::Event& e) override { m_inner.on_event(e); }
    void advance(double t, const session::Target& target) override { m_inner.advance(t, target); }
    std::optional<session::CravingReport> next_report(double t) override { return m_inner.next_report(t); }
    void heart_rate(double t, std::vector<sensors::HeartRateSample>& out) override { m_inner.heart_rate(t, out); }

private:
    session::ResidentModel m_model;
    session::SimulatedResident m_inner;
};

} // namespace

std::unique_ptr<session::Respondent> make_simulated_resident(const session::Protocol& protocol,
                                                             const std::string& model, std::uint64_t seed,
                                                             int previous_sessions) {
    auto resident = std::make_unique<OwnedResident>(session::resident_profile(model), seed);
    session::SimulationOptions quick;
    quick.keep_events = false;
    int start = 0;
    for (int i = 0; i < previous_sessions; ++i) {
        session::SessionRun run =
            session::simulate_session(protocol, resident->inner(), {start, 0, false}, quick);
        start = session::next_start_step(protocol, run.start_step, run.outcome.safe_step);
    }
    return resident;
}

} // namespace qx::session
