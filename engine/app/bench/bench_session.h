// The session controller's benchmark: simulated forty-minute sessions per second on the pure-logic
// path (controller and simulated residents, no records), the figure the issue asks to be ≥ 1000.
#pragma once

#include "core/json.h"

#include <string>

namespace qx::app {

struct SessionBenchOptions {
    std::string protocol = "meth-standard";
    int sessions_per_run = 1000;
    int runs = 5;
};

core::Json bench_session(const SessionBenchOptions& options);

} // namespace qx::app
