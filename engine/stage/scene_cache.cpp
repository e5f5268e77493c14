#include "stage/scene_cache.h"

#include "stage/scene_sounds.h"

#include "core/clock.h"
#include "core/log.h"
#include "scene/scene_library.h"

namespace qx::stage {

SceneCache::~SceneCache() {
    for (auto& [name, f] : m_loading) {
        if (f.valid()) f.wait();
    }
}

std::unique_ptr<ReadyScene> SceneCache::build(render::Renderer& renderer, audio::AudioEngine* audio,
                                               const std::string& name) {
    core::Stopwatch sw;
    auto ready = std::make_unique<ReadyScene>();
    auto def = scene::load_scene(name, ready->problems);
    ready->problems.throw_if_any("scene '" + name + "'");
    ready->scene = scene::LoadedScene::build(std::move(*def), &ready->problems);
    ready->gpu = std::make_unique<render::GpuScene>(renderer, ready->scene->assets(), name);
    if (audio) ready->sounds = load_scene_sounds(ready->scene->def(), &ready->problems);
    core::log_info("app", "scene {} ready in {:.0f} ms ({} placeholder{})", name, sw.millis(),
                   ready->scene->placeholder_count(), ready->scene->placeholder_count() == 1 ? "" : "s");
    return ready;
}

ReadyScene& SceneCache::load_now(const std::string& name) {
    if (auto* r = get(name)) return *r;
    if (auto it = m_loading.find(name); it != m_loading.end()) {
        m_ready[name] = it->second.get();
        m_loading.erase(it);
        return *m_ready[name];
    }
    m_ready[name] = build(m_renderer, m_audio, name);
    return *m_ready[name];
}

void SceneCache::request(const std::string& name) {
    if (m_ready.count(name) || m_loading.count(name)) return;
    m_failed.erase(name);
    render::Renderer& renderer = m_renderer;
    audio::AudioEngine* audio = m_audio;
    m_loading[name] = std::async(std::launch::async, [&renderer, audio, name] { return build(renderer, audio, name); });
}

ReadyScene* SceneCache::get(const std::string& name) {
    if (auto it = m_ready.find(name); it != m_ready.end()) return it->second.get();
    auto it = m_loading.find(name);
    if (it == m_loading.end()) return nullptr;
    if (it->second.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
    try {
        m_ready[name] = it->second.get();
    } catch (const std::exception& e) {
        core::log_error("app", "scene {} could not be loaded: {}", name, core::describe(e));
        m_failed[name] = core::describe(e);
        m_loading.erase(it);
        return nullptr;
    }
    m_loading.erase(it);
    return m_ready[name].get();
}

std::optional<std::string> SceneCache::take_failure(const std::string& name) {
    auto it = m_failed.find(name);
    if (it == m_failed.end()) return std::nullopt;
    std::string why = it->second;
    m_failed.erase(it);
    return why;
}

} // namespace qx::stage
