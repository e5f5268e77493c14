// Where the resident looks, as attentional-bias research measures it: per stretch of the session
// (the baseline, a step, the calm room...) the time the gaze rested on cue areas and on neutral
// ones, how long after the stretch began it first rested on a cue, how many times it came to a cue
// and how many times it left one for something that is not a cue. Pure logic on per-frame samples
// (which area the ray hit, if any), so a headset's eye tracker, the head's forward ray and a
// scripted gaze give the same figures for the same looks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qx::session {

// Where the gaze ray came from. The head's forward ray stands in for the eyes where the headset
// has no eye tracker (or it lost the eyes): coarser, and always recorded as such.
enum class GazeSource : std::uint8_t { none, eyes, head, scripted };
std::string_view to_string(GazeSource source);
std::optional<GazeSource> parse_gaze_source(std::string_view text);

// What a scene marks an area of interest as: a drug cue (the pipe, the foil, the offered hand) or
// a neutral object of similar size and place (the window, the friend's face).
enum class AreaKind : std::uint8_t { none, cue, neutral };
std::string_view to_string(AreaKind kind);

// An area of interest of the scene on show, with its name in both languages (for the log's text).
struct GazeArea {
    std::string id;
    AreaKind kind = AreaKind::neutral;
    std::string zh, en;
};

// One frame's gaze, on the session clock. Position and directions are in the seat's frame (metres;
// −Z ahead), so a record can be replayed against the scene. `area` is empty when the ray hit none.
struct GazeSample {
    double t = 0;
    GazeSource source = GazeSource::none;
    std::string area;
    AreaKind kind = AreaKind::none;
    std::array<float, 3> head_position{};
    std::array<float, 4> head_orientation{0, 0, 0, 1}; // x, y, z, w
    std::array<float, 3> gaze_origin{};
    std::array<float, 3> gaze_direction{0, 0, -1};
    int level = 0;         // the cue level on show
    float intensity = 0;   // and its intensity 0..1
};

// One stretch's figures.
struct GazeFigures {
    double from_s = 0, to_s = 0;
    double tracked_s = 0;                 // time with a gaze ray
    double cue_s = 0, neutral_s = 0;      // dwell on cue areas and on neutral ones
    std::optional<double> first_cue_s;    // from the stretch's start to the first look at a cue
    int cue_looks = 0;                    // looks that came to a cue
    int looks_away = 0;                   // looks that left a cue for something that is not one
    GazeSource source = GazeSource::none; // the ray's source for most of the tracked time
    std::vector<std::pair<std::string, double>> areas; // dwell per area, longest first
    // cue_s / (cue_s + neutral_s), when the gaze rested on either.
    std::optional<double> cue_share() const;
};

class GazeTracker {
public:
    // A look is the gaze resting on one area this long or longer: shorter visits are the ray
    // passing over it (a saccade, a head turning), and neither start nor end a look.
    static constexpr double k_min_look_s = 0.1;
    // A sample stands for the time until the next one, but no longer than this: frames missing for
    // longer (the headset off, the runtime gone) count as untracked, not as looking.
    static constexpr double k_max_hold_s = 0.25;

    // Every frame's sample, in time order (older ones are ignored).
    void feed(const GazeSample& sample);
    // A stretch from `now`; returns the figures of the stretch it ends, if one was open.
    std::optional<GazeFigures> begin(double now);
    std::optional<GazeFigures> end(double now);
    bool stretch_open() const { return m_open; }

    // What the latest sample's ray hit, for the panel (the figures count looks; this is now).
    const std::string& looking_at() const { return m_last.area; }
    AreaKind looking_at_kind() const { return m_last.kind; }
    GazeSource source() const { return m_last.source; }
    bool any_sample() const { return m_has_last; }

private:
    struct Visit {
        std::string area;
        AreaKind kind = AreaKind::none;
        double since = 0;
    };
    void advance(double until);
    void settle(const Visit& next);
    GazeFigures close(double now);

    bool m_open = false;
    bool m_has_last = false;
    GazeSample m_last;       // the latest sample: what the gaze does until the next
    Visit m_settled;         // the look in progress (empty area: none)
    Visit m_candidate;       // where the gaze is now, not yet a look
    double m_advanced_to = 0;
    GazeFigures m_figures;
    std::array<double, 4> m_by_source{};
    std::vector<std::pair<std::string, double>> m_areas;
};

} // namespace qx::session
