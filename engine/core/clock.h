#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace qx::core {

// Monotonic time since the process started. Frame and session timing use this; it never jumps.
double mono_seconds();
std::int64_t mono_nanos();

// Wall-clock time as Unix milliseconds. Only for records and file names: it can jump.
std::int64_t wall_unix_ms();

// "2026-11-22T11:06:00.123+08:00" in local time (or "...Z" in UTC).
std::string format_iso8601(std::int64_t unix_ms, bool utc = false);

// "20261122-110600", local time: sortable and safe in a file name.
std::string format_file_stamp(std::int64_t unix_ms);

// A span of seconds as a clock reads it, "mm:ss" (negative as 00:00), for session times.
std::string clock_text(double seconds);

// Measures an interval on the monotonic clock.
class Stopwatch {
public:
    Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
    void restart() { m_start = std::chrono::steady_clock::now(); }
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count(); }
    double millis() const { return seconds() * 1e3; }

private:
    std::chrono::steady_clock::time_point m_start;
};

} // namespace qx::core
