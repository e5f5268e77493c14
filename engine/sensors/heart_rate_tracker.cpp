#include "sensors/heart_rate_tracker.h"

#include <algorithm>

namespace qx::sensors {
namespace {

// The physiological range of the beat filter, for rates reported without intervals.
constexpr std::uint16_t k_min_reported_bpm = 30;
constexpr std::uint16_t k_max_reported_bpm = 200;

} // namespace

HeartRateTracker::HeartRateTracker(const Options& options) : m_o(options), m_signal(options.stale_after_s) {}

void HeartRateTracker::set_connected(bool connected) {
    m_signal.connected(connected);
    if (!connected) {
        m_filter.reset(); // no pair spans the gap
        m_window.clear();
    }
}

void HeartRateTracker::feed(const HeartRateSample& sample) {
    const HeartRateMeasurement& m = sample.measurement;
    m_signal.received(sample.seconds, m);
    if (m.contact == Contact::lost) {
        m_filter.reset();
        m_window.clear();
        return;
    }
    if (m.rr_count > 0) m_seen_rr = true;
    // A sensor that never sent an interval: its reported rate stands for the beats of the second.
    if (!m_seen_rr && m.bpm >= k_min_reported_bpm && m.bpm <= k_max_reported_bpm) {
        m_window.push_back({sample.seconds, 60000.0 / double(m.bpm)});
        if (m_open) {
            m_rate_sum += double(m.bpm);
            ++m_rate_count;
        }
    }
    // A reading's intervals (a second's worth, from a strap) all count as of its time.
    for (std::size_t i = 0; i < m.rr_count; ++i) {
        const double rr = m.rr_ms(i);
        if (m_filter.push(rr) != BeatVerdict::accepted) continue;
        m_window.push_back({sample.seconds, rr});
        if (m_open) m_stats.add(rr, m_filter.last_follows());
    }
    while (!m_window.empty() && m_window.front().seconds <= sample.seconds - m_o.window_s) m_window.pop_front();
    if (m_open) {
        if (auto now = bpm_now(sample.seconds)) m_peak = std::max(m_peak.value_or(0.0), *now);
    }
}

std::optional<double> HeartRateTracker::bpm_now(double now) const {
    if (m_signal.state(now) != SignalState::ok) return std::nullopt;
    double sum = 0.0;
    std::size_t n = 0;
    for (const Beat& b : m_window) {
        if (b.seconds <= now - m_o.window_s) continue;
        sum += b.rr_ms;
        ++n;
    }
    if (n == 0) return std::nullopt;
    return 60000.0 / (sum / double(n));
}

std::optional<StretchSummary> HeartRateTracker::begin(double now, std::string label, bool baseline) {
    std::optional<StretchSummary> ended = end(now);
    m_open = true;
    m_open_is_baseline = baseline;
    m_stretch = StretchSummary{};
    m_stretch.label = std::move(label);
    m_stretch.from_s = now;
    m_stats = BeatStats{};
    m_rejected_at_begin = m_filter.rejected();
    m_peak.reset();
    m_rate_sum = 0.0;
    m_rate_count = 0;
    return ended;
}

void HeartRateTracker::summarize_into(StretchSummary& s) const {
    s.beats = m_stats.beats();
    s.rejected = m_filter.rejected() - m_rejected_at_begin;
    s.rates = m_rate_count;
    s.mean_bpm = m_stats.mean_bpm();
    if (!s.mean_bpm && m_rate_count > 0) s.mean_bpm = m_rate_sum / double(m_rate_count);
    s.peak_bpm = m_peak;
    s.rmssd_ms = m_stats.rmssd_ms(m_o.min_pairs_for_rmssd);
    if (m_baseline_bpm && s.mean_bpm) s.mean_rise_bpm = *s.mean_bpm - *m_baseline_bpm;
    if (m_baseline_bpm && s.peak_bpm) s.peak_rise_bpm = *s.peak_bpm - *m_baseline_bpm;
}

std::optional<StretchSummary> HeartRateTracker::end(double now) {
    if (!m_open) return std::nullopt;
    m_open = false;
    m_stretch.to_s = now;
    // A baseline's own rise is from the baseline before it (if any); then it is the reference.
    summarize_into(m_stretch);
    if (m_open_is_baseline && m_stretch.mean_bpm) m_baseline_bpm = m_stretch.mean_bpm;
    return m_stretch;
}

} // namespace qx::sensors
