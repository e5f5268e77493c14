// Replay scripts for `qingxing run --reports`, and the ordering the replay puts them in.
#include "fuzz_support.h"
#include "session/report_csv.h"
#include "session/respondent.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    qx::core::Diagnostics diag;
    auto reports = qx::session::parse_report_csv(qx::fuzz::as_text(data, size), "fuzz.csv", diag);
    if (reports.size() > qx::session::ReportCsvLimits::max_reports) __builtin_trap();
    qx::session::ScriptedReports replay(std::move(reports));
    while (replay.next_report(1e9)) {
    }
    return 0;
}
