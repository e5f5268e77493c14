// Therapist accounts under attack: sign-in throttling and lockout, administrators' changes, and
// the append-only audit log of who did what to whose records.
#include "store/store.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"

#include <algorithm>
#include <fmt/format.h>

namespace qx::store {
namespace {

// A hash no password matches, at the interactive cost: an unknown name is verified against it so
// that it takes as long as a known one.
const std::string& decoy_hash() {
    static const std::string hash = hash_password("qingxing decoy: no account has this password");
    return hash;
}

std::int64_t wait_after(int failures) {
    const int over = failures - SignInPolicy::k_free_failures;
    if (over <= 0) return 0;
    return SignInPolicy::k_first_wait_ms << std::min(over - 1, 10);
}

} // namespace

bool TherapistRecord::locked() const {
    return failed_sign_ins >= SignInPolicy::k_lock_after;
}

SignInResult Store::sign_in(std::string_view username, std::string_view password, std::int64_t now_ms) {
    const std::string hash = sign_in_hash(username);
    return finish_sign_in(username, hash, verify_password(hash, password), now_ms);
}

std::string Store::sign_in_hash(std::string_view username) {
    Statement s = m_db.prepare("SELECT password_hash FROM therapists WHERE username = ?");
    s.bind(1, username);
    return s.step() ? s.column_text(0) : decoy_hash();
}

SignInResult Store::finish_sign_in(std::string_view username, const std::string& checked_hash, bool password_matches,
                                   std::int64_t now_ms) {
    Statement s = m_db.prepare("SELECT id, username, password_hash, role, created_ms, disabled, failed_sign_ins, "
                               "retry_after_ms FROM therapists WHERE username = ?");
    s.bind(1, username);
    SignInResult result;
    if (!s.step()) {
        audit(std::nullopt, "sign_in_failed", {}, "unknown login name");
        return result;
    }
    TherapistRecord t;
    t.id = s.column_int(0);
    t.username = s.column_text(1);
    const std::string hash = s.column_text(2);
    t.role = s.column_text(3) == "administrator" ? TherapistRole::administrator : TherapistRole::therapist;
    t.created_ms = s.column_int(4);
    t.disabled = s.column_int(5) != 0;
    t.failed_sign_ins = static_cast<int>(s.column_int(6));
    const std::int64_t retry_after = s.column_int(7);
    // Checked against the hash read before; a password reset since then makes it a wrong one.
    const bool matches = password_matches && hash == checked_hash;

    if (t.disabled) {
        // Said only to whoever knows the password; anyone else hears "wrong".
        audit(t.id, "sign_in_refused", {}, "account disabled");
        result.outcome = matches ? SignInResult::Outcome::disabled : SignInResult::Outcome::wrong;
        return result;
    }
    if (t.locked()) {
        audit(t.id, "sign_in_refused", {}, "account locked");
        result.outcome = SignInResult::Outcome::locked;
        return result;
    }
    if (now_ms < retry_after) {
        // Too soon after the last wrong password: not even a right one is taken, and the try does
        // not count.
        audit(t.id, "sign_in_refused", {}, "too soon after failed sign-ins");
        result.outcome = SignInResult::Outcome::wait;
        result.wait_ms = retry_after - now_ms;
        return result;
    }
    if (!matches) {
        const int failures = t.failed_sign_ins + 1;
        const std::int64_t wait = wait_after(failures);
        m_db.prepare("UPDATE therapists SET failed_sign_ins = ?, retry_after_ms = ? WHERE id = ?")
            .bind(1, std::int64_t{failures})
            .bind(2, now_ms + wait)
            .bind(3, t.id)
            .run();
        const bool locked = failures >= SignInPolicy::k_lock_after;
        audit(t.id, locked ? "account_locked" : "sign_in_failed", {}, fmt::format("{} in a row", failures));
        result.outcome = locked ? SignInResult::Outcome::locked : SignInResult::Outcome::wrong;
        result.wait_ms = locked ? 0 : wait;
        return result;
    }
    m_db.prepare("UPDATE therapists SET failed_sign_ins = 0, retry_after_ms = 0 WHERE id = ?").bind(1, t.id).run();
    t.failed_sign_ins = 0;
    audit(t.id, "sign_in");
    result.outcome = SignInResult::Outcome::ok;
    result.therapist = t;
    return result;
}

void Store::set_therapist_disabled(std::int64_t id, bool disabled, std::int64_t by) {
    QX_ENSURE(id != by || !disabled, "an administrator cannot disable their own account");
    m_db.prepare("UPDATE therapists SET disabled = ? WHERE id = ?").bind(1, std::int64_t{disabled ? 1 : 0}).bind(2, id).run();
    audit(by, disabled ? "account_disabled" : "account_enabled", {}, fmt::format("account {}", id));
}

void Store::unlock_therapist(std::int64_t id, std::int64_t by) {
    m_db.prepare("UPDATE therapists SET failed_sign_ins = 0, retry_after_ms = 0 WHERE id = ?").bind(1, id).run();
    audit(by, "account_unlocked", {}, fmt::format("account {}", id));
}

void Store::reset_password(std::int64_t id, const std::string& password_hash, std::int64_t by) {
    QX_ENSURE(password_hash.rfind("$argon2id$", 0) == 0, "a password is stored only as an Argon2id hash");
    m_db.prepare("UPDATE therapists SET password_hash = ?, failed_sign_ins = 0, retry_after_ms = 0 WHERE id = ?")
        .bind(1, password_hash)
        .bind(2, id)
        .run();
    audit(by, "password_reset", {}, fmt::format("account {}", id));
}

void Store::audit(std::optional<std::int64_t> therapist_id, std::string_view action, std::string_view resident_code,
                  std::string_view detail) {
    Statement s = m_db.prepare(
        "INSERT INTO audit (wall_ms, therapist_id, action, resident_code, detail) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, core::wall_unix_ms()).bind(2, therapist_id).bind(3, action);
    if (resident_code.empty()) {
        s.bind_null(4);
    } else {
        s.bind(4, resident_code);
    }
    s.bind(5, detail.empty() ? std::string_view("") : detail).run(); // never NULL: an empty view may have no data
}

std::vector<AuditEntry> Store::audit_log(int limit) {
    Statement s = m_db.prepare(
        "SELECT a.id, a.wall_ms, a.therapist_id, coalesce(t.username, ''), a.action, coalesce(a.resident_code, ''), "
        "a.detail FROM audit a LEFT JOIN therapists t ON t.id = a.therapist_id ORDER BY a.id DESC LIMIT ?");
    s.bind(1, std::int64_t{limit});
    std::vector<AuditEntry> out;
    while (s.step()) {
        AuditEntry e;
        e.id = s.column_int(0);
        e.wall_ms = s.column_int(1);
        e.therapist_id = s.column_optional_int(2);
        e.therapist = s.column_text(3);
        e.action = s.column_text(4);
        e.resident_code = s.column_text(5);
        e.detail = s.column_text(6);
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace qx::store
