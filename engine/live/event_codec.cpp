#include "live/event_codec.h"

#include "core/json_limits.h"
#include "core/log.h"

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

} // namespace qx::live
