// Controller events to store records and back. The store keeps a type and a JSON payload and
// knows nothing of the controller; this is where the two meet.
#pragma once

#include "sensors/heart_rate_source.h"
#include "session/event.h"
#include "store/store.h"

#include <optional>
#include <span>
#include <vector>

namespace qx::live {

// The record of a controller event: type = the event kind, payload = the event's JSON with its
// text in both languages, t = `time_offset` + the event's time (a resumed session continues its
// clock), `seq` its place in the session.
store::EventRecord to_record(const session::Event& event, std::int64_t session_id, std::int64_t seq,
                             double time_offset, std::int64_t wall_ms);

// The controller event in a record, or nothing for records that are not controller events (frame
// timing...). A damaged payload is logged with the session and seq and skipped.
std::optional<session::Event> from_record(const store::EventRecord& record);

// Record types the app writes besides controller events.
inline constexpr const char* k_frame_timing_type = "frame_timing";
inline constexpr const char* k_resumed_type = "session_resumed";
inline constexpr const char* k_display_type = "display";               // which display, its runtime
inline constexpr const char* k_display_lost_type = "display_lost";     // the resident stopped seeing the scene
inline constexpr const char* k_display_back_type = "display_back";     // and saw it again
inline constexpr const char* k_display_frames_type = "display_frames"; // frames shown, late, missed (and why)
inline constexpr const char* k_ended_now_type = "ended_now";           // the therapist ended the session at once
inline constexpr const char* k_storage_fault_type = "storage_fault"; // the records could not be written
inline constexpr const char* k_storage_back_type = "storage_back";   // and could be again
inline constexpr const char* k_device_lost_type = "device_lost";       // the GPU was lost (and whether it came back)
inline constexpr const char* k_heart_rate_readings_type = "heart_rate_readings"; // a batch of a sensor's readings

// A batch of heart-rate readings as one record's payload, every reading as its sensor sent it:
// {"t": [session seconds], "bpm": [...], "contact": ["d" detected, "l" lost, "u" unsupported],
//  "rr_ms": [[intervals], ...]}. Times get `time_offset` added (a resumed session's clock).
core::Json heart_readings_to_json(std::span<const sensors::HeartRateSample> readings, double time_offset);
// The readings in such a payload, in order. A damaged one yields the readings that could be read,
// and the problem is logged with `where`.
std::vector<sensors::HeartRateSample> heart_readings_from_json(const core::Json& payload, std::string_view where);

} // namespace qx::live
