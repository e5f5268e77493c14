#include "app/scene_names.h"

#include "core/file.h"

#include <algorithm>
#include <filesystem>

namespace qx::app {

std::vector<std::string> known_scene_names() {
    std::vector<std::string> names;
    std::error_code ec;
    std::filesystem::path dir = core::data_root() / "scenes";
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        std::string file = entry.path().filename().string();
        const std::string suffix = ".scene.json";
        if (file.size() > suffix.size() && file.ends_with(suffix))
            names.push_back(file.substr(0, file.size() - suffix.size()));
    }
    if (names.empty()) names = {"calm-room", "street-night", "rented-room", "ktv-room", "offer"};
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace qx::app
