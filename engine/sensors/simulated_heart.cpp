#include "sensors/simulated_heart.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace qx::sensors {

SimulatedHeart::SimulatedHeart(SimulatedHeartOptions options)
    : m_o(std::move(options)), m_rng(m_o.seed * 0x9E3779B97F4A7C15ull + 1), m_bpm(m_o.baseline_bpm),
      m_notify_s(m_o.notify_s) {}

void SimulatedHeart::set_arousal(double arousal) { m_arousal = std::clamp(arousal, 0.0, 1.0); }

std::string SimulatedHeart::describe() const {
    return fmt::format("simulated heart (seed {}, {:.0f} bpm at rest)", m_o.seed, m_o.baseline_bpm);
}

// splitmix64: small, fast, and the same on every platform (the standard distributions are not).
double SimulatedHeart::uniform() {
    std::uint64_t z = (m_rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return double(z >> 11) * 0x1.0p-53;
}

double SimulatedHeart::normal() {
    const double u1 = std::max(uniform(), 1e-12), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

bool SimulatedHeart::within(const std::vector<SimulatedHeartOptions::Spell>& spells, double t) {
    return std::any_of(spells.begin(), spells.end(), [t](const auto& s) { return t >= s.from_s && t < s.to_s; });
}

void SimulatedHeart::beat() {
    const double target = m_o.baseline_bpm + m_o.reactivity_bpm * m_arousal;
    const double rr_true = 60000.0 / m_bpm;
    // The rate moves toward its target with the response time, beat by beat.
    m_bpm += (target - m_bpm) * (1.0 - std::exp(-rr_true / 1000.0 / m_o.response_s));
    const double rsa = m_o.rsa_ms * (1.0 - 0.5 * m_arousal) *
                       std::sin(2.0 * std::numbers::pi * m_beat_s / m_o.breath_s);
    double rr = std::max(60000.0 / m_bpm + rsa + m_o.jitter_ms * normal(), 250.0);
    m_beat_s += rr / 1000.0;

    // What the strap reports of it.
    if (m_compensate) {
        rr *= 1.4;
        m_compensate = false;
    } else if (uniform() < m_o.ectopic_per_beat) {
        rr *= 0.6;
        m_compensate = true;
    }
    if (uniform() < m_o.missed_per_beat) {
        m_carry_ms += rr; // not seen: its time goes into the next interval
        return;
    }
    m_pending.push_back(rr + m_carry_ms);
    m_carry_ms = 0.0;
}

void SimulatedHeart::poll(double now, std::vector<HeartRateSample>& out) {
    while (m_notify_s <= now) {
        while (m_beat_s < m_notify_s) beat();
        const double t = m_notify_s;
        m_notify_s += m_o.notify_s;
        if (within(m_o.disconnected, t)) {
            m_state = SourceState::disconnected;
            m_pending.clear();
            m_carry_ms = 0.0;
            continue;
        }
        m_state = SourceState::connected;
        HeartRateSample s;
        s.seconds = t;
        if (within(m_o.no_contact, t)) {
            s.measurement.contact = Contact::lost;
            m_pending.clear(); // off the skin: no beats, and a rate that means nothing
            m_carry_ms = 0.0;
        } else {
            s.measurement.contact = Contact::detected;
            s.measurement.bpm = static_cast<std::uint16_t>(std::lround(m_bpm));
            for (double rr : m_pending) s.measurement.add_rr_ms(rr);
            m_pending.clear();
        }
        out.push_back(s);
    }
}

} // namespace qx::sensors
