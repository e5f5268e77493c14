#include "render/camera.h"

#include <cmath>

namespace qx::render {

glm::mat4 projection(const Fov& fov, float near_z) {
    float l = std::tan(fov.left), r = std::tan(fov.right), u = std::tan(fov.up), d = std::tan(fov.down);
    float w = r - l, h = u - d;
    // Columns (GLM is column-major): x_clip, y_clip, z_clip, w_clip as functions of view x, y, z.
    glm::mat4 m(0.0f);
    m[0][0] = 2.0f / w;
    m[2][0] = (r + l) / w;
    m[1][1] = -2.0f / h;       // Vulkan clip space has Y down
    m[2][1] = -(u + d) / h;
    m[3][2] = near_z;          // z_clip = near, w_clip = −z  →  depth = near / −z
    m[2][3] = -1.0f;
    return m;
}

glm::mat4 view_matrix(const Pose& pose) {
    glm::mat4 world_from_eye = glm::translate(glm::mat4(1.0f), pose.position) * glm::mat4_cast(pose.orientation);
    return glm::inverse(world_from_eye);
}

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

Frustum frustum_from(const glm::mat4& m) {
    auto row = [&](int i) { return glm::vec4(m[0][i], m[1][i], m[2][i], m[3][i]); };
    Frustum f;
    f.planes[0] = row(3) + row(0);
    f.planes[1] = row(3) - row(0);
    f.planes[2] = row(3) + row(1);
    f.planes[3] = row(3) - row(1);
    f.planes[4] = row(3) - row(2); // reversed Z: depth <= 1 at and beyond the near plane
    for (glm::vec4& p : f.planes) p /= glm::length(glm::vec3(p));
    return f;
}

bool Frustum::sphere_visible(glm::vec3 center, float radius) const {
    for (const glm::vec4& p : planes) {
        if (glm::dot(glm::vec3(p), center) + p.w < -radius) return false;
    }
    return true;
}

} // namespace qx::render
