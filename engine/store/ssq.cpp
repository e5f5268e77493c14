#include "store/ssq.h"

#include "core/error.h"

namespace qx::store {
namespace {

// Which subscales each symptom loads on (Kennedy et al., 1993, table 3), in questionnaire order:
// general discomfort, fatigue, headache, eyestrain, difficulty focusing, increased salivation,
// sweating, nausea, difficulty concentrating, fullness of head, blurred vision, dizzy (eyes
// open), dizzy (eyes closed), vertigo, stomach awareness, burping.
struct Loading {
    bool nausea, oculomotor, disorientation;
};
constexpr std::array<Loading, 16> k_loadings = {{
    {true, true, false},
    {false, true, false},
    {false, true, false},
    {false, true, false},
    {false, true, true},
    {true, false, false},
    {true, false, false},
    {true, false, true},
    {true, true, false},
    {false, false, true},
    {false, true, true},
    {false, false, true},
    {false, false, true},
    {false, false, true},
    {true, false, false},
    {true, false, false},
}};

} // namespace

std::string_view to_string(SsqPhase phase) {
    return phase == SsqPhase::before ? "before" : "after";
}

std::optional<SsqPhase> parse_ssq_phase(std::string_view text) {
    if (text == "before") return SsqPhase::before;
    if (text == "after") return SsqPhase::after;
    return std::nullopt;
}

SsqScores score_ssq(const SsqItems& items) {
    int n = 0, o = 0, d = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        QX_ENSURE(items[i] >= 0 && items[i] <= 3, "SSQ item {} is {}: each symptom is rated 0 to 3", i + 1,
                  items[i]);
        if (k_loadings[i].nausea) n += items[i];
        if (k_loadings[i].oculomotor) o += items[i];
        if (k_loadings[i].disorientation) d += items[i];
    }
    return {n * 9.54, o * 7.58, d * 13.92, (n + o + d) * 3.74};
}

} // namespace qx::store
