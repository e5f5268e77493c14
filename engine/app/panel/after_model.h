// The after page: the SSQ after, the session's outcome and report, and back to the checklist
// for the next session with the same resident.
#pragma once

#include "app/panel/panel_context.h"
#include "session/outcomes.h"

#include <filesystem>
#include <optional>
#include <string>

namespace qx::app {

class PanelModel;

class AfterModel {
public:
    AfterModel(PanelContext& ctx, PanelModel& panel) : m_ctx(ctx), m_panel(panel) {}

    // The SSQ form (shared with the prepare page: one form on screen).
    store::SsqItems& ssq_items() { return m_ctx.ssq_form(); }
    std::string take_ssq_after();
    bool ssq_after_taken() const { return m_ssq_after_taken; }
    const std::optional<session::SessionOutcome>& outcome() const { return m_outcome; }
    const std::optional<std::filesystem::path>& report_html() const { return m_report_html; }
    // Back to the checklist for the next session with the same resident.
    void new_session();

    // The finished session's outcome and report, written from the records (LiveModel asks as
    // the session ends; again once the SSQ after is in).
    void load_summary();
    // A session begins, or the therapist signs out: nothing of the last one is kept.
    void clear();

private:
    PanelContext& m_ctx;
    PanelModel& m_panel;
    bool m_ssq_after_taken = false;
    std::optional<session::SessionOutcome> m_outcome;
    std::optional<std::filesystem::path> m_report_html;
};

} // namespace qx::app
