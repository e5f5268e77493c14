#include "app/panel/admin_model.h"
#include "app/strings.h"

#include "app/panel/panel_model.h"
#include "app/panel/panel_text.h"
#include "app/report_data.h"
#include "core/file.h"
#include "store/resident_code.h"
#include "ui/font.h"
#include "ui/report_writer.h"

#include <memory>

namespace qx::app {

using panel_text::code_points;
using panel_text::trim;

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
    m_ctx.post(
        [name, password, role, cost, accounts](store::Store& s) {
            s.add_therapist(name, password, role, cost);
            *accounts = s.therapists();
        },
        [this, name, accounts] {
            m_accounts = std::move(*accounts);
            m_ctx.notify(false, app::trf("panel.account_created", m_ctx.lang(), fmt::arg("name", name)));
        },
        "panel.error.account_not_made");
    return {};
}

std::string AdminModel::export_report() {
    if (m_ctx.resident().empty()) return m_ctx.tr("panel.blocker.resident");
    auto path = std::make_shared<std::filesystem::path>();
    std::string code = m_ctx.resident();
    std::filesystem::path folder = m_ctx.options().reports_dir / code;
    core::Lang l = m_ctx.lang();
    m_ctx.post(
        [path, code, folder, l](store::Store& s) {
            ui::ReportData data = report_data_from_store(s, code);
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
    m_export_path.reset();
}

} // namespace qx::app
