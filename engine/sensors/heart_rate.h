// One heart-rate reading as a Bluetooth LE Heart Rate Service sends it (the Heart Rate
// Measurement characteristic, 0x2A37, of service 0x180D), as chest straps and watches do, and the
// parser of its bytes. Replayed and simulated sources produce the same reading, so everything
// after a source is one path.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace qx::sensors {

// Whether the sensor touches the skin (flags bits 1-2).
enum class Contact : std::uint8_t {
    unsupported, // the sensor does not say
    lost,        // it says there is no skin contact: its rate means nothing
    detected,
};
const char* to_string(Contact c); // "unsupported", "lost", "detected"

struct HeartRateMeasurement {
    // More RR intervals than this in one notification are counted in rr_dropped, not kept (a
    // strap notifying once a second sends one to three).
    static constexpr std::size_t k_max_rr = 16;

    std::uint16_t bpm = 0; // 0: the sensor has no rate yet
    Contact contact = Contact::unsupported;
    std::optional<std::uint16_t> energy_kj; // energy expended since its reset, when sent
    std::uint8_t rr_count = 0;
    std::uint8_t rr_dropped = 0;
    std::array<std::uint16_t, k_max_rr> rr_1024{}; // beat-to-beat intervals in 1/1024 s, oldest first

    double rr_ms(std::size_t i) const { return double(rr_1024[i]) * 1000.0 / 1024.0; }
    void add_rr_ms(double ms); // rounded to 1/1024 s; counted as dropped when full
};

struct HeartRateParse {
    std::optional<HeartRateMeasurement> value;
    std::string problem; // when there is no value: what is wrong with the bytes, in words
};

// The bytes of one 0x2A37 notification (little-endian): flags; the rate, 8 or 16 bits (flag bit
// 0); the energy expended, 16 bits, when flag bit 3; RR intervals, 16 bits each, when flag bit 4.
// Reserved flag bits are ignored, as the specification asks. Never throws.
HeartRateParse parse_heart_rate_measurement(std::span<const std::uint8_t> bytes);

} // namespace qx::sensors
