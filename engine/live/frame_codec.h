// The per-frame part of a session's record: every frame's head pose, gaze ray, the area of interest
// it hit and the cue level shown, on the session clock, in batches compact enough for a 40-minute
// session at 90 Hz (about 20 bytes a frame). Made on the store thread from the samples the frame
// loop hands over.
#pragma once

#include "core/json.h"
#include "session/gaze.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qx::live {

inline constexpr const char* k_frame_samples_type = "frame_samples"; // a batch of frames' gaze and pose

// A batch as one record's payload:
//   {"v": 1, "t0": session seconds of the first frame, "n": frames,
//    "areas": [[id, "cue" | "neutral"], ...], "frames": base64}
// where each frame is: the time since the previous in 0.1 ms (varint); the source (2 bits) and the
// cue level (3 bits) in one byte; the area (varint, 0 none, else 1 + its place in "areas"); the
// intensity in 1/255; then, as zigzag varint differences from the previous frame, the head's
// position (mm) and orientation (1/8192), the gaze ray's origin (mm) and direction (1/8192).
// Times get `time_offset` added (a resumed session's clock).
std::string frame_samples_payload(std::span<const session::GazeSample> samples, double time_offset);
// The frames in such a payload, in order. A damaged one yields the frames before the damage, and
// the problem is logged with `where`.
std::vector<session::GazeSample> frame_samples_from_json(const core::Json& payload, std::string_view where);

} // namespace qx::live
