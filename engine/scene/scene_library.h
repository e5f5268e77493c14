#pragma once

#include "scene/scene_file.h"

#include <filesystem>
#include <string>
#include <vector>

namespace qx::scene {

// The scene files shipped in <data root>/scenes/ (not presets, not protocols).
std::filesystem::path scenes_dir();
std::vector<std::string> list_scenes();
std::filesystem::path scene_path(std::string_view name);

// Loads and validates a scene by name; problems (including "no such scene") go to `diag`.
std::optional<SceneDef> load_scene(std::string_view name, core::Diagnostics& diag);

} // namespace qx::scene
