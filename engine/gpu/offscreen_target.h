#pragma once

#include "gpu/resources.h"
#include "gpu/view.h"

#include <vector>

namespace qx::gpu {

// A two-layer image to render stills, tests, benchmarks and the desktop's eyes into, readable
// back to the CPU.
class OffscreenTarget {
public:
    OffscreenTarget(Context& ctx, VkExtent2D extent, VkFormat format = VK_FORMAT_R8G8B8A8_SRGB);

    // The whole image is redrawn each frame, so it starts from UNDEFINED every time.
    StereoTarget target() const;
    // One eye as tightly packed RGBA8 (waits for the GPU).
    std::vector<std::uint8_t> read_layer_rgba8(std::uint32_t eye);
    VkExtent2D extent() const { return m_image.desc().extent; }

private:
    Context& m_ctx;
    Image m_image;
    std::array<ImageView, 2> m_layers;
};

} // namespace qx::gpu
