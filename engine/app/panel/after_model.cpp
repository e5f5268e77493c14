#include "app/panel/after_model.h"
#include "app/strings.h"

#include "app/panel/panel_model.h"
#include "app/report_data.h"
#include "core/error.h"
#include "ui/font.h"
#include "ui/report_writer.h"

#include <memory>

namespace qx::app {

void AfterModel::load_summary() {
    struct Summary {
        std::optional<session::SessionOutcome> outcome;
        std::optional<std::filesystem::path> html;
        std::string report_problem;
    };
    auto out = std::make_shared<Summary>();
    std::string code = m_ctx.resident();
    std::int64_t id = m_panel.live().session_id();
    std::filesystem::path folder = m_ctx.options().reports_dir / code;
    core::Lang l = m_ctx.lang();
    m_ctx.post(
        [out, code, id, folder, l](store::Store& s) {
            ui::ReportData data = report_data_from_store(s, code);
            for (const ui::ReportSession& r : data.sessions) {
                if (r.id == id) out->outcome = r.outcome;
            }
            try {
                out->html = ui::write_report(data, folder, l, ui::Font::load_cjk()).html;
            } catch (const core::Error& e) {
                out->report_problem = core::describe(e);
            }
        },
        [this, out, code] {
            if (code != m_ctx.resident()) return;
            m_outcome = out->outcome;
            m_report_html = out->html;
            if (!out->report_problem.empty()) {
                m_ctx.notify(true,
                             app::trf("app.session.report_failed", m_ctx.lang(),
                                       fmt::arg("why", out->report_problem), fmt::arg("resident", code)));
            }
            m_panel.history().refresh();
        },
        "panel.error.store");
}

std::string AfterModel::take_ssq_after() {
    std::int64_t id = m_panel.live().session_id();
    if (!id || m_ctx.page() != PanelPage::after) return m_ctx.tr("panel.error.no_session");
    store::SsqItems items = m_ctx.ssq_form();
    try {
        store::score_ssq(items);
    } catch (const core::Error&) {
        return m_ctx.tr("panel.error.ssq");
    }
    m_ctx.post([id, items](store::Store& s) { s.record_ssq(id, store::SsqPhase::after, items); },
               [this, items] {
                   m_ssq_after_taken = true;
                   m_ctx.ssq_form() = {};
                   m_ctx.notify(
                       false, app::trf("panel.ssq.taken_after", m_ctx.lang(),
                                        fmt::arg("total", ui::format_value(store::score_ssq(items).total))));
                   load_summary(); // the report again, now with the SSQ after
               },
               "panel.error.store");
    return {};
}

void AfterModel::new_session() {
    if (m_ctx.page() != PanelPage::after) return;
    m_panel.live().drop_session();
    m_panel.prepare().reset_checklist();
    m_ctx.set_page(PanelPage::prepare);
    m_panel.prepare().load_resident_details();
}

void AfterModel::clear() {
    m_ssq_after_taken = false;
    m_outcome.reset();
    m_report_html.reset();
}

} // namespace qx::app
