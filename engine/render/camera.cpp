#include "render/camera.h"

#include <cmath>

namespace qx::render {

glm::mat4 projection(const gpu::Fov& fov, float near_z) {
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

glm::mat4 view_matrix(const gpu::Pose& pose) {
    glm::mat4 world_from_eye = glm::translate(glm::mat4(1.0f), pose.position) * glm::mat4_cast(pose.orientation);
    return glm::inverse(world_from_eye);
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
