#include "sensors/beats.h"

#include <algorithm>
#include <cmath>

namespace qx::sensors {

void BeatFilter::reset() {
    m_recent_count = m_recent_next = 0;
    m_run_count = 0;
    m_previous_accepted = m_follows = false;
}

double BeatFilter::reference() const {
    // The median of at most five: an insertion sort of a copy.
    std::array<double, 5> v{};
    for (std::size_t i = 0; i < m_recent_count; ++i) {
        std::size_t j = i;
        for (; j > 0 && v[j - 1] > m_recent[i]; --j) v[j] = v[j - 1];
        v[j] = m_recent[i];
    }
    return v[m_recent_count / 2];
}

void BeatFilter::remember(double rr_ms) {
    m_recent[m_recent_next] = rr_ms;
    m_recent_next = (m_recent_next + 1) % m_recent.size();
    m_recent_count = std::min(m_recent_count + 1, m_recent.size());
}

BeatVerdict BeatFilter::push(double rr_ms) {
    auto accept = [&](double rr) {
        remember(rr);
        m_follows = m_previous_accepted;
        m_previous_accepted = true;
        m_run_count = 0;
        ++m_accepted;
        return BeatVerdict::accepted;
    };
    auto reject = [&](BeatVerdict why) {
        m_previous_accepted = m_follows = false;
        ++m_rejected;
        return why;
    };
    if (!(rr_ms >= m_o.min_ms && rr_ms <= m_o.max_ms)) {
        m_run_count = 0;
        return reject(BeatVerdict::out_of_range);
    }
    if (m_recent_count == 0) return accept(rr_ms); // the first beat after a start or a gap
    const double ref = reference();
    if (std::abs(rr_ms - ref) <= m_o.max_change * ref) return accept(rr_ms);

    // A sudden change: an artefact, unless it lasts. Rejected intervals that agree with one
    // another (each within the share of the run's first) are a new rate.
    if (m_run_count > 0 && std::abs(rr_ms - m_run[0]) > m_o.max_change * m_run[0]) m_run_count = 0;
    m_run[m_run_count++] = rr_ms;
    if (m_run_count == m_run.size()) {
        m_recent_count = m_recent_next = 0;
        for (double r : m_run) remember(r);
        // This beat is accepted; the two before it stay rejected (they were judged already), so
        // it starts a new run of pairs.
        m_run_count = 0;
        m_follows = false;
        m_previous_accepted = true;
        ++m_accepted;
        return BeatVerdict::accepted;
    }
    return reject(BeatVerdict::sudden_change);
}

void BeatStats::add(double rr_ms, bool follows_previous) {
    if (follows_previous && m_beats > 0) {
        const double d = rr_ms - m_last;
        m_sum_sq_diff += d * d;
        ++m_pairs;
    }
    m_sum_rr += rr_ms;
    m_last = rr_ms;
    ++m_beats;
}

std::optional<double> BeatStats::mean_bpm() const {
    if (m_beats == 0 || m_sum_rr <= 0.0) return std::nullopt;
    return 60000.0 / (m_sum_rr / double(m_beats));
}

std::optional<double> BeatStats::rmssd_ms(std::uint64_t min_pairs) const {
    if (m_pairs == 0 || m_pairs < min_pairs) return std::nullopt;
    return std::sqrt(m_sum_sq_diff / double(m_pairs));
}

const char* to_string(SignalState s) {
    switch (s) {
    case SignalState::waiting: return "waiting";
    case SignalState::ok: return "ok";
    case SignalState::no_contact: return "no_contact";
    case SignalState::stale: return "stale";
    case SignalState::disconnected: return "disconnected";
    }
    return "waiting";
}

void SignalMonitor::received(double seconds, const HeartRateMeasurement& m) {
    m_last = seconds;
    m_contact = m.contact;
    m_connected = true;
}

SignalState SignalMonitor::state(double now) const {
    if (!m_connected) return SignalState::disconnected;
    if (!m_last) return SignalState::waiting;
    if (now - *m_last > m_stale_after) return SignalState::stale;
    if (m_contact == Contact::lost) return SignalState::no_contact;
    return SignalState::ok;
}

} // namespace qx::sensors
