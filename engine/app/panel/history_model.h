// The history tab: the chosen resident's sessions, each with what its report computes.
#pragma once

#include "app/panel/panel_context.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qx::app {

// One row of the session history, with what the report computes from it.
struct HistoryRow {
    std::int64_t id = 0;
    int number = 0;
    std::string status;
    std::int64_t started_ms = 0;
    std::string protocol;
    double minutes = 0;
    int highest_step = -1; // 0-based; -1: none
    int safe_step = -1;
    std::optional<double> peak;
    std::optional<double> final_craving;
    std::optional<double> ssq_before, ssq_after; // totals
};

class HistoryModel {
public:
    explicit HistoryModel(PanelContext& ctx) : m_ctx(ctx) {}

    const std::vector<HistoryRow>& rows() const { return m_rows; }
    // Reads the chosen resident's sessions again (nothing when none is chosen).
    void refresh();
    void clear() { m_rows.clear(); }

private:
    PanelContext& m_ctx;
    std::vector<HistoryRow> m_rows;
};

} // namespace qx::app
