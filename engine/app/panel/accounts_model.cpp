#include "app/panel/accounts_model.h"
#include "app/strings.h"

#include "app/panel/panel_model.h"
#include "app/panel/panel_text.h"
#include "core/clock.h"
#include "store/resident_code.h"

#include <memory>

namespace qx::app {

using panel_text::code_points;
using panel_text::trim;

void AccountsModel::look_for_accounts() {
    auto count = std::make_shared<std::size_t>(0);
    m_ctx.post([count](store::Store& s) { *count = s.therapists().size(); },
               [this, count] { m_ctx.set_page(*count == 0 ? PanelPage::first_account : PanelPage::sign_in); },
               "panel.error.store");
}

std::string AccountsModel::create_first_account(const std::string& username, const std::string& password,
                                                const std::string& repeated) {
    if (m_ctx.page() != PanelPage::first_account) return m_ctx.tr("panel.error.accounts_exist");
    std::string name = trim(username);
    if (!store::is_valid_username(name)) return m_ctx.tr("panel.error.username");
    if (code_points(password) < 8) return m_ctx.tr("panel.error.password_short");
    if (password != repeated) return m_ctx.tr("panel.error.password_mismatch");
    store::PasswordCost cost = m_ctx.options().password_cost;
    // Hashed on a thread of its own, then stored: neither the frame loop nor the store thread waits.
    m_ctx.off_thread([password, cost] { return store::hash_password(password, cost); },
                     [this, name](std::string hash) {
                         m_ctx.post(
                             [name, hash](store::Store& s) {
                                 s.add_therapist_hashed(name, hash, store::TherapistRole::administrator);
                             },
                             [this, name] {
                                 m_ctx.set_page(PanelPage::sign_in);
                                 m_ctx.notify(false, app::trf("panel.account_created", m_ctx.lang(), fmt::arg("name", name)));
                             },
                             "panel.error.account_not_made");
                     },
                     "panel.error.account_not_made");
    return {};
}

std::string AccountsModel::sign_in(const std::string& username, const std::string& password) {
    if (m_ctx.page() != PanelPage::sign_in) return {};
    std::string name = trim(username);
    if (name.empty() || password.empty()) return m_ctx.tr("panel.error.sign_in_empty");
    // Three steps, so the password check (as slow as a hash) holds up neither the frame loop nor
    // the store thread, which may be writing a session: the hash to check against, the check on a
    // thread of its own, the outcome (throttling, lockout, the audit log).
    auto hash = std::make_shared<std::string>();
    m_ctx.post([name, hash](store::Store& s) { *hash = s.sign_in_hash(name); },
               [this, name, password, hash] {
                   m_ctx.off_thread([password, hash] { return std::string(store::verify_password(*hash, password) ? "1" : ""); },
                                    [this, name, hash](std::string matched) { finish_sign_in(name, *hash, !matched.empty()); },
                                    "panel.error.store");
               },
               "panel.error.store");
    return {};
}

void AccountsModel::finish_sign_in(const std::string& name, const std::string& checked_hash, bool matches) {
    auto result = std::make_shared<store::SignInResult>();
    m_ctx.post([name, checked_hash, matches, result](store::Store& s) {
                   *result = s.finish_sign_in(name, checked_hash, matches, core::wall_unix_ms());
               },
               [this, result] {
                   using O = store::SignInResult::Outcome;
                   const long seconds = long((result->wait_ms + 999) / 1000);
                   switch (result->outcome) {
                   case O::ok: break;
                   case O::wrong:
                       m_ctx.notify(true, seconds > 0 ? app::trf("panel.error.sign_in_wait", m_ctx.lang(),
                                                                  fmt::arg("seconds", seconds))
                                                      : m_ctx.tr("panel.error.sign_in"));
                       return;
                   case O::wait:
                       m_ctx.notify(true, app::trf("panel.error.sign_in_too_soon", m_ctx.lang(),
                                                    fmt::arg("seconds", seconds)));
                       return;
                   case O::locked: m_ctx.notify(true, m_ctx.tr("panel.error.sign_in_locked")); return;
                   case O::disabled: m_ctx.notify(true, m_ctx.tr("panel.error.sign_in_disabled")); return;
                   }
                   m_ctx.set_therapist(*result->therapist);
                   m_ctx.set_page(PanelPage::prepare);
                   m_ctx.set_tab(PanelTab::session);
                   m_ctx.notify(false, app::trf("panel.signed_in", m_ctx.lang(),
                                                 fmt::arg("name", therapist()->username)));
                   m_panel.prepare().load_residents();
                   if (is_administrator()) {
                       m_panel.admin().load_accounts();
                       m_panel.admin().load_audit();
                   }
               },
               "panel.error.store");
}

void AccountsModel::sign_out() {
    if (m_panel.live().running()) {
        m_ctx.notify(true, m_ctx.tr("panel.error.session_running"));
        return;
    }
    m_panel.live().drop_session();
    m_ctx.set_therapist(std::nullopt);
    m_ctx.set_resident({});
    m_panel.prepare().forget_resident();
    m_panel.live().replace_notes({});
    m_panel.history().clear();
    m_panel.admin().clear();
    m_panel.after().clear();
    m_ctx.set_page(PanelPage::sign_in);
    m_ctx.set_tab(PanelTab::session);
}

bool AccountsModel::is_administrator() const {
    return m_ctx.therapist() && m_ctx.therapist()->role == store::TherapistRole::administrator;
}

} // namespace qx::app
