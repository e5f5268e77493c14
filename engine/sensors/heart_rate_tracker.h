// What a session makes of a heart-rate source's readings: whether there is a signal, the rate now
// (over the last few seconds of clean beats), a resting baseline, and for each stretch of the
// session (a protocol step) the mean and peak rate, their rise over the baseline, and RMSSD. Pure
// logic on readings, so a simulated cohort, a replayed recording and a strap give the same figures.
// A sensor that sends no RR intervals (some watches) is tracked by the rates it reports: the same
// figures, without RMSSD.
#pragma once

#include "sensors/beats.h"
#include "sensors/heart_rate_source.h"

#include <deque>
#include <optional>
#include <string>

namespace qx::sensors {

struct StretchSummary {
    std::string label;
    double from_s = 0.0, to_s = 0.0;
    std::uint64_t beats = 0, rejected = 0; // intervals accepted and rejected as artefacts
    std::uint64_t rates = 0;               // reported rates used, from a sensor without intervals
    std::optional<double> mean_bpm, peak_bpm, rmssd_ms;
    // Over the baseline, where there is one.
    std::optional<double> mean_rise_bpm, peak_rise_bpm;
};

class HeartRateTracker {
public:
    struct Options {
        double window_s = 5.0;      // the rate now is over the clean beats of this long
        double stale_after_s = 5.0; // no reading for this long: the signal is stale
        std::uint64_t min_pairs_for_rmssd = 10;
    };
    HeartRateTracker() : HeartRateTracker(Options{}) {}
    explicit HeartRateTracker(const Options& options);

    // Every reading, in time order. A reading without skin contact breaks the beat sequence.
    void feed(const HeartRateSample& sample);
    void set_connected(bool connected);

    // The rate over the last window's clean beats; nullopt without any (or without a signal).
    std::optional<double> bpm_now(double now) const;
    SignalState signal(double now) const { return m_signal.state(now); }

    // A stretch from now on; `baseline` makes it the resting baseline that later stretches' rises
    // are measured from. Returns the summary of the stretch it ends, if one was open.
    std::optional<StretchSummary> begin(double now, std::string label, bool baseline = false);
    // Ends the open stretch (if any) and returns its summary.
    std::optional<StretchSummary> end(double now);
    std::optional<double> baseline_bpm() const { return m_baseline_bpm; }
    // Sets the baseline from elsewhere (a resumed session's earlier record).
    void set_baseline_bpm(double bpm) { m_baseline_bpm = bpm; }
    bool stretch_open() const { return m_open; }

private:
    struct Beat {
        double seconds;
        double rr_ms;
    };
    void summarize_into(StretchSummary& s) const;

    Options m_o;
    SignalMonitor m_signal;
    BeatFilter m_filter;
    std::deque<Beat> m_window; // clean beats of the last window
    std::optional<double> m_baseline_bpm;

    bool m_open = false, m_open_is_baseline = false;
    StretchSummary m_stretch;
    BeatStats m_stats;
    std::uint64_t m_rejected_at_begin = 0;
    std::optional<double> m_peak;
    bool m_seen_rr = false;                    // once intervals arrive, reported rates are not used
    double m_rate_sum = 0.0;                   // reported rates in the open stretch
    std::uint64_t m_rate_count = 0;
};

} // namespace qx::sensors
