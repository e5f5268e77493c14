// Scenes ready to draw, loaded off the frame thread so a scene change never stalls a frame.
#pragma once

#include "audio/audio_engine.h"
#include "render/gpu_scene.h"
#include "scene/loaded_scene.h"

#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace qx::stage {

struct ReadyScene {
    std::unique_ptr<scene::LoadedScene> scene;
    std::unique_ptr<render::GpuScene> gpu;
    std::shared_ptr<audio::SceneSounds> sounds; // decoded with the scene (nullptr without audio)
    core::Diagnostics problems; // placeholders used, logged already
};

class SceneCache {
public:
    explicit SceneCache(render::Renderer& renderer, audio::AudioEngine* audio = nullptr)
        : m_renderer(renderer), m_audio(audio) {}
    ~SceneCache();

    // Loads now, on this thread (start-up: the calm room and the first scene). Throws
    // core::Error listing the scene file's problems when it is invalid.
    ReadyScene& load_now(const std::string& name);
    // Starts loading in the background if not loaded or loading; never blocks.
    void request(const std::string& name);
    // The scene if it is ready (collects a finished background load); nullptr otherwise.
    ReadyScene* get(const std::string& name);
    // A background load that failed: its reason, once (then forgotten).
    std::optional<std::string> take_failure(const std::string& name);

private:
    static std::unique_ptr<ReadyScene> build(render::Renderer& renderer, audio::AudioEngine* audio,
                                             const std::string& name);

    render::Renderer& m_renderer;
    audio::AudioEngine* m_audio;
    std::map<std::string, std::unique_ptr<ReadyScene>> m_ready;
    std::map<std::string, std::future<std::unique_ptr<ReadyScene>>> m_loading;
    std::map<std::string, std::string> m_failed;
};

} // namespace qx::stage
