// The records' schema, one migration per version. A released migration is never edited: a change
// is a new migration, so every existing database can be brought up to date.
#include "store/store.h"

#include "core/file.h"
#include "core/log.h"

#include <array>
#include <fmt/format.h>

namespace qx::store {
namespace {

constexpr std::string_view k_v1 = R"sql(
CREATE TABLE residents (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 6 AND 10),
    created_ms  INTEGER NOT NULL
);
CREATE TABLE therapists (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('therapist', 'administrator')),
    created_ms     INTEGER NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sessions (
    id                  INTEGER PRIMARY KEY,
    resident_id         INTEGER NOT NULL REFERENCES residents(id),
    therapist_id        INTEGER REFERENCES therapists(id),
    protocol            TEXT NOT NULL,
    protocol_json       TEXT NOT NULL,
    display             TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('running', 'interrupted', 'completed', 'closed')),
    start_step          INTEGER NOT NULL,
    current_step        INTEGER NOT NULL,
    safe_step           INTEGER NOT NULL DEFAULT -1,
    end_step            INTEGER,
    elapsed_s           REAL NOT NULL DEFAULT 0,
    last_t              REAL NOT NULL DEFAULT 0,
    started_ms          INTEGER NOT NULL,
    ended_ms            INTEGER,
    resumed_count       INTEGER NOT NULL DEFAULT 0,
    owner_pid           INTEGER,
    owner_boot          TEXT,
    owner_start         INTEGER,
    frames              INTEGER NOT NULL DEFAULT 0,
    frame_ms_mean       REAL,
    frame_ms_p99        REAL,
    frame_ms_max        REAL,
    frames_over_budget  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_resident ON sessions (resident_id, started_ms);
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions(id),
    seq         INTEGER NOT NULL,
    t           REAL NOT NULL,
    wall_ms     INTEGER NOT NULL,
    type        TEXT NOT NULL,
    payload     TEXT NOT NULL CHECK (json_valid(payload)),
    UNIQUE (session_id, seq)
);
CREATE TABLE notes (
    id            INTEGER PRIMARY KEY,
    resident_id   INTEGER NOT NULL REFERENCES residents(id),
    session_id    INTEGER REFERENCES sessions(id),
    therapist_id  INTEGER REFERENCES therapists(id),
    t             REAL,
    wall_ms       INTEGER NOT NULL,
    text          TEXT NOT NULL
);
CREATE TABLE ssq (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions(id),
    phase           TEXT NOT NULL CHECK (phase IN ('before', 'after')),
    items           TEXT NOT NULL CHECK (json_valid(items)),
    nausea          REAL NOT NULL,
    oculomotor      REAL NOT NULL,
    disorientation  REAL NOT NULL,
    total           REAL NOT NULL,
    wall_ms         INTEGER NOT NULL,
    UNIQUE (session_id, phase)
);
)sql";

// Sign-in throttling and the audit log. The audit log is append-only: triggers refuse any change.
constexpr std::string_view k_v2 = R"sql(
ALTER TABLE therapists ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE therapists ADD COLUMN retry_after_ms INTEGER NOT NULL DEFAULT 0;
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    wall_ms       INTEGER NOT NULL,
    therapist_id  INTEGER REFERENCES therapists(id),
    action        TEXT NOT NULL,
    resident_code TEXT,
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

constexpr std::array<Migration, 2> k_migrations = {{
    {1, "residents, therapists, sessions, events, notes, SSQ", k_v1},
    {2, "sign-in throttling, audit log", k_v2},
}};

} // namespace

std::span<const Migration> schema_migrations() {
    return k_migrations;
}

void migrate(Database& db, std::span<const Migration> migrations) {
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    int version = static_cast<int>(db.query_int("PRAGMA user_version"));
    if (version > latest) {
        throw core::Error(
            fmt::format("the records database {} has schema version {}, newer than this Qingxing "
                        "understands ({}); it was not changed",
                        core::display_path(db.path()), version, latest),
            "use the newer Qingxing that wrote it, or pass another file with --db");
    }
    for (const Migration& m : migrations) {
        if (m.version <= version) continue;
        Transaction tx(db);
        // Another process may have migrated between the read above and this write lock (two
        // sessions creating one new file at once): the version is read again under the lock.
        version = static_cast<int>(db.query_int("PRAGMA user_version"));
        if (m.version <= version) continue;
        db.exec(m.sql);
        db.exec(fmt::format("PRAGMA application_id = {}", Store::k_application_id));
        db.exec(fmt::format("PRAGMA user_version = {}", m.version));
        tx.commit();
        core::log_info("store", "{}: schema version {} ({})", core::display_path(db.path()), m.version,
                       m.description);
        version = m.version;
    }
}

} // namespace qx::store
