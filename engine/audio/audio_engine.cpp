#include "audio/audio_engine.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "core/log.h"

#include <AL/al.h>
#include <AL/alc.h>
#include <AL/alext.h>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>

namespace qx::audio {
namespace {

constexpr std::size_t k_stream_buffers = 4;
constexpr std::size_t k_stream_frames = 8192;   // about 0.19 s per buffer at 44.1 kHz
constexpr float k_duck = 0.45f;                  // others' gain while narration speaks

float approach(float value, float target, float max_step) {
    return value + std::clamp(target - value, -max_step, max_step);
}

} // namespace

Category parse_category(std::string_view name) {
    if (name == "cue") return Category::cue;
    if (name == "music") return Category::music;
    if (name == "voice") return Category::voice;
    return Category::ambience;
}

struct Voice {
    const SoundSpec* spec = nullptr;
    ALuint source = 0;
    std::unique_ptr<OggStream> stream;
    std::array<ALuint, k_stream_buffers> stream_buffers{};
    float gain = 0.0f;   // applied
    float target = 0.0f; // from the scene's state
    glm::vec3 position{0.0f};
    bool started = false;
};

struct SceneVoices {
    std::shared_ptr<SceneSounds> sounds;
    std::vector<Voice> voices;
    float fade = 0.0f;
    float fade_target = 1.0f;
};

struct AudioEngine::Impl {
    ALCdevice* device = nullptr;
    ALCcontext* context = nullptr;
    LPALCRENDERSAMPLESSOFT render_samples = nullptr;

    // Written by the frame thread, read by the audio thread.
    std::mutex mutex;
    ListenerPose listener;
    std::shared_ptr<SceneSounds> scene;
    std::vector<SourceState> states;
    std::vector<std::filesystem::path> say_queue;
    bool stop_voice = false;
    float master = 1.0f;
    std::array<float, k_category_count> categories{1.0f, 1.0f, 1.0f, 1.0f};

    // The audio thread's own state.
    std::vector<SceneVoices> scenes;
    std::map<const Pcm*, ALuint> buffers;
    Voice voice;
    std::shared_ptr<Pcm> voice_pcm;
    ALuint voice_buffer = 0;
    float duck = 1.0f;
    std::atomic<bool> speaking{false};
    std::atomic<bool> quit{false};

    ALuint buffer_for(const Pcm& pcm) {
        auto it = buffers.find(&pcm);
        if (it != buffers.end()) return it->second;
        ALuint b = 0;
        alGenBuffers(1, &b);
        alBufferData(b, pcm.channels == 2 ? AL_FORMAT_STEREO16 : AL_FORMAT_MONO16, pcm.samples.data(),
                     ALsizei(pcm.samples.size() * sizeof(std::int16_t)), pcm.rate);
        buffers[&pcm] = b;
        return b;
    }

    void start(Voice& v) {
        alGenSources(1, &v.source);
        alSourcef(v.source, AL_GAIN, 0.0f);
        alSourcef(v.source, AL_REFERENCE_DISTANCE, 1.0f);
        alSourcef(v.source, AL_ROLLOFF_FACTOR, 1.0f);
        if (!v.spec->positional) {
            alSourcei(v.source, AL_SOURCE_RELATIVE, AL_TRUE);
            alSource3f(v.source, AL_POSITION, 0.0f, 0.0f, 0.0f);
        }
        if (v.spec->ogg) {
            try {
                v.stream = std::make_unique<OggStream>(v.spec->ogg, v.spec->name);
            } catch (const std::exception& e) {
                core::log_error("audio", "{}", e.what());
                return;
            }
            alGenBuffers(ALsizei(k_stream_buffers), v.stream_buffers.data());
            for (ALuint b : v.stream_buffers) refill(v, b);
            alSourceQueueBuffers(v.source, ALsizei(k_stream_buffers), v.stream_buffers.data());
        } else if (v.spec->pcm && !v.spec->pcm->samples.empty()) {
            alSourcei(v.source, AL_BUFFER, ALint(buffer_for(*v.spec->pcm)));
            alSourcei(v.source, AL_LOOPING, v.spec->loop ? AL_TRUE : AL_FALSE);
        } else {
            return; // a sound that failed to load plays as silence
        }
        alSourcePlay(v.source);
        v.started = true;
    }

    void refill(Voice& v, ALuint buffer) {
        std::vector<std::int16_t> pcm(k_stream_frames * std::size_t(v.stream->channels()));
        std::size_t frames = v.stream->read(pcm.data(), k_stream_frames, v.spec->loop);
        if (frames == 0) frames = 1; // a silent sample keeps the queue valid at the end
        alBufferData(buffer, v.stream->channels() == 2 ? AL_FORMAT_STEREO16 : AL_FORMAT_MONO16, pcm.data(),
                     ALsizei(frames * std::size_t(v.stream->channels()) * sizeof(std::int16_t)), v.stream->rate());
    }

    void service_stream(Voice& v) {
        if (!v.stream || !v.source) return;
        ALint processed = 0;
        alGetSourcei(v.source, AL_BUFFERS_PROCESSED, &processed);
        while (processed-- > 0) {
            ALuint b = 0;
            alSourceUnqueueBuffers(v.source, 1, &b);
            refill(v, b);
            alSourceQueueBuffers(v.source, 1, &b);
        }
        ALint state = 0;
        alGetSourcei(v.source, AL_SOURCE_STATE, &state);
        if (state != AL_PLAYING && v.spec->loop) alSourcePlay(v.source); // recover from an underrun
    }

    void destroy(Voice& v) {
        if (v.source) {
            alSourceStop(v.source);
            alSourcei(v.source, AL_BUFFER, 0);
            alDeleteSources(1, &v.source);
        }
        if (v.stream) alDeleteBuffers(ALsizei(k_stream_buffers), v.stream_buffers.data());
        v = Voice{};
    }
};

AudioEngine::AudioEngine(AudioOptions options) : m_impl(std::make_unique<Impl>()), m_options(options) {
    Impl& s = *m_impl;
    if (options.output == AudioOptions::Output::none) {
        m_status = "sound is off";
        return;
    }
    std::vector<ALCint> attrs;
    if (options.output == AudioOptions::Output::loopback) {
        auto open_loopback = reinterpret_cast<LPALCLOOPBACKOPENDEVICESOFT>(alcGetProcAddress(nullptr, "alcLoopbackOpenDeviceSOFT"));
        s.render_samples = reinterpret_cast<LPALCRENDERSAMPLESSOFT>(alcGetProcAddress(nullptr, "alcRenderSamplesSOFT"));
        if (!open_loopback || !s.render_samples) {
            m_status = "no sound: OpenAL Soft has no loopback device";
            return;
        }
        s.device = open_loopback(nullptr);
        attrs = {ALC_FORMAT_CHANNELS_SOFT, ALC_STEREO_SOFT, ALC_FORMAT_TYPE_SOFT, ALC_SHORT_SOFT, ALC_FREQUENCY,
                 options.loopback_rate};
    } else {
        s.device = alcOpenDevice(nullptr);
    }
    if (!s.device) {
        m_status = "no sound device could be opened: the session carries on silently (check the speakers or headset audio)";
        core::log_warn("audio", "{}", m_status);
        return;
    }
    if (alcIsExtensionPresent(s.device, "ALC_SOFT_HRTF")) {
        attrs.push_back(ALC_HRTF_SOFT);
        attrs.push_back(options.hrtf ? ALC_TRUE : ALC_FALSE);
    }
    attrs.push_back(0);
    s.context = alcCreateContext(s.device, attrs.data());
    if (!s.context || !alcMakeContextCurrent(s.context)) {
        m_status = "the sound device could not be used: the session carries on silently";
        core::log_warn("audio", "{}", m_status);
        if (s.context) alcDestroyContext(s.context);
        alcCloseDevice(s.device);
        s.device = nullptr;
        s.context = nullptr;
        return;
    }
    alDistanceModel(AL_INVERSE_DISTANCE_CLAMPED);
    ALCint hrtf = 0;
    alcGetIntegerv(s.device, ALC_HRTF_SOFT, 1, &hrtf);
    const char* name = alcGetString(s.device, ALC_DEVICE_SPECIFIER);
    m_status = fmt::format("OpenAL {} on {}{}", reinterpret_cast<const char*>(alGetString(AL_VERSION)),
                           name ? name : "the default device", hrtf ? ", HRTF on" : "");
    m_available = true;
    core::log_info("audio", "{}", m_status);
    if (options.threaded) m_thread = std::thread([this] { thread_main(); });
}

AudioEngine::~AudioEngine() {
    Impl& s = *m_impl;
    s.quit = true;
    if (m_thread.joinable()) m_thread.join();
    if (!m_available) return;
    for (SceneVoices& sv : s.scenes) {
        for (Voice& v : sv.voices) s.destroy(v);
    }
    s.destroy(s.voice);
    if (s.voice_buffer) alDeleteBuffers(1, &s.voice_buffer);
    for (auto& [pcm, b] : s.buffers) alDeleteBuffers(1, &b);
    alcMakeContextCurrent(nullptr);
    alcDestroyContext(s.context);
    alcCloseDevice(s.device);
}

SoundSpec load_sound(const std::filesystem::path& file, std::string name, bool loop, bool positional,
                     Category category) {
    SoundSpec spec;
    spec.loop = loop;
    spec.positional = positional;
    spec.category = category;
    auto bytes = core::read_binary_file(file);
    const std::string label = file.filename().string();
    if (file.extension() == ".ogg" && bytes.size() > 64 * 1024) {
        spec.ogg = std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes)); // streamed
    } else if (file.extension() == ".ogg") {
        spec.pcm = std::make_shared<const Pcm>(decode_ogg(bytes, label));
    } else {
        spec.pcm = std::make_shared<const Pcm>(decode_wav(bytes, label));
    }
    spec.name = std::move(name);
    return spec;
}

void AudioEngine::frame(const ListenerPose& listener, std::shared_ptr<SceneSounds> scene,
                        std::span<const SourceState> sounds) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->listener = listener;
    m_impl->scene = std::move(scene);
    m_impl->states.assign(sounds.begin(), sounds.end()); // keeps its capacity: no allocation once warm
}

void AudioEngine::say(const std::filesystem::path& file) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->say_queue.push_back(file);
}

void AudioEngine::stop_voice() {
    std::lock_guard lock(m_impl->mutex);
    m_impl->say_queue.clear();
    m_impl->stop_voice = true;
}

bool AudioEngine::speaking() const { return m_impl->speaking.load(); }

void AudioEngine::set_master_volume(float v) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->master = std::clamp(v, 0.0f, 1.0f);
}

void AudioEngine::set_category_volume(Category c, float v) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->categories[std::size_t(c)] = std::clamp(v, 0.0f, 1.0f);
}

float AudioEngine::master_volume() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->master;
}

float AudioEngine::category_volume(Category c) const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->categories[std::size_t(c)];
}

void AudioEngine::thread_main() {
    double last = core::mono_seconds();
    while (!m_impl->quit) {
        double now = core::mono_seconds();
        update(now - last);
        last = now;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void AudioEngine::update(double dt_seconds) {
    if (!m_available) return;
    Impl& s = *m_impl;
    float dt = float(std::clamp(dt_seconds, 0.0, 0.1));

    ListenerPose listener;
    std::shared_ptr<SceneSounds> scene;
    std::vector<SourceState> states;
    std::vector<std::filesystem::path> say;
    bool stop_voice = false;
    float master;
    std::array<float, k_category_count> categories;
    {
        std::lock_guard lock(s.mutex);
        listener = s.listener;
        scene = s.scene;
        states = s.states;
        say.swap(s.say_queue);
        stop_voice = std::exchange(s.stop_voice, false);
        master = s.master;
        categories = s.categories;
    }

    glm::vec3 at = listener.orientation * glm::vec3(0, 0, -1), up = listener.orientation * glm::vec3(0, 1, 0);
    ALfloat orientation[6] = {at.x, at.y, at.z, up.x, up.y, up.z};
    alListener3f(AL_POSITION, listener.position.x, listener.position.y, listener.position.z);
    alListenerfv(AL_ORIENTATION, orientation);

    // A new scene fades in while every other fades out.
    if (scene && (s.scenes.empty() || s.scenes.back().sounds != scene)) {
        for (SceneVoices& sv : s.scenes) sv.fade_target = 0.0f;
        SceneVoices fresh;
        fresh.sounds = scene;
        fresh.voices.resize(scene->sounds.size());
        for (std::size_t i = 0; i < scene->sounds.size(); ++i) fresh.voices[i].spec = &scene->sounds[i];
        s.scenes.push_back(std::move(fresh));
    }

    // Narration.
    if (stop_voice) s.destroy(s.voice);
    for (const std::filesystem::path& file : say) {
        const std::string path = file.filename().string();
        try {
            auto bytes = core::read_binary_file(file);
            s.destroy(s.voice);
            if (s.voice_buffer) alDeleteBuffers(1, &s.voice_buffer);
            s.voice_pcm = std::make_shared<Pcm>(path.ends_with(".ogg") ? decode_ogg(bytes, path) : decode_wav(bytes, path));
            alGenBuffers(1, &s.voice_buffer);
            alBufferData(s.voice_buffer, s.voice_pcm->channels == 2 ? AL_FORMAT_STEREO16 : AL_FORMAT_MONO16,
                         s.voice_pcm->samples.data(), ALsizei(s.voice_pcm->samples.size() * 2), s.voice_pcm->rate);
            alGenSources(1, &s.voice.source);
            alSourcei(s.voice.source, AL_SOURCE_RELATIVE, AL_TRUE);
            alSourcei(s.voice.source, AL_BUFFER, ALint(s.voice_buffer));
            alSourcef(s.voice.source, AL_GAIN, master * categories[std::size_t(Category::voice)]);
            alSourcePlay(s.voice.source);
        } catch (const std::exception& e) {
            core::log_error("audio", "narration {} not played: {}", path, e.what());
        }
    }
    bool speaking = false;
    if (s.voice.source) {
        ALint state = 0;
        alGetSourcei(s.voice.source, AL_SOURCE_STATE, &state);
        speaking = state == AL_PLAYING;
        alSourcef(s.voice.source, AL_GAIN, master * categories[std::size_t(Category::voice)]);
        if (!speaking) s.destroy(s.voice);
    }
    s.speaking = speaking;
    s.duck = approach(s.duck, speaking ? k_duck : 1.0f, dt * 2.0f);

    float slew = k_gain_slew_per_second * dt;
    for (std::size_t si = 0; si < s.scenes.size(); ++si) {
        SceneVoices& sv = s.scenes[si];
        sv.fade = approach(sv.fade, sv.fade_target, dt / k_scene_fade_seconds);
        bool newest = si + 1 == s.scenes.size();
        for (std::size_t i = 0; i < sv.voices.size(); ++i) {
            Voice& v = sv.voices[i];
            if (newest && i < states.size()) {
                v.target = states[i].gain;
                v.position = states[i].position;
            }
            float wanted = v.target * master * categories[std::size_t(v.spec->category)] * s.duck * sv.fade;
            if (!v.source && wanted > 0.0f && !(v.started && !v.spec->loop)) s.start(v);
            if (!v.source) continue;
            v.gain = approach(v.gain, wanted, slew);
            alSourcef(v.source, AL_GAIN, v.gain);
            if (v.spec->positional) alSource3f(v.source, AL_POSITION, v.position.x, v.position.y, v.position.z);
            s.service_stream(v);
            // A one-shot that has finished is released (and not replayed until the scene returns).
            if (!v.spec->loop && !v.stream) {
                ALint state = 0;
                alGetSourcei(v.source, AL_SOURCE_STATE, &state);
                if (state == AL_STOPPED) {
                    alDeleteSources(1, &v.source);
                    v.source = 0;
                }
            }
        }
    }
    // Scenes that have faded out completely are released.
    for (auto it = s.scenes.begin(); it != s.scenes.end();) {
        bool silent = it->fade_target == 0.0f && it->fade <= 0.0f &&
                      std::all_of(it->voices.begin(), it->voices.end(), [](const Voice& v) { return v.gain <= 0.0f; });
        if (silent) {
            for (Voice& v : it->voices) s.destroy(v);
            it = s.scenes.erase(it);
        } else {
            ++it;
        }
    }
}

std::vector<std::int16_t> AudioEngine::render(std::size_t frames) {
    std::vector<std::int16_t> out(frames * 2, 0);
    if (m_available && m_impl->render_samples) m_impl->render_samples(m_impl->device, out.data(), ALCsizei(frames));
    return out;
}

float AudioEngine::applied_gain(std::size_t index) const {
    if (m_impl->scenes.empty()) return 0.0f;
    const SceneVoices& sv = m_impl->scenes.back();
    return index < sv.voices.size() ? sv.voices[index].gain : 0.0f;
}

} // namespace qx::audio
