#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace qx::store {

// The Simulator Sickness Questionnaire (Kennedy et al., 1993): 16 symptoms, each rated 0 (none)
// to 3 (severe), taken before and after a session.
using SsqItems = std::array<int, 16>;

enum class SsqPhase { before, after };
std::string_view to_string(SsqPhase phase);
std::optional<SsqPhase> parse_ssq_phase(std::string_view text);

// The weighted subscale scores and total of the original paper.
struct SsqScores {
    double nausea = 0;
    double oculomotor = 0;
    double disorientation = 0;
    double total = 0;
};

// Throws core::Error when an item is outside 0..3.
SsqScores score_ssq(const SsqItems& items);

} // namespace qx::store
