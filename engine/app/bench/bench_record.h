// The per-frame record's benchmark: a forty-minute session at 90 Hz with every frame's gaze and pose
// recorded through the real recorder (SQLite on disk): record bytes a minute, the store thread's time
// a minute to make the batches, and the frame thread's cost a frame of taking the sample (the head's
// ray hit against the rented room's areas at level 4, and handing the sample to the session).
#pragma once

#include "core/json.h"

#include <string>

namespace qx::app {

struct RecordBenchOptions {
    double minutes = 40;
    double hz = 90;
    int runs = 3;
};

core::Json bench_record(const RecordBenchOptions& options);

} // namespace qx::app
