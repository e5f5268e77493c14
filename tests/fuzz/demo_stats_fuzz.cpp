// The open day's counts file: read (or set aside) whatever is there, then counted into.
#include "fuzz_support.h"
#include "app/demo/demo_stats.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    qx::fuzz::quiet_logs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path file = qx::fuzz::scratch_dir() / "demo-stats.json";
    qx::fuzz::write_input(file, data, size);
    {
        qx::app::DemoStats stats(file);
        stats.turn_completed("2026-12-06", 3);
    }
    for (const auto& e : fs::directory_iterator(qx::fuzz::scratch_dir())) fs::remove(e.path()); // the set-aside copies
    return 0;
}
