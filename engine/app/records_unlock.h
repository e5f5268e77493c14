// Unlocking the encrypted records with the centre secret, for every mode that opens them.
//
// The secret comes, in this order, from --secret-file FILE, from $QINGXING_SECRET_FILE, or from a
// prompt at the terminal (not echoed); the control panel can also ask on its own screen. The
// first start (no key file yet, and no encrypted database) sets the secret: it is asked twice, the
// therapist is told what losing it means, and plaintext records of an earlier version are then
// encrypted once, with a backup.
#pragma once

#include "core/i18n.h"
#include "store/store.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qx::app {

// --secret-file FILE: a file (readable by its owner only) whose first line is the centre secret.
void add_secret_option(CLI::App& sub, std::string& secret_file);

// What the records at a path need before they can be opened.
enum class RecordsLock {
    first_start, // no key yet: the centre sets its secret (no database, or a plaintext one)
    locked,      // a key file is there: the secret unlocks it
    key_missing, // an encrypted database without its key file: nothing can open it
};
RecordsLock records_lock(const std::filesystem::path& db);

struct Unlocked {
    std::optional<store::RecordsFile> records; // set on success
    std::string problem;                       // otherwise, in the user's language
    bool wrong_secret = false;                 // the secret was refused (the panel asks again)
    bool created = false;                      // a new key was made with this secret
};

// Unlocks (or, at first start, creates the key of) the records at `db` with `secret`.
Unlocked unlock_with_secret(const std::filesystem::path& db, std::string_view secret, core::Lang lang);

// Reads the secret from `secret_file`, $QINGXING_SECRET_FILE or the terminal, then unlocks. Tells
// the person at the terminal what it did (a new key; how to keep it).
Unlocked unlock_records(const std::filesystem::path& db, const std::string& secret_file, core::Lang lang);

// The secret from `secret_file` or $QINGXING_SECRET_FILE; nullopt when neither is given. `problem`
// says what is wrong with a file that is given but cannot be used (readable by others, empty).
std::optional<std::string> secret_from_file(const std::string& secret_file, core::Lang lang, std::string& problem);

// After a refused open: a key file this start made for records that are still not encrypted (a
// foreign or damaged file, refused by the store) is removed again, so nothing is left beside it.
// A key that already encrypts the file is never removed.
void discard_unused_key(const Unlocked& unlocked);

// Runs `open(records)`; if it throws, discard_unused_key first.
template <typename Open>
auto open_unlocked(const Unlocked& unlocked, Open&& open) {
    try {
        return open(*unlocked.records);
    } catch (...) {
        discard_unused_key(unlocked);
        throw;
    }
}

// A line typed at the terminal without echo, after `prompt` on stderr; nullopt when stdin is not a
// terminal.
std::optional<std::string> ask_hidden(const std::string& prompt);

// The first line of `file`, which must be readable by its owner only; nullopt with `problem` set
// (in `lang`) when it is missing, empty or readable by others.
std::optional<std::string> read_private_line(const std::filesystem::path& file, core::Lang lang, std::string& problem);

// The passphrase of a sealed export: from a private `file`, else typed at the terminal (`twice`
// when sealing). nullopt, with a message on stderr for `mode`, when there is none.
std::optional<std::string> ask_passphrase(const std::string& file, bool twice, core::Lang lang, const char* mode);

// What is wrong with a new secret, in `lang`; empty when it may be used.
std::string new_secret_problem(std::string_view secret, core::Lang lang);

// Lines to tell the therapist after opening: where the unencrypted backup of newly encrypted
// records is, and a reminder while such backups remain.
std::vector<std::string> encryption_notices(const std::filesystem::path& db,
                                            const std::optional<std::filesystem::path>& just_encrypted, core::Lang lang);

} // namespace qx::app
