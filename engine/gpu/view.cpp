#include "gpu/view.h"

#include <glm/gtc/matrix_transform.hpp>

#include <cmath>

namespace qx::gpu {

Fov symmetric_fov(float horizontal_degrees, float aspect) {
    float half_h = glm::radians(horizontal_degrees) * 0.5f;
    float half_v = std::atan(std::tan(half_h) / aspect);
    return {-half_h, half_h, half_v, -half_v};
}

StereoView stereo_from_head(const Pose& head, float ipd, const Fov& left, const Fov& right, float near_z) {
    StereoView v;
    glm::vec3 right_dir = head.orientation * glm::vec3(1.0f, 0.0f, 0.0f);
    v.eyes[0] = {{head.position - right_dir * (ipd * 0.5f), head.orientation}, left};
    v.eyes[1] = {{head.position + right_dir * (ipd * 0.5f), head.orientation}, right};
    v.near_z = near_z;
    return v;
}

Pose look_at(glm::vec3 position, glm::vec3 target) {
    glm::mat4 view = glm::lookAtRH(position, target, glm::vec3(0.0f, 1.0f, 0.0f));
    glm::mat3 world_from_eye = glm::transpose(glm::mat3(view));
    return {position, glm::normalize(glm::quat_cast(world_from_eye))};
}

} // namespace qx::gpu
