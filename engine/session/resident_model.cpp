#include "session/resident_model.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace qx::session {
namespace {

constexpr std::array<std::string_view, 6> k_profiles = {"habituating", "slow",       "non-responder",
                                                        "volatile",    "high-tonic", "look-well"};

ResidentParams habituating() {
    ResidentParams p;
    p.name = "habituating";
    return p; // the defaults describe a resident who habituates within sessions and extinguishes across them
}

ResidentParams slow() {
    ResidentParams p;
    p.name = "slow";
    p.tonic = 2.5;
    p.reactivity = {0.5, 4.0, 5.5, 6.5, 7.5};
    p.habituation_tau_s = 330;
    p.extinction = 0.3;
    p.spontaneous_recovery = 0.1;
    p.report_noise = 0.6;
    p.missing_probability = 0.05;
    p.latency_max_s = 8;
    return p;
}

ResidentParams non_responder() {
    ResidentParams p;
    p.name = "non-responder";
    p.tonic = 3.0;
    p.reactivity = {0.5, 4.5, 6.0, 7.0, 8.0};
    p.habituation_tau_s = 0; // no habituation...
    p.extinction = 0;        // ...and nothing to extinguish
    p.spontaneous_recovery = 0;
    p.report_noise = 0.5;
    p.missing_probability = 0.05;
    return p;
}

ResidentParams volatile_resident() {
    ResidentParams p;
    p.name = "volatile";
    p.tonic = 2.5;
    p.tonic_spread = 1.0;
    p.reactivity = {0.5, 4.0, 5.5, 6.5, 7.5};
    p.habituation_tau_s = 200;
    p.extinction = 0.3;
    p.spontaneous_recovery = 0.15;
    p.rise_tau_s = 10;
    p.report_noise = 1.3;
    p.missing_probability = 0.15;
    p.latency_min_s = 2;
    p.latency_max_s = 12;
    p.surges_per_min = 0.5;
    p.surge_points = 3.5;
    p.surge_tau_s = 40;
    p.heart_rate_per_point = 6;
    p.heart_rate_cue_bpm = 8;
    return p;
}

// Craving that sits high all day and hardly moves with the cues: "back to baseline" at every
// step, yet never a drop. What the ready level in the protocol is there for.
ResidentParams high_tonic() {
    ResidentParams p;
    p.name = "high-tonic";
    p.tonic = 6.6;
    p.tonic_spread = 0.3;
    p.reactivity = {0.1, 0.3, 0.4, 0.5, 0.6};
    p.habituation_tau_s = 0;
    p.extinction = 0;
    p.spontaneous_recovery = 0;
    p.report_noise = 0.35;
    p.heart_rate_per_point = 2;
    return p;
}

// Reacts to the cues like anyone (and habituates slowly), but answers "1" every time: in
// compulsory rehabilitation a resident may rate to look well. Only the flatness gives it away.
ResidentParams look_well() {
    ResidentParams p = slow();
    p.name = "look-well";
    p.claimed_rating = 1;
    p.missing_probability = 0.02;
    return p;
}

double clamp_rating(double v) {
    return std::clamp(v, 0.0, 10.0);
}

} // namespace

std::span<const std::string_view> resident_profile_names() {
    return k_profiles;
}

std::string resident_profile_list() {
    return fmt::format("{}", fmt::join(k_profiles, ", "));
}

ResidentParams resident_profile(std::string_view name) {
    if (name == "habituating") return habituating();
    if (name == "slow") return slow();
    if (name == "non-responder") return non_responder();
    if (name == "volatile") return volatile_resident();
    if (name == "high-tonic") return high_tonic();
    if (name == "look-well") return look_well();
    throw core::Error(fmt::format("'{}' is not a resident model; the models are: {}", name, resident_profile_list()));
}

ResidentModel::ResidentModel(ResidentParams params, std::uint64_t seed)
    : m_params(std::move(params)), m_seed(seed), m_random(seed, 0x5EED) {
    m_tonic_today = m_params.tonic;
    m_craving = m_params.tonic;
}

void ResidentModel::begin_session() {
    m_tonic_today =
        clamp_rating(m_params.tonic + m_random.uniform(-m_params.tonic_spread, m_params.tonic_spread));
    m_craving = m_tonic_today;
    m_surge = 0;
    m_habituation.fill(0);
}

void ResidentModel::advance(double dt, const Target& target) {
    if (dt <= 0) return;
    double drive = 0;
    if (!target.frozen) m_cue_pull = 0;
    if (!target.calm_room && !target.frozen) {
        int level = std::clamp(target.cue_level, 0, core::k_max_cue_level);
        auto l = static_cast<std::size_t>(level);
        double intensity = std::clamp(target.intensity, 0.0, 1.0);
        m_cue_pull = intensity * double(level) / double(core::k_max_cue_level);
        drive = m_params.reactivity[l] * m_strength[l] * (1.0 - m_habituation[l]) * intensity;
        if (m_params.habituation_tau_s > 0) {
            double gain = 1.0 - std::exp(-dt * intensity / m_params.habituation_tau_s);
            m_habituation[l] += (1.0 - m_habituation[l]) * gain;
            for (std::size_t lower = 0; lower < l; ++lower) {
                m_habituation[lower] += (1.0 - m_habituation[lower]) * gain * m_params.generalisation;
            }
        }
    } else if (target.frozen) {
        // Paused: the scene holds still and so, roughly, does craving.
        return;
    }
    if (m_params.surges_per_min > 0 && m_random.chance(m_params.surges_per_min * dt / 60.0)) {
        m_surge += m_params.surge_points * (target.calm_room ? 0.4 : 1.0);
    }
    m_surge *= std::exp(-dt / m_params.surge_tau_s);
    double goal = clamp_rating(m_tonic_today + drive + m_surge);
    double tau = goal > m_craving ? m_params.rise_tau_s : m_params.fall_tau_s;
    m_craving += (goal - m_craving) * (1.0 - std::exp(-dt / tau));
}

void ResidentModel::end_session() {
    for (std::size_t l = 0; l < m_strength.size(); ++l) {
        m_strength[l] *= 1.0 - m_params.extinction * m_habituation[l];
        m_strength[l] += m_params.spontaneous_recovery * (1.0 - m_strength[l]);
    }
    m_sessions_done += 1;
}

double ResidentModel::draw_report() {
    if (m_params.claimed_rating >= 0) return clamp_rating(m_params.claimed_rating);
    return clamp_rating(std::round(m_craving + m_params.report_noise * m_random.normal()));
}

double ResidentModel::arousal() const {
    // The craving a cue adds moves the heart; the day's steady craving hardly does.
    constexpr double k_tonic_bpm_per_point = 1.0;
    const double full = m_params.heart_rate_per_point * 10.0 + m_params.heart_rate_cue_bpm;
    if (full <= 0) return 0;
    const double bpm = m_params.heart_rate_per_point * std::max(0.0, m_craving - m_tonic_today) +
                       k_tonic_bpm_per_point * m_tonic_today + m_params.heart_rate_cue_bpm * m_cue_pull;
    return std::clamp(bpm / full, 0.0, 1.0);
}

sensors::SimulatedHeartOptions ResidentModel::heart_options() const {
    sensors::SimulatedHeartOptions o;
    // One heart a session, seeded apart from the model's generator.
    o.seed = (m_seed ^ 0x48454152545F5345ull) + 0x9E3779B97F4A7C15ull * std::uint64_t(m_sessions_done + 1);
    o.baseline_bpm = m_params.heart_rate_rest;
    o.reactivity_bpm = m_params.heart_rate_per_point * 10.0 + m_params.heart_rate_cue_bpm;
    return o;
}

} // namespace qx::session
