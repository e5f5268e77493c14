// Scripted-gaze files (--gaze-script): any text is read or refused with a core::Error, nothing else.
#include "core/error.h"
#include "fuzz_support.h"
#include "stage/gaze_script.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    qx::fuzz::quiet_logs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        qx::stage::GazeScript s = qx::stage::parse_gaze_script(qx::fuzz::as_text(data, size), "fuzz.csv");
        for (const auto& line : s.lines)
            if (!(line.to_s > line.from_s) || s.at(line.from_s) != &line) __builtin_trap();
    } catch (const qx::core::Error&) {
    }
    return 0;
}
