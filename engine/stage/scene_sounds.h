// A scene's sounds for the audio engine, which knows no scenes: the scene's sound definitions
// become decoded sounds, and each frame's sound states become sources placed and weighted.
#pragma once

#include "audio/audio_engine.h"
#include "core/json.h"
#include "scene/loaded_scene.h"

#include <memory>
#include <span>
#include <vector>

namespace qx::stage {

// Decodes the scene's sounds (index i is its SoundDef i). A missing or broken file is logged, added
// to `diag` and plays as silence. Safe from any thread.
std::shared_ptr<audio::SceneSounds> load_scene_sounds(const scene::SceneDef& def, core::Diagnostics* diag = nullptr);

// The frame's sound states as the audio engine's sources, into `out` (reused: no allocation once
// it has grown to the scene's size).
void to_sources(std::span<const scene::SoundState> states, std::vector<audio::SourceState>& out);

} // namespace qx::stage
