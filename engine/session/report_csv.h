#pragma once

#include "core/json.h"
#include "session/craving_report.h"

#include <string>
#include <string_view>
#include <vector>

namespace qx::session {

// Reads a replay script: one report per line, "seconds,rating[,source]" — seconds since the session
// started, a rating 0–10, and headset (the default), therapist or late. A header line, blank lines
// and lines starting with '#' are skipped. Each bad line is one problem, "file:line: what".
std::vector<CravingReport> parse_report_csv(std::string_view text, const std::string& file_name,
                                            core::Diagnostics& diag);

} // namespace qx::session
