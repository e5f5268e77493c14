#pragma once

#include "core/cue_level.h"
#include "session/controller.h"
#include "session/random.h"
#include "sensors/simulated_heart.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace qx::session {

// The parameters of a simulated resident. Craving (0–10) is a latent value that follows a goal:
// the day's tonic craving plus the cue-induced part, reactivity[level] × intensity × remaining
// strength × (1 − within-session habituation), plus occasional surges. Reports are that value
// plus noise, rounded to a whole number, after a latency, or missing.
struct ResidentParams {
    std::string name;
    double tonic = 2.0;        // baseline craving
    double tonic_spread = 0.5; // day-to-day variation of the tonic (uniform ±)
    std::array<double, core::k_cue_level_count> reactivity = {0.3, 4.0, 5.5, 7.0,
                                        8.5}; // craving added at full intensity, per cue level
    double habituation_tau_s = 150; // within-session habituation time constant under full exposure (0 = none)
    double generalisation = 0.5;    // habituating at a level habituates lower levels by this fraction
    double extinction = 0.45;       // between sessions: reactivity lost per fully habituated session
    double spontaneous_recovery = 0.08; // between sessions: share of lost reactivity that returns
    double rise_tau_s = 20;             // craving follows a stronger cue with this lag...
    double fall_tau_s = 60;             // ...and settles with this one
    double report_noise = 0.5;          // standard deviation of the report around the latent craving
    double missing_probability = 0.03;
    double latency_min_s = 2;
    double latency_max_s = 6;
    double surges_per_min = 0; // sudden craving surges (volatile residents)
    double surge_points = 0;
    double surge_tau_s = 40;
    // The chest strap's heart (sensors::SimulatedHeart): a resting rate, a rise with craving, and an
    // orienting response to the cue in front of the resident whatever they feel.
    bool heart_rate_sensor = true;
    double heart_rate_rest = 72;
    double heart_rate_per_point = 3; // settled rise in bpm per point of craving above the day's tonic
    double heart_rate_cue_bpm = 4;   // settled rise at the strongest cue at full intensity
    // At or above 0: every report is this, whatever the craving (a resident who rates to look well).
    double claimed_rating = -1;
};

// The built-in profiles: habituating, slow, non-responder, volatile, high-tonic (a high craving
// that neither reacts to cues nor drops), look-well (always rates low whatever they feel).
std::span<const std::string_view> resident_profile_names();
// The names joined for help and messages: "habituating, slow, ...".
std::string resident_profile_list();
// Throws core::Error naming the profiles when `name` is not one of them.
ResidentParams resident_profile(std::string_view name);

// One simulated resident across a course. Deterministic for a given seed.
class ResidentModel {
public:
    ResidentModel(ResidentParams params, std::uint64_t seed);

    // A new day: draws the day's tonic; within-session habituation starts from nothing.
    void begin_session();
    // Moves the latent craving `dt` seconds on while the resident sees `target`.
    void advance(double dt, const Target& target);
    // Between sessions: extinction of what habituated today, then some spontaneous recovery.
    void end_session();

    double craving() const { return m_craving; }
    // A report: latent craving plus noise, rounded to a whole rating 0–10.
    double draw_report();
    bool draw_missing() { return m_random.chance(m_params.missing_probability); }
    double draw_latency() { return m_random.uniform(m_params.latency_min_s, m_params.latency_max_s); }
    // How aroused the resident is now, 0–1 (the latent craving and the cue in front of them), and
    // the simulated heart for today's session, which follows it: its own seed per session, so the
    // reports' random draws are the same with or without a sensor.
    double arousal() const;
    sensors::SimulatedHeartOptions heart_options() const;

    const ResidentParams& params() const { return m_params; }
    int sessions_done() const { return m_sessions_done; }
    // Remaining reactivity (1 = as at the start of the course) at a cue level.
    double strength(int level) const { return m_strength[static_cast<std::size_t>(level)]; }

private:
    ResidentParams m_params;
    std::uint64_t m_seed;
    Random m_random;
    std::array<double, core::k_cue_level_count> m_strength{1, 1, 1, 1, 1};
    std::array<double, core::k_cue_level_count> m_habituation{};
    double m_tonic_today = 0;
    double m_craving = 0;
    double m_surge = 0;
    double m_cue_pull = 0; // cue level / strongest × intensity, while cues are shown
    int m_sessions_done = 0;
};

} // namespace qx::session
