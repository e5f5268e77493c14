// The panel's accounts: the first (administrator's) account, signing in and out. Who is signed
// in lives in the shared PanelContext, for every page to read.
#pragma once

#include "app/panel/panel_context.h"

#include <optional>
#include <string>

namespace qx::app {

class PanelModel;

class AccountsModel {
public:
    AccountsModel(PanelContext& ctx, PanelModel& panel) : m_ctx(ctx), m_panel(panel) {}

    // Looks at the records for the first time: the first account's page when none exists, else sign-in.
    void look_for_accounts();
    // Each returns the problem in words (empty when it went to the store).
    std::string create_first_account(const std::string& username, const std::string& password,
                                     const std::string& repeated);
    std::string sign_in(const std::string& username, const std::string& password);
    // Refused (with a notice) while a session runs; otherwise forgets the therapist's day.
    void sign_out();
    const std::optional<store::TherapistRecord>& therapist() const { return m_ctx.therapist(); }
    bool is_administrator() const;

private:
    // The last step of sign_in: the outcome once the password was checked off the store thread.
    void finish_sign_in(const std::string& name, const std::string& checked_hash, bool matches);
    PanelContext& m_ctx;
    PanelModel& m_panel;
};

} // namespace qx::app
