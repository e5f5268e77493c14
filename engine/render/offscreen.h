#pragma once

#include "gpu/offscreen_target.h"
#include "scene/image.h"

namespace qx::render {

// The offscreen stereo target with its eyes read back as images, for stills, tests and
// benchmarks (the image type lives in scene, which gpu must not know).
class OffscreenTarget : public gpu::OffscreenTarget {
public:
    using gpu::OffscreenTarget::OffscreenTarget;

    // One eye as an image (waits for the GPU).
    scene::Image read_eye(int eye);
    // Both eyes side by side, left first.
    scene::Image read_both();
};

} // namespace qx::render
