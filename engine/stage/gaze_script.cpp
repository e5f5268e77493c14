#include "stage/gaze_script.h"

#include "core/error.h"
#include "core/file.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace qx::stage {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool to_seconds(std::string_view text, double& out) {
    text = trim(text);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size() && std::isfinite(out) && out >= 0.0;
}

} // namespace

const GazeScript::Line* GazeScript::at(double t) const {
    for (const Line& l : lines)
        if (t >= l.from_s && t < l.to_s) return &l;
    return nullptr;
}

GazeScript parse_gaze_script(std::string_view text, const std::string& source_name) {
    GazeScript script;
    std::size_t from = 0, line_no = 0;
    while (from <= text.size()) {
        std::size_t end = text.find('\n', from);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = trim(text.substr(from, end - from));
        from = end + 1;
        ++line_no;
        if (line.empty() || line.front() == '#') continue;
        auto fail = [&](const std::string& what) {
            return core::Error(fmt::format("{}:{}: {}", source_name, line_no, what));
        };
        const std::size_t a = line.find(','), b = a == std::string_view::npos ? a : line.find(',', a + 1);
        if (b == std::string_view::npos || line.find(',', b + 1) != std::string_view::npos)
            throw fail("a line is from_s,to_s,target (an area's id, 'ahead' or 'none')");
        GazeScript::Line l;
        if (!to_seconds(line.substr(0, a), l.from_s) || !to_seconds(line.substr(a + 1, b - a - 1), l.to_s))
            throw fail("from_s and to_s are session seconds, 0 or more");
        if (l.to_s <= l.from_s) throw fail("to_s must come after from_s");
        if (!script.lines.empty() && l.from_s < script.lines.back().to_s)
            throw fail("the line overlaps the one before (lines go forward in time)");
        l.target = std::string(trim(line.substr(b + 1)));
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
