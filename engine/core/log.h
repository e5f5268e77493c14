#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qx::core {

enum class LogLevel : std::uint8_t { trace, debug, info, warn, error };

std::string_view to_string(LogLevel level);
std::optional<LogLevel> parse_log_level(std::string_view text);

struct LogRecord {
    std::uint64_t sequence = 0;    // 1, 2, 3... in the order records were logged
    double mono_seconds = 0;       // monotonic, since process start
    std::int64_t wall_unix_ms = 0; // wall clock, for display
    LogLevel level = LogLevel::info;
    std::string module;            // "gpu", "session"...
    std::string message;
};

// Where log records go. Sinks are called on the logger's writer thread unless added as
// synchronous, so a slow disk never stalls the caller.
class LogSink {
public:
    virtual ~LogSink() = default;
    virtual void write(const LogRecord& record) = 0;
    virtual void flush() {}
};

// "   12.345 W gpu: message" on stderr.
class StderrSink final : public LogSink {
public:
    void write(const LogRecord& record) override;
    void flush() override;
};

// Appends to `path`; when it would pass `max_bytes`, renames it to path.1 (path.1 to path.2...)
// and keeps at most `max_files` old files.
class RotatingFileSink final : public LogSink {
public:
    RotatingFileSink(std::filesystem::path path, std::uint64_t max_bytes, int max_files);
    ~RotatingFileSink() override;
    void write(const LogRecord& record) override;
    void flush() override;

private:
    void open();
    void rotate();

    std::filesystem::path m_path;
    std::uint64_t m_max_bytes;
    int m_max_files;
    std::FILE* m_file = nullptr;
    std::uint64_t m_size = 0;
};

// Keeps the last `capacity` records in memory for the control panel's log view.
class RingSink final : public LogSink {
public:
    explicit RingSink(std::size_t capacity);
    void write(const LogRecord& record) override;
    // Records with sequence > `after`, oldest first.
    std::vector<LogRecord> since(std::uint64_t after) const;
    std::size_t capacity() const { return m_capacity; }

private:
    mutable std::mutex m_mutex;
    std::deque<LogRecord> m_records;
    std::size_t m_capacity;
};

enum class SinkMode { async, sync };

// The process-wide logger. log() formats and enqueues; a writer thread feeds the async sinks.
// Thread-safe. If the writer falls more than `k_max_pending` records behind, new records are
// dropped and counted (the count is logged when the queue drains).
class Logger {
public:
    static constexpr std::size_t k_max_pending = 20000;

    static Logger& instance();

    void set_level(LogLevel level);
    LogLevel level() const { return m_level; }
    bool enabled(LogLevel level) const { return level >= m_level; }

    void add_sink(std::shared_ptr<LogSink> sink, SinkMode mode = SinkMode::async);
    void remove_sink(const std::shared_ptr<LogSink>& sink);

    void log(LogLevel level, std::string_view module, std::string message);
    // Blocks until every record logged so far has reached every sink, then flushes them.
    void flush();
    std::uint64_t dropped() const;

    ~Logger();

private:
    Logger();
    void writer_main();

    struct State;
    std::unique_ptr<State> m_state;
    LogLevel m_level = LogLevel::info;
};

template <typename... Args>
void log_at(LogLevel level, std::string_view module, fmt::format_string<Args...> format, Args&&... args) {
    Logger& logger = Logger::instance();
    if (!logger.enabled(level)) return;
    logger.log(level, module, fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args>
void log_trace(std::string_view module, fmt::format_string<Args...> format, Args&&... args) {
    log_at(LogLevel::trace, module, format, std::forward<Args>(args)...);
}
template <typename... Args>
void log_debug(std::string_view module, fmt::format_string<Args...> format, Args&&... args) {
    log_at(LogLevel::debug, module, format, std::forward<Args>(args)...);
}
template <typename... Args>
void log_info(std::string_view module, fmt::format_string<Args...> format, Args&&... args) {
    log_at(LogLevel::info, module, format, std::forward<Args>(args)...);
}
template <typename... Args>
void log_warn(std::string_view module, fmt::format_string<Args...> format, Args&&... args) {
    log_at(LogLevel::warn, module, format, std::forward<Args>(args)...);
}
template <typename... Args>
void log_error(std::string_view module, fmt::format_string<Args...> format, Args&&... args) {
    log_at(LogLevel::error, module, format, std::forward<Args>(args)...);
}

} // namespace qx::core
