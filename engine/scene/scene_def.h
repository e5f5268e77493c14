#pragma once

#include "scene/environment.h"
#include "scene/material.h"
#include "scene/math.h"

#include <array>
#include <map>
#include <optional>
#include "core/cue_level.h"

#include <string>
#include <vector>

namespace qx::scene {

inline constexpr int k_max_level = core::k_max_cue_level;

// Text a person sees, in both languages.
struct LocalText {
    std::string zh;
    std::string en;
};

// A piecewise-linear function of exposure x = level + intensity (0..5): level 2 at half
// intensity is x = 2.5. Points are sorted by x; outside them the end values hold.
struct Curve {
    std::vector<glm::vec2> points;
    float eval(float x) const;
    bool non_decreasing() const;
};

enum class CueCategory { place, paraphernalia, people, social_offer, sound };
const char* to_string(CueCategory c);

// What makes an entity, light or sound a drug cue: its kind, the level it appears at, and how it
// grows within and across levels.
struct Cue {
    CueCategory category = CueCategory::paraphernalia;
    int min_level = 1;
    std::optional<Curve> visibility; // 0..1 opacity; default: fully visible from min_level
    std::optional<Curve> distance;   // horizontal metres from the resident's eyes, along the authored direction
    std::optional<Curve> motion;     // 0..1, scales the entity's animation
    std::optional<Curve> volume;     // 0..1, multiplies a sound's gain
};

enum class ShapeKind { box, sphere, cylinder, cone, plane, quad, torus };

struct Shape {
    ShapeKind kind = ShapeKind::box;
    glm::vec3 size{1.0f}; // box: w h d; sphere: radius; cylinder/cone: radius, height; plane: w d; quad: w h; torus: R r
    float uv_scale = 1.0f;
};

enum class AnimationClip { none, idle, talk, offer, prepare, sway, pulse, spin, flicker, bob, breathe };

struct Animation {
    AnimationClip clip = AnimationClip::none;
    float speed = 1.0f;
    float amplitude = 1.0f;
    float phase = 0.0f; // seconds, so two figures are not in step
};

// A person, built from simple shapes and posed each frame by its animation.
struct Figure {
    glm::vec3 skin{0.80f, 0.62f, 0.50f};
    glm::vec3 shirt{0.2f, 0.25f, 0.35f};
    glm::vec3 trousers{0.15f, 0.15f, 0.18f};
    glm::vec3 hair{0.05f, 0.04f, 0.04f};
    bool sitting = true;
    float height = 1.70f;
    std::string holds; // entity id carried in the right hand (moves with the hand), or empty
};

// A material of the scene file: factors, and texture files by slot (empty: none).
struct MaterialDef {
    Material material;
    std::string base_color_texture;
    std::string normal_texture;
    std::string metallic_roughness_texture;
    std::string emissive_texture;
    std::string occlusion_texture;
    bool repeat = true;
};

struct EntityDef {
    std::string id;
    std::string model;                 // asset path of a glTF model, or empty
    std::optional<Shape> shape;        // or a built-in shape
    std::optional<Figure> figure;      // or a person
    std::string material;              // a material of the scene (for shapes; overrides a model's)
    glm::vec3 position{0.0f};
    glm::vec3 rotation_degrees{0.0f};  // applied Y (yaw), then X (pitch), then Z (roll)
    glm::vec3 scale{1.0f};
    std::string parent;                // id of the entity this one moves with
    std::optional<Cue> cue;
    Animation animation;
    bool cast_shadow = true;
    std::string json_pointer;          // where it was defined, for messages
};

struct LightDef {
    std::string id;
    Light light;
    std::optional<Cue> cue;
    Animation animation; // flicker / pulse modulate intensity
};

struct SoundDef {
    std::string id;
    std::string sound;               // asset path
    glm::vec3 position{0.0f};
    bool positional = true;          // false: ambience around the listener
    bool loop = true;
    float gain = 1.0f;
    std::string attach_to;           // entity id whose position it follows, or empty
    std::optional<Cue> cue;
    std::string category = "ambience"; // mixer group: ambience, cue, music, voice
};

struct NarrationDef {
    std::string id;
    LocalText text;
    std::string audio_zh;            // asset paths (may be empty)
    std::string audio_en;
    float at_seconds = 0.0f;         // when it plays after the scene starts (or after min_level is reached)
    int min_level = 0;               // cue scenes: plays once this level is reached
    bool younger_audience = true;    // false: left out in "younger audience" mode
};

// An area of interest gaze is measured against: a sphere around a point, or following an entity.
// A cue area marks a drug cue (the pipe, the foil, the offered hand); a neutral one an object of
// similar size and place that is not (the window, a friend's face), the comparison attentional
// bias is measured by.
enum class InterestKind { neutral, cue };

struct PointOfInterest {
    std::string id;
    LocalText label;
    InterestKind kind = InterestKind::neutral;
    glm::vec3 position{0.0f};
    float radius = 0.2f;
    std::string entity;              // follows this entity, or empty
};

struct Seat {
    glm::vec3 position{0.0f};        // on the floor, where the resident's chair stands
    float yaw_degrees = 0.0f;        // 0: facing −Z
    float eye_height = 1.2f;         // seated eye height above the floor
    glm::vec3 eye() const { return position + glm::vec3(0.0f, eye_height, 0.0f); }
};

struct BreathingGuide {
    float inhale_seconds = 4.0f;
    float hold_seconds = 2.0f;
    float exhale_seconds = 6.0f;
    std::string entity;              // the entity that swells and shrinks with the breath
};

enum class SceneKind { calm, cue, exhibit };

struct SceneDef {
    std::string name;
    std::string file;
    SceneKind kind = SceneKind::cue;
    LocalText title;
    std::array<LocalText, k_max_level + 1> level_notes; // what each level adds, for the therapist
    Environment environment;
    Seat seat;
    std::map<std::string, MaterialDef> materials;
    std::vector<EntityDef> entities;
    std::vector<LightDef> lights;
    std::vector<SoundDef> sounds;
    std::vector<NarrationDef> narration;
    std::vector<PointOfInterest> points_of_interest;
    std::optional<BreathingGuide> breathing;
};

} // namespace qx::scene
