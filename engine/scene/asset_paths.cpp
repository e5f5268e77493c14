#include "scene/asset_paths.h"

#include "core/file.h"
#include "core/platform.h"


namespace qx::scene {
namespace fs = std::filesystem;

std::vector<fs::path> asset_roots() {
    std::vector<fs::path> roots;
    if (auto env = core::env("QINGXING_ASSET_DIR")) roots.push_back(core::utf8_path(*env));
#ifdef QX_GENERATED_ASSET_DIR
    roots.emplace_back(QX_GENERATED_ASSET_DIR);
#endif
    fs::path data = core::data_root();
    roots.push_back(data / "generated-assets"); // where an installed copy keeps them
    roots.push_back(data);
    return roots;
}

std::optional<fs::path> resolve_asset(std::string_view path) {
    fs::path rel(path);
    // Scene files say "assets/textures/x.png"; generated roots hold "textures/x.png".
    fs::path inner = rel;
    if (!rel.empty() && *rel.begin() == "assets") inner = rel.lexically_relative("assets");
    std::error_code ec;
    for (const fs::path& root : asset_roots()) {
        for (const fs::path& candidate : {root / inner, root / rel}) {
            if (fs::is_regular_file(candidate, ec)) return candidate;
        }
    }
    return std::nullopt;
}

fs::path asset_path(std::string_view path) {
    if (auto found = resolve_asset(path)) return *found;
    return core::data_root() / fs::path(path);
}

} // namespace qx::scene
