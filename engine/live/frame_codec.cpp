#include "live/frame_codec.h"

#include "core/log.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

namespace qx::live {
namespace {

constexpr double k_tick_s = 1e-4;          // frame times in 0.1 ms
constexpr double k_mm = 1000.0;            // positions in millimetres
constexpr double k_unit = 8192.0;          // orientations and directions in 1/8192
constexpr std::size_t k_max_frames = 100'000; // far more than one batch holds
constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(const std::vector<std::uint8_t>& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t v = std::uint32_t(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= std::uint32_t(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) v |= bytes[i + 2];
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? k_alphabet[(v >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? k_alphabet[v & 63] : '=';
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> unbase64(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::vector<std::uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        int pad = 0;
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            int d = 0;
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                ++pad;
            } else if (pad > 0 || (d = value(c)) < 0) {
                return std::nullopt;
            }
            v = (v << 6) | std::uint32_t(d);
        }
        out.push_back(std::uint8_t(v >> 16));
        if (pad < 2) out.push_back(std::uint8_t(v >> 8));
        if (pad < 1) out.push_back(std::uint8_t(v));
    }
    return out;
}

void put_varint(std::vector<std::uint8_t>& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(std::uint8_t(v | 0x80));
        v >>= 7;
    }
    out.push_back(std::uint8_t(v));
}

void put_signed(std::vector<std::uint8_t>& out, std::int64_t v) {
    put_varint(out, (std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63)); // zigzag
}

std::int64_t quantise(float v, double scale) {
    const double q = std::round(double(v) * scale);
    return std::isfinite(q) ? std::int64_t(std::clamp(q, -1e12, 1e12)) : 0;
}

// Reads what put_* wrote, failing (not throwing) past the end or on an overlong number.
class Reader {
public:
    explicit Reader(const std::vector<std::uint8_t>& bytes) : m_bytes(bytes) {}
    bool varint(std::uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_at >= m_bytes.size()) return false;
            const std::uint8_t b = m_bytes[m_at++];
            v |= std::uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return true;
        }
        return false;
    }
    bool signed_varint(std::int64_t& v) {
        std::uint64_t u = 0;
        if (!varint(u)) return false;
        v = std::int64_t(u >> 1) ^ -std::int64_t(u & 1);
        return true;
    }
    bool byte(std::uint8_t& b) {
        if (m_at >= m_bytes.size()) return false;
        b = m_bytes[m_at++];
        return true;
    }
    bool done() const { return m_at == m_bytes.size(); }

private:
    const std::vector<std::uint8_t>& m_bytes;
    std::size_t m_at = 0;
};

// The thirteen pose numbers of a frame, quantised, in the order they are written.
std::array<std::int64_t, 13> pose_numbers(const session::GazeSample& s) {
    std::array<std::int64_t, 13> q{};
    for (int i = 0; i < 3; ++i) q[std::size_t(i)] = quantise(s.head_position[std::size_t(i)], k_mm);
    for (int i = 0; i < 4; ++i) q[std::size_t(3 + i)] = quantise(s.head_orientation[std::size_t(i)], k_unit);
    for (int i = 0; i < 3; ++i) q[std::size_t(7 + i)] = quantise(s.gaze_origin[std::size_t(i)], k_mm);
    for (int i = 0; i < 3; ++i) q[std::size_t(10 + i)] = quantise(s.gaze_direction[std::size_t(i)], k_unit);
    return q;
}

} // namespace

std::string frame_samples_payload(std::span<const session::GazeSample> samples, double time_offset) {
    core::Json areas = core::Json::array();
    std::vector<std::string> area_ids;
    std::vector<std::uint8_t> bytes;
    bytes.reserve(samples.size() * 24);
    const double t0 = samples.empty() ? 0.0 : samples.front().t;
    std::int64_t last_tick = 0;
    std::array<std::int64_t, 13> last{};
    for (const session::GazeSample& s : samples) {
        const std::int64_t tick = std::max(last_tick, std::int64_t(std::llround((s.t - t0) / k_tick_s)));
        put_varint(bytes, std::uint64_t(tick - last_tick));
        last_tick = tick;
        bytes.push_back(std::uint8_t(std::uint8_t(s.source) | (std::uint8_t(std::clamp(s.level, 0, 7)) << 2)));
        std::uint64_t area = 0;
        if (!s.area.empty()) {
            auto it = std::find(area_ids.begin(), area_ids.end(), s.area);
            if (it == area_ids.end()) {
                area_ids.push_back(s.area);
                areas.push_back({s.area, std::string(session::to_string(s.kind))});
                it = area_ids.end() - 1;
            }
            area = std::uint64_t(it - area_ids.begin()) + 1;
        }
        put_varint(bytes, area);
        bytes.push_back(std::uint8_t(std::lround(std::clamp(s.intensity, 0.0f, 1.0f) * 255.0f)));
        const std::array<std::int64_t, 13> q = pose_numbers(s);
        for (std::size_t i = 0; i < q.size(); ++i) put_signed(bytes, q[i] - last[i]);
        last = q;
    }
    core::Json j = {{"v", 1}, {"t0", t0 + time_offset}, {"n", samples.size()}, {"areas", std::move(areas)},
                    {"frames", base64(bytes)}};
    return j.dump();
}

std::vector<session::GazeSample> frame_samples_from_json(const core::Json& payload, std::string_view where) {
    std::vector<session::GazeSample> out;
    auto fail = [&](const char* what) {
        core::log_warn("report", "frame samples in {}: {} ({} frames read)", where, what, out.size());
        return out;
    };
    if (!payload.is_object() || !payload.contains("v") || payload["v"] != 1 || !payload.contains("t0") || !payload["t0"].is_number() ||
        !payload.contains("n") || !payload["n"].is_number_integer() || payload["n"].get<std::int64_t>() < 0 || !payload.contains("areas") ||
        !payload["areas"].is_array() || !payload.contains("frames") || !payload["frames"].is_string()) {
        return fail("not a version-1 batch");
    }
    const double t0 = payload["t0"].get<double>();
    const std::uint64_t n = payload["n"].get<std::uint64_t>();
    if (!std::isfinite(t0) || n > k_max_frames) return fail("its start or count is out of range");
    std::vector<std::pair<std::string, session::AreaKind>> areas;
    for (const core::Json& a : payload["areas"]) {
        if (!a.is_array() || a.size() != 2 || !a[0].is_string() || !a[1].is_string()) return fail("an area is not [id, kind]");
        const std::string kind = a[1].get<std::string>();
        areas.emplace_back(a[0].get<std::string>(), kind == "cue"       ? session::AreaKind::cue
                                                    : kind == "neutral" ? session::AreaKind::neutral
                                                                        : session::AreaKind::none);
    }
    const std::optional<std::vector<std::uint8_t>> bytes = unbase64(payload["frames"].get<std::string>());
    if (!bytes) return fail("its frames are not base64");
    Reader r(*bytes);
    std::int64_t tick = 0;
    std::array<std::int64_t, 13> q{};
    out.reserve(std::size_t(n));
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t dt = 0, area = 0;
        std::uint8_t packed = 0, intensity = 0;
        if (!r.varint(dt) || !r.byte(packed) || !r.varint(area) || !r.byte(intensity)) return fail("it ends early");
        if (dt > (std::uint64_t(1) << 40) || area > areas.size()) return fail("a frame is damaged");
        std::array<std::int64_t, 13> d{};
        for (std::int64_t& v : d)
            if (!r.signed_varint(v)) return fail("it ends early");
        tick += std::int64_t(dt);
        session::GazeSample s;
        s.t = t0 + double(tick) * k_tick_s;
        s.source = session::GazeSource(packed & 3);
        s.level = (packed >> 2) & 7;
        s.intensity = float(intensity) / 255.0f;
        if (area > 0) {
            s.area = areas[area - 1].first;
            s.kind = areas[area - 1].second;
        }
        for (std::size_t k = 0; k < q.size(); ++k) q[k] += d[k];
        for (int k = 0; k < 3; ++k) s.head_position[std::size_t(k)] = float(double(q[std::size_t(k)]) / k_mm);
        for (int k = 0; k < 4; ++k) s.head_orientation[std::size_t(k)] = float(double(q[std::size_t(3 + k)]) / k_unit);
        for (int k = 0; k < 3; ++k) s.gaze_origin[std::size_t(k)] = float(double(q[std::size_t(7 + k)]) / k_mm);
        for (int k = 0; k < 3; ++k) s.gaze_direction[std::size_t(k)] = float(double(q[std::size_t(10 + k)]) / k_unit);
        out.push_back(std::move(s));
    }
    if (!r.done()) return fail("bytes are left after its frames");
    return out;
}

} // namespace qx::live
