#include "stage/scene_player.h"

#include "core/i18n.h"
#include "core/log.h"
#include "scene/asset_paths.h"
#include "scene/mesh.h"
#include "stage/scene_sounds.h"

#include <algorithm>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtx/quaternion.hpp>

namespace qx::stage {
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

ScenePlayer::ScenePlayer(render::Renderer& renderer, SceneCache& cache, audio::AudioEngine* audio, Start start)
    : m_renderer(renderer), m_cache(cache), m_audio(audio) {
    m_showing = k_calm_room; // always resident
    if (start == Start::calm_room_loaded) {
        m_cache.load_now(k_calm_room);
        return;
    }
    m_cache.request(k_calm_room);
    // A scene with nothing in it to draw (one tiny quad, never instanced): milliseconds to make.
    scene::SceneAssets nothing;
    nothing.add_mesh(scene::make_quad({0.01f, 0.01f}));
    nothing.add_material(scene::Material{});
    m_void = std::make_unique<render::GpuScene>(renderer, nothing, k_nothing);
    m_void_environment.sky_zenith = m_void_environment.sky_horizon = m_void_environment.ground = k_fade_color;
    m_void_environment.sun_intensity = 0.0f;
    m_void_environment.sun_shadows = false;
    m_void_environment.ambient_intensity = 0.0f;
}

bool ScenePlayer::has_scene() const {
    return m_cache.get(m_showing) || m_cache.get(k_calm_room);
}

void ScenePlayer::frame_void(double seconds, const gpu::StereoView& tracking, render::FrameInput& input) {
    m_fade = 1.0f; // the first scene comes up out of the veil
    m_scene_start = seconds;
    m_frame_scene = {};
    input.scene = m_void.get();
    input.instances = {};
    input.environment = &m_void_environment;
    input.lights = {};
    input.view = tracking;
    input.time_seconds = float(seconds);
    input.post.fade = 1.0f;
    input.post.fade_color = k_fade_color;
    input.overlays = {};
}

void ScenePlayer::set_seat_overlays(std::span<const render::OverlayQuad> quads) {
    m_overlay_count = std::min(quads.size(), k_max_seat_overlays);
    std::copy_n(quads.begin(), m_overlay_count, m_seat_overlays.begin());
}

const scene::LoadedScene* ScenePlayer::scene() const {
    ReadyScene* r = m_cache.get(m_showing);
    return r ? r->scene.get() : nullptr;
}

void ScenePlayer::frame(const session::Target& target, double seconds, const gpu::StereoView& tracking,
                        render::FrameInput& input) {
    float dt = float(std::clamp(seconds - m_last_seconds, 0.0, 0.25));
    m_last_seconds = seconds;
    // Paused: the scene holds still (its clock stops; fades still finish).
    if (target.frozen) m_scene_start += double(dt);
    update_change(target, seconds);
    advance_fade(target, seconds, dt);

    ReadyScene* ready = m_cache.get(m_showing);
    if (!ready) ready = m_cache.get(k_calm_room);
    if (!ready) {
        QX_ENSURE(m_void, "stage: the calm room is not loaded");
        if (auto why = m_cache.take_failure(k_calm_room)) {
            throw core::Error("the calm room could not be loaded: " + *why);
        }
        frame_void(seconds, tracking, input);
        return;
    }
    const scene::LoadedScene& s = *ready->scene;
    s.evaluate(m_level, m_intensity, seconds - m_scene_start, m_frame_scene);
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
        to_sources(m_frame_scene.sounds, m_sources);
        m_audio->frame(ear, ready->sounds, m_sources);
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

void ScenePlayer::update_change(const session::Target& target, double seconds) {
    const bool calm = target.calm_room || target.scene.empty();
    const std::string_view wanted = calm ? std::string_view(k_calm_room) : std::string_view(target.scene);
    const bool new_change = !m_seen_change || target.scene_change != m_scene_change;
    const std::string& heading_to = m_changing ? m_next : m_showing;
    if (!new_change && wanted == heading_to) return;
    if (m_seen_change) ++m_changes;
    m_seen_change = true;
    m_scene_change = target.scene_change;
    m_fade_s = std::max(0.0, target.fade_s);
    if (calm) {
        // Calm room now: on screen this frame, coming up out of the calm colour.
        m_changing = false;
        m_next.clear();
        if (m_showing != k_calm_room) {
            m_showing = k_calm_room;
            m_level = 0;
            m_intensity = 0.0f;
            m_fade = std::max(m_fade, 0.5f);
            m_scene_start = seconds;
            m_narrated.clear();
            core::log_info("stage", "calm room shown at once");
        }
        // Whatever veil is up clears over the target's fade: the calm room is fully seen then.
        m_clear_rate = m_fade_s > 0.0 ? float(std::max(double(m_fade), 0.01) / m_fade_s) : 1e9f;
        return;
    }
    m_next = wanted;
    m_changing = true;
    m_cache.request(m_next);
}

bool ScenePlayer::shows_clearly(const session::Target& target) const {
    const bool calm = target.calm_room || target.scene.empty();
    const std::string_view wanted = calm ? std::string_view(k_calm_room) : std::string_view(target.scene);
    const bool seen = m_seen_change && target.scene_change == m_scene_change;
    return seen && !m_changing && m_showing == wanted && m_fade <= 0.02f;
}

void ScenePlayer::advance_fade(const session::Target& target, double seconds, float dt) {
    if (m_changing) {
        if (auto why = m_cache.take_failure(m_next)) {
            core::log_error("stage", "staying in {}: {}", m_showing, *why);
            m_changing = false;
            m_next.clear();
        }
    }
    if (m_changing) {
        // Out over half the change; switch once it is dark and loaded; back in over the other half.
        m_fade = m_fade_s > 0.0 ? std::min(1.0f, m_fade + float(double(dt) * 2.0 / m_fade_s)) : 1.0f;
        if (m_fade >= 1.0f && m_cache.get(m_next)) {
            if (m_next != m_showing) {
                ++m_changes;
                m_showing = m_next;
                m_scene_start = seconds;
                m_narrated.clear();
            }
            m_next.clear();
            m_changing = false;
            if (m_fade_s > 0.0) {
                m_clear_rate = float(2.0 / m_fade_s);
            } else {
                m_fade = 0.0f; // no fade asked for: a cut
            }
        }
    } else {
        m_fade = std::max(0.0f, m_fade - dt * m_clear_rate);
    }
    // The level and intensity change with the scene change, under the veil, never before.
    if (!m_changing) {
        const bool shows_target = !target.calm_room && m_showing == target.scene;
        m_level = shows_target ? std::clamp(target.cue_level, 0, scene::k_max_level) : 0;
        m_intensity = shows_target ? float(target.intensity) : 0.0f;
    }
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
        if (m_audio && !path.empty()) m_audio->say(scene::asset_path(path));
        core::log_info("stage", "narration {}: {}", n.id, text);
    }
}

} // namespace qx::stage
