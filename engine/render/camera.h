// Projection, view and frustum math for the renderer; the view types themselves live in gpu/view.h.
#pragma once

#include "gpu/view.h"
#include "scene/math.h"

#include <array>

namespace qx::render {

// Vulkan projection for an asymmetric frustum: clip Y down, reversed depth (1 at the near
// plane, 0 at infinity), no far plane.
glm::mat4 projection(const gpu::Fov& fov, float near_z);
// The view matrix: world to eye space, the inverse of the eye's pose.
glm::mat4 view_matrix(const gpu::Pose& pose);

// Frustum planes (ax + by + cz + d >= 0 inside) of a reversed-Z infinite projection.
struct Frustum {
    std::array<glm::vec4, 5> planes; // left, right, bottom, top, near
    bool sphere_visible(glm::vec3 center, float radius) const;
};
Frustum frustum_from(const glm::mat4& view_proj);

} // namespace qx::render
