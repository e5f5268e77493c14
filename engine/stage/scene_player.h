// What the resident sees, frame by frame: the target scene at a level and intensity, with the
// target's fades between scenes and steps, the calm room at once when asked, and the seat placed
// in the scene.
#pragma once

#include "render/renderer.h"
#include "session/target.h"
#include "stage/scene_cache.h"

#include <array>
#include <memory>
#include <span>
#include <string>

namespace qx::stage {

class ScenePlayer {
public:
    static constexpr const char* k_calm_room = "calm-room";
    // The GPU scene's name while no scene is loaded yet (the veil): no scene to scale for.
    static constexpr const char* k_nothing = "nothing yet";

    // How the player starts: with the calm room loaded before the constructor returns, or at once,
    // loading it in the background (a display gets frames from the first moment, as a headset
    // runtime wants; until a scene is ready they are the calm colour, then the scene fades in).
    enum class Start { calm_room_loaded, at_once };
    ScenePlayer(render::Renderer& renderer, SceneCache& cache, audio::AudioEngine* audio = nullptr,
                Start start = Start::calm_room_loaded);

    // Decides what to draw at `seconds` for `target`, and fills `input` (which points into this
    // player's storage until the next call). `tracking` is the display's view in seat space.
    // A new `target.scene_change` (or another scene) fades out and back in over `target.fade_s`
    // in all; the calm room is shown at once and its veil clears over `target.fade_s`.
    void frame(const session::Target& target, double seconds, const gpu::StereoView& tracking, render::FrameInput& input);

    const std::string& showing() const { return m_showing; }
    // How often what the resident sees has begun or finished changing since the first target:
    // another scene (or the same anew) asked for, the calm room at once, a new scene on screen.
    std::uint32_t changes() const { return m_changes; }
    int level() const { return m_level; }
    float intensity() const { return m_intensity; }
    float fade() const { return m_fade; }
    // Whether `target`'s scene is on screen, no change under way and the veil (almost) clear: a
    // frame drawn now shows what `target` asks for. False until a new target has been through
    // `frame`.
    bool shows_clearly(const session::Target& target) const;
    // Whether a scene is drawn (false while the first one loads: the frame is the calm colour).
    bool has_scene() const;
    // Points of interest of the scene shown (for gaze logging), at the last frame.
    const scene::FrameScene& frame_scene() const { return m_frame_scene; }
    const scene::LoadedScene* scene() const;
    // The narration line being spoken (for captions), or nullptr.
    const scene::NarrationDef* narration() const { return m_narration_line; }
    // Leaves out narration marked unsuitable for a younger audience (open days).
    void set_younger_audience(bool younger) { m_younger = younger; }
    // Off: no narration starts (lines due meanwhile are skipped, not saved up).
    void set_narration_enabled(bool enabled) { m_narration_enabled = enabled; }
    // Quads placed in seat space (the craving prompt), drawn over the scene from the next frame
    // on, wherever the seat is in the scene shown. At most k_max_seat_overlays.
    static constexpr std::size_t k_max_seat_overlays = 4;
    void set_seat_overlays(std::span<const render::OverlayQuad> quads);

private:
    render::Renderer& m_renderer;
    SceneCache& m_cache;
    std::string m_showing;     // the scene on screen
    std::string m_next;        // the scene being faded to, while `m_changing`
    bool m_changing = false;   // fading out towards `m_next` (and its level)
    bool m_seen_change = false;
    std::uint32_t m_scene_change = 0; // the target's last scene change acted on
    std::uint32_t m_changes = 0;      // changes() 
    double m_fade_s = 0.0;     // the length of the change under way (out and in)
    float m_clear_rate = 2.0f; // fade units per second while the veil clears
    int m_level = 0;
    float m_intensity = 0.0f;
    float m_fade = 1.0f;       // 0 clear .. 1 fully the fade colour
    double m_last_seconds = 0.0;
    double m_scene_start = 0.0;
    scene::FrameScene m_frame_scene;
    scene::Environment m_environment;
    audio::AudioEngine* m_audio = nullptr;
    std::vector<audio::SourceState> m_sources;
    // Narration of the scene on screen: which lines have played, when each level was reached.
    std::vector<bool> m_narrated;
    std::array<double, scene::k_max_level + 1> m_level_reached{};
    const scene::NarrationDef* m_narration_line = nullptr;
    double m_narration_until = 0.0;
    bool m_younger = false;
    bool m_narration_enabled = true;
    std::array<render::OverlayQuad, k_max_seat_overlays> m_seat_overlays{}, m_world_overlays{};
    std::size_t m_overlay_count = 0;
    // Drawn until the first scene is ready: no geometry, the environment dark, the veil up.
    std::unique_ptr<render::GpuScene> m_void;
    scene::Environment m_void_environment;

    void update_change(const session::Target& target, double seconds);
    void frame_void(double seconds, const gpu::StereoView& tracking, render::FrameInput& input);
    void advance_fade(const session::Target& target, double seconds, float dt);
    void narrate(const scene::LoadedScene& s, double scene_seconds);
};

} // namespace qx::stage
