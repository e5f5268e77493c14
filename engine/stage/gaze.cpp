#include "stage/gaze.h"

#include "stage/scene_player.h"

#include <cmath>
#include <glm/gtc/quaternion.hpp>

namespace qx::stage {
namespace {

// Above this much veil the resident sees the fade colour, not the scene: no area is looked at.
constexpr float k_veiled = 0.9f;

std::array<float, 3> array_of(glm::vec3 v) { return {v.x, v.y, v.z}; }

} // namespace

gpu::Pose head_pose(const gpu::StereoView& view) {
    const gpu::Pose& l = view.eyes[0].pose;
    const gpu::Pose& r = view.eyes[1].pose;
    return {(l.position + r.position) * 0.5f, glm::slerp(l.orientation, r.orientation, 0.5f)};
}

GazeRay head_ray(const gpu::StereoView& view) { return pose_ray(head_pose(view)); }

GazeRay pose_ray(const gpu::Pose& pose) {
    return {pose.position, glm::normalize(pose.orientation * glm::vec3(0.0f, 0.0f, -1.0f))};
}

session::AreaKind area_kind(const scene::PointOfInterest& area) {
    return area.kind == scene::InterestKind::cue ? session::AreaKind::cue : session::AreaKind::neutral;
}

std::vector<session::GazeArea> gaze_areas(const scene::SceneDef& def) {
    std::vector<session::GazeArea> areas;
    for (const scene::PointOfInterest& p : def.points_of_interest) areas.push_back({p.id, area_kind(p), p.label.zh, p.label.en});
    return areas;
}

std::optional<glm::vec2> project_into_eye(const gpu::EyeView& eye, glm::vec3 direction) {
    const glm::vec3 d = glm::inverse(eye.pose.orientation) * direction;
    if (d.z >= -1e-4f) return std::nullopt; // beside or behind the eye
    const float x = d.x / -d.z, y = d.y / -d.z;
    const float l = std::tan(eye.fov.left), r = std::tan(eye.fov.right);
    const float u = std::tan(eye.fov.up), dn = std::tan(eye.fov.down);
    const glm::vec2 at{(x - l) / (r - l), (u - y) / (u - dn)};
    if (at.x < 0.0f || at.x > 1.0f || at.y < 0.0f || at.y > 1.0f) return std::nullopt;
    return at;
}

int hit_area(const scene::SceneDef& def, const scene::FrameScene& frame, glm::vec3 origin, glm::vec3 direction) {
    int best = -1;
    float nearest = std::numeric_limits<float>::infinity();
    for (const scene::PoiState& p : frame.points_of_interest) {
        if (!p.visible || p.index >= def.points_of_interest.size()) continue;
        const float radius = def.points_of_interest[p.index].radius;
        // The ray's nearest approach to the centre; inside the sphere when closer than the radius.
        const glm::vec3 to_centre = p.position - origin;
        const float along = glm::dot(to_centre, direction);
        const float miss2 = glm::dot(to_centre, to_centre) - along * along;
        if (miss2 > radius * radius) continue;
        const float entry = along - std::sqrt(radius * radius - miss2);
        const float exit = along + std::sqrt(radius * radius - miss2);
        if (exit < 0.0f) continue; // behind the eye
        const float at = std::max(entry, 0.0f);
        if (at < nearest) {
            nearest = at;
            best = static_cast<int>(p.index);
        }
    }
    return best;
}

session::GazeSample GazeProbe::sample(double t, bool shown, const gpu::StereoView& view,
                                      const std::optional<gpu::Pose>& eye_gaze, const ScenePlayer& player) const {
    session::GazeSample s;
    s.t = t;
    s.level = player.level();
    s.intensity = player.intensity();
    const scene::LoadedScene* scene = player.scene();
    const gpu::Pose pose = head_pose(view);
    const GazeRay head = pose_ray(pose);
    s.head_position = array_of(head.origin);
    s.head_orientation = {pose.orientation.x, pose.orientation.y, pose.orientation.z, pose.orientation.w};
    if (!shown) return s; // the headset shows nothing: no gaze

    GazeRay ray = head;
    s.source = session::GazeSource::head;
    if (eye_gaze) {
        ray = pose_ray(*eye_gaze);
        s.source = session::GazeSource::eyes;
    }
    const glm::vec3 seat_eye = scene ? scene->eye_position() : glm::vec3(0.0f);
    const glm::quat seat = scene ? scene->seat_orientation() : glm::quat(1.0f, 0.0f, 0.0f, 0.0f);
    if (const GazeScript::Line* line = m_script ? m_script->at(t) : nullptr) {
        s.source = session::GazeSource::scripted;
        ray = head;
        if (line->target == "none") {
            s.source = session::GazeSource::none;
            return s;
        }
        if (line->target != "ahead" && scene) {
            const auto& areas = scene->def().points_of_interest;
            for (const scene::PoiState& p : player.frame_scene().points_of_interest) {
                if (p.index < areas.size() && areas[p.index].id == line->target) {
                    // Aim from the head at the area, in the seat's frame.
                    const glm::vec3 target = glm::inverse(seat) * (p.position - seat_eye);
                    if (glm::length(target - head.origin) > 1e-4f) ray.direction = glm::normalize(target - head.origin);
                }
            }
        }
    }
    s.gaze_origin = array_of(ray.origin);
    s.gaze_direction = array_of(ray.direction);
    if (!scene || player.fade() > k_veiled) return s;
    const int hit = hit_area(scene->def(), player.frame_scene(), seat_eye + seat * ray.origin, seat * ray.direction);
    if (hit >= 0) {
        const scene::PointOfInterest& area = scene->def().points_of_interest[std::size_t(hit)];
        s.area = area.id;
        s.kind = area_kind(area);
    }
    return s;
}

std::optional<std::vector<session::GazeArea>> GazeProbe::areas_if_new(const ScenePlayer& player) {
    const scene::LoadedScene* scene = player.scene();
    if (!scene || scene->def().name == m_areas_of) return std::nullopt;
    m_areas_of = scene->def().name;
    return gaze_areas(scene->def());
}

} // namespace qx::stage
