// The controller's gaze: each frame's sample into the session's gaze tracker, and per part of the
// session (the stretches heart rate uses too) the attentional-bias figures as a `gaze` event.
// Gaze informs the therapist and the report; it never changes what the session does.
#include "session/controller.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace qx::session {
namespace {

// How many areas a stretch's text names, longest looked at first.
constexpr std::size_t k_areas_named = 3;
// A frame's time may run this far ahead of the controller's (the frame's sample is taken before
// the session's update in some callers).
constexpr double k_future_tolerance_s = 1.0;

double tenths(double v) { return std::round(v * 10.0) / 10.0; }

} // namespace

void Controller::gaze(const GazeSample& sample) {
    if (m_state == State::ready || m_state == State::closed) return;
    if (!std::isfinite(sample.t) || sample.t > m_now + k_future_tolerance_s) return;
    m_gaze.feed(sample);
}

void Controller::gaze_areas(std::span<const GazeArea> areas) {
    for (const GazeArea& a : areas) {
        auto known = std::find_if(m_gaze_areas.begin(), m_gaze_areas.end(), [&](const GazeArea& g) { return g.id == a.id; });
        if (known == m_gaze_areas.end()) m_gaze_areas.push_back(a);
        else *known = a;
    }
}

const GazeArea* Controller::gaze_area(std::string_view id) const {
    auto it = std::find_if(m_gaze_areas.begin(), m_gaze_areas.end(), [&](const GazeArea& g) { return g.id == id; });
    return it == m_gaze_areas.end() ? nullptr : &*it;
}

void Controller::log_gaze_stretch(const GazeFigures& f, const std::string& part, int step) {
    Event e = make(EventKind::gaze, "session.gaze.stretch", "gaze");
    e.step = step;
    e.str("stretch", part).str("part_key", fmt::format("session.hr.part.{}", part));
    e.str("gaze_source", std::string(to_string(f.source)))
        .str("source_key", fmt::format("session.gaze.source.{}", to_string(f.source)));
    e.num("from", f.from_s).num("seconds", f.to_s - f.from_s).num("tracked_s", tenths(f.tracked_s));
    e.num("cue_s", tenths(f.cue_s)).num("neutral_s", tenths(f.neutral_s));
    e.num("cue_looks", f.cue_looks).num("looks_away", f.looks_away);
    if (auto share = f.cue_share()) {
        e.num("cue_pct", std::round(*share * 100.0));
        e.str("share_key", "session.gaze.share");
    } else {
        e.str("share_key", "session.gaze.share.none");
    }
    if (f.first_cue_s) {
        e.num("first_cue_s", tenths(*f.first_cue_s));
        e.str("first_key", "session.gaze.first");
    } else {
        e.str("first_key", "session.gaze.first.none");
    }
    // The areas looked at longest, by id (for the report) and by name in both languages.
    std::string ids, zh, en;
    for (std::size_t i = 0; i < f.areas.size(); ++i) {
        const auto& [id, seconds] = f.areas[i];
        ids += fmt::format("{}{}={:.1f}", i ? ";" : "", id, seconds);
        if (i >= k_areas_named) continue;
        const GazeArea* known = gaze_area(id);
        const std::string& name_zh = known && !known->zh.empty() ? known->zh : id;
        const std::string& name_en = known && !known->en.empty() ? known->en : id;
        zh += fmt::format("{}{} {:.1f} 秒", i ? "、" : "；看得最多：", name_zh, seconds);
        en += fmt::format("{}{} {:.1f} s", i ? ", " : "; most: ", name_en, seconds);
    }
    e.str("areas", ids).str("areas_zh", zh).str("areas_en", en);
    push(std::move(e));
}

} // namespace qx::session
