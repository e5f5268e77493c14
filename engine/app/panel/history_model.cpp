#include "app/panel/history_model.h"

#include "app/report_data.h"

#include <memory>

namespace qx::app {

void HistoryModel::refresh() {
    if (m_ctx.resident().empty()) return;
    auto rows = std::make_shared<std::vector<HistoryRow>>();
    std::string code = m_ctx.resident();
    std::optional<std::int64_t> who = m_ctx.therapist_id();
    m_ctx.post(
        [rows, code, who](store::Store& s) {
            s.audit(who, "records_viewed", code, "history");
            ui::ReportData data = report_data_from_store(s, code);
            for (const ui::ReportSession& r : data.sessions) {
                HistoryRow h;
                h.id = r.id;
                h.number = r.number;
                h.status = r.status;
                h.started_ms = r.started_ms;
                h.protocol = r.protocol ? r.protocol->id : std::string();
                h.minutes = r.outcome.duration_s / 60.0;
                h.highest_step = r.outcome.highest_step_reached;
                h.safe_step = r.outcome.safe_step;
                h.peak = r.outcome.peak;
                h.final_craving = r.outcome.final_craving;
                if (r.ssq_before) h.ssq_before = r.ssq_before->total;
                if (r.ssq_after) h.ssq_after = r.ssq_after->total;
                rows->push_back(std::move(h));
            }
        },
        [this, rows, code] {
            if (code == m_ctx.resident()) m_rows = std::move(*rows);
        },
        "panel.error.store");
}

} // namespace qx::app
