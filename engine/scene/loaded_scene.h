#pragma once

#include "core/json.h"
#include "scene/assets.h"
#include "scene/scene_def.h"

#include <memory>
#include <vector>

namespace qx::scene {

// What a cue-gated scene shows at one moment.
struct SoundState {
    std::uint32_t index = 0;   // into SceneDef::sounds
    glm::vec3 position{0.0f};
    float gain = 0.0f;         // 0 when the sound's cue is absent at this level
};

struct PoiState {
    std::uint32_t index = 0;   // into SceneDef::points_of_interest
    glm::vec3 position{0.0f};
    bool visible = false;
};

struct FrameScene {
    std::vector<Instance> instances;
    std::vector<Light> lights;
    std::vector<SoundState> sounds;
    std::vector<PoiState> points_of_interest;
    float breath = 0.0f;                       // breathing guide: 0 empty .. 1 full
    int breath_phase = 0;                      // 0 inhale, 1 hold, 2 exhale, 3 rest
    std::vector<std::uint32_t> visible_cues;   // entity indices of cues drawn (visibility > 0)
};

// A scene built from its definition: models loaded (placeholders for broken ones), shapes and
// people made, all ready for the GPU; evaluate() poses it for a level, an intensity and a time.
class LoadedScene {
public:
    // Loads every model and texture the scene names. Never throws for a bad asset: each becomes
    // a placeholder and a Problem in `diag`.
    static std::unique_ptr<LoadedScene> build(SceneDef def, core::Diagnostics* diag = nullptr);

    const SceneDef& def() const { return m_def; }
    const SceneAssets& assets() const { return m_assets; }
    std::size_t placeholder_count() const { return m_placeholders; }

    // Exposure x = level + intensity (0..1 within the level).
    void evaluate(int level, float intensity, double seconds, FrameScene& out) const;

    // The resident's eye pose in this scene (seated).
    glm::vec3 eye_position() const { return m_def.seat.eye(); }
    glm::quat seat_orientation() const;

    struct Part {
        std::uint32_t mesh = 0;
        std::uint32_t material = 0;
        glm::mat4 local{1.0f};
        int bone = -1; // figures: which body part moves it (see figure posing)
    };
    struct Node {
        std::vector<Part> parts;
        int parent = -1;
        int holder = -1;        // a figure that holds this entity in its hand
        bool figure = false;
        glm::mat4 local{1.0f};
    };

private:
    SceneDef m_def;
    SceneAssets m_assets;
    std::vector<Node> m_nodes; // one per entity, same order
    std::vector<int> m_order;  // parents before children
    std::size_t m_placeholders = 0;
};

// How far the breathing guide is through its cycle at `seconds`: 0 empty .. 1 full, and phase.
float breathing_amount(const BreathingGuide& g, double seconds, int* phase = nullptr);

// The rotation of an entity from its Euler angles in degrees (yaw Y, then pitch X, then roll Z).
glm::quat euler_degrees(glm::vec3 degrees);

} // namespace qx::scene
