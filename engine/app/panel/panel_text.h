// Small text checks the panel's page models share (what a therapist typed, before it goes to the
// store). Internal to app/panel's models.
#pragma once

#include <cctype>
#include <cstddef>
#include <string>

namespace qx::app::panel_text {

inline std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    std::size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

inline std::string lower(std::string s) {
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Characters, not bytes: a Chinese reason of two characters is six bytes.
inline std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

} // namespace qx::app::panel_text
