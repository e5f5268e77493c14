#include "scene/figure.h"

#include <cmath>

namespace qx::scene {
namespace {

glm::mat4 T(float x, float y, float z) { return glm::translate(glm::mat4(1.0f), glm::vec3(x, y, z)); }
glm::mat4 S(float x, float y, float z) { return glm::scale(glm::mat4(1.0f), glm::vec3(x, y, z)); }
// Swings a limb that hangs down (−Y) forward towards +Z by `degrees`.
glm::mat4 forward(float degrees) { return glm::rotate(glm::mat4(1.0f), glm::radians(-degrees), glm::vec3(1, 0, 0)); }
// Swings it outward, away from the body (+X for the left side, −X for the right).
glm::mat4 outward(float degrees, bool left) {
    return glm::rotate(glm::mat4(1.0f), glm::radians(left ? degrees : -degrees), glm::vec3(0, 0, 1));
}
glm::mat4 yaw(float degrees) { return glm::rotate(glm::mat4(1.0f), glm::radians(degrees), glm::vec3(0, 1, 0)); }

// Body dimensions of a 1.70 m person, scaled by height.
struct Body {
    float s;
    float hip_standing() const { return 0.92f * s; }
    float torso() const { return 0.56f * s; }
    float upper_arm() const { return 0.29f * s; }
    float fore_arm() const { return 0.25f * s; }
    float thigh() const { return 0.44f * s; }
    float shin() const { return 0.44f * s; }
    float shoulder_x() const { return 0.19f * s; }
    float hip_x() const { return 0.095f * s; }
};

Material colored(const std::string& name, glm::vec3 color, float roughness) {
    Material m;
    m.name = name;
    m.base_color = glm::vec4(color, 1.0f);
    m.roughness = roughness;
    return m;
}

} // namespace

std::vector<FigurePart> build_figure(SceneAssets& assets, const Figure& f, const std::string& id) {
    Body b{f.height / 1.70f};
    // Unit shapes shared by every part: scaled per part.
    auto add = [&](Mesh m) {
        compute_tangents(m);
        return assets.add_mesh(std::move(m));
    };
    std::uint32_t sphere = add(make_sphere(1.0f, 20, 12));
    std::uint32_t capsule_arm = add(make_capsule(0.045f * b.s, 1.0f, 12, 4));
    std::uint32_t capsule_leg = add(make_capsule(0.07f * b.s, 1.0f, 12, 4));
    std::uint32_t torso = add(make_capsule(0.17f * b.s, 1.0f, 20, 6));
    std::uint32_t box = add(make_box({1.0f, 1.0f, 1.0f}));

    std::uint32_t skin = assets.add_material(colored(id + " skin", f.skin, 0.55f));
    std::uint32_t shirt = assets.add_material(colored(id + " shirt", f.shirt, 0.85f));
    std::uint32_t trousers = assets.add_material(colored(id + " trousers", f.trousers, 0.9f));
    std::uint32_t hair = assets.add_material(colored(id + " hair", f.hair, 0.6f));
    std::uint32_t eyes = assets.add_material(colored(id + " eyes", glm::vec3(0.02f), 0.2f));
    std::uint32_t shoes = assets.add_material(colored(id + " shoes", glm::vec3(0.04f), 0.5f));

    // Capsules of height 1 are stretched along Y to each limb's length; their radius is built in.
    std::vector<FigurePart> parts;
    auto limb = [&](std::uint32_t mesh, std::uint32_t mat, float length, int bone) {
        // Hangs down from the joint: the capsule's base goes to −length.
        parts.push_back({mesh, mat, T(0, -length, 0) * S(1.0f, length, 1.0f), bone});
    };
    parts.push_back({sphere, trousers, S(0.17f * b.s, 0.11f * b.s, 0.12f * b.s), k_bone_pelvis});
    parts.push_back({torso, shirt, S(1.0f, b.torso(), 0.68f), k_bone_torso});
    parts.push_back({sphere, skin, T(0, -0.02f * b.s, 0) * S(0.05f * b.s, 0.07f * b.s, 0.05f * b.s), k_bone_head}); // neck
    parts.push_back({sphere, skin, T(0, 0.11f * b.s, 0) * S(0.095f * b.s, 0.115f * b.s, 0.105f * b.s), k_bone_head});
    parts.push_back({sphere, hair, T(0, 0.15f * b.s, -0.015f * b.s) * S(0.102f * b.s, 0.09f * b.s, 0.11f * b.s), k_bone_head});
    for (float side : {-1.0f, 1.0f}) {
        parts.push_back({sphere, eyes, T(side * 0.035f * b.s, 0.125f * b.s, 0.092f * b.s) * S(0.012f * b.s, 0.012f * b.s, 0.008f * b.s), k_bone_head});
    }
    limb(capsule_arm, shirt, b.upper_arm(), k_bone_upper_arm_l);
    limb(capsule_arm, shirt, b.upper_arm(), k_bone_upper_arm_r);
    limb(capsule_arm, skin, b.fore_arm(), k_bone_fore_arm_l);
    limb(capsule_arm, skin, b.fore_arm(), k_bone_fore_arm_r);
    for (int bone : {k_bone_fore_arm_l, k_bone_fore_arm_r}) {
        parts.push_back({sphere, skin, T(0, -b.fore_arm() - 0.02f * b.s, 0) * S(0.045f * b.s, 0.06f * b.s, 0.03f * b.s), bone});
    }
    limb(capsule_leg, trousers, b.thigh(), k_bone_thigh_l);
    limb(capsule_leg, trousers, b.thigh(), k_bone_thigh_r);
    limb(capsule_leg, trousers, b.shin(), k_bone_shin_l);
    limb(capsule_leg, trousers, b.shin(), k_bone_shin_r);
    for (int bone : {k_bone_shin_l, k_bone_shin_r}) {
        parts.push_back({box, shoes, T(0, -b.shin() - 0.02f * b.s, 0.05f * b.s) * S(0.1f * b.s, 0.07f * b.s, 0.25f * b.s), bone});
    }
    return parts;
}

FigurePose pose_figure(const Figure& f, const Animation& anim, float amount, double seconds) {
    Body b{f.height / 1.70f};
    float t = float(seconds * double(anim.speed) + double(anim.phase));
    amount = glm::clamp(amount * anim.amplitude, 0.0f, 1.0f);
    float breath = std::sin(t * 1.3f) * 0.5f + 0.5f;

    // Joint angles (degrees) of a relaxed pose.
    float lean = 0.0f, head_yaw = 0.0f, head_pitch = 0.0f;
    float shoulder_l = 10.0f, shoulder_r = 10.0f, elbow_l = 15.0f, elbow_r = 15.0f;
    float arm_out_l = 8.0f, arm_out_r = 8.0f;
    if (f.sitting) {
        // Forearms resting on the thighs.
        shoulder_l = shoulder_r = 20.0f;
        elbow_l = elbow_r = 55.0f;
    }
    switch (anim.clip) {
    case AnimationClip::talk:
        head_pitch = 6.0f * std::sin(t * 4.1f) * amount;
        head_yaw = 12.0f * std::sin(t * 0.9f) * amount;
        shoulder_r += 25.0f * (0.5f + 0.5f * std::sin(t * 2.3f)) * amount;
        elbow_r += 35.0f * (0.5f + 0.5f * std::sin(t * 2.3f + 0.8f)) * amount;
        break;
    case AnimationClip::offer:
        // Leans in and holds the right hand out towards the resident.
        lean = 14.0f * amount;
        shoulder_r = glm::mix(shoulder_r, 78.0f, amount);
        elbow_r = glm::mix(elbow_r, 12.0f, amount);
        arm_out_r = glm::mix(arm_out_r, -6.0f, amount);
        head_pitch = -4.0f * amount + 2.0f * std::sin(t * 1.7f);
        shoulder_r += 2.0f * std::sin(t * 2.1f) * amount; // the hand is not perfectly still
        break;
    case AnimationClip::prepare:
        // Bent over the table, hands working in front.
        lean = 30.0f * std::max(amount, 0.3f);
        head_pitch = 28.0f;
        shoulder_l = 62.0f + 4.0f * std::sin(t * 3.0f) * amount;
        shoulder_r = 68.0f + 6.0f * std::sin(t * 3.7f + 1.0f) * amount;
        elbow_l = 38.0f;
        elbow_r = 34.0f + 8.0f * std::sin(t * 5.0f) * amount;
        arm_out_l = arm_out_r = -12.0f;
        break;
    case AnimationClip::idle:
    default:
        head_yaw = 8.0f * std::sin(t * 0.37f) * amount;
        head_pitch = 3.0f * std::sin(t * 0.53f) * amount;
        break;
    }

    FigurePose p;
    float hip_y = f.sitting ? 0.50f * b.s : b.hip_standing();
    p.bones[k_bone_pelvis] = T(0, hip_y, 0);
    p.bones[k_bone_torso] = p.bones[k_bone_pelvis] * T(0, 0.02f * b.s, 0) * glm::rotate(glm::mat4(1.0f), glm::radians(lean), glm::vec3(1, 0, 0)) *
                            S(1.0f, 1.0f + 0.012f * breath, 1.0f + 0.02f * breath);
    glm::mat4 torso_unscaled = p.bones[k_bone_pelvis] * T(0, 0.02f * b.s, 0) *
                               glm::rotate(glm::mat4(1.0f), glm::radians(lean), glm::vec3(1, 0, 0));
    p.bones[k_bone_head] = torso_unscaled * T(0, b.torso() + 0.03f * b.s, 0) * yaw(head_yaw) *
                           glm::rotate(glm::mat4(1.0f), glm::radians(head_pitch), glm::vec3(1, 0, 0));
    glm::mat4 shoulder_l_m = torso_unscaled * T(b.shoulder_x(), b.torso() - 0.08f * b.s, 0);
    glm::mat4 shoulder_r_m = torso_unscaled * T(-b.shoulder_x(), b.torso() - 0.08f * b.s, 0);
    p.bones[k_bone_upper_arm_l] = shoulder_l_m * forward(shoulder_l) * outward(arm_out_l, true);
    p.bones[k_bone_upper_arm_r] = shoulder_r_m * forward(shoulder_r) * outward(arm_out_r, false);
    p.bones[k_bone_fore_arm_l] = p.bones[k_bone_upper_arm_l] * T(0, -b.upper_arm(), 0) * forward(elbow_l);
    p.bones[k_bone_fore_arm_r] = p.bones[k_bone_upper_arm_r] * T(0, -b.upper_arm(), 0) * forward(elbow_r);
    // The hand's grip: at the end of the forearm, with +Y along the forearm towards the fingers.
    p.right_hand = p.bones[k_bone_fore_arm_r] * T(0, -b.fore_arm() - 0.05f * b.s, 0.02f * b.s) *
                   glm::rotate(glm::mat4(1.0f), glm::radians(180.0f), glm::vec3(1, 0, 0));
    float thigh = f.sitting ? 88.0f : 0.0f, knee = f.sitting ? -88.0f : 0.0f;
    p.bones[k_bone_thigh_l] = p.bones[k_bone_pelvis] * T(b.hip_x(), 0, 0) * forward(thigh);
    p.bones[k_bone_thigh_r] = p.bones[k_bone_pelvis] * T(-b.hip_x(), 0, 0) * forward(thigh);
    p.bones[k_bone_shin_l] = p.bones[k_bone_thigh_l] * T(0, -b.thigh(), 0) * forward(knee);
    p.bones[k_bone_shin_r] = p.bones[k_bone_thigh_r] * T(0, -b.thigh(), 0) * forward(knee);
    return p;
}

} // namespace qx::scene
