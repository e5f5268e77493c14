#include "stage/gaze_script.h"

#include "core/error.h"
#include "core/file.h"
#include "core/text.h"

#include <fmt/format.h>

namespace qx::stage {
namespace {

// Session seconds: a finite number, 0 or more.
bool to_seconds(std::string_view text, double& out) { return core::to_number(text, out) && out >= 0.0; }

} // namespace

const GazeScript::Line* GazeScript::at(double t) const {
    for (const Line& l : lines)
        if (t >= l.from_s && t < l.to_s) return &l;
    return nullptr;
}

GazeScript parse_gaze_script(std::string_view text, const std::string& source_name) {
    GazeScript script;
    core::TextLines lines(text);
    std::string_view line;
    while (lines.next(line)) {
        auto fail = [&](const std::string& what) {
            return core::Error(fmt::format("{}:{}: {}", source_name, lines.number(), what));
        };
        const std::vector<std::string_view> cells = core::split(line, ',');
        if (cells.size() != 3) throw fail("a line is from_s,to_s,target (an area's id, 'ahead' or 'none')");
        GazeScript::Line l;
        if (!to_seconds(cells[0], l.from_s) || !to_seconds(cells[1], l.to_s))
            throw fail("from_s and to_s are session seconds, 0 or more");
        if (l.to_s <= l.from_s) throw fail("to_s must come after from_s");
        if (!script.lines.empty() && l.from_s < script.lines.back().to_s)
            throw fail("the line overlaps the one before (lines go forward in time)");
        l.target = std::string(cells[2]);
        if (l.target.empty()) throw fail("no target: an area's id, 'ahead' or 'none'");
        script.lines.push_back(std::move(l));
    }
    if (script.lines.empty()) throw core::Error(fmt::format("{}: no gaze lines", source_name));
    return script;
}

GazeScript load_gaze_script(const std::filesystem::path& file) {
    return parse_gaze_script(core::read_text_file(file), core::display_path(file));
}

} // namespace qx::stage
