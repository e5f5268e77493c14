#include "scene/scene_library.h"

#include "core/file.h"

#include <algorithm>

namespace qx::scene {
namespace fs = std::filesystem;

fs::path scenes_dir() { return core::data_root() / "scenes"; }

std::vector<std::string> list_scenes() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(scenes_dir(), ec)) {
        std::string file = entry.path().filename().string();
        if (entry.is_regular_file() && file.ends_with(".scene.json")) names.push_back(file.substr(0, file.size() - 11));
    }
    std::sort(names.begin(), names.end());
    return names;
}

fs::path scene_path(std::string_view name) { return scenes_dir() / (std::string(name) + ".scene.json"); }

std::optional<SceneDef> load_scene(std::string_view name, core::Diagnostics& diag) {
    fs::path path = scene_path(name);
    if (!fs::exists(path)) {
        std::string known;
        for (const auto& n : list_scenes()) known += (known.empty() ? "" : ", ") + n;
        diag.add({core::display_path(path), "", "no scene named '" + std::string(name) + "' (scenes: " + known + ")"});
        return std::nullopt;
    }
    return load_scene_file(path, diag);
}

} // namespace qx::scene
