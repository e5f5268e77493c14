#include "xr/simulated_head.h"

#include <algorithm>
#include <cmath>

namespace qx::xr {

void SimulatedHead::look(float dx, float dy, float degrees_per_pixel) {
    yaw_degrees -= dx * degrees_per_pixel;
    pitch_degrees = std::clamp(pitch_degrees - dy * degrees_per_pixel, -80.0f, 80.0f);
    yaw_degrees = std::remainder(yaw_degrees, 360.0f);
}

gpu::Pose SimulatedHead::pose() const {
    glm::quat q = glm::angleAxis(glm::radians(yaw_degrees), glm::vec3(0, 1, 0)) *
                  glm::angleAxis(glm::radians(pitch_degrees), glm::vec3(1, 0, 0));
    return {glm::vec3(0.0f), q};
}

gpu::StereoView SimulatedHead::view(const gpu::Fov& fov) const {
    return gpu::stereo_from_head(pose(), ipd, fov, fov);
}

SimulatedHead SimulatedHead::scripted(double t) {
    SimulatedHead h;
    h.yaw_degrees = float(18.0 * std::sin(t * 0.21) + 6.0 * std::sin(t * 0.67));
    h.pitch_degrees = float(-10.0 + 6.0 * std::sin(t * 0.37 + 1.0));
    return h;
}

} // namespace qx::xr
