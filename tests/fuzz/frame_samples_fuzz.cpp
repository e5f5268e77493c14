// Batches of frames read back from the database (a frame_samples record's payload): the JSON, then
// the base64 frames and their varints inside it, as the report reads them.
#include "core/json_limits.h"
#include "fuzz_support.h"
#include "live/frame_codec.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    qx::fuzz::quiet_logs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    qx::core::JsonParse parsed = qx::core::parse_json(qx::fuzz::as_text(data, size), "", qx::core::k_json_record_limits);
    if (!parsed.value) return 0;
    std::vector<qx::session::GazeSample> frames = qx::live::frame_samples_from_json(*parsed.value, "fuzz");
    // What was read encodes again and reads back the same number of frames.
    if (!frames.empty()) {
        const std::string again = qx::live::frame_samples_payload(frames, 0.0);
        if (qx::live::frame_samples_from_json(qx::core::Json::parse(again), "fuzz").size() != frames.size()) __builtin_trap();
    }
    return 0;
}
