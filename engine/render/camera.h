#pragma once

#include "scene/math.h"

#include <array>

namespace qx::render {

// A field of view as OpenXR gives it: angles in radians from the view axis; left and down are
// negative. Headset lenses make them asymmetric.
struct Fov {
    float left = -0.785f;
    float right = 0.785f;
    float up = 0.785f;
    float down = -0.785f;
};

// Where an eye is and where it looks (OpenXR: −Z forward, +Y up), in metres.
struct Pose {
    glm::vec3 position{0.0f};
    glm::quat orientation{1.0f, 0.0f, 0.0f, 0.0f};
};

struct EyeView {
    Pose pose;
    Fov fov;
};

struct StereoView {
    std::array<EyeView, 2> eyes; // 0 left, 1 right
    float near_z = 0.05f;
};

// Vulkan projection for an asymmetric frustum: clip Y down, reversed depth (1 at the near
// plane, 0 at infinity), no far plane.
glm::mat4 projection(const Fov& fov, float near_z);
// The view matrix: world to eye space, the inverse of the eye's pose.
glm::mat4 view_matrix(const Pose& pose);

// A symmetric field of view from a horizontal angle (degrees) and width / height.
Fov symmetric_fov(float horizontal_degrees, float aspect);

// Two eyes `ipd` metres apart (each offset ±ipd/2 along the head's +X) at a head pose.
StereoView stereo_from_head(const Pose& head, float ipd, const Fov& left, const Fov& right, float near_z = 0.05f);

// A pose at `position` looking at `target` with +Y up.
Pose look_at(glm::vec3 position, glm::vec3 target);

// Frustum planes (ax + by + cz + d >= 0 inside) of a reversed-Z infinite projection.
struct Frustum {
    std::array<glm::vec4, 5> planes; // left, right, bottom, top, near
    bool sphere_visible(glm::vec3 center, float radius) const;
};
Frustum frustum_from(const glm::mat4& view_proj);

} // namespace qx::render
