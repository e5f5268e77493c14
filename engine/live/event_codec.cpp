#include "live/event_codec.h"

#include "core/json_limits.h"
#include "core/log.h"

#include <cmath>
#include <fmt/format.h>

namespace qx::live {

store::EventRecord to_record(const session::Event& event, std::int64_t session_id, std::int64_t seq,
                             double time_offset, std::int64_t wall_ms) {
    session::Event shifted = event;
    shifted.t += time_offset;
    shifted.seq = static_cast<std::uint64_t>(seq); // the record's place, which counts app records too
    store::EventRecord r;
    r.session_id = session_id;
    r.seq = seq;
    r.t = shifted.t;
    r.wall_ms = wall_ms;
    r.type = std::string(session::to_string(event.kind));
    r.payload = session::to_json(shifted, true).dump();
    return r;
}

std::optional<session::Event> from_record(const store::EventRecord& record) {
    if (!session::parse_event_kind(record.type)) return std::nullopt;
    core::Diagnostics diag;
    std::string where = fmt::format("session {} event {}", record.session_id, record.seq);
    // A row is outside input like a file: a damaged or hostile one is refused within
    // core::k_json_record_limits, never parsed into a value that recurses without bound.
    core::JsonParse json = core::parse_json(record.payload, where, core::k_json_record_limits);
    std::optional<session::Event> event;
    if (!json.value) {
        diag.add(std::move(json.problem));
    } else {
        event = session::event_from_json(*json.value, where, diag);
    }
    for (const core::Problem& p : diag.problems())
        core::log_warn("report", "skipped a record: {}", p.to_string());
    return event;
}

core::Json heart_readings_to_json(std::span<const sensors::HeartRateSample> readings, double time_offset) {
    core::Json t = core::Json::array(), bpm = core::Json::array(), contact = core::Json::array(),
               rr = core::Json::array();
    for (const sensors::HeartRateSample& r : readings) {
        const sensors::HeartRateMeasurement& m = r.measurement;
        t.push_back(std::round((r.seconds + time_offset) * 1000.0) / 1000.0);
        bpm.push_back(m.bpm);
        contact.push_back(m.contact == sensors::Contact::detected ? "d"
                          : m.contact == sensors::Contact::lost   ? "l"
                                                                  : "u");
        core::Json intervals = core::Json::array();
        for (std::size_t i = 0; i < m.rr_count; ++i)
            intervals.push_back(std::round(m.rr_ms(i) * 10.0) / 10.0);
        rr.push_back(std::move(intervals));
    }
    return {{"t", std::move(t)}, {"bpm", std::move(bpm)}, {"contact", std::move(contact)}, {"rr_ms", std::move(rr)}};
}

std::vector<sensors::HeartRateSample> heart_readings_from_json(const core::Json& payload, std::string_view where) {
    std::vector<sensors::HeartRateSample> out;
    auto array = [&](const char* key) -> const core::Json* {
        if (!payload.is_object() || !payload.contains(key) || !payload[key].is_array()) return nullptr;
        return &payload[key];
    };
    const core::Json* t = array("t");
    const core::Json* bpm = array("bpm");
    const core::Json* contact = array("contact");
    const core::Json* rr = array("rr_ms");
    if (!t || !bpm || !contact || !rr || t->size() != bpm->size() || t->size() != contact->size() ||
        t->size() != rr->size()) {
        core::log_warn("report", "skipped heart-rate readings in {}: not four arrays of one length", where);
        return out;
    }
    out.reserve(t->size());
    std::size_t skipped = 0;
    for (std::size_t i = 0; i < t->size(); ++i) {
        const core::Json& ti = (*t)[i];
        const core::Json& bi = (*bpm)[i];
        const core::Json& ci = (*contact)[i];
        const core::Json& ri = (*rr)[i];
        if (!ti.is_number() || !std::isfinite(ti.get<double>()) || !bi.is_number_unsigned() ||
            bi.get<std::uint64_t>() > 0xFFFF || !ci.is_string() || !ri.is_array()) {
            ++skipped;
            continue;
        }
        sensors::HeartRateSample s;
        s.seconds = ti.get<double>();
        s.measurement.bpm = static_cast<std::uint16_t>(bi.get<std::uint64_t>());
        const std::string c = ci.get<std::string>();
        s.measurement.contact = c == "d"   ? sensors::Contact::detected
                                : c == "l" ? sensors::Contact::lost
                                           : sensors::Contact::unsupported;
        for (const core::Json& v : ri) {
            if (v.is_number() && std::isfinite(v.get<double>()) && v.get<double>() > 0 && v.get<double>() < 64000)
                s.measurement.add_rr_ms(v.get<double>());
        }
        out.push_back(s);
    }
    if (skipped > 0) core::log_warn("report", "skipped {} damaged heart-rate readings in {}", skipped, where);
    return out;
}

} // namespace qx::live
