#pragma once

#include "gpu/view.h"

namespace qx::xr {

// A seated head without a headset: the eyes stay at the origin of tracking space (the seat's
// eye point) and only turn, as a resident in a chair mostly does.
class SimulatedHead {
public:
    float yaw_degrees = 0.0f;   // positive turns left
    float pitch_degrees = 0.0f; // positive looks up
    float ipd = 0.064f;

    // Mouse look: degrees per pixel of mouse movement.
    void look(float dx_pixels, float dy_pixels, float degrees_per_pixel = 0.15f);
    void recenter() { yaw_degrees = pitch_degrees = 0.0f; }
    gpu::Pose pose() const;
    gpu::StereoView view(const gpu::Fov& fov) const;

    // A slow, natural look around the room (tests, benchmarks, simulated residents): the same
    // time gives the same pose.
    static SimulatedHead scripted(double seconds);
};

} // namespace qx::xr
