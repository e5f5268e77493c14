// Encrypting the plaintext records of an earlier version, once, with a backup.
#include "store/store.h"

#include "core/clock.h"
#include "core/file.h"
#include "core/log.h"
#include "store/records_key.h"

#include <array>
#include <fmt/format.h>
#include <sqlite3.h>

namespace qx::store {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view k_backup_infix = ".unencrypted-backup-";

// The tables whose rows must all arrive in the encrypted copy.
std::vector<std::string> table_names(Database& db, std::string_view schema) {
    std::vector<std::string> names;
    Statement s = db.prepare(fmt::format(
        "SELECT name FROM {}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", schema));
    while (s.step()) names.push_back(s.column_text(0));
    return names;
}

std::int64_t row_count(Database& db, std::string_view schema, const std::string& table) {
    return db.query_int(fmt::format("SELECT count(*) FROM {}.\"{}\"", schema, table));
}

void remove_with_sidecars(const fs::path& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(fs::path(path.string() + suffix), ec);
}

} // namespace

std::vector<fs::path> unencrypted_backups(const fs::path& database) {
    std::vector<fs::path> found;
    std::error_code ec;
    const fs::path folder = database.has_parent_path() ? database.parent_path() : fs::path(".");
    const std::string prefix = database.filename().string() + std::string(k_backup_infix);
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) == 0 && name.find("-wal") == std::string::npos && name.find("-shm") == std::string::npos)
            found.push_back(it->path());
    }
    return found;
}

fs::path encrypt_plaintext_database(const fs::path& path, const DatabaseKey& key) {
    const fs::path encrypting = fs::path(path.string() + ".encrypting");
    const fs::path backup = fs::path(path.string() + std::string(k_backup_infix) + core::format_file_stamp(core::wall_unix_ms()));
    auto failed = [&](const std::string& why) {
        return core::Error(fmt::format("the records in {} are not encrypted and could not be encrypted ({}); "
                                       "the file was left as it was",
                                       core::display_path(path), why),
                           "close every other Qingxing window on this computer and start again; if it "
                           "persists, keep the file and ask for support");
    };
    std::vector<std::pair<std::string, std::int64_t>> counts;
    {
        // Create mode: ATTACH makes the encrypted copy with the flags of this connection.
        Database plain(path, Database::Mode::create);
        // Leaving write-ahead logging needs the only connection: another Qingxing that has the
        // records open makes this fail, and nothing has changed yet.
        try {
            sqlite3_busy_timeout(plain.handle(), 2000);
            if (plain.query_text("PRAGMA journal_mode = DELETE") != "delete")
                throw failed("another program has the records open");
        } catch (const core::CallError& e) {
            throw failed("another program has the records open: " + e.result());
        }
        const auto user_version = plain.query_int("PRAGMA user_version");
        const auto application_id = plain.query_int("PRAGMA application_id");
        for (const std::string& t : table_names(plain, "main")) counts.emplace_back(t, row_count(plain, "main", t));

        remove_with_sidecars(encrypting);
        try {
            Statement attach = plain.prepare("ATTACH DATABASE ? AS encrypted KEY ?");
            std::string literal = key.sql_literal();
            attach.bind(1, encrypting.string()).bind(2, literal);
            std::fill(literal.begin(), literal.end(), '\0');
            attach.run();
            plain.query_text("SELECT sqlcipher_export('encrypted')");
            plain.exec(fmt::format("PRAGMA encrypted.user_version = {}", user_version));
            plain.exec(fmt::format("PRAGMA encrypted.application_id = {}", application_id));
            for (const auto& [table, n] : counts) {
                if (row_count(plain, "encrypted", table) != n)
                    throw failed(fmt::format("the copy of table {} is incomplete", table));
            }
            plain.exec("DETACH DATABASE encrypted");
        } catch (const core::CallError& e) {
            remove_with_sidecars(encrypting);
            throw failed(e.result());
        }
    }
    // The copy is complete and on disk (SQLite syncs a commit). Keep the original, then put the
    // encrypted copy in its place.
    std::error_code ec;
    fs::rename(path, backup, ec);
    if (ec) {
        remove_with_sidecars(encrypting);
        throw failed("cannot keep the original as a backup: " + ec.message());
    }
    fs::permissions(backup, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
    fs::rename(encrypting, path, ec);
    if (ec) {
        fs::rename(backup, path);
        throw failed("cannot put the encrypted copy in place: " + ec.message());
    }
    core::fsync_directory(path.has_parent_path() ? path.parent_path() : fs::path("."));
    core::log_warn("store", "encrypted the records in {}; the unencrypted original is kept as {}",
                   core::display_path(path), core::display_path(backup));
    return backup;
}

} // namespace qx::store
