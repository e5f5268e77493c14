// Opening the records (checking a file before anything is written to it), residents and
// therapist accounts. Sessions, events, notes and SSQ: store_sessions.cpp.
#include "store/store.h"

#include "core/clock.h"
#include "core/file.h"
#include "core/log.h"
#include "store/records_key.h"
#include "store/resident_code.h"

#include <algorithm>
#include <array>
#include <exception>
#include <chrono>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <thread>

namespace qx::store {
namespace fs = std::filesystem;
namespace {

constexpr char k_sqlite_magic[] = "SQLite format 3"; // 16 bytes with its NUL, at offset 0

core::Error not_ours(const fs::path& path, const std::string& what) {
    return core::Error(fmt::format("{} is not a Qingxing records database ({}); it was left untouched",
                                   core::display_path(path), what),
                       "pass another file with --db, or move this one away");
}

core::Error damaged(const fs::path& path, const std::string& what) {
    return core::Error(
        fmt::format("the records database {} is damaged ({}); it was left untouched",
                    core::display_path(path), what),
        "restore it from a backup, or move it away to start a new one; keep it: its records may "
        "still be recoverable");
}

std::uint32_t big_endian_u32(const unsigned char* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           std::uint32_t(p[3]);
}

// The first 100 bytes of `path` and how many there were. Throws when it cannot be read.
std::pair<std::array<unsigned char, 100>, std::streamsize> read_header(const fs::path& path) {
    std::array<unsigned char, 100> header{};
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw core::Error(fmt::format("cannot read the records database {}", core::display_path(path)),
                          "check the file's permissions, or pass another file with --db");
    }
    in.read(reinterpret_cast<char*>(header.data()), header.size());
    return {header, in.gcount()};
}

bool is_plaintext_sqlite(const std::array<unsigned char, 100>& header, std::streamsize got) {
    return got >= 16 && std::memcmp(header.data(), k_sqlite_magic, 16) == 0;
}

// The schema objects (type, name, SQL) of `db`, sorted: what the migrations made.
std::vector<std::string> schema_objects(Database& db) {
    std::vector<std::string> out;
    Statement s = db.prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master "
                             "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
    while (s.step()) out.push_back(s.column_text(0));
    return out;
}

// Empty when `db` holds exactly the schema our migrations build up to `version`; otherwise what
// differs. A file with our application id but another schema (edited by hand, a half-restored
// copy) is refused before anything is written to it.
std::string schema_mismatch(Database& db, std::span<const Migration> migrations, int version) {
    Database expected(":memory:", Database::Mode::create);
    for (const Migration& m : migrations) {
        if (m.version <= version) expected.exec(m.sql);
    }
    std::vector<std::string> want = schema_objects(expected), have = schema_objects(db);
    if (want == have) return {};
    for (const std::string& w : want) {
        if (std::find(have.begin(), have.end(), w) == have.end())
            return fmt::format("schema version {} should have {}", version, w.substr(0, w.find(' ', w.find(' ') + 1)));
    }
    for (const std::string& h : have) {
        if (std::find(want.begin(), want.end(), h) == want.end())
            return fmt::format("schema version {} has an unknown {}", version, h.substr(0, h.find(' ', h.find(' ') + 1)));
    }
    return fmt::format("its schema is not that of version {}", version);
}

// While a file is checked: the write-ahead log and index a read-only connection creates beside a
// file that is then refused are removed again, so a refused file is left exactly as it was found.
class SidecarGuard {
public:
    explicit SidecarGuard(const fs::path& path) {
        for (const char* suffix : {"-wal", "-shm"}) {
            fs::path p(path.string() + suffix);
            std::error_code ec;
            if (!fs::exists(p, ec)) m_new.push_back(std::move(p));
        }
    }
    ~SidecarGuard() {
        if (std::uncaught_exceptions() <= m_exceptions) return;
        for (const fs::path& p : m_new) {
            std::error_code ec;
            fs::remove(p, ec);
        }
    }
    SidecarGuard(const SidecarGuard&) = delete;
    SidecarGuard& operator=(const SidecarGuard&) = delete;

private:
    std::vector<fs::path> m_new;
    int m_exceptions = std::uncaught_exceptions();
};

// Checks a file already at the database path before SQLite may write to it: it must be an SQLite
// database with our application id (or a blank one), readable with `key` (encrypted) or without
// (plaintext), and not damaged. Throws otherwise; returns whether it is plaintext.
bool verify_existing(const fs::path& path, std::span<const Migration> migrations, const DatabaseKey* key) {
    const int latest_version = migrations.empty() ? 0 : migrations.back().version;
    const auto [header, got] = read_header(path);
    const bool plaintext = is_plaintext_sqlite(header, got);
    if (!plaintext && !key) throw not_ours(path, "it is not an SQLite database");
    if (got < 100) throw damaged(path, "it is shorter than an SQLite header");
    // An encrypted file's header is ciphertext: its application id is read through SQLCipher.
    const std::uint32_t header_app_id = plaintext ? big_endian_u32(&header[68]) : Store::k_application_id;
    SidecarGuard sidecars(path);
    try {
        // Read-only: whatever the file is, this connection cannot change it. Reading goes through
        // the write-ahead log, so a database whose first transactions are still only there (a
        // session killed early) is seen as it really is.
        Database ro(path, Database::Mode::read_only, plaintext ? nullptr : key);
        // One read transaction: the id, the version and the schema are one snapshot, even while
        // another process is migrating the file (between two reads it could finish a step).
        ro.exec("BEGIN");
        auto app_id = static_cast<std::uint32_t>(ro.query_int("PRAGMA application_id"));
        std::int64_t objects = ro.query_int("SELECT count(*) FROM sqlite_master");
        if (app_id != Store::k_application_id && (app_id != 0 || objects != 0)) {
            throw not_ours(
                path, app_id == 0 ? std::string("an SQLite database of another program")
                                  : fmt::format("an SQLite database with application id {:#010x}", app_id));
        }
        auto version = static_cast<int>(ro.query_int("PRAGMA user_version"));
        if (version > latest_version) {
            throw core::Error(
                fmt::format("the records database {} has schema version {}, newer than this Qingxing "
                            "understands ({}); it was left untouched",
                            core::display_path(path), version, latest_version),
                "use the newer Qingxing that wrote it, or pass another file with --db");
        }
        std::string check = ro.query_text("PRAGMA quick_check");
        if (check != "ok") throw damaged(path, check);
        if (app_id == Store::k_application_id || objects != 0) {
            if (std::string mismatch = schema_mismatch(ro, migrations, version); !mismatch.empty())
                throw damaged(path, mismatch);
        }
        ro.exec("COMMIT");
        return plaintext;
    } catch (const core::CallError& e) {
        if (!plaintext && e.result().find("NOTADB") != std::string::npos) {
            throw core::Error(
                fmt::format("the records database {} cannot be opened with its key file: it is not a Qingxing "
                            "records database, the key file beside it belongs to other records, or it is "
                            "damaged; it was left untouched",
                            core::display_path(path)),
                "put the database and the key file that were made together side by side, or pass another "
                "file with --db");
        }
        // SQLite could not read it: damaged, unless its header is ours and it only needs the
        // recovery a read-write connection performs (a write-ahead log without its index).
        bool recoverable = header_app_id == Store::k_application_id &&
                           e.result().find("CORRUPT") == std::string::npos &&
                           e.result().find("NOTADB") == std::string::npos;
        if (!recoverable) throw damaged(path, e.result());
        core::log_warn("store", "{}: read-only check not possible ({}); opening for recovery",
                       core::display_path(path), e.result());
    }
    return plaintext;
}

// Checks what is at `path` and opens it. With a key, plaintext records of an earlier version are
// encrypted first (once, with a backup, reported in `encrypted_backup`).
Database open_checked(const fs::path& path, std::span<const Migration> migrations, const DatabaseKey* key,
                      std::optional<fs::path>& encrypted_backup) {
    std::error_code ec;
    if (fs::exists(path, ec) && fs::is_directory(path, ec)) {
        throw core::Error(fmt::format("the records database {} is a folder, not a file; it was left untouched",
                                      core::display_path(path)),
                          "pass a file inside it with --db, e.g. " + core::display_path(path / "qingxing.db"));
    }
    if (fs::exists(path, ec) && fs::is_regular_file(path, ec) && fs::file_size(path, ec) > 0) {
        if (verify_existing(path, migrations, key) && key) {
            encrypted_backup = encrypt_plaintext_database(path, *key);
            verify_existing(path, migrations, key);
        }
    } else if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
    }
    return Database(path, Database::Mode::create, key);
}

} // namespace

RecordsFileKind inspect_records_file(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return RecordsFileKind::absent;
    if (!fs::is_regular_file(path, ec)) return RecordsFileKind::not_plaintext;
    if (fs::file_size(path, ec) == 0) return RecordsFileKind::absent;
    try {
        const auto [header, got] = read_header(path);
        if (!is_plaintext_sqlite(header, got)) return RecordsFileKind::not_plaintext;
        const std::uint32_t id = got == 100 ? big_endian_u32(&header[68]) : 1;
        return id == 0 || id == Store::k_application_id ? RecordsFileKind::plaintext_ours
                                                        : RecordsFileKind::plaintext_other;
    } catch (const core::Error&) {
        return RecordsFileKind::not_plaintext;
    }
}

std::string_view to_string(SessionStatus status) {
    switch (status) {
    case SessionStatus::running:
        return "running";
    case SessionStatus::interrupted:
        return "interrupted";
    case SessionStatus::completed:
        return "completed";
    case SessionStatus::closed:
        return "closed";
    }
    return "running";
}

std::optional<SessionStatus> parse_session_status(std::string_view text) {
    for (SessionStatus s : {SessionStatus::running, SessionStatus::interrupted, SessionStatus::completed,
                            SessionStatus::closed}) {
        if (to_string(s) == text) return s;
    }
    return std::nullopt;
}

Store::Store(const fs::path& path) : Store(path, schema_migrations()) {}


namespace {

// Opens, switches to write-ahead logging and migrates. Two processes creating one new file at
// the same moment can meet SQLite's lock on the journal-mode switch or the first read, where its
// busy handler does not wait (it would deadlock): such a start is tried again, a little later.
Database open_store(const fs::path& path, const DatabaseKey* key, std::span<const Migration> migrations,
                    std::optional<fs::path>& encrypted_backup) {
    constexpr int k_attempts = 50;
    for (int attempt = 1;; ++attempt) {
        try {
            Database db = open_checked(path, migrations, key, encrypted_backup);
            if (db.read_only()) {
                throw core::Error(
                    fmt::format("the records database {} is read-only (the file, its folder or the disk cannot be "
                                "written); it was left untouched",
                                core::display_path(path)),
                    "make the folder writable for this account, or pass another file with --db");
            }
            std::string mode = db.query_text("PRAGMA journal_mode = WAL");
            if (mode != "wal") {
                throw core::Error(
                    fmt::format("the records database {} cannot use write-ahead logging (journal mode is "
                                "'{}')",
                                core::display_path(path), mode),
                    "keep the database on a local disk, not a network folder");
            }
            // FULL: every commit is on the disk when COMMIT returns, so an acknowledged report
            // survives a power cut, not only a crash.
            db.exec("PRAGMA synchronous = FULL");
            db.exec("PRAGMA foreign_keys = ON");
            migrate(db, migrations);
            return db;
        } catch (const core::Error& e) {
            if (attempt >= k_attempts || std::string_view(e.what()).find("SQLITE_BUSY") == std::string_view::npos)
                throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(20 + 10 * (attempt % 5)));
        }
    }
}

} // namespace

namespace {
const DatabaseKey* required_key(const RecordsFile& records) {
    if (!records.key) throw core::Error("the records cannot be opened without their key (the centre secret)");
    return records.key.get();
}
} // namespace

// m_key and m_encrypted_backup are declared before m_db, so both exist when it is opened.
Store::Store(const RecordsFile& records)
    : m_key(records.key), m_db(open_store(records.path, required_key(records), schema_migrations(), m_encrypted_backup)) {}

Store::Store(const fs::path& path, std::span<const Migration> migrations)
    : m_db(open_store(path, nullptr, migrations, m_encrypted_backup)) {}

fs::path Store::default_path() {
    return core::user_data_dir() / "qingxing.db";
}

int Store::user_version() {
    return static_cast<int>(m_db.query_int("PRAGMA user_version"));
}

std::string Store::journal_mode() {
    return m_db.query_text("PRAGMA journal_mode");
}

// ----------------------------------------------------------------------------------- residents

ResidentRecord Store::add_resident(std::string_view code) {
    if (std::string problem = resident_code_problem(code); !problem.empty()) throw core::Error(problem);
    if (find_resident(code)) throw core::Error(fmt::format("resident {} already exists", code));
    ResidentRecord r;
    r.code = std::string(code);
    r.created_ms = core::wall_unix_ms();
    m_db.prepare("INSERT INTO residents (code, created_ms) VALUES (?, ?)")
        .bind(1, code)
        .bind(2, r.created_ms)
        .run();
    r.id = m_db.last_insert_rowid();
    return r;
}

ResidentRecord Store::ensure_resident(std::string_view code) {
    if (auto r = find_resident(code)) return *r;
    return add_resident(code);
}

std::optional<ResidentRecord> Store::find_resident(std::string_view code) {
    Statement s = m_db.prepare("SELECT id, code, created_ms FROM residents WHERE code = ?");
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    return ResidentRecord{s.column_int(0), s.column_text(1), s.column_int(2)};
}

std::vector<ResidentRecord> Store::residents() {
    Statement s = m_db.prepare("SELECT id, code, created_ms FROM residents ORDER BY code");
    std::vector<ResidentRecord> out;
    while (s.step())
        out.push_back({s.column_int(0), s.column_text(1), s.column_int(2)});
    return out;
}

// ---------------------------------------------------------------------------------- therapists

std::int64_t Store::add_therapist(std::string_view username, std::string_view password, TherapistRole role,
                                  PasswordCost cost) {
    QX_ENSURE(is_valid_username(username),
              "'{}' is not a valid login name: use 3 to 32 of a–z, 0–9, '.', '_' and '-'", username);
    return add_therapist_hashed(username, hash_password(password, cost), role);
}

std::int64_t Store::add_therapist_hashed(std::string_view username, const std::string& hash, TherapistRole role) {
    QX_ENSURE(is_valid_username(username),
              "'{}' is not a valid login name: use 3 to 32 of a–z, 0–9, '.', '_' and '-'", username);
    Statement exists = m_db.prepare("SELECT 1 FROM therapists WHERE username = ?");
    exists.bind(1, username);
    QX_ENSURE(!exists.step(), "a therapist account '{}' already exists", username);
    m_db.prepare("INSERT INTO therapists (username, password_hash, role, created_ms) VALUES (?, ?, ?, ?)")
        .bind(1, username)
        .bind(2, hash)
        .bind(3, role == TherapistRole::administrator ? "administrator" : "therapist")
        .bind(4, core::wall_unix_ms())
        .run();
    return m_db.last_insert_rowid();
}

std::optional<TherapistRecord> Store::verify_therapist(std::string_view username, std::string_view password) {
    Statement s = m_db.prepare(
        "SELECT id, username, password_hash, role, created_ms, disabled FROM therapists WHERE username = ?");
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    if (s.column_int(5) != 0 || !verify_password(s.column_text(2), password)) return std::nullopt;
    TherapistRecord t;
    t.id = s.column_int(0);
    t.username = s.column_text(1);
    t.role = s.column_text(3) == "administrator" ? TherapistRole::administrator : TherapistRole::therapist;
    t.created_ms = s.column_int(4);
    t.disabled = false;
    return t;
}

std::vector<TherapistRecord> Store::therapists() {
    Statement s = m_db.prepare(
        "SELECT id, username, role, created_ms, disabled, failed_sign_ins FROM therapists ORDER BY username");
    std::vector<TherapistRecord> out;
    while (s.step()) {
        TherapistRecord t;
        t.id = s.column_int(0);
        t.username = s.column_text(1);
        t.role = s.column_text(2) == "administrator" ? TherapistRole::administrator : TherapistRole::therapist;
        t.created_ms = s.column_int(3);
        t.disabled = s.column_int(4) != 0;
        t.failed_sign_ins = static_cast<int>(s.column_int(5));
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace qx::store
