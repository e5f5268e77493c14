// audio — the scene's sound with OpenAL Soft: positional cue sounds and ambience that follow the
// resident's head, smooth fades, streamed music, narration; a real device, the loopback device
// (tests) or silence. Knows no scenes: it plays sounds it is given at positions it is given.
#pragma once

#include "audio/sound_data.h"
#include "core/json.h"

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include <array>
#include <filesystem>
#include <memory>
#include <span>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace qx::audio {

// Mixer groups, each with its own volume in the panel.
enum class Category : int { ambience = 0, cue = 1, music = 2, voice = 3 };
inline constexpr int k_category_count = 4;
Category parse_category(std::string_view name); // unknown names are ambience

struct AudioOptions {
    enum class Output { device, loopback, none };
    Output output = Output::device;
    int loopback_rate = 44100;
    bool hrtf = false;      // headset: binaural rendering through OpenAL Soft's HRTF
    bool threaded = true;   // false: the owner calls update() (tests, for sample-exact results)
};

// One sound to play: decoded PCM, or compressed Ogg bytes streamed while playing.
struct SoundSpec {
    std::string name;
    std::shared_ptr<const Pcm> pcm;
    std::shared_ptr<const std::vector<std::uint8_t>> ogg; // streamed instead of pcm
    bool loop = true;
    bool positional = true;
    Category category = Category::ambience;
};

// Reads and decodes a sound file (WAV, or Ogg: decoded when small, streamed when large). Throws
// core::Error naming the file when it is missing or broken. Safe from any thread.
SoundSpec load_sound(const std::filesystem::path& file, std::string name, bool loop, bool positional,
                     Category category);

// One place's sounds, loaded off the frame thread; the owner keeps index i meaning the same
// sound in every SourceState it passes.
class SceneSounds {
public:
    std::vector<SoundSpec> sounds;
    std::string scene;
};

// Sound `index` of the playing set this frame: where it is and how loud (0: silent).
struct SourceState {
    std::uint32_t index = 0;
    glm::vec3 position{0.0f};
    float gain = 0.0f;
};

struct ListenerPose {
    glm::vec3 position{0.0f};
    glm::quat orientation{1.0f, 0.0f, 0.0f, 0.0f};
};

class AudioEngine {
public:
    static constexpr float k_scene_fade_seconds = 0.6f;
    static constexpr float k_gain_slew_per_second = 4.0f; // the most a gain moves in a second

    explicit AudioEngine(AudioOptions options = {});
    ~AudioEngine();
    AudioEngine(const AudioEngine&) = delete;
    AudioEngine& operator=(const AudioEngine&) = delete;

    // False when no sound device could be opened: everything then runs silently.
    bool available() const { return m_available; }
    // "OpenAL Soft 1.19.1 on <device>, HRTF on", or why there is no sound.
    const std::string& status() const { return m_status; }

    // Each frame: where the head is, which set of sounds is playing and each one's state. Never
    // blocks: the audio thread picks it up. A change of set cross-fades.
    void frame(const ListenerPose& listener, std::shared_ptr<SceneSounds> scene, std::span<const SourceState> sounds);
    // Plays a narration file (voice category, ducks the rest while it speaks).
    void say(const std::filesystem::path& file);
    void stop_voice();
    bool speaking() const;

    void set_master_volume(float v);
    void set_category_volume(Category c, float v);
    float master_volume() const;
    float category_volume(Category c) const;

    // Manual mode: advances fades and streams by `dt` seconds.
    void update(double dt);
    // Loopback: mixes `frames` stereo frames (interleaved L R, 16-bit).
    std::vector<std::int16_t> render(std::size_t frames);
    // The gain actually applied to sound `index` of the showing scene (tests).
    float applied_gain(std::size_t index) const;

private:
    struct Impl;
    void thread_main();

    std::unique_ptr<Impl> m_impl;
    bool m_available = false;
    std::string m_status;
    AudioOptions m_options;
    std::thread m_thread;
};

} // namespace qx::audio
