// The centre secret asked on the control panel's own screen, before anything else in it, when no
// secret file is given: a therapist who starts the panel from the Start menu never has to find
// the console behind it. At first start the secret is set (typed twice, with what losing it
// means); afterwards it unlocks the records, and a wrong one is asked for again. The key work
// (Argon2id, some tenths of a second) runs on a worker thread, so the window stays live.
#pragma once

#include "app/records_unlock.h"

#include <filesystem>
#include <future>
#include <optional>
#include <string>

namespace qx::app {

class UnlockModel {
public:
    UnlockModel(std::filesystem::path db, core::Lang lang);
    ~UnlockModel();
    UnlockModel(const UnlockModel&) = delete;
    UnlockModel& operator=(const UnlockModel&) = delete;

    core::Lang lang() const { return m_lang; }
    void set_lang(core::Lang lang);
    RecordsLock lock() const { return m_lock; }
    // The secret is set now (asked twice) rather than checked.
    bool first_start() const { return m_lock == RecordsLock::first_start; }
    // Nothing can be typed that would help (the key file is missing): only the problem is shown.
    bool hopeless() const { return m_lock == RecordsLock::key_missing; }
    // What the page says above the field(s), in the panel's language.
    std::string explanation() const;

    // Checks (first start: `again` must match, and the secret be strong enough) and starts the
    // unlock on the worker. Ignored while one is on its way.
    void submit(const std::string& secret, const std::string& again);
    // Once a frame: collects a finished unlock. Never blocks.
    void update();
    bool busy() const { return m_pending.valid(); }
    // Why the last try did not unlock (empty: none failed, or one is on its way).
    const std::string& problem() const { return m_problem; }
    int wrong_secrets() const { return m_wrong; }
    // The records, once unlocked (then the page is done).
    bool unlocked() const { return m_done.has_value(); }
    Unlocked take() { return std::move(*m_done); }
    // Waits for an unlock on its way (tests).
    void settle();

private:
    std::filesystem::path m_db;
    core::Lang m_lang;
    RecordsLock m_lock;
    std::future<Unlocked> m_pending;
    std::optional<Unlocked> m_done;
    std::string m_problem;
    int m_wrong = 0;
};

} // namespace qx::app
