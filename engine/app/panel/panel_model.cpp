#include "app/panel/panel_model.h"

namespace qx::app {

PanelModel::PanelModel(store::Recorder& recorder, PanelOptions options)
    : m_ctx(recorder, std::move(options)), m_accounts(m_ctx, *this), m_prepare(m_ctx, *this),
      m_live(m_ctx, *this), m_after(m_ctx, *this), m_history(m_ctx), m_admin(m_ctx, *this) {
    m_prepare.load_offered_protocols();
    m_accounts.look_for_accounts();
}

void PanelModel::update(double now) {
    m_ctx.collect(now);
    m_live.tick();
}

void PanelModel::settle() {
    while (m_ctx.busy()) {
        m_ctx.wait_oldest();
        update(m_ctx.now());
    }
}

void PanelModel::set_tab(PanelTab tab) {
    m_ctx.set_tab(tab);
    if (tab == PanelTab::history && !m_ctx.resident().empty()) m_history.refresh();
    if (tab == PanelTab::admin) m_admin.load_audit(); // the log as it is now
}

} // namespace qx::app
