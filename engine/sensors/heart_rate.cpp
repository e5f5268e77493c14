#include "sensors/heart_rate.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace qx::sensors {

const char* to_string(Contact c) {
    switch (c) {
    case Contact::unsupported: return "unsupported";
    case Contact::lost: return "lost";
    case Contact::detected: return "detected";
    }
    return "unsupported";
}

void HeartRateMeasurement::add_rr_ms(double ms) {
    if (rr_count >= k_max_rr) {
        if (rr_dropped < 255) ++rr_dropped;
        return;
    }
    const double units = std::round(ms * 1.024);
    rr_1024[rr_count++] = static_cast<std::uint16_t>(std::clamp(units, 0.0, 65535.0));
}

HeartRateParse parse_heart_rate_measurement(std::span<const std::uint8_t> bytes) {
    constexpr std::uint8_t k_rate_16 = 1u << 0, k_contact_supported = 1u << 2, k_contact_detected = 1u << 1,
                           k_energy = 1u << 3, k_rr = 1u << 4;
    HeartRateParse out;
    if (bytes.empty()) {
        out.problem = "an empty heart rate measurement (no flags byte)";
        return out;
    }
    const std::uint8_t flags = bytes[0];
    std::size_t at = 1;
    auto u16 = [&](std::size_t i) { return static_cast<std::uint16_t>(bytes[i] | (bytes[i + 1] << 8)); };

    HeartRateMeasurement m;
    const std::size_t rate_size = (flags & k_rate_16) ? 2 : 1;
    if (bytes.size() < at + rate_size) {
        out.problem = fmt::format("the heart rate measurement ends before its {}-bit rate ({} bytes)", rate_size * 8,
                                  bytes.size());
        return out;
    }
    m.bpm = rate_size == 2 ? u16(at) : bytes[at];
    at += rate_size;
    if (flags & k_contact_supported) m.contact = (flags & k_contact_detected) ? Contact::detected : Contact::lost;
    if (flags & k_energy) {
        if (bytes.size() < at + 2) {
            out.problem = fmt::format("the heart rate measurement ends before its energy expended ({} bytes)",
                                      bytes.size());
            return out;
        }
        m.energy_kj = u16(at);
        at += 2;
    }
    if (flags & k_rr) {
        if ((bytes.size() - at) % 2 != 0) {
            out.problem = fmt::format("the heart rate measurement's RR intervals end in half of one ({} bytes)",
                                      bytes.size());
            return out;
        }
        for (; at + 1 < bytes.size(); at += 2) {
            if (m.rr_count < HeartRateMeasurement::k_max_rr) {
                m.rr_1024[m.rr_count++] = u16(at);
            } else if (m.rr_dropped < 255) {
                ++m.rr_dropped;
            }
        }
    }
    // Bytes after what the flags announce may come from a later version of the service: the
    // reading itself is whole, so it is kept.
    out.value = m;
    return out;
}

} // namespace qx::sensors
