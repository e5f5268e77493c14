#pragma once

#include "session/controller.h"
#include "session/resident_model.h"
#include "sensors/simulated_heart.h"

#include <deque>
#include <optional>
#include <vector>

namespace qx::session {

// Respondent: who answers the controller's prompts when no person does: a simulated resident or a script of
// reports. The session loop (simulation, or the app's SessionRunner) calls it once per tick.
class Respondent {
public:
    virtual ~Respondent() = default;
    virtual void begin_session() {}
    virtual void end_session() {}
    // Every controller event, in order; prompts arrive here.
    virtual void on_event(const Event& event) = 0;
    // Moves to session time `t`, the resident having seen `target` since the last call.
    virtual void advance(double t, const Target& target) = 0;
    // The next report due at or before `t`, if any (call until empty).
    virtual std::optional<CravingReport> next_report(double t) = 0;
    // The heart-rate readings its sensor sent up to `t`, appended to `out` (none without a sensor).
    virtual void heart_rate(double t, std::vector<sensors::HeartRateSample>& out) {
        (void)t;
        (void)out;
    }
};

// A ResidentModel answering prompts: after a latency, with noise, sometimes not at all. Repeats of
// a prompt get a fresh chance to be answered.
class SimulatedResident final : public Respondent {
public:
    explicit SimulatedResident(ResidentModel& model) : m_model(model) {}

    void begin_session() override;
    void end_session() override;
    void on_event(const Event& event) override;
    void advance(double t, const Target& target) override;
    std::optional<CravingReport> next_report(double t) override;
    void heart_rate(double t, std::vector<sensors::HeartRateSample>& out) override;

private:
    ResidentModel& m_model;
    double m_t = 0;
    bool m_answer_pending = false;
    double m_answer_at = 0;
    std::optional<sensors::SimulatedHeart> m_heart; // today's, when the resident wears a strap
};

// Reports read from a file (see report_csv.h): each is delivered at its time, whatever was asked.
class ScriptedReports final : public Respondent {
public:
    explicit ScriptedReports(std::vector<CravingReport> reports);

    void on_event(const Event&) override {}
    void advance(double t, const Target&) override { (void)t; }
    std::optional<CravingReport> next_report(double t) override;
    bool exhausted() const { return m_next >= m_reports.size(); }

private:
    std::vector<CravingReport> m_reports;
    std::size_t m_next = 0;
};

} // namespace qx::session
