// A scripted gaze for tests and demonstrations: which area of interest the resident looks at when,
// read from a small CSV file. Plain text parsing only (fuzzed on its own).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace qx::stage {

// A scripted gaze: from a time to a time (session seconds), look at an area of interest (by id,
// wherever it is in the scene shown), straight ahead, or nowhere (no gaze: the eyes closed, the
// tracker lost). Read from CSV lines `from_s,to_s,target` with `target` an area's id, `ahead` or
// `none`; '#' starts a comment. Times outside every line fall back to the display's gaze.
struct GazeScript {
    struct Line {
        double from_s = 0, to_s = 0;
        std::string target;
    };
    std::vector<Line> lines;
    const Line* at(double t) const;
};
// Throws core::Error naming the file and line of the first problem.
GazeScript parse_gaze_script(std::string_view text, const std::string& source_name);
GazeScript load_gaze_script(const std::filesystem::path& file);

} // namespace qx::stage
