// A simulated heart for headless runs, simulated cohorts and tests: a heart rate that rises with
// arousal (the cue's pull, the craving, set by the resident model) and settles back, beat-to-beat
// variability that swings with breathing and shrinks under arousal, a strap's artefacts (premature
// beats, missed beats), and scripted spells without skin contact or without a connection. The
// same seed and the same arousal over time give the same readings on every machine.
#pragma once

#include "sensors/heart_rate_source.h"

#include <cstdint>
#include <vector>

namespace qx::sensors {

struct SimulatedHeartOptions {
    std::uint64_t seed = 1;
    double baseline_bpm = 72.0;
    double reactivity_bpm = 20.0;    // the settled rise at full arousal
    double response_s = 15.0;        // time constant of the rise and of the return
    double breath_s = 4.5;           // respiratory sinus arrhythmia: intervals swing with breathing
    double rsa_ms = 35.0;            // its amplitude at rest; half of it at full arousal
    double jitter_ms = 8.0;          // beat-to-beat noise (standard deviation)
    double ectopic_per_beat = 0.004; // premature beats: a short interval, then a long one
    double missed_per_beat = 0.004;  // beats the strap did not see: two intervals read as one
    double notify_s = 1.0;           // a reading a second, as straps notify
    struct Spell {
        double from_s, to_s;
    };
    std::vector<Spell> no_contact;   // the strap off the skin: readings say so, with no intervals
    std::vector<Spell> disconnected; // nothing received
};

class SimulatedHeart final : public HeartRateSource {
public:
    explicit SimulatedHeart(SimulatedHeartOptions options = {});

    // 0 calm .. 1 the strongest response; the rate follows with the response time.
    void set_arousal(double arousal);
    // The rate the heart beats at now (without artefacts), for tests.
    double true_bpm() const { return m_bpm; }

    std::string describe() const override;
    void poll(double now, std::vector<HeartRateSample>& out) override;
    SourceState state() const override { return m_state; }
    std::optional<int> battery_percent() const override { return 87; }

private:
    double uniform();
    double normal();
    void beat(); // the next beat: advances m_beat_s, appends to m_pending
    static bool within(const std::vector<SimulatedHeartOptions::Spell>& spells, double t);

    SimulatedHeartOptions m_o;
    std::uint64_t m_rng;
    double m_arousal = 0.0;
    double m_bpm;
    double m_beat_s = 0.0;   // when the last beat was
    double m_notify_s;       // when the next reading is sent
    double m_carry_ms = 0.0; // a missed beat's interval, added to the next
    bool m_compensate = false; // the beat after a premature one comes late
    std::vector<double> m_pending; // intervals since the last reading
    SourceState m_state = SourceState::connecting;
};

} // namespace qx::sensors
