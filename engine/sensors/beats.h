// From beat-to-beat (RR) intervals to what a therapist may trust: artefacts rejected, heart-rate
// variability (RMSSD) over the clean beats, and whether the signal is there at all.
//
// Artefacts: a chest strap loses a beat (two intervals read as one, about twice as long) or counts
// an ectopic beat (a short interval and a long one after it); a wrist sensor does both more often.
// An interval is rejected when it is outside the physiological range, or when it differs from the
// median of the last accepted ones by more than a share of it (the successive-difference rule,
// after Malik). Three rejected intervals in a row that agree with one another are a real change
// of rate (a sudden rise at a cue), not artefacts: the reference starts again from them.
#pragma once

#include "sensors/heart_rate.h"

#include <array>
#include <cstdint>
#include <optional>

namespace qx::sensors {

struct BeatFilterOptions {
    double min_ms = 300.0;   // 200 bpm
    double max_ms = 2000.0;  // 30 bpm
    double max_change = 0.2; // of the reference
};

enum class BeatVerdict : std::uint8_t { accepted, out_of_range, sudden_change };

class BeatFilter {
public:
    explicit BeatFilter(const BeatFilterOptions& options = {}) : m_o(options) {}

    // Judges the next interval. `follows` (when accepted): the previous interval was accepted too,
    // so the two are a successive pair for RMSSD.
    BeatVerdict push(double rr_ms);
    bool last_follows() const { return m_follows; }

    std::uint64_t accepted() const { return m_accepted; }
    std::uint64_t rejected() const { return m_rejected; }
    void reset(); // a gap in the signal (no contact, disconnected): no pair spans it

private:
    double reference() const;
    void remember(double rr_ms); // into the ring of the last accepted intervals

    BeatFilterOptions m_o;
    std::array<double, 5> m_recent{}; // the last accepted intervals, a ring
    std::size_t m_recent_count = 0, m_recent_next = 0;
    std::array<double, 3> m_run{}; // rejected-in-a-row candidates for a new reference
    std::size_t m_run_count = 0;
    bool m_previous_accepted = false, m_follows = false;
    std::uint64_t m_accepted = 0, m_rejected = 0;
};

// Heart rate and its variability over a stretch of accepted beats (a baseline, a step).
class BeatStats {
public:
    void add(double rr_ms, bool follows_previous);

    std::uint64_t beats() const { return m_beats; }
    std::uint64_t pairs() const { return m_pairs; }
    std::optional<double> mean_bpm() const;
    // Root mean square of successive differences, ms: beat-to-beat (vagal) variability. Needs a
    // few pairs to mean anything; nullopt under `min_pairs`.
    std::optional<double> rmssd_ms(std::uint64_t min_pairs = 10) const;

private:
    std::uint64_t m_beats = 0, m_pairs = 0;
    double m_sum_rr = 0.0, m_sum_sq_diff = 0.0, m_last = 0.0;
};

// Whether there is a signal to show, for the therapist's alert; never stops a session.
enum class SignalState : std::uint8_t {
    waiting,      // nothing received yet
    ok,
    no_contact,   // the sensor says it is not on the skin
    stale,        // connected, but nothing for `stale_after` seconds
    disconnected, // the source says so
};
const char* to_string(SignalState s); // "waiting", "ok", "no_contact", "stale", "disconnected"

class SignalMonitor {
public:
    explicit SignalMonitor(double stale_after_s = 5.0) : m_stale_after(stale_after_s) {}

    void received(double seconds, const HeartRateMeasurement& m);
    void connected(bool yes) { m_connected = yes; }
    SignalState state(double now) const;
    std::optional<double> last_received() const { return m_last; }

private:
    double m_stale_after;
    std::optional<double> m_last;
    Contact m_contact = Contact::unsupported;
    bool m_connected = true;
};

} // namespace qx::sensors
