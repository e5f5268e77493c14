// Where a report's data comes from: a resident's records, or a simulated or replayed course.
#pragma once

#include "session/simulation.h"
#include "store/store.h"
#include "ui/report_writer.h"

#include <string>
#include <string_view>

namespace qx::app {

// What goes into a report beyond the sessions. A report leaves the records' protection (it is
// printed, mailed, carried): the therapists' free-text notes go in only when one chooses so.
struct ReportContents {
    bool notes = false;
    // Every frame's head pose and gaze (frames.csv: about 90 bytes a frame, 20 MB for a 40-minute
    // session at 90 Hz): for research, when asked.
    bool frames = false;
};

// Every session of `resident_code` in the records, oldest first. The course is the sessions that
// used the latest session's protocol (each read from the copy stored with its session). The page
// names the records by program and version, never by their path on this computer.
ui::ReportData report_data_from_store(store::Store& store, std::string_view resident_code,
                                      ReportContents contents = {});

// A course run by the simulator; `resident` names it on the page ("habituating (seed 1)").
ui::ReportData report_data_from_course(const session::Protocol& protocol, const session::CourseRun& course,
                                       std::string resident, std::string source);

} // namespace qx::app
