#pragma once

#include "core/json.h"
#include "session/craving_report.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace qx::session {

// What one replay script may hold. A two-hour session with a report every second is 7,200 lines
// of ~12 bytes; anything far beyond is not a session and is refused before it is simulated.
struct ReportCsvLimits {
    static constexpr std::size_t max_bytes = 4 * 1024 * 1024;
    static constexpr std::size_t max_line_bytes = 256;
    static constexpr std::size_t max_reports = 20'000;
    static constexpr std::size_t max_problems = 20; // then one line says how many more
};

// Reads a replay script: one report per line, "seconds,rating[,source]" — seconds since the session
// started, a rating 0–10, and headset (the default), therapist or late. A UTF-8 byte-order mark,
// a header line, blank lines and lines starting with '#' are skipped. Each bad line is one
// problem, "file:line: what"; a script with no report, or beyond the limits, is a problem too.
// One pass, memory bounded per line.
std::vector<CravingReport> parse_report_csv(std::string_view text, const std::string& file_name,
                                            core::Diagnostics& diag);

// The same from a file, refusing one over ReportCsvLimits::max_bytes before reading it.
std::vector<CravingReport> load_report_csv(const std::filesystem::path& path, core::Diagnostics& diag);

} // namespace qx::session
