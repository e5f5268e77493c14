#pragma once

#include "scene/math.h"

namespace qx::scene {

// Sky, sun, ambient light and fog: what surrounds a scene. Colours are linear RGB;
// intensities are relative (the renderer's exposure maps them to the display).
struct Environment {
    glm::vec3 sky_zenith{0.20f, 0.35f, 0.65f};
    glm::vec3 sky_horizon{0.65f, 0.72f, 0.80f};
    glm::vec3 ground{0.25f, 0.22f, 0.20f};
    float sky_intensity = 1.0f;

    glm::vec3 sun_direction{-0.4f, -0.8f, -0.45f}; // the direction the light travels
    glm::vec3 sun_color{1.0f, 0.95f, 0.85f};
    float sun_intensity = 3.0f;
    bool sun_shadows = true;

    glm::vec3 ambient_color{0.6f, 0.65f, 0.75f};
    float ambient_intensity = 0.35f;

    glm::vec3 fog_color{0.6f, 0.65f, 0.7f};
    float fog_density = 0.0f;   // per metre; 0 = no fog
    float fog_start = 0.0f;     // metres from the eye before fog begins
    float fog_height_falloff = 0.0f; // 0 = uniform; > 0 thins with height above fog_base
    float fog_base = 0.0f;
    float fog_max = 1.0f;       // most of a surface fog may hide

    float exposure = 1.0f;
};

enum class LightType { point, spot };

// A point or spot light (glTF KHR_lights_punctual semantics).
struct Light {
    LightType type = LightType::point;
    glm::vec3 position{0.0f};
    glm::vec3 direction{0.0f, -1.0f, 0.0f}; // spot: the direction it shines
    glm::vec3 color{1.0f};
    float intensity = 1.0f;         // candela-like
    float range = 10.0f;            // metres; falls to zero smoothly there
    float inner_cone = 0.3f;        // radians, spot only
    float outer_cone = 0.6f;
};

} // namespace qx::scene
