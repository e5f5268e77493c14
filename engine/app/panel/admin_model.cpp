#include "app/panel/admin_model.h"
#include "app/strings.h"

#include "app/panel/panel_model.h"
#include "app/panel/panel_text.h"
#include "app/report_data.h"
#include "core/file.h"
#include "store/resident_code.h"
#include "ui/font.h"
#include "ui/report_writer.h"

#include <cstdio>
#include <future>
#include <memory>

namespace qx::app {

using panel_text::code_points;
using panel_text::trim;

std::string audit_detail_text(std::string_view detail, core::Lang lang) {
    std::string text(detail);
    std::vector<std::string> parts;
    // Trailing qualifiers, in any order: ", with notes", ", sealed".
    for (bool more = true; more;) {
        more = false;
        for (auto [suffix, key] : {std::pair{", with notes", "panel.audit_detail.with_notes"},
                                   std::pair{", sealed", "panel.audit_detail.sealed"}}) {
            if (text.ends_with(suffix)) {
                text.resize(text.size() - std::string_view(suffix).size());
                parts.insert(parts.begin(), std::string(app::tr(key, lang)));
                more = true;
            }
        }
    }
    bool terminal = false;
    for (std::string_view tail : {" from the terminal", "from the terminal"}) {
        if (text.ends_with(tail)) {
            text.resize(text.size() - tail.size());
            terminal = true;
            break;
        }
    }
    static const std::pair<std::string_view, std::string_view> k_fixed[] = {
        {"history", "panel.audit_detail.history"},
        {"unknown login name", "panel.audit_detail.unknown_name"},
        {"account disabled", "panel.audit_detail.disabled"},
        {"account locked", "panel.audit_detail.locked"},
        {"too soon after failed sign-ins", "panel.audit_detail.too_soon"},
    };
    std::string head = text;
    long n = 0;
    char rest = 0;
    for (auto [english, key] : k_fixed) {
        if (text == english) head = std::string(app::tr(key, lang));
    }
    if (std::sscanf(text.c_str(), "session %ld%c", &n, &rest) == 1) {
        head = app::trf("panel.audit_detail.session", lang, fmt::arg("n", n));
    } else if (std::sscanf(text.c_str(), "account %ld%c", &n, &rest) == 1) {
        head = app::trf("panel.audit_detail.account", lang, fmt::arg("n", n));
    } else if (std::sscanf(text.c_str(), "%ld in a row%c", &n, &rest) == 1) {
        head = app::trf("panel.audit_detail.in_a_row", lang, fmt::arg("n", n));
    }
    if (terminal) parts.insert(parts.begin(), std::string(app::tr("panel.audit_detail.terminal", lang)));
    if (!head.empty()) parts.insert(parts.begin(), head);
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : lang == core::Lang::zh_CN ? "，" : ", ") + p;
    return out;
}

void AdminModel::load_accounts() {
    auto accounts = std::make_shared<std::vector<store::TherapistRecord>>();
    m_ctx.post([accounts](store::Store& s) { *accounts = s.therapists(); },
               [this, accounts] { m_accounts = std::move(*accounts); }, "panel.error.store");
}

std::string AdminModel::add_account(const std::string& username, const std::string& password,
                                    bool administrator) {
    if (!m_panel.accounts().is_administrator()) return m_ctx.tr("panel.error.not_admin");
    std::string name = trim(username);
    if (!store::is_valid_username(name)) return m_ctx.tr("panel.error.username");
    if (code_points(password) < 8) return m_ctx.tr("panel.error.password_short");
    for (const store::TherapistRecord& t : m_accounts) {
        if (t.username == name) return m_ctx.tr("panel.error.account_exists");
    }
    store::PasswordCost cost = m_ctx.options().password_cost;
    auto accounts = std::make_shared<std::vector<store::TherapistRecord>>();
    store::TherapistRole role =
        administrator ? store::TherapistRole::administrator : store::TherapistRole::therapist;
    // Hashed on a thread of its own, then stored: the store thread may be writing a session.
    m_ctx.off_thread([password, cost] { return store::hash_password(password, cost); },
                     [this, name, role, accounts](std::string hash) {
                         m_ctx.post(
                             [name, hash, role, accounts](store::Store& s) {
                                 s.add_therapist_hashed(name, hash, role);
                                 *accounts = s.therapists();
                             },
                             [this, name, accounts] {
                                 m_accounts = std::move(*accounts);
                                 m_ctx.notify(false, app::trf("panel.account_created", m_ctx.lang(), fmt::arg("name", name)));
                             },
                             "panel.error.account_not_made");
                     },
                     "panel.error.account_not_made");
    return {};
}

void AdminModel::load_audit() {
    if (!m_panel.accounts().is_administrator()) return;
    auto entries = std::make_shared<std::vector<store::AuditEntry>>();
    m_ctx.post([entries](store::Store& s) { *entries = s.audit_log(); },
               [this, entries] { m_audit = std::move(*entries); }, "panel.error.store");
}

void AdminModel::change(std::function<void(store::Store&, std::int64_t by)> job, std::string done_key) {
    const std::int64_t by = m_ctx.therapist()->id;
    auto accounts = std::make_shared<std::vector<store::TherapistRecord>>();
    auto entries = std::make_shared<std::vector<store::AuditEntry>>();
    m_ctx.post(
        [job = std::move(job), by, accounts, entries](store::Store& s) {
            job(s, by);
            *accounts = s.therapists();
            *entries = s.audit_log();
        },
        [this, accounts, entries, done_key] {
            m_accounts = std::move(*accounts);
            m_audit = std::move(*entries);
            m_ctx.notify(false, m_ctx.tr(done_key));
        },
        "panel.error.account_change");
}

std::string AdminModel::unlock(std::int64_t id) {
    if (!m_panel.accounts().is_administrator()) return m_ctx.tr("panel.error.not_admin");
    change([id](store::Store& s, std::int64_t by) { s.unlock_therapist(id, by); }, "panel.admin.unlocked");
    return {};
}

std::string AdminModel::set_disabled(std::int64_t id, bool disabled) {
    if (!m_panel.accounts().is_administrator()) return m_ctx.tr("panel.error.not_admin");
    if (disabled && id == m_ctx.therapist()->id) return m_ctx.tr("panel.error.disable_self");
    change([id, disabled](store::Store& s, std::int64_t by) { s.set_therapist_disabled(id, disabled, by); },
           disabled ? "panel.admin.disabled_done" : "panel.admin.enabled_done");
    return {};
}

std::string AdminModel::reset_password(std::int64_t id, const std::string& password) {
    if (!m_panel.accounts().is_administrator()) return m_ctx.tr("panel.error.not_admin");
    if (code_points(password) < 8) return m_ctx.tr("panel.error.password_short");
    // The hash takes a noticeable fraction of a second: made on its own thread and only then
    // handed to the store thread (which may be writing a session), so it never waits for it.
    store::PasswordCost cost = m_ctx.options().password_cost;
    m_ctx.off_thread([password, cost] { return store::hash_password(password, cost); },
                     [this, id](std::string hash) {
                         if (!m_panel.accounts().is_administrator()) return; // signed out meanwhile
                         change([id, hash](store::Store& s, std::int64_t by) { s.reset_password(id, hash, by); },
                                "panel.admin.password_reset");
                     },
                     "panel.error.store");
    return {};
}

std::string AdminModel::export_report() {
    if (m_ctx.resident().empty()) return m_ctx.tr("panel.blocker.resident");
    auto path = std::make_shared<std::filesystem::path>();
    std::string code = m_ctx.resident();
    std::filesystem::path folder = m_ctx.options().reports_dir / code;
    core::Lang l = m_ctx.lang();
    std::optional<std::int64_t> who = m_ctx.therapist_id();
    const bool notes = m_export_notes;
    m_ctx.post(
        [path, code, folder, l, who, notes](store::Store& s) {
            s.audit(who, "report_exported", code,
                    notes ? core::display_path(folder) + ", with notes" : core::display_path(folder));
            ui::ReportData data = report_data_from_store(s, code, ReportContents{notes});
            *path = ui::write_report(data, folder, l, ui::Font::load_cjk()).html;
        },
        [this, path] {
            m_export_path = *path;
            m_ctx.notify(false, app::trf("app.session.report_at", m_ctx.lang(),
                                          fmt::arg("path", core::display_path(*path))));
        },
        "panel.error.export");
    return {};
}

void AdminModel::clear() {
    m_accounts.clear();
    m_audit.clear();
    m_export_path.reset();
}

} // namespace qx::app
