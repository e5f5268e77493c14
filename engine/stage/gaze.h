// What the resident's gaze rests on, frame by frame: the eyes where the headset tracks them, the
// head's forward ray otherwise (recorded as such), or a script (tests, demonstrations); the ray is
// placed in the scene through the seat and hit against the scene's areas of interest.
#pragma once

#include "gpu/view.h"
#include "scene/loaded_scene.h"
#include "session/gaze.h"
#include "stage/gaze_script.h"

#include <optional>
#include <string>
#include <vector>

namespace qx::stage {

class ScenePlayer;

// A ray in the seat's tracking space (origin at the seated eye point, −Z ahead).
struct GazeRay {
    glm::vec3 origin{0.0f};
    glm::vec3 direction{0.0f, 0.0f, -1.0f};
};

// The head: between the eyes, facing their common forward direction; and its forward ray.
gpu::Pose head_pose(const gpu::StereoView& view);
GazeRay head_ray(const gpu::StereoView& view);
// The eyes' gaze pose as a ray (its −Z).
GazeRay pose_ray(const gpu::Pose& pose);

// The visible area of interest a world-space ray meets first (the nearest sphere it enters or
// starts in); -1 when none. `frame` is the scene's state at the frame (where areas that follow
// entities are, and whether they are shown at the level).
int hit_area(const scene::SceneDef& def, const scene::FrameScene& frame, glm::vec3 origin, glm::vec3 direction);

// A scene's areas of interest as the session names them, and one area's kind.
std::vector<session::GazeArea> gaze_areas(const scene::SceneDef& def);
session::AreaKind area_kind(const scene::PointOfInterest& area);

// Where a gaze direction (tracking space) falls in an eye's picture: 0..1 across from the left and
// down from the top; nothing when it points out of the eye's field of view.
std::optional<glm::vec2> project_into_eye(const gpu::EyeView& eye, glm::vec3 direction);

// The gaze as the therapist's mirror of the left eye shows it.
struct GazeMark {
    glm::vec2 at{0.5f};  // in the left eye's picture (project_into_eye)
    float aspect = 1.0f; // the eye picture's width / height (the mirror letterboxes it)
    bool cue = false;    // resting on a cue area
    bool eyes = false;   // from an eye tracker (else the head's ray or a script)
};

// Turns a frame into a gaze sample for the session.
class GazeProbe {
public:
    explicit GazeProbe(std::optional<GazeScript> script = std::nullopt) : m_script(std::move(script)) {}

    // The sample at session seconds `t` for a frame showing `player`'s scene with the display's
    // `view` (tracking space) and, where the headset tracks the eyes, their `eye_gaze`. No scene,
    // a frame not shown, or the scene veiled: no area.
    session::GazeSample sample(double t, bool shown, const gpu::StereoView& view,
                               const std::optional<gpu::Pose>& eye_gaze, const ScenePlayer& player) const;

    // The areas of interest of the scene shown, when it is not the one of the last call (else
    // nothing): for the session's log to name them.
    std::optional<std::vector<session::GazeArea>> areas_if_new(const ScenePlayer& player);

private:
    std::optional<GazeScript> m_script;
    std::string m_areas_of; // the scene whose areas were last given
};

} // namespace qx::stage
