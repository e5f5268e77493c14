#include "core/text.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace qx::core {

std::string_view trim(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
    std::vector<std::string_view> cells;
    std::size_t from = 0;
    for (;;) {
        const std::size_t at = line.find(sep, from);
        cells.push_back(trim(line.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from)));
        if (at == std::string_view::npos) return cells;
        from = at + 1;
    }
}

bool to_number(std::string_view s, double& out) {
    s = trim(s);
    if (s.empty()) return false;
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && p == end && std::isfinite(out);
}

bool TextLines::next(std::string_view& line) {
    while (m_from <= m_text.size()) {
        std::size_t end = m_text.find('\n', m_from);
        if (end == std::string_view::npos) end = m_text.size();
        line = trim(m_text.substr(m_from, end - m_from));
        m_from = end + 1;
        ++m_number;
        if (!line.empty() && line.front() != '#') return true;
    }
    return false;
}

} // namespace qx::core
