#pragma once

#include "gpu/resources.h"
#include "render/renderer.h"
#include "scene/image.h"

namespace qx::render {

// A two-layer image to render stills, tests and benchmarks into, readable back to the CPU.
class OffscreenTarget {
public:
    OffscreenTarget(gpu::Context& ctx, VkExtent2D extent, VkFormat format = VK_FORMAT_R8G8B8A8_SRGB);

    // The whole image is redrawn each frame, so it starts from UNDEFINED every time.
    StereoTarget target() const;
    // One eye as an image (waits for the GPU).
    scene::Image read_eye(int eye);
    // Both eyes side by side, left first.
    scene::Image read_both();
    VkExtent2D extent() const { return m_image.desc().extent; }

private:
    gpu::Context& m_ctx;
    gpu::Image m_image;
    std::array<gpu::ImageView, 2> m_layers;
};

} // namespace qx::render
