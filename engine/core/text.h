// Reading small hand-written text files (recordings, scripts): lines with their numbers, blank
// lines and '#' comments skipped, cells trimmed, numbers read strictly.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace qx::core {

// Spaces, tabs and carriage returns off both ends.
std::string_view trim(std::string_view s);
// The trimmed cells of a line between `sep`s (one cell for a line without any).
std::vector<std::string_view> split(std::string_view line, char sep);
// The whole (trimmed) text as a finite number; false for anything else.
bool to_number(std::string_view s, double& out);

// The lines of `text` that hold something, trimmed, with their 1-based numbers in the text:
//   TextLines lines(text); std::string_view line; while (lines.next(line)) { ... lines.number() ... }
class TextLines {
public:
    explicit TextLines(std::string_view text) : m_text(text) {}
    bool next(std::string_view& line);
    std::size_t number() const { return m_number; }

private:
    std::string_view m_text;
    std::size_t m_from = 0;
    std::size_t m_number = 0;
};

} // namespace qx::core
