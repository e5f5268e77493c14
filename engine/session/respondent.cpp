#include "session/respondent.h"

#include <algorithm>

namespace qx::session {

void SimulatedResident::begin_session() {
    m_model.begin_session();
    m_t = 0;
    m_answer_pending = false;
    m_heart.reset();
    if (m_model.params().heart_rate_sensor) m_heart.emplace(m_model.heart_options());
}

void SimulatedResident::end_session() {
    m_model.end_session();
}

void SimulatedResident::on_event(const Event& event) {
    if (event.kind != EventKind::prompt || m_answer_pending) return;
    if (m_model.draw_missing()) return;
    m_answer_pending = true;
    m_answer_at = event.t + m_model.draw_latency();
}

void SimulatedResident::advance(double t, const Target& target) {
    if (t > m_t) m_model.advance(t - m_t, target);
    m_t = std::max(m_t, t);
    if (m_heart) m_heart->set_arousal(m_model.arousal());
}

std::optional<CravingReport> SimulatedResident::next_report(double t) {
    if (!m_answer_pending || m_answer_at > t) return std::nullopt;
    m_answer_pending = false;
    return CravingReport{t, m_model.draw_report(), ReportSource::headset};
}

void SimulatedResident::heart_rate(double t, std::vector<sensors::HeartRateSample>& out) {
    if (m_heart) m_heart->poll(t, out);
}

ScriptedReports::ScriptedReports(std::vector<CravingReport> reports) : m_reports(std::move(reports)) {
    std::stable_sort(m_reports.begin(), m_reports.end(),
                     [](const CravingReport& a, const CravingReport& b) { return a.t < b.t; });
}

std::optional<CravingReport> ScriptedReports::next_report(double t) {
    if (m_next >= m_reports.size() || m_reports[m_next].t > t) return std::nullopt;
    return m_reports[m_next++];
}

} // namespace qx::session
