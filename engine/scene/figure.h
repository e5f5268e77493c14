#pragma once

#include "scene/assets.h"
#include "scene/scene_def.h"

#include <array>
#include <vector>

namespace qx::scene {

// A person made of simple shapes: bones posed each frame by an animation clip. The figure
// stands (or sits) on its root at floor level and faces +Z.
enum FigureBone : int {
    k_bone_pelvis,
    k_bone_torso,
    k_bone_head,
    k_bone_upper_arm_l,
    k_bone_fore_arm_l,
    k_bone_upper_arm_r,
    k_bone_fore_arm_r,
    k_bone_thigh_l,
    k_bone_shin_l,
    k_bone_thigh_r,
    k_bone_shin_r,
    k_bone_count
};

struct FigurePart {
    std::uint32_t mesh;
    std::uint32_t material;
    glm::mat4 local; // relative to its bone
    int bone;
};

struct FigurePose {
    std::array<glm::mat4, k_bone_count> bones; // relative to the figure's root
    glm::mat4 right_hand{1.0f};                // where a held object goes, relative to the root
};

// Adds the figure's meshes and materials to `assets`.
std::vector<FigurePart> build_figure(SceneAssets& assets, const Figure& figure, const std::string& id);

// The pose of a figure playing `clip` at `seconds`; `amount` 0..1 scales how far the clip goes
// (the offer's reach, a gesture's size).
FigurePose pose_figure(const Figure& figure, const Animation& animation, float amount, double seconds);

} // namespace qx::scene
