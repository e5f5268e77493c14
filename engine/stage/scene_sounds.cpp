#include "stage/scene_sounds.h"

#include "core/log.h"
#include "scene/asset_paths.h"

namespace qx::stage {

std::shared_ptr<audio::SceneSounds> load_scene_sounds(const scene::SceneDef& def, core::Diagnostics* diag) {
    auto out = std::make_shared<audio::SceneSounds>();
    out->scene = def.name;
    out->sounds.reserve(def.sounds.size());
    for (const scene::SoundDef& d : def.sounds) {
        const audio::Category category = audio::parse_category(d.category);
        try {
            out->sounds.push_back(audio::load_sound(scene::asset_path(d.sound), d.sound, d.loop, d.positional, category));
        } catch (const std::exception& e) {
            core::log_error("audio", "sound {} of scene {} is silent: {}", d.sound, def.name, e.what());
            if (diag) diag->add({def.file, "/sounds", e.what()});
            audio::SoundSpec silent;
            silent.name = d.sound;
            silent.loop = d.loop;
            silent.positional = d.positional;
            silent.category = category;
            out->sounds.push_back(std::move(silent));
        }
    }
    return out;
}

void to_sources(std::span<const scene::SoundState> states, std::vector<audio::SourceState>& out) {
    out.resize(states.size());
    for (std::size_t i = 0; i < states.size(); ++i) out[i] = {states[i].index, states[i].position, states[i].gain};
}

} // namespace qx::stage
