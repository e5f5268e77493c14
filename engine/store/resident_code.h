#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qx::store {

// Residents are known by pseudonymous codes only: one to three capital letters, a hyphen and four
// to six digits ("R-0007", "GZ-001234"). Nothing that could be a name fits the pattern.
bool is_valid_resident_code(std::string_view code);
// Why a code is not valid, in a sentence; empty when it is.
std::string resident_code_problem(std::string_view code);

// Therapist login names: 3–32 characters of a–z, 0–9, '.', '_' or '-'.
bool is_valid_username(std::string_view name);

} // namespace qx::store
