#include "store/recorder.h"

#include "core/clock.h"
#include "core/file.h"
#include "core/log.h"

#include <algorithm>
#include <chrono>

namespace qx::store {
namespace {

// Enough to keep one commit short; what is left goes in the next.
constexpr std::size_t k_max_batch = 512;
// Retries of a failing write (disk full, the file locked by a backup tool) back off to this.
constexpr auto k_max_backoff = std::chrono::milliseconds(2000);
// How many failed attempts the destructor allows before giving up on what is left.
constexpr int k_shutdown_attempts = 5;

WriteFault classify(const std::string& what) {
    if (what.find("SQLITE_FULL") != std::string::npos || what.find("No space left") != std::string::npos)
        return WriteFault::disk_full;
    if (what.find("SQLITE_READONLY") != std::string::npos) return WriteFault::read_only;
    if (what.find("SQLITE_IOERR") != std::string::npos) return WriteFault::io_error;
    return WriteFault::other;
}

} // namespace

std::string_view to_string(WriteFault fault) {
    switch (fault) {
    case WriteFault::none: return "none";
    case WriteFault::disk_full: return "disk_full";
    case WriteFault::read_only: return "read_only";
    case WriteFault::io_error: return "io_error";
    case WriteFault::other: return "other";
    }
    return "other";
}

Recorder::Recorder(const RecordsFile& records) : m_path(records.path), m_store(records) {
    start();
}

Recorder::Recorder(const std::filesystem::path& db_path) : m_path(db_path), m_store(db_path) {
    start();
}

void Recorder::start() {
    m_recovered = m_store.recover_interrupted();
    for (const SessionRecord& r : m_recovered) {
        core::log_warn("store", "session {} of {} was interrupted at step {} ({:.0f} s in)", r.id,
                       r.resident_code, r.current_step + 1, r.elapsed_s);
    }
    m_thread = std::thread([this] { thread_main(); });
}

Recorder::~Recorder() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

// ------------------------------------------------------------------------ calls that wait

void Recorder::run_on_store(std::function<void(Store&)> job) {
    post(std::move(job)).get(); // rethrows what the job threw
}

std::future<void> Recorder::post(std::function<void(Store&)> job) {
    std::packaged_task<void(Store&)> task(std::move(job));
    std::future<void> done = task.get_future();
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(task));
    }
    m_wake.notify_all();
    return done;
}

std::int64_t Recorder::begin_session(const NewSession& session) {
    std::int64_t id = 0;
    run_on_store([&](Store& s) { id = s.begin_session(session); });
    return id;
}

SessionRecord Recorder::resume_session(std::int64_t id) {
    SessionRecord record;
    run_on_store([&](Store& s) {
        s.resume_session(id);
        record = *s.session(id);
    });
    return record;
}

void Recorder::close_session(std::int64_t id) {
    run_on_store([&](Store& s) { s.close_session(id); });
}

std::int64_t Recorder::next_event_seq(std::int64_t session_id) {
    std::int64_t seq = 1;
    run_on_store([&](Store& s) { seq = s.next_event_seq(session_id); });
    return seq;
}

// ---------------------------------------------------------------------- calls that queue

Ticket Recorder::enqueue(Item item) {
    Ticket ticket = 0;
    {
        std::lock_guard lock(m_mutex);
        ticket = m_next_ticket++;
        m_queue.push_back({ticket, std::move(item)});
    }
    m_wake.notify_one();
    return ticket;
}

Ticket Recorder::record(EventRecord event) {
    return enqueue(std::move(event));
}
Ticket Recorder::record_made(EventRecord event, std::function<std::string()> make) {
    return enqueue(MadeEvent{std::move(event), std::move(make)});
}
Ticket Recorder::update_progress(const SessionProgress& progress) {
    return enqueue(progress);
}
Ticket Recorder::finish_session(const SessionEnd& end) {
    return enqueue(end);
}

Ticket Recorder::last_ticket() const {
    std::lock_guard lock(m_mutex);
    return m_next_ticket - 1;
}

bool Recorder::flush() {
    std::unique_lock lock(m_mutex);
    Ticket target = m_next_ticket - 1;
    m_progress.wait(lock, [&] { return is_durable(target) || m_failure.has_value(); });
    return is_durable(target);
}

std::optional<std::string> Recorder::failure() const {
    std::lock_guard lock(m_mutex);
    return m_failure;
}

RecorderStats Recorder::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

// ------------------------------------------------------------------------ the store thread

// Records whose payload is made here become plain ones before the first attempt to write them, so
// a retry writes what was made.
void Recorder::make_payloads(std::vector<Queued>& batch) {
    core::Stopwatch watch;
    std::uint64_t made = 0;
    for (Queued& q : batch) {
        auto* m = std::get_if<MadeEvent>(&q.item);
        if (!m) continue;
        EventRecord e = std::move(m->event);
        try {
            e.payload = m->make();
        } catch (const std::exception& ex) {
            core::log_error("store", "a {} record's payload could not be made: {}", e.type, core::describe(ex));
            e.payload = "{}";
        }
        q.item = std::move(e);
        ++made;
    }
    if (made == 0) return;
    std::lock_guard lock(m_mutex);
    m_stats.made_payloads += made;
    m_stats.making_ms += watch.millis();
}

void Recorder::apply(const Item& item) {
    if (auto* e = std::get_if<EventRecord>(&item)) {
        m_store.add_event(*e);
    } else if (auto* p = std::get_if<SessionProgress>(&item)) {
        m_store.update_progress(*p);
    } else if (auto* end = std::get_if<SessionEnd>(&item)) {
        m_store.finish_session(*end);
    }
}

Recorder::Outcome Recorder::write_batch(std::vector<Queued>& batch) {
    core::Stopwatch watch;
    try {
        Transaction tx(m_store.database());
        for (const Queued& q : batch)
            apply(q.item);
        tx.commit(); // synchronous = FULL: on the disk when this returns
    } catch (const std::exception& e) {
        std::string what = core::describe(e);
        std::lock_guard lock(m_mutex);
        m_stats.failed_commits += 1;
        // A record the schema refuses will be refused again: retrying it would stop every record
        // behind it. Anything else (disk full, I/O error, a lock held too long) may pass later.
        bool refused = what.find("SQLITE_CONSTRAINT") != std::string::npos ||
                       what.find("SQLITE_MISMATCH") != std::string::npos ||
                       what.find("SQLITE_TOOBIG") != std::string::npos;
        if (refused) return Outcome::rejected;
        m_failure =
            fmt::format("cannot write to the records database {}: {}", core::display_path(m_path), what);
        m_fault.store(classify(what), std::memory_order_release);
        return Outcome::retry;
    }
    double ms = watch.millis();
    {
        std::lock_guard lock(m_mutex);
        m_failure.reset();
        m_fault.store(WriteFault::none, std::memory_order_release);
        m_stats.commits += 1;
        m_stats.records += batch.size();
        m_stats.last_commit_ms = ms;
        m_stats.max_commit_ms = std::max(m_stats.max_commit_ms, ms);
        m_stats.commit_ms += ms;
    }
    m_durable.store(batch.back().ticket, std::memory_order_release);
    return Outcome::written;
}

// After a refused batch: each record in its own transaction, so only the refused one is lost
// (and logged) while the rest are kept. Returns false, leaving the unwritten records in `batch`,
// when a write fails for a reason that may pass.
bool Recorder::write_one_by_one(std::vector<Queued>& batch) {
    std::size_t done = 0;
    for (; done < batch.size(); ++done) {
        std::vector<Queued> one;
        one.push_back(std::move(batch[done]));
        Outcome outcome = write_batch(one);
        if (outcome == Outcome::retry) {
            batch[done] = std::move(one.front());
            break;
        }
        if (outcome == Outcome::rejected) {
            core::log_error("store", "the records database refused record {} ({}); it was dropped",
                            one.front().ticket,
                            one.front().item.index() == 0 ? "an event" : "a session update");
            std::lock_guard lock(m_mutex);
            m_stats.rejected_records += 1;
            m_durable.store(one.front().ticket, std::memory_order_release); // nothing more will come of it
        }
    }
    batch.erase(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(done));
    return batch.empty();
}

void Recorder::thread_main() {
    auto backoff = std::chrono::milliseconds(50);
    int shutdown_failures = 0;
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty() || !m_jobs.empty(); });
        if (!m_jobs.empty() && (m_queue.empty() || m_failure)) {
            // Jobs run after everything queued before them, so a session row exists before the
            // events that name it and a resumed session sees its own records; while writes are
            // failing they run anyway, so a caller waiting on one gets the error, not a hang.
            auto job = std::move(m_jobs.front());
            m_jobs.pop_front();
            lock.unlock();
            job(m_store);
            lock.lock();
            continue;
        }
        if (m_queue.empty()) {
            if (m_stopping) break;
            continue;
        }
        std::vector<Queued> batch;
        std::size_t n = std::min(m_queue.size(), k_max_batch);
        batch.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            batch.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        lock.unlock();
        make_payloads(batch);
        Outcome outcome = write_batch(batch);
        if (outcome == Outcome::rejected)
            outcome = write_one_by_one(batch) ? Outcome::written : Outcome::retry;
        lock.lock();
        if (outcome == Outcome::written) {
            backoff = std::chrono::milliseconds(50);
            m_progress.notify_all();
            continue;
        }
        // Keep the records, in order, at the front of the queue and try again later.
        for (auto it = batch.rbegin(); it != batch.rend(); ++it)
            m_queue.push_front(std::move(*it));
        core::log_error("store", "{} ({} records waiting; retrying)", m_failure.value_or("write failed"),
                        m_queue.size());
        m_progress.notify_all();
        if (m_stopping && ++shutdown_failures >= k_shutdown_attempts) {
            core::log_error("store", "giving up: {} records could not be written to {}", m_queue.size(),
                            core::display_path(m_path));
            break;
        }
        m_wake.wait_for(lock, backoff, [&] { return !m_jobs.empty(); });
        backoff = std::min(backoff * 2, std::chrono::duration_cast<std::chrono::milliseconds>(k_max_backoff));
    }
    // Jobs that arrive while stopping must not wait for ever.
    while (!m_jobs.empty()) {
        auto job = std::move(m_jobs.front());
        m_jobs.pop_front();
        lock.unlock();
        job(m_store);
        lock.lock();
    }
}

} // namespace qx::store
