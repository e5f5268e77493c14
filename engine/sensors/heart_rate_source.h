// Where heart-rate readings come from, behind one interface: a Bluetooth LE strap (later), a
// replayed recording, or a simulated heart. A source never blocks the caller: poll() hands over
// what has arrived since the last poll.
#pragma once

#include "sensors/heart_rate.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace qx::sensors {

struct HeartRateSample {
    double seconds = 0.0; // on the session clock, when it was received
    HeartRateMeasurement measurement;
};

enum class SourceState : std::uint8_t {
    connecting,
    connected,
    disconnected, // for now: a source reconnects by itself where it can
    ended,        // a recording played to its end
};
const char* to_string(SourceState s);

class HeartRateSource {
public:
    virtual ~HeartRateSource() = default;
    // What it is, in a log line: "replay of hr.csv (1,204 readings)", "simulated heart (seed 7)".
    virtual std::string describe() const = 0;
    // Appends to `out` what was received up to `now` (session seconds) since the last poll.
    virtual void poll(double now, std::vector<HeartRateSample>& out) = 0;
    virtual SourceState state() const = 0;
    virtual std::optional<int> battery_percent() const { return std::nullopt; }
};

// A recording as CSV, one reading a line after a header:
//   seconds,bpm,rr_ms,contact
// `seconds` from the recording's start, never decreasing; `bpm` 0–300; `rr_ms` the intervals
// received with the reading, space-separated (empty for none); `contact` (optional column)
// detected, lost or unsupported. Blank lines and lines starting with # are skipped.
struct HeartRateCsv {
    std::vector<HeartRateSample> samples;
    std::string problem; // "hr.csv:12: bpm is not a whole number from 0 to 300: 'x'"; empty when read
};
HeartRateCsv parse_heart_rate_csv(std::string_view text, const std::string& file);

class ReplaySource final : public HeartRateSource {
public:
    // Throws core::Error naming the file, and the line, when it cannot be read or used.
    explicit ReplaySource(const std::filesystem::path& file, double start_seconds = 0.0);
    ReplaySource(std::vector<HeartRateSample> samples, std::string name, double start_seconds = 0.0);

    std::string describe() const override;
    void poll(double now, std::vector<HeartRateSample>& out) override;
    SourceState state() const override;

private:
    std::vector<HeartRateSample> m_samples;
    std::string m_name;
    double m_start;
    std::size_t m_next = 0;
    bool m_started = false;
};

} // namespace qx::sensors
