#pragma once

#include "gpu/context.h"

#include <cstdint>
#include <vector>

namespace qx::gpu {

// Copies one layer of a colour image (currently in `layout`, left in `layout`) to the CPU as
// tightly packed RGBA8, swizzling BGRA formats. Waits for the GPU: tests, stills and
// benchmarks only, never the frame loop.
std::vector<std::uint8_t> read_image_rgba8(Context& ctx, VkImage image, VkFormat format, VkExtent2D extent,
                                           std::uint32_t layer, VkImageLayout layout);

} // namespace qx::gpu
