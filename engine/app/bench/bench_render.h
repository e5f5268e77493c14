// The renderer's benchmark: frame times, GPU times per pass, draw counts and memory per scene,
// proof that a warmed-up frame creates no Vulkan objects, and the same geometry drawn by a bare
// reference pass (unlit, one texture) in the same run, so every figure is also a ratio to it;
// optionally each shader feature's cost and each quality tier's frame. The scene as shipped is
// drawn with the pc tier's settings and the --msaa and --shadow-map given.
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
    bool features = false;           // also each shader feature's cost (a run per feature)
    bool tiers = false;              // also each quality tier's frame (a renderer per tier)
};

// Renders each scene headless and returns one JSON object per scene (see README, Benchmarks).
core::Json bench_render(const RenderBenchOptions& options);

} // namespace qx::app
