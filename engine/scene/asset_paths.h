#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace qx::scene {

// Where "assets/..." paths in scene files are found, in order: $QINGXING_ASSET_DIR, the
// build's generated assets (tools/generate-assets writes them at build time), and the data
// root's assets/ (files authored by hand).
std::vector<std::filesystem::path> asset_roots();

// The file an "assets/models/pipe.glb" path names, or nullopt when no root has it.
std::optional<std::filesystem::path> resolve_asset(std::string_view path);

// The same, falling back to the first root (so a missing file's error names a real place).
std::filesystem::path asset_path(std::string_view path);

} // namespace qx::scene
