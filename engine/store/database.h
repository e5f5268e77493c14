#pragma once

#include "core/error.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace qx::store {

class DatabaseKey;

// "SQLITE_BUSY", "SQLITE_CORRUPT"...: the name of a result code, for messages.
std::string sqlite_result_name(int code);

// Throws core::CallError with the call, SQLite's own message and file:line when the result is not
// one of the given successes (SQLITE_OK, SQLITE_ROW, SQLITE_DONE).
void sql_check(sqlite3* db, int result, const char* call, const char* file, int line);

#define SQL_CHECK(db, expr) ::qx::store::sql_check((db), (expr), #expr, __FILE__, __LINE__)

// One prepared statement, reset and re-bound for each use. Move-only.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds by 1-based index; returns *this so binds chain.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Steps once: true while a row is available.
    bool step();
    // Runs a statement that returns no rows, then resets it for the next use.
    void run();
    void reset();

    int column_count() const;
    bool is_null(int column) const;
    std::int64_t column_int(int column) const;
    double column_double(int column) const;
    std::string column_text(int column) const;
    std::optional<std::int64_t> column_optional_int(int column) const;
    std::optional<double> column_optional_double(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

// An open SQLite (SQLCipher) connection. Move-only; closes on destruction.
class Database {
public:
    enum class Mode { read_only, read_write, create };

    // Throws core::Error naming the file when it cannot be opened. With a key the file is read and
    // written encrypted; SQLCipher checks the key at the first read, not here.
    Database(const std::filesystem::path& path, Mode mode, const DatabaseKey* key = nullptr);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more statements that return nothing.
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(m_db, sql); }
    // The first column of the first row of `sql`, as text (empty when there is no row).
    std::string query_text(std::string_view sql);
    std::int64_t query_int(std::string_view sql);

    std::int64_t last_insert_rowid() const;
    // True when SQLite could open the file for reading only (a read-only file, folder or disk).
    bool read_only() const;
    sqlite3* handle() const { return m_db; }
    const std::filesystem::path& path() const { return m_path; }

private:
    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back on destruction unless committed.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace qx::store
