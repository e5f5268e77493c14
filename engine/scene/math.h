// GLM with the project's conventions (set on the qx_glm target): radians, depth 0..1 for
// Vulkan, quaternions and matrix helpers. See engine/OVERVIEW.md for coordinate conventions.
#pragma once

#include <glm/glm.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>
#include <glm/gtc/type_ptr.hpp>
