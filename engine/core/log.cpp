#include "core/log.h"

#include "core/clock.h"
#include "core/platform.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <thread>

namespace qx::core {
namespace {

char level_letter(LogLevel level) {
    static constexpr char k_letters[] = {'T', 'D', 'I', 'W', 'E'};
    return k_letters[static_cast<int>(level)];
}

} // namespace

std::string_view to_string(LogLevel level) {
    static constexpr std::string_view k_names[] = {"trace", "debug", "info", "warn", "error"};
    return k_names[static_cast<int>(level)];
}

std::optional<LogLevel> parse_log_level(std::string_view text) {
    for (LogLevel l : {LogLevel::trace, LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
        if (text == to_string(l)) return l;
    }
    if (text == "warning") return LogLevel::warn;
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------- sinks

void StderrSink::write(const LogRecord& r) {
    std::string line = fmt::format("{:9.3f} {} {}: {}\n", r.mono_seconds, level_letter(r.level), r.module, r.message);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

void StderrSink::flush() { std::fflush(stderr); }

RotatingFileSink::RotatingFileSink(std::filesystem::path path, std::uint64_t max_bytes, int max_files)
    : m_path(std::move(path)), m_max_bytes(std::max<std::uint64_t>(max_bytes, 1024)),
      m_max_files(std::max(max_files, 1)) {
    std::error_code ec;
    if (m_path.has_parent_path()) std::filesystem::create_directories(m_path.parent_path(), ec);
    open();
}

RotatingFileSink::~RotatingFileSink() {
    if (m_file) std::fclose(m_file);
}

void RotatingFileSink::open() {
    m_file = open_file(m_path, "ab");
    std::error_code ec;
    auto size = std::filesystem::file_size(m_path, ec);
    m_size = ec ? 0 : size;
}

void RotatingFileSink::rotate() {
    if (m_file) std::fclose(m_file);
    m_file = nullptr;
    std::error_code ec;
    auto numbered = [&](int i) {
        std::filesystem::path p = m_path;
        return p += "." + std::to_string(i);
    };
    std::filesystem::remove(numbered(m_max_files), ec);
    for (int i = m_max_files - 1; i >= 1; --i) std::filesystem::rename(numbered(i), numbered(i + 1), ec);
    std::filesystem::rename(m_path, numbered(1), ec);
    open();
}

void RotatingFileSink::write(const LogRecord& r) {
    std::string line = fmt::format("{} {:5} {}: {}\n", format_iso8601(r.wall_unix_ms), to_string(r.level), r.module,
                                   r.message);
    if (m_size > 0 && m_size + line.size() > m_max_bytes) rotate();
    if (!m_file) return; // the directory is unwritable: nothing sensible to do but carry on
    m_size += std::fwrite(line.data(), 1, line.size(), m_file);
}

void RotatingFileSink::flush() {
    if (m_file) std::fflush(m_file);
}

RingSink::RingSink(std::size_t capacity) : m_capacity(std::max<std::size_t>(capacity, 1)) {}

void RingSink::write(const LogRecord& record) {
    std::lock_guard lock(m_mutex);
    if (m_records.size() == m_capacity) m_records.pop_front();
    m_records.push_back(record);
}

std::vector<LogRecord> RingSink::since(std::uint64_t after) const {
    std::lock_guard lock(m_mutex);
    std::vector<LogRecord> out;
    for (const LogRecord& r : m_records) {
        if (r.sequence > after) out.push_back(r);
    }
    return out;
}

// --------------------------------------------------------------------------------------- logger

struct Logger::State {
    std::mutex mutex;
    std::condition_variable wake;       // the writer waits on this for records
    std::condition_variable drained;    // flush() waits on this
    std::deque<LogRecord> pending;
    std::vector<std::shared_ptr<LogSink>> async_sinks;
    std::vector<std::shared_ptr<LogSink>> sync_sinks;
    std::uint64_t next_sequence = 1;
    std::uint64_t written_sequence = 0; // last sequence every async sink has seen
    std::uint64_t dropped = 0;
    std::uint64_t dropped_reported = 0;
    bool stopping = false;
    std::thread writer;
};

Logger& Logger::instance() {
    static Logger logger;
    return logger;
}

Logger::Logger() : m_state(std::make_unique<State>()) {
    m_state->writer = std::thread([this] { writer_main(); });
}

Logger::~Logger() {
    flush();
    {
        std::lock_guard lock(m_state->mutex);
        m_state->stopping = true;
    }
    m_state->wake.notify_all();
    m_state->writer.join();
}

void Logger::set_level(LogLevel level) { m_level = level; }

void Logger::add_sink(std::shared_ptr<LogSink> sink, SinkMode mode) {
    std::lock_guard lock(m_state->mutex);
    (mode == SinkMode::async ? m_state->async_sinks : m_state->sync_sinks).push_back(std::move(sink));
}

void Logger::remove_sink(const std::shared_ptr<LogSink>& sink) {
    flush();
    std::lock_guard lock(m_state->mutex);
    std::erase(m_state->async_sinks, sink);
    std::erase(m_state->sync_sinks, sink);
}

void Logger::log(LogLevel level, std::string_view module, std::string message) {
    if (!enabled(level)) return;
    LogRecord record;
    record.mono_seconds = mono_seconds();
    record.wall_unix_ms = wall_unix_ms();
    record.level = level;
    record.module = std::string(module);
    record.message = std::move(message);

    std::unique_lock lock(m_state->mutex);
    if (m_state->pending.size() >= k_max_pending) {
        ++m_state->dropped;
        return;
    }
    record.sequence = m_state->next_sequence++;
    for (auto& sink : m_state->sync_sinks) sink->write(record);
    m_state->pending.push_back(std::move(record));
    lock.unlock();
    m_state->wake.notify_one();
}

void Logger::flush() {
    std::unique_lock lock(m_state->mutex);
    std::uint64_t target = m_state->next_sequence - 1;
    m_state->wake.notify_one();
    m_state->drained.wait(lock, [&] { return m_state->written_sequence >= target; });
    auto sinks = m_state->async_sinks;
    sinks.insert(sinks.end(), m_state->sync_sinks.begin(), m_state->sync_sinks.end());
    lock.unlock();
    for (auto& sink : sinks) sink->flush();
}

std::uint64_t Logger::dropped() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->dropped;
}

void Logger::writer_main() {
    std::unique_lock lock(m_state->mutex);
    for (;;) {
        m_state->wake.wait(lock, [&] { return m_state->stopping || !m_state->pending.empty(); });
        if (m_state->pending.empty() && m_state->stopping) return;
        std::deque<LogRecord> batch;
        batch.swap(m_state->pending);
        auto sinks = m_state->async_sinks;
        std::uint64_t newly_dropped = m_state->dropped - m_state->dropped_reported;
        m_state->dropped_reported = m_state->dropped;
        lock.unlock();

        for (const LogRecord& record : batch) {
            for (auto& sink : sinks) sink->write(record);
        }
        if (newly_dropped > 0) {
            LogRecord note{0, mono_seconds(), wall_unix_ms(), LogLevel::warn, "core",
                           fmt::format("{} log records were dropped: the log writer fell behind", newly_dropped)};
            for (auto& sink : sinks) sink->write(note);
        }
        for (auto& sink : sinks) sink->flush();

        lock.lock();
        m_state->written_sequence = batch.back().sequence;
        m_state->drained.notify_all();
    }
}

} // namespace qx::core
