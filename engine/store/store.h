// store — the records: residents (pseudonymous codes), therapist accounts, sessions, their events,
// notes and SSQ scores, in one SQLite file written by a store thread; knows nothing of the
// clinical logic, graphics or audio.
#pragma once

#include "store/database.h"
#include "store/password.h"
#include "store/records_key.h"
#include "store/ssq.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qx::store {

enum class SessionStatus { running, interrupted, completed, closed };
std::string_view to_string(SessionStatus status);
std::optional<SessionStatus> parse_session_status(std::string_view text);

enum class TherapistRole { therapist, administrator };

struct ResidentRecord {
    std::int64_t id = 0;
    std::string code;
    std::int64_t created_ms = 0;
};

struct TherapistRecord {
    std::int64_t id = 0;
    std::string username;
    TherapistRole role = TherapistRole::therapist;
    std::int64_t created_ms = 0;
    bool disabled = false;
    int failed_sign_ins = 0; // wrong passwords since the last good sign-in
    bool locked() const;     // too many: an administrator unlocks it
};

// Sign-in throttling. After k_free_failures wrong passwords in a row each further try must wait
// (k_first_wait_ms, doubling each time); after k_lock_after the account is locked until an
// administrator unlocks it. Unknown names cost the same time as known ones.
struct SignInPolicy {
    static constexpr int k_free_failures = 3;
    static constexpr std::int64_t k_first_wait_ms = 30'000;
    static constexpr int k_lock_after = 6;
};

struct SignInResult {
    enum class Outcome { ok, wrong, wait, locked, disabled };
    Outcome outcome = Outcome::wrong;
    std::optional<TherapistRecord> therapist; // when ok
    std::int64_t wait_ms = 0;                 // when wait: how long before the next try
};

// One line of the audit log: who did what to whose records, when. Append-only.
struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t wall_ms = 0;
    std::optional<std::int64_t> therapist_id;
    std::string therapist; // the login name, when known
    std::string action;    // sign_in, sign_in_failed, sign_in_locked, session_start, records_viewed, ...
    std::string resident_code;
    std::string detail;
};

// How the frames of a session went: CPU time per frame on the engine's side.
struct FrameTimingSummary {
    std::int64_t frames = 0;
    std::optional<double> mean_ms;
    std::optional<double> p99_ms;
    std::optional<double> max_ms;
    std::int64_t over_budget = 0; // frames longer than the display's frame budget
};

struct NewSession {
    std::string resident_code;
    std::optional<std::int64_t> therapist_id;
    std::string protocol;      // the protocol's id
    std::string protocol_json; // the exact file used, so a report reads it as it was
    std::string display;       // "headless", "desktop", "openxr"
    int start_step = 0;
};

struct SessionRecord {
    std::int64_t id = 0;
    std::int64_t resident_id = 0;
    std::string resident_code;
    std::optional<std::int64_t> therapist_id;
    std::string protocol;
    std::string protocol_json;
    std::string display;
    SessionStatus status = SessionStatus::running;
    int start_step = 0;
    int current_step = 0;
    int safe_step = -1;
    std::optional<int> end_step;
    double elapsed_s = 0; // active session time at the last progress update
    double last_t = 0;    // session seconds of the last progress update
    std::int64_t started_ms = 0;
    std::optional<std::int64_t> ended_ms;
    int resumed_count = 0;
    FrameTimingSummary frames;
};

// One event of a session: a type and a JSON payload. The store does not interpret either.
struct EventRecord {
    std::int64_t session_id = 0;
    std::int64_t seq = 0; // 1, 2, 3... within the session
    double t = 0;         // session seconds
    std::int64_t wall_ms = 0;
    std::string type;
    std::string payload; // JSON text
};

struct SessionProgress {
    std::int64_t session_id = 0;
    int current_step = 0;
    int safe_step = -1;
    double elapsed_s = 0;
    double last_t = 0;
};

struct SessionEnd {
    std::int64_t session_id = 0;
    SessionStatus status = SessionStatus::completed;
    std::optional<int> end_step;
    int safe_step = -1;
    double elapsed_s = 0;
    double last_t = 0;
    FrameTimingSummary frames;
};

struct NoteRecord {
    std::int64_t id = 0;
    std::string resident_code;
    std::optional<std::int64_t> session_id;
    std::optional<std::int64_t> therapist_id;
    std::optional<double> t;
    std::int64_t wall_ms = 0;
    std::string text;
};

struct SsqRecord {
    std::int64_t session_id = 0;
    SsqPhase phase = SsqPhase::before;
    SsqItems items{};
    SsqScores scores;
    std::int64_t wall_ms = 0;
};

// One schema step: applied in a transaction that also sets PRAGMA user_version = version.
struct Migration {
    int version = 0;
    std::string_view description;
    std::string_view sql;
};

// The migrations that build the current schema, oldest first.
std::span<const Migration> schema_migrations();

// Where the records are and the key that opens them.
struct RecordsFile {
    std::filesystem::path path;
    std::shared_ptr<const DatabaseKey> key;
};

// What is at a records path, judged from its first bytes (nothing is opened or changed).
enum class RecordsFileKind {
    absent,          // no file, or an empty one
    plaintext_ours,  // a plaintext SQLite file with our application id, or a blank one: earlier records
    plaintext_other, // a plaintext SQLite file of another program
    not_plaintext,   // anything else: encrypted records, or not a database at all
};
RecordsFileKind inspect_records_file(const std::filesystem::path& path);

// Encrypts the plaintext records of an earlier version at `path` with `key`: an encrypted copy is
// made and checked table by table, then takes the file's place; the original is kept beside it as
// "<name>.unencrypted-backup-<stamp>" (mode 0600) and its path returned. Refuses, changing nothing,
// while another program has the file open. Throws core::Error naming the file.
std::filesystem::path encrypt_plaintext_database(const std::filesystem::path& path, const DatabaseKey& key);
// Unencrypted backups left beside `database` by that step, for a reminder to delete them.
std::vector<std::filesystem::path> unencrypted_backups(const std::filesystem::path& database);

// The records database. Opening checks the file before anything is written: a file that is not
// a Qingxing database (not SQLite, another program's SQLite, damaged, or from a newer version)
// gets a core::Error naming it and is never changed. Not thread-safe: one thread uses a Store
// (the Recorder's store thread; a report's reader has its own).
class Store {
public:
    static constexpr std::uint32_t k_application_id = 0x51584E47; // "QXNG"

    // Opens the encrypted records, creating them when absent, and brings the schema up to date.
    // Plaintext records of an earlier version are encrypted first (see encrypted_backup()).
    explicit Store(const RecordsFile& records);
    // Opens a plaintext `path`: for the store's own tests only; the program always has a key.
    explicit Store(const std::filesystem::path& path);
    // For tests of the migration mechanism: the schema built by `migrations` instead.
    Store(const std::filesystem::path& path, std::span<const Migration> migrations);

    // core::user_data_dir() / "qingxing.db".
    static std::filesystem::path default_path();

    const std::filesystem::path& path() const { return m_db.path(); }
    RecordsFile records() const { return {m_db.path(), m_key}; }
    // Where the unencrypted original was kept, when opening encrypted plaintext records.
    const std::optional<std::filesystem::path>& encrypted_backup() const { return m_encrypted_backup; }
    Database& database() { return m_db; }
    int user_version();
    std::string journal_mode();

    // Residents. add_resident and ensure_resident throw core::Error for a code that is not valid.
    ResidentRecord add_resident(std::string_view code);
    ResidentRecord ensure_resident(std::string_view code);
    std::optional<ResidentRecord> find_resident(std::string_view code);
    std::vector<ResidentRecord> residents();

    // Therapist accounts; passwords are kept only as Argon2id hashes.
    std::int64_t add_therapist(std::string_view username, std::string_view password, TherapistRole role,
                               PasswordCost cost = PasswordCost::interactive);
    // The same with a hash made elsewhere (hash_password, off the store thread).
    std::int64_t add_therapist_hashed(std::string_view username, const std::string& password_hash, TherapistRole role);
    // The account when the password matches and it is not disabled.
    std::optional<TherapistRecord> verify_therapist(std::string_view username, std::string_view password);
    // Every account, by login name (no hashes).
    std::vector<TherapistRecord> therapists();
    // A sign-in under SignInPolicy at wall time `now_ms`, written to the audit log. Verifies a
    // password even for an unknown name or a locked account, so timing tells nothing.
    SignInResult sign_in(std::string_view username, std::string_view password, std::int64_t now_ms);
    // The same in two halves around the password check, so that the check (as slow as a hash)
    // runs off the store thread: the hash to check against (a decoy for an unknown name), then the
    // outcome once `checked_hash` was checked. A hash changed in between counts as a wrong password.
    std::string sign_in_hash(std::string_view username);
    SignInResult finish_sign_in(std::string_view username, const std::string& checked_hash, bool password_matches,
                                std::int64_t now_ms);
    // Administrators' changes to an account (each in the audit log, by `by`).
    void set_therapist_disabled(std::int64_t id, bool disabled, std::int64_t by);
    void unlock_therapist(std::int64_t id, std::int64_t by);
    // `password_hash` made off the store thread (hash_password): hashing never holds the records.
    void reset_password(std::int64_t id, const std::string& password_hash, std::int64_t by);

    // The audit log: append an entry, read the newest `limit`, newest first.
    void audit(std::optional<std::int64_t> therapist_id, std::string_view action, std::string_view resident_code = {},
               std::string_view detail = {});
    std::vector<AuditEntry> audit_log(int limit = 200);

    // Sessions. begin_session marks the session as owned by this process.
    std::int64_t begin_session(const NewSession& session);
    void update_progress(const SessionProgress& progress);
    void finish_session(const SessionEnd& end);
    std::optional<SessionRecord> session(std::int64_t id);
    std::vector<SessionRecord> sessions_of(std::string_view resident_code);
    // Marks every running session whose process has gone (killed, power cut) as interrupted and
    // returns those. Every program that records sessions calls it once it has opened the store.
    std::vector<SessionRecord> recover_interrupted();
    std::vector<SessionRecord> interrupted_sessions(std::string_view resident_code);
    // An interrupted session continues in this process (running again).
    void resume_session(std::int64_t id);
    // An interrupted session is closed without being resumed.
    void close_session(std::int64_t id);

    void add_event(const EventRecord& event);
    std::vector<EventRecord> events(std::int64_t session_id);
    // The seq after the last recorded one (1 for a new session).
    std::int64_t next_event_seq(std::int64_t session_id);
    // The session seconds of its last recorded event (0 for a session with none).
    double last_event_t(std::int64_t session_id);

    std::int64_t add_note(const NoteRecord& note);
    std::vector<NoteRecord> notes_of(std::string_view resident_code);
    void record_ssq(std::int64_t session_id, SsqPhase phase, const SsqItems& items);
    std::vector<SsqRecord> ssq_of(std::int64_t session_id);

private:
    SessionRecord read_session(Statement& s);

    std::shared_ptr<const DatabaseKey> m_key;
    std::optional<std::filesystem::path> m_encrypted_backup;
    Database m_db;
    std::optional<Statement> m_insert_event;
};

// Applies the migrations above the database's user_version, each in its own transaction, and
// stamps the application id. Throws core::Error naming the file when the database is newer.
void migrate(Database& db, std::span<const Migration> migrations);

} // namespace qx::store
