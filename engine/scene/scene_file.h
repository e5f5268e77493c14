#pragma once

#include "core/json.h"
#include "scene/scene_def.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace qx::scene {

// Reads a scene file (scenes/<name>.scene.json), following "inherits" (another scene, or a
// preset in scenes/presets/<name>.json), and validates it strictly: unknown fields, wrong types,
// out-of-range values, unresolved references (parents, materials, asset files), duplicate ids,
// cycles and cue rules each add a Problem naming the file and the JSON pointer.
// Returns nullopt when there were problems (all of them are in `diag`).
std::optional<SceneDef> load_scene_file(const std::filesystem::path& path, core::Diagnostics& diag);

// The same from text, for tests; `inherits` is resolved against `scenes_dir`.
std::optional<SceneDef> parse_scene(std::string_view text, const std::string& file_name,
                                    const std::filesystem::path& scenes_dir, core::Diagnostics& diag);

// "#ff8800" (sRGB) to linear RGB.
glm::vec3 srgb_hex_to_linear(std::string_view hex, bool* ok = nullptr);

} // namespace qx::scene
