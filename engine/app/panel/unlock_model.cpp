#include "app/panel/unlock_model.h"

#include "app/strings.h"
#include "core/file.h"
#include "store/store.h"

#include <chrono>

namespace qx::app {

UnlockModel::UnlockModel(std::filesystem::path db, core::Lang lang)
    : m_db(std::move(db)), m_lang(lang), m_lock(records_lock(m_db)) {
    if (hopeless()) m_problem = unlock_with_secret(m_db, {}, m_lang).problem;
}

UnlockModel::~UnlockModel() { settle(); }

void UnlockModel::set_lang(core::Lang lang) {
    m_lang = lang;
    // A problem is said again in the new language only where it stays true whatever is typed.
    m_problem = hopeless() ? unlock_with_secret(m_db, {}, m_lang).problem : std::string();
}

std::string UnlockModel::explanation() const {
    if (first_start()) {
        return app::trf("app.records.first_start", m_lang, fmt::arg("db", core::display_path(m_db)),
                        fmt::arg("chars", store::k_min_secret_chars));
    }
    return std::string(app::tr("panel.unlock.help", m_lang));
}

void UnlockModel::submit(const std::string& secret, const std::string& again) {
    if (busy() || unlocked() || hopeless()) return;
    m_problem.clear();
    if (first_start()) {
        if (secret != again) {
            m_problem = std::string(app::tr("app.records.secrets_differ", m_lang));
            return;
        }
        if (std::string weak = new_secret_problem(secret, m_lang); !weak.empty()) {
            m_problem = weak;
            return;
        }
    }
    m_pending = std::async(std::launch::async, [db = m_db, secret, lang = m_lang] {
        return unlock_with_secret(db, secret, lang);
    });
}

void UnlockModel::update() {
    if (!busy() || m_pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    Unlocked u = m_pending.get();
    if (u.records) {
        m_done = std::move(u);
        return;
    }
    if (u.wrong_secret) ++m_wrong;
    m_problem = u.problem;
}

void UnlockModel::settle() {
    if (busy()) m_pending.wait();
    update();
}

} // namespace qx::app
