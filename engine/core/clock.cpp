#include "core/clock.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fmt/format.h>

namespace qx::core {
namespace {

const std::chrono::steady_clock::time_point k_process_start = std::chrono::steady_clock::now();

std::tm to_tm(std::int64_t unix_ms, bool utc) {
    std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
#ifdef _WIN32
    if (utc) gmtime_s(&tm, &secs);
    else localtime_s(&tm, &secs);
#else
    if (utc) gmtime_r(&secs, &tm);
    else localtime_r(&secs, &tm);
#endif
    return tm;
}

// Seconds from 1970-01-01 to the calendar time `tm` read as if it were UTC (days from the civil
// date, after H. Hinnant), so a local time's offset from UTC is this minus the real instant.
std::int64_t as_if_utc(const std::tm& tm) {
    std::int64_t y = tm.tm_year + 1900 - (tm.tm_mon < 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (tm.tm_mon + 10) % 12; // March is 0
    const std::int64_t doy = (153 * mp + 2) / 5 + tm.tm_mday - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

} // namespace

double mono_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - k_process_start).count();
}

std::int64_t mono_nanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - k_process_start)
        .count();
}

std::int64_t wall_unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string format_iso8601(std::int64_t unix_ms, bool utc) {
    std::tm tm = to_tm(unix_ms, utc);
    int ms = static_cast<int>(((unix_ms % 1000) + 1000) % 1000);
    std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", tm.tm_year + 1900, tm.tm_mon + 1,
                                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    if (utc) return out + "Z";
    const std::int64_t secs = unix_ms / 1000; // the instant to_tm read
    long off_min = static_cast<long>((as_if_utc(tm) - secs) / 60);
    char sign = off_min < 0 ? '-' : '+';
    off_min = off_min < 0 ? -off_min : off_min;
    return out + fmt::format("{}{:02}:{:02}", sign, off_min / 60, off_min % 60);
}

std::string clock_text(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    return fmt::format("{:02}:{:02}", s / 60, s % 60);
}

std::string format_file_stamp(std::int64_t unix_ms) {
    std::tm tm = to_tm(unix_ms, false);
    return fmt::format("{:04}{:02}{:02}-{:02}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec);
}

} // namespace qx::core
