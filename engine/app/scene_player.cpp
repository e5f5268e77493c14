#include "app/scene_player.h"

#include "core/log.h"

#include <algorithm>

namespace qx::app {
namespace {

// The calm room's dusk teal: what fades go through, so a change never flashes black.
const glm::vec3 k_fade_color{0.06f, 0.10f, 0.11f};

render::StereoView place_in_seat(const render::StereoView& tracking, const scene::LoadedScene& s) {
    render::StereoView v = tracking;
    glm::quat seat = s.seat_orientation();
    glm::vec3 eye = s.eye_position();
    for (auto& e : v.eyes) {
        e.pose.position = eye + seat * e.pose.position;
        e.pose.orientation = glm::normalize(seat * e.pose.orientation);
    }
    return v;
}

} // namespace

ScenePlayer::ScenePlayer(render::Renderer& renderer, SceneCache& cache) : m_renderer(renderer), m_cache(cache) {
    m_cache.load_now(k_calm_room); // always resident
    m_showing = k_calm_room;
}

const scene::LoadedScene* ScenePlayer::scene() const {
    ReadyScene* r = m_cache.get(m_showing);
    return r ? r->scene.get() : nullptr;
}

void ScenePlayer::frame(const SceneTarget& target, double seconds, const render::StereoView& tracking,
                        render::FrameInput& input) {
    float dt = float(std::clamp(seconds - m_last_seconds, 0.0, 0.25));
    m_last_seconds = seconds;
    std::string wanted = target.calm_room ? std::string(k_calm_room) : target.scene;

    if (target.calm_room && m_showing != k_calm_room) {
        // Calm room now: on screen this frame, coming up out of the calm colour.
        m_showing = k_calm_room;
        m_next.clear();
        m_fade = std::max(m_fade, 0.5f);
        m_scene_start = seconds;
        core::log_info("app", "calm room shown at once");
    } else if (wanted != m_showing) {
        m_cache.request(wanted);
        if (m_next != wanted) m_next = wanted;
        if (auto why = m_cache.take_failure(wanted)) {
            core::log_error("app", "staying in {}: {}", m_showing, *why);
            m_next.clear();
        }
    }
    // Fade out towards a pending scene; switch once it is dark and loaded; fade back in.
    bool switching = !m_next.empty() && m_next != m_showing;
    if (switching) {
        m_fade = std::min(1.0f, m_fade + dt / k_fade_seconds);
        if (m_fade >= 1.0f && m_cache.get(m_next)) {
            m_showing = m_next;
            m_next.clear();
            m_scene_start = seconds;
        }
    } else {
        m_fade = std::max(0.0f, m_fade - dt / k_fade_seconds);
    }

    ReadyScene* ready = m_cache.get(m_showing);
    if (!ready) ready = m_cache.get(k_calm_room);
    const scene::LoadedScene& s = *ready->scene;
    m_level = m_showing == target.scene ? target.level : 0;
    float intensity = m_showing == target.scene ? target.intensity : 0.0f;
    s.evaluate(m_level, intensity, seconds - m_scene_start, m_frame_scene);
    m_environment = s.def().environment;

    input.scene = ready->gpu.get();
    input.instances = m_frame_scene.instances;
    input.environment = &m_environment;
    input.lights = m_frame_scene.lights;
    input.view = place_in_seat(tracking, s);
    input.time_seconds = float(seconds);
    input.post.fade = m_fade;
    input.post.fade_color = k_fade_color;
}

} // namespace qx::app
