// The administration tab (administrators only): the accounts list, adding an account, and
// exporting the chosen resident's report.
#pragma once

#include "app/panel/panel_context.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace qx::app {

class PanelModel;

// An audit-log detail as an administrator reads it in `lang`. The log keeps details in short
// English ("session 12 from the terminal", "3 in a row", a folder ", with notes"); the known parts
// are said in the panel's language, anything else (a folder) is shown as it is.
std::string audit_detail_text(std::string_view detail, core::Lang lang);

class AdminModel {
public:
    AdminModel(PanelContext& ctx, PanelModel& panel) : m_ctx(ctx), m_panel(panel) {}

    const std::vector<store::TherapistRecord>& accounts() const { return m_accounts; }
    // Reads the accounts list (an administrator has just signed in).
    void load_accounts();
    // Returns the problem in words (empty when it went to the store).
    std::string add_account(const std::string& username, const std::string& password, bool administrator);
    // An administrator's changes to another account; each returns the problem in words (empty when
    // it went to the store) and is in the audit log.
    std::string unlock(std::int64_t id);
    std::string set_disabled(std::int64_t id, bool disabled);
    // The new password is hashed off the store thread, then stored.
    std::string reset_password(std::int64_t id, const std::string& password);
    // The audit log's newest entries (read when the tab is shown and after each change).
    void load_audit();
    const std::vector<store::AuditEntry>& audit() const { return m_audit; }

    // Writes the chosen resident's report (HTML, charts, CSV, JSON) into the reports folder.
    // Writes the chosen resident's report; the notes go in only when `with_notes` is ticked.
    std::string export_report();
    bool& export_with_notes() { return m_export_notes; }
    const std::optional<std::filesystem::path>& export_path() const { return m_export_path; }
    void forget_export() { m_export_path.reset(); }
    // Signed out: nothing of this therapist's is kept.
    void clear();

private:
    PanelContext& m_ctx;
    PanelModel& m_panel;
    // Runs an account change on the store thread, then reads the accounts and the audit log again.
    void change(std::function<void(store::Store&, std::int64_t by)> job, std::string done_key);

    std::vector<store::TherapistRecord> m_accounts;
    std::vector<store::AuditEntry> m_audit;
    std::optional<std::filesystem::path> m_export_path;
    bool m_export_notes = false;
};

} // namespace qx::app
