// The therapist's control panel as a view-model: what the panel shows and what its buttons do,
// with no drawing in it (app/panel/panel_view.* draws it with Dear ImGui). PanelModel owns the
// shared core (PanelContext: store jobs, notices, language, page and tab, who is signed in, the
// chosen resident) and one model per page, each in its own files:
//   accounts()  AccountsModel  first account, sign in and out
//   prepare()   PrepareModel   resident, protocol, interrupted sessions, checklist, SSQ before, start
//   live()      LiveModel      the running session: commands, ratings, notes, the chart
//   after()     AfterModel     SSQ after, outcome, report, the next session
//   history()   HistoryModel   the chosen resident's sessions
//   admin()     AdminModel     accounts list, export report
// Everything that touches the records goes through the recorder's store thread and comes back
// on a later frame, so the frame that also feeds the headset never waits for the disk or a
// password hash.
#pragma once

#include "app/panel/accounts_model.h"
#include "app/panel/admin_model.h"
#include "app/panel/after_model.h"
#include "app/panel/history_model.h"
#include "app/panel/live_model.h"
#include "app/panel/panel_context.h"
#include "app/panel/prepare_model.h"

#include <vector>

namespace qx::app {

class PanelModel {
public:
    PanelModel(store::Recorder& recorder, PanelOptions options);
    PanelModel(const PanelModel&) = delete;
    PanelModel& operator=(const PanelModel&) = delete;

    // Once a frame, at panel seconds `now`: collects what the store thread finished and runs the
    // live session's clock. Never blocks and never throws.
    void update(double now);
    // Waits until every store job posted so far has come back (tests and shutdown; not the frame loop).
    void settle();

    PanelPage page() const { return m_ctx.page(); }
    PanelTab tab() const { return m_ctx.tab(); }
    // Shows another tab (the history is read again when it is shown).
    void set_tab(PanelTab tab);
    bool busy() const { return m_ctx.busy(); } // a look-up or save is on its way
    core::Lang lang() const { return m_ctx.lang(); }
    void set_lang(core::Lang lang) { m_ctx.set_lang(lang); }
    const std::vector<Notice>& notices() const { return m_ctx.notices(); }
    void dismiss_notices() { m_ctx.dismiss_notices(); }
    // A notice from outside the pages (the display was rebuilt after a lost GPU).
    void notify(bool error, std::string text) { m_ctx.notify(error, std::move(text)); }

    AccountsModel& accounts() { return m_accounts; }
    const AccountsModel& accounts() const { return m_accounts; }
    PrepareModel& prepare() { return m_prepare; }
    const PrepareModel& prepare() const { return m_prepare; }
    LiveModel& live() { return m_live; }
    const LiveModel& live() const { return m_live; }
    AfterModel& after() { return m_after; }
    const AfterModel& after() const { return m_after; }
    HistoryModel& history() { return m_history; }
    const HistoryModel& history() const { return m_history; }
    AdminModel& admin() { return m_admin; }
    const AdminModel& admin() const { return m_admin; }

private:
    // Declared first so that it goes last: a session still running ends (LiveModel) before the
    // store jobs still out are waited for.
    PanelContext m_ctx;
    AccountsModel m_accounts;
    PrepareModel m_prepare;
    LiveModel m_live;
    AfterModel m_after;
    HistoryModel m_history;
    AdminModel m_admin;
};

} // namespace qx::app
