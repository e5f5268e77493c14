#include "app/scene_player.h"

#include "core/i18n.h"
#include "core/log.h"

#include <algorithm>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtx/quaternion.hpp>

namespace qx::app {
namespace {

// The calm room's dusk teal: what fades go through, so a change never flashes black.
const glm::vec3 k_fade_color{0.06f, 0.10f, 0.11f};

gpu::StereoView place_in_seat(const gpu::StereoView& tracking, const scene::LoadedScene& s) {
    gpu::StereoView v = tracking;
    glm::quat seat = s.seat_orientation();
    glm::vec3 eye = s.eye_position();
    for (auto& e : v.eyes) {
        e.pose.position = eye + seat * e.pose.position;
        e.pose.orientation = glm::normalize(seat * e.pose.orientation);
    }
    return v;
}

} // namespace

ScenePlayer::ScenePlayer(render::Renderer& renderer, SceneCache& cache, audio::AudioEngine* audio)
    : m_renderer(renderer), m_cache(cache), m_audio(audio) {
    m_cache.load_now(k_calm_room); // always resident
    m_showing = k_calm_room;
}

void ScenePlayer::set_seat_overlays(std::span<const render::OverlayQuad> quads) {
    m_overlay_count = std::min(quads.size(), k_max_seat_overlays);
    std::copy_n(quads.begin(), m_overlay_count, m_seat_overlays.begin());
}

const scene::LoadedScene* ScenePlayer::scene() const {
    ReadyScene* r = m_cache.get(m_showing);
    return r ? r->scene.get() : nullptr;
}

void ScenePlayer::frame(const SceneTarget& target, double seconds, const gpu::StereoView& tracking,
                        render::FrameInput& input) {
    float dt = float(std::clamp(seconds - m_last_seconds, 0.0, 0.25));
    m_last_seconds = seconds;
    // Paused: the scene holds still (its clock stops; fades still finish).
    if (target.frozen) m_scene_start += double(dt);
    std::string wanted = target.calm_room ? std::string(k_calm_room) : target.scene;

    if (target.calm_room && m_showing != k_calm_room) {
        // Calm room now: on screen this frame, coming up out of the calm colour.
        m_showing = k_calm_room;
        m_next.clear();
        m_fade = std::max(m_fade, 0.5f);
        m_scene_start = seconds;
        m_narrated.clear();
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
            m_narrated.clear();
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
    glm::mat4 seat = glm::translate(glm::mat4(1.0f), s.eye_position()) * glm::mat4_cast(s.seat_orientation());
    for (std::size_t i = 0; i < m_overlay_count; ++i) {
        m_world_overlays[i] = m_seat_overlays[i];
        m_world_overlays[i].transform = seat * m_seat_overlays[i].transform;
    }
    input.overlays = {m_world_overlays.data(), m_overlay_count};

    if (m_audio) {
        // The listener sits between the eyes and turns with the head.
        audio::ListenerPose ear{(input.view.eyes[0].pose.position + input.view.eyes[1].pose.position) * 0.5f,
                                input.view.eyes[0].pose.orientation};
        m_audio->frame(ear, ready->sounds, m_frame_scene.sounds);
    }
    if (m_narrated.size() != s.def().narration.size()) {
        m_narrated.assign(s.def().narration.size(), false);
        m_level_reached.fill(-1.0);
    }
    double scene_seconds = seconds - m_scene_start;
    for (int l = 0; l <= m_level; ++l) {
        if (m_level_reached[std::size_t(l)] < 0.0) m_level_reached[std::size_t(l)] = scene_seconds;
    }
    narrate(s, scene_seconds);
}

void ScenePlayer::narrate(const scene::LoadedScene& s, double scene_seconds) {
    if (m_narration_line && scene_seconds > m_narration_until) m_narration_line = nullptr;
    const auto& lines = s.def().narration;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const scene::NarrationDef& n = lines[i];
        if (m_narrated[i] || n.at_seconds < 0.0f) continue;
        if (m_younger && !n.younger_audience) continue;
        double reached = m_level_reached[std::size_t(std::clamp(n.min_level, 0, scene::k_max_level))];
        if (reached < 0.0 || scene_seconds < reached + n.at_seconds) continue;
        m_narrated[i] = true;
        if (!m_narration_enabled) continue;
        m_narration_line = &n;
        bool zh = core::current_lang() == core::Lang::zh_CN;
        const std::string& path = zh ? n.audio_zh : n.audio_en;
        // Captions stay up about as long as it takes to read them (and to hear them).
        const std::string& text = zh ? n.text.zh : n.text.en;
        m_narration_until = scene_seconds + 2.0 + double(text.size()) * (zh ? 0.08 : 0.06);
        if (m_audio && !path.empty()) m_audio->say(path);
        core::log_info("app", "narration {}: {}", n.id, text);
    }
}

} // namespace qx::app
