#include "store/resident_code.h"

#include <fmt/format.h>

namespace qx::store {
namespace {

bool upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool digit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

bool is_valid_resident_code(std::string_view code) {
    return resident_code_problem(code).empty();
}

std::string resident_code_problem(std::string_view code) {
    const std::string shown(code);
    std::size_t dash = code.find('-');
    const char* pattern =
        "a resident code is 1–3 capital letters, a hyphen and 4–6 digits, like R-0007; codes "
        "keep residents pseudonymous, so no names";
    if (code.empty()) return fmt::format("no resident code given: {}", pattern);
    if (dash == std::string_view::npos || dash < 1 || dash > 3)
        return fmt::format("'{}' is not valid: {}", shown, pattern);
    for (std::size_t i = 0; i < dash; ++i) {
        if (!upper(code[i])) return fmt::format("'{}' is not valid: {}", shown, pattern);
    }
    std::size_t digits = code.size() - dash - 1;
    if (digits < 4 || digits > 6) return fmt::format("'{}' is not valid: {}", shown, pattern);
    for (std::size_t i = dash + 1; i < code.size(); ++i) {
        if (!digit(code[i])) return fmt::format("'{}' is not valid: {}", shown, pattern);
    }
    return {};
}

bool is_valid_username(std::string_view name) {
    if (name.size() < 3 || name.size() > 32) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || digit(c) || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

} // namespace qx::store
