// Protocol files, with the shipped scene names as the known ones.
#include "fuzz_support.h"
#include "session/protocol.h"

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::array<std::string, 7> k_scenes = {"calm-room",    "street-night",      "rented-room", "ktv-room",
                                                        "offer",        "exhibit-disguised", "exhibit-harm"};
    qx::core::Diagnostics diag;
    qx::session::parse_protocol(qx::fuzz::as_text(data, size), "fuzz.json", "fuzz", k_scenes, diag);
    for (const qx::core::Problem& p : diag.problems()) (void)p.to_string();
    return 0;
}
