#include "sensors/heart_rate_source.h"

#include "core/error.h"
#include "core/file.h"
#include "core/text.h"

#include <cmath>
#include <fmt/format.h>
#include <system_error>

namespace qx::sensors {
namespace {

constexpr std::uintmax_t k_max_file_bytes = 64u << 20; // a day at one reading a second is ~3 MB

} // namespace

const char* to_string(SourceState s) {
    switch (s) {
    case SourceState::connecting: return "connecting";
    case SourceState::connected: return "connected";
    case SourceState::disconnected: return "disconnected";
    case SourceState::ended: return "ended";
    }
    return "connecting";
}

HeartRateCsv parse_heart_rate_csv(std::string_view text, const std::string& file) {
    HeartRateCsv out;
    std::size_t line_no = 0;
    bool header = false, has_contact = false;
    auto fail = [&](const std::string& what) {
        out.samples.clear();
        out.problem = fmt::format("{}:{}: {}", file, line_no, what);
        return out;
    };
    core::TextLines lines(text);
    std::string_view line;
    while (lines.next(line)) {
        line_no = lines.number();
        const std::vector<std::string_view> cells = core::split(line, ',');
        if (!header) {
            if (cells.size() < 3 || cells[0] != "seconds" || cells[1] != "bpm" || cells[2] != "rr_ms" ||
                cells.size() > 4 || (cells.size() == 4 && cells[3] != "contact")) {
                return fail("the header must be seconds,bpm,rr_ms (and optionally ,contact)");
            }
            header = true;
            has_contact = cells.size() == 4;
            continue;
        }
        if (cells.size() != (has_contact ? 4u : 3u)) {
            return fail(fmt::format("{} fields where the header has {}", cells.size(), has_contact ? 4 : 3));
        }
        HeartRateSample s;
        if (!core::to_number(cells[0], s.seconds) || s.seconds < 0.0) {
            return fail(fmt::format("seconds is not a number of seconds from the start: '{}'", cells[0]));
        }
        if (!out.samples.empty() && s.seconds < out.samples.back().seconds) {
            return fail(fmt::format("seconds goes back in time ({} after {})", s.seconds, out.samples.back().seconds));
        }
        double bpm = 0.0;
        if (!core::to_number(cells[1], bpm) || bpm < 0.0 || bpm > 300.0 || bpm != std::floor(bpm)) {
            return fail(fmt::format("bpm is not a whole number from 0 to 300: '{}'", cells[1]));
        }
        s.measurement.bpm = static_cast<std::uint16_t>(bpm);
        if (!cells[2].empty()) {
            for (std::string_view rr : core::split(cells[2], ' ')) {
                if (rr.empty()) continue;
                double ms = 0.0;
                if (!core::to_number(rr, ms) || ms <= 0.0 || ms > 60000.0) {
                    return fail(fmt::format("an RR interval is not a number of milliseconds up to 60000: '{}'", rr));
                }
                s.measurement.add_rr_ms(ms);
            }
        }
        if (has_contact) {
            const std::string_view c = cells[3];
            if (c == "detected") {
                s.measurement.contact = Contact::detected;
            } else if (c == "lost") {
                s.measurement.contact = Contact::lost;
            } else if (c == "unsupported" || c.empty()) {
                s.measurement.contact = Contact::unsupported;
            } else {
                return fail(fmt::format("contact is not detected, lost or unsupported: '{}'", c));
            }
        }
        out.samples.push_back(s);
    }
    if (!header) {
        line_no = 1;
        return fail("no header: the file must start with seconds,bpm,rr_ms");
    }
    return out;
}

ReplaySource::ReplaySource(const std::filesystem::path& file, double start_seconds) : m_start(start_seconds) {
    const std::string name = core::display_path(file);
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec) throw core::Error(fmt::format("{}: the heart-rate recording cannot be read: {}", name, ec.message()));
    if (size > k_max_file_bytes) {
        throw core::Error(fmt::format("{}: the heart-rate recording is {} MiB, more than the {} MiB a recording may be",
                                      name, size >> 20, k_max_file_bytes >> 20));
    }
    HeartRateCsv csv = parse_heart_rate_csv(core::read_text_file(file), name);
    if (!csv.problem.empty()) throw core::Error(csv.problem);
    m_samples = std::move(csv.samples);
    m_name = file.filename().string();
}

ReplaySource::ReplaySource(std::vector<HeartRateSample> samples, std::string name, double start_seconds)
    : m_samples(std::move(samples)), m_name(std::move(name)), m_start(start_seconds) {}

std::string ReplaySource::describe() const {
    return fmt::format("replay of {} ({} readings)", m_name, m_samples.size());
}

void ReplaySource::poll(double now, std::vector<HeartRateSample>& out) {
    m_started = true;
    while (m_next < m_samples.size() && m_start + m_samples[m_next].seconds <= now) {
        HeartRateSample s = m_samples[m_next++];
        s.seconds += m_start;
        out.push_back(s);
    }
}

SourceState ReplaySource::state() const {
    if (!m_started) return SourceState::connecting;
    return m_next < m_samples.size() ? SourceState::connected : SourceState::ended;
}

} // namespace qx::sensors
