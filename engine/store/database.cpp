#include "store/database.h"

#include "core/file.h"
#include "core/log.h"
#include "store/records_key.h"

#include <fmt/format.h>
#include <sqlite3.h>
#include <algorithm>
#include <utility>

namespace qx::store {

std::string sqlite_result_name(int code) {
    switch (code & 0xff) {
    case SQLITE_OK:
        return "SQLITE_OK";
    case SQLITE_ERROR:
        return "SQLITE_ERROR";
    case SQLITE_BUSY:
        return "SQLITE_BUSY";
    case SQLITE_LOCKED:
        return "SQLITE_LOCKED";
    case SQLITE_NOMEM:
        return "SQLITE_NOMEM";
    case SQLITE_READONLY:
        return "SQLITE_READONLY";
    case SQLITE_IOERR:
        return "SQLITE_IOERR";
    case SQLITE_CORRUPT:
        return "SQLITE_CORRUPT";
    case SQLITE_FULL:
        return "SQLITE_FULL";
    case SQLITE_CANTOPEN:
        return "SQLITE_CANTOPEN";
    case SQLITE_CONSTRAINT:
        return "SQLITE_CONSTRAINT";
    case SQLITE_MISMATCH:
        return "SQLITE_MISMATCH";
    case SQLITE_NOTADB:
        return "SQLITE_NOTADB";
    case SQLITE_ROW:
        return "SQLITE_ROW";
    case SQLITE_DONE:
        return "SQLITE_DONE";
    default:
        return fmt::format("SQLite result {}", code);
    }
}

void sql_check(sqlite3* db, int result, const char* call, const char* file, int line) {
    if (result == SQLITE_OK || result == SQLITE_ROW || result == SQLITE_DONE) return;
    std::string detail = sqlite_result_name(result);
    if (db) detail += fmt::format(" ({})", sqlite3_errmsg(db));
    throw core::CallError(call, detail, file, line);
}

// ---------------------------------------------------------------------------------- statement

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    SQL_CHECK(m_db, sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr));
}

Statement::~Statement() {
    if (m_stmt) sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (m_stmt) sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    SQL_CHECK(m_db, sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    SQL_CHECK(m_db, sqlite3_bind_double(m_stmt, index, value));
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    SQL_CHECK(m_db, sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                                      SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bind_null(int index) {
    SQL_CHECK(m_db, sqlite3_bind_null(m_stmt, index));
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(m_stmt);
    SQL_CHECK(m_db, rc);
    return false;
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int Statement::column_count() const {
    return sqlite3_column_count(m_stmt);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}
std::int64_t Statement::column_int(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}
double Statement::column_double(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::column_text(int column) const {
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    int size = sqlite3_column_bytes(m_stmt, column);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size))
                : std::string();
}

std::optional<std::int64_t> Statement::column_optional_int(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_int(column);
}

std::optional<double> Statement::column_optional_double(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_double(column);
}

// ----------------------------------------------------------------------------------- database

Database::Database(const std::filesystem::path& path, Mode mode, const DatabaseKey* key) : m_path(path) {
    int flags = SQLITE_OPEN_NOMUTEX; // one connection per thread; the store thread owns its own
    switch (mode) {
    case Mode::read_only:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Mode::read_write:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::create:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    int rc = sqlite3_open_v2(path.string().c_str(), /* UTF-8, as SQLite reads it */ &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string reason = m_db ? sqlite3_errmsg(m_db) : sqlite_result_name(rc);
        if (m_db) sqlite3_close(m_db);
        m_db = nullptr;
        throw core::Error(
            fmt::format("cannot open the records database {}: {}", core::display_path(path), reason),
            "check that the folder exists and is writable, or pass another file with --db");
    }
    sqlite3_extended_result_codes(m_db, 1);
    if (key) {
        std::string statement = key->pragma_statement();
        int keyed = sqlite3_exec(m_db, statement.c_str(), nullptr, nullptr, nullptr);
        std::fill(statement.begin(), statement.end(), '\0');
        // A wrong key is our own error message; SQLCipher's page-level complaints would reach the
        // terminal before it. (Set after the key: before it, a read-only connection ignores it.)
        sqlite3_exec(m_db, "PRAGMA cipher_log_level = NONE", nullptr, nullptr, nullptr);
        if (keyed != SQLITE_OK) {
            sqlite3_close(m_db);
            m_db = nullptr;
            throw core::Error(fmt::format("cannot open the records database {}: this build of SQLite cannot "
                                          "decrypt it ({})",
                                          core::display_path(path), sqlite_result_name(keyed)));
        }
    }
    // Another connection (a report being written) may hold the lock briefly.
    sqlite3_busy_timeout(m_db, 5000);
}

Database::~Database() {
    if (m_db) sqlite3_close(m_db);
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (m_db) sqlite3_close(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

void Database::exec(std::string_view sql) {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = sqlite_result_name(rc) + " (" + (message ? message : "") + ")";
        sqlite3_free(message);
        throw core::CallError(fmt::format("sqlite3_exec({})", text.substr(0, 60)), detail, __FILE__,
                              __LINE__);
    }
}

std::string Database::query_text(std::string_view sql) {
    Statement s(m_db, sql);
    return s.step() ? s.column_text(0) : std::string();
}

std::int64_t Database::query_int(std::string_view sql) {
    Statement s(m_db, sql);
    return s.step() ? s.column_int(0) : 0;
}

bool Database::read_only() const {
    return sqlite3_db_readonly(m_db, "main") == 1;
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db);
}

// -------------------------------------------------------------------------------- transaction

Transaction::Transaction(Database& db) : m_db(db) {
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (m_done) return;
    // A COMMIT that failed on a full disk or an I/O error has already rolled back: nothing to undo.
    if (sqlite3_get_autocommit(m_db.handle()) != 0) return;
    try {
        m_db.exec("ROLLBACK");
    } catch (const std::exception& e) {
        core::log_error("store", "rollback failed: {}", e.what());
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace qx::store
