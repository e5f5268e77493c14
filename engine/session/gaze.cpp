#include "session/gaze.h"

#include <algorithm>

namespace qx::session {

namespace {

constexpr std::string_view k_source_names[] = {"none", "eyes", "head", "scripted"};
constexpr std::string_view k_kind_names[] = {"none", "cue", "neutral"};

} // namespace

std::string_view to_string(GazeSource source) { return k_source_names[static_cast<std::size_t>(source)]; }

std::optional<GazeSource> parse_gaze_source(std::string_view text) {
    for (std::size_t i = 0; i < std::size(k_source_names); ++i)
        if (text == k_source_names[i]) return static_cast<GazeSource>(i);
    return std::nullopt;
}

std::string_view to_string(AreaKind kind) { return k_kind_names[static_cast<std::size_t>(kind)]; }

std::optional<double> GazeFigures::cue_share() const {
    if (cue_s + neutral_s <= 0) return std::nullopt;
    return cue_s / (cue_s + neutral_s);
}

void GazeTracker::feed(const GazeSample& sample) {
    if (m_has_last && sample.t < m_last.t) return;
    advance(sample.t);
    m_last = sample;
    m_has_last = true;
}

// Accounts for the time from where the tracker stands to `until`: the latest sample holds for at
// most k_max_hold_s, the rest is untracked. Looks change only once a new area has held for
// k_min_look_s, and are dated from when the gaze came to it.
void GazeTracker::advance(double until) {
    if (until <= m_advanced_to) return;
    const double from = m_advanced_to;
    m_advanced_to = until;
    if (!m_has_last) return;
    const double held_to = std::clamp(m_last.t + k_max_hold_s, from, until);
    auto span = [&](double a, double b, const std::string& area, AreaKind kind, GazeSource source) {
        if (b <= a) return;
        if (m_open && source != GazeSource::none) {
            const double dt = b - a;
            m_figures.tracked_s += dt;
            m_by_source[static_cast<std::size_t>(source)] += dt;
            if (kind == AreaKind::cue) m_figures.cue_s += dt;
            if (kind == AreaKind::neutral) m_figures.neutral_s += dt;
            if (!area.empty()) {
                auto it = std::find_if(m_areas.begin(), m_areas.end(), [&](const auto& p) { return p.first == area; });
                if (it == m_areas.end()) m_areas.emplace_back(area, dt);
                else it->second += dt;
            }
        }
        if (area != m_candidate.area) m_candidate = {area, kind, a};
        if (m_candidate.area != m_settled.area && b - m_candidate.since >= k_min_look_s - 1e-9) settle(m_candidate);
    };
    const bool tracked = m_last.source != GazeSource::none;
    static const std::string k_nowhere;
    span(from, held_to, tracked ? m_last.area : k_nowhere, tracked ? m_last.kind : AreaKind::none, m_last.source);
    span(held_to, until, k_nowhere, AreaKind::none, GazeSource::none);
}

void GazeTracker::settle(const Visit& next) {
    if (m_open) {
        if (next.kind == AreaKind::cue) {
            ++m_figures.cue_looks;
            if (!m_figures.first_cue_s) m_figures.first_cue_s = std::max(0.0, next.since - m_figures.from_s);
        }
        if (m_settled.kind == AreaKind::cue && next.kind != AreaKind::cue) ++m_figures.looks_away;
    }
    m_settled = next;
}

std::optional<GazeFigures> GazeTracker::begin(double now) {
    std::optional<GazeFigures> ended;
    if (m_open) ended = close(now);
    else advance(now);
    m_open = true;
    m_figures = GazeFigures{};
    m_figures.from_s = now;
    m_by_source = {};
    m_areas.clear();
    // A look at a cue that goes on as the stretch begins is this stretch's first.
    if (m_settled.kind == AreaKind::cue) {
        m_figures.cue_looks = 1;
        m_figures.first_cue_s = 0.0;
    }
    return ended;
}

std::optional<GazeFigures> GazeTracker::end(double now) {
    if (!m_open) return std::nullopt;
    GazeFigures f = close(now);
    m_open = false;
    return f;
}

GazeFigures GazeTracker::close(double now) {
    advance(now);
    GazeFigures f = m_figures;
    f.to_s = std::max(now, f.from_s);
    const auto most = std::max_element(m_by_source.begin(), m_by_source.end());
    f.source = *most > 0 ? static_cast<GazeSource>(most - m_by_source.begin()) : GazeSource::none;
    f.areas = m_areas;
    std::stable_sort(f.areas.begin(), f.areas.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return f;
}

} // namespace qx::session
