// Event records read back from the database: the first line is the record's type, the rest its
// JSON payload, as live::from_record gets them from the store.
#include "fuzz_support.h"
#include "live/event_codec.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    qx::fuzz::quiet_logs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = qx::fuzz::as_text(data, size);
    auto nl = text.find('\n');
    qx::store::EventRecord record;
    record.session_id = 1;
    record.seq = 1;
    record.type = std::string(text.substr(0, nl));
    record.payload = nl == std::string_view::npos ? std::string() : std::string(text.substr(nl + 1));
    if (auto event = qx::live::from_record(record)) (void)qx::session::to_json(*event, true).dump();
    return 0;
}
