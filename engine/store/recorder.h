#pragma once

#include "store/store.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace qx::store {

// Why writes are failing, in terms a person can act on (the raw database text goes to the log).
enum class WriteFault : std::uint8_t { none, disk_full, read_only, io_error, other };
std::string_view to_string(WriteFault fault);

// A place in the recorder's queue. Tickets grow by one per queued record; a ticket is durable once
// everything up to it has been committed to disk.
using Ticket = std::uint64_t;

struct RecorderStats {
    std::uint64_t commits = 0;
    std::uint64_t records = 0;
    double last_commit_ms = 0;
    double max_commit_ms = 0;
    double commit_ms = 0;                // all successful commits together
    std::uint64_t failed_commits = 0;
    std::uint64_t rejected_records = 0; // records the database refused outright (a bug, logged)
    std::uint64_t made_payloads = 0;     // payloads made on the store thread (record_made)
    double making_ms = 0;                // the time spent making them
};

// Writes records on its own store thread so the frame loop never waits for the disk. The frame
// loop queues a record, keeps the ticket and polls is_durable(ticket) on later frames; a craving
// report is shown to the resident as "recorded" only once its ticket is durable, so no
// acknowledged report can be lost to a crash or a power cut. A failed write is retried (with the
// records kept in memory, in order) and reported through failure().
class Recorder {
public:
    // Opens the store on the calling thread (a foreign or damaged file is an error here, at
    // start-up), marks sessions whose process has gone as interrupted, then starts the thread.
    explicit Recorder(const RecordsFile& records);
    // A plaintext file: for tests of the store only.
    explicit Recorder(const std::filesystem::path& db_path);
    // Writes whatever is still queued, then stops the thread.
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // Start-up and wind-down calls: they wait for the store thread. Never from the frame loop.
    std::int64_t begin_session(const NewSession& session);
    SessionRecord resume_session(std::int64_t id);
    void close_session(std::int64_t id);
    std::int64_t next_event_seq(std::int64_t session_id);
    // Runs `job` on the store thread with the store, after everything queued before it.
    void run_on_store(std::function<void(Store&)> job);
    // The same without waiting, for the frame loop (the control panel's look-ups): the future is
    // ready once the job has run, and rethrows what it threw.
    std::future<void> post(std::function<void(Store&)> job);
    // Sessions found interrupted when the store was opened.
    const std::vector<SessionRecord>& recovered() const { return m_recovered; }

    // Frame-loop calls: queue and return at once.
    Ticket record(EventRecord event);
    // The same, with the payload made on the store thread by `make` (called once, before the
    // record is written): the frame loop hands over its samples and does no encoding.
    Ticket record_made(EventRecord event, std::function<std::string()> make);
    Ticket update_progress(const SessionProgress& progress);
    Ticket finish_session(const SessionEnd& end);
    bool is_durable(Ticket ticket) const noexcept {
        return ticket <= m_durable.load(std::memory_order_acquire);
    }
    Ticket last_ticket() const;

    // Waits until everything queued so far is durable; false if writing is failing.
    bool flush();
    // The latest write failure while writes are failing; empty once a commit succeeds again.
    std::optional<std::string> failure() const;
    // The same, as a kind, without a lock: for the frame loop.
    WriteFault fault() const noexcept { return m_fault.load(std::memory_order_acquire); }
    RecorderStats stats() const;
    const std::filesystem::path& path() const { return m_path; }
    // The file and its key, for a second connection (a report's reader).
    RecordsFile records() const { return m_store.records(); }
    const std::optional<std::filesystem::path>& encrypted_backup() const { return m_store.encrypted_backup(); }

private:
    void start(); // recovers interrupted sessions, then starts the store thread
    struct MadeEvent {
        EventRecord event;
        std::function<std::string()> make;
    };
    using Item = std::variant<EventRecord, SessionProgress, SessionEnd, MadeEvent>;
    struct Queued {
        Ticket ticket;
        Item item;
    };

    enum class Outcome { written, retry, rejected };

    Ticket enqueue(Item item);
    void thread_main();
    void make_payloads(std::vector<Queued>& batch);
    Outcome write_batch(std::vector<Queued>& batch);
    bool write_one_by_one(std::vector<Queued>& batch);
    void apply(const Item& item);

    std::filesystem::path m_path;
    Store m_store; // used only on the store thread once it has started
    std::vector<SessionRecord> m_recovered;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_progress;
    std::deque<Queued> m_queue;
    std::deque<std::packaged_task<void(Store&)>> m_jobs;
    Ticket m_next_ticket = 1;
    bool m_stopping = false;
    std::optional<std::string> m_failure;
    RecorderStats m_stats;
    std::atomic<Ticket> m_durable{0};
    std::atomic<WriteFault> m_fault{WriteFault::none};
    std::thread m_thread;
};

} // namespace qx::store
