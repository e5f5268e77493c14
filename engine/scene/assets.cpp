#include "scene/assets.h"

namespace qx::scene {

std::uint32_t SceneAssets::add_mesh(Mesh mesh) {
    meshes.push_back(std::move(mesh));
    return static_cast<std::uint32_t>(meshes.size() - 1);
}

std::uint32_t SceneAssets::add_material(Material material) {
    materials.push_back(std::move(material));
    return static_cast<std::uint32_t>(materials.size() - 1);
}

std::int32_t SceneAssets::add_texture(Texture texture) {
    textures.push_back(std::move(texture));
    return static_cast<std::int32_t>(textures.size() - 1);
}

} // namespace qx::scene
