// The renderer's benchmark: frame times, GPU times, draw counts and memory per scene, and proof
// that a warmed-up frame creates no Vulkan objects.
#pragma once

#include "core/json.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qx::app {

struct RenderBenchOptions {
    std::uint32_t width = 1440;  // per eye
    std::uint32_t height = 1600;
    std::uint32_t warmup_frames = 10;
    std::uint32_t frames = 60;
    int msaa = 4;
    std::uint32_t shadow_map = 2048;
    std::string gpu;
    std::vector<std::string> scenes; // empty: every scene available
};

// Renders each scene headless and returns one JSON object per scene (see README, Benchmarks).
core::Json bench_render(const RenderBenchOptions& options);

} // namespace qx::app
