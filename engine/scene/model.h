#pragma once

#include "core/json.h"
#include "scene/assets.h"

#include <filesystem>
#include <string>
#include <vector>

namespace qx::scene {

// One mesh drawn with one material.
struct ModelPart {
    std::uint32_t mesh = 0;     // into Model::meshes
    std::uint32_t material = 0; // into Model::materials
};

// What one glTF file holds, flattened: node transforms are baked into the vertices, and every
// primitive is a part. Material texture indices point into `textures`.
struct Model {
    std::string name; // the file it came from
    std::vector<Mesh> meshes;
    std::vector<Material> materials;
    std::vector<Texture> textures;
    std::vector<ModelPart> parts;
    Bounds bounds;
    bool placeholder = false; // true when this stands in for a file that could not be loaded
};

// Loads a glTF 2.0 file (.glb or .gltf). Textures referenced by URI are loaded from beside the
// file with load_texture (a missing one becomes the missing-texture checkerboard, logged).
// Throws core::Error naming the file and the problem when the geometry cannot be read.
Model load_model(const std::filesystem::path& path);

// A visible stand-in for a model that could not be loaded: a magenta-and-black checkered box
// `size` metres across, standing on the ground.
Model placeholder_model(const std::string& name, float size = 0.4f);

// load_model, or on any failure the placeholder, with the file and the problem logged (and
// added to `diag` when given). The frame loop never sees an exception from a bad asset.
Model load_model_or_placeholder(const std::filesystem::path& path, core::Diagnostics* diag = nullptr);

// Loads a PNG (or JPEG...) texture; on failure logs the file and problem (and adds it to
// `diag`) and returns the missing-texture checkerboard, so the gap is visible.
Texture load_texture(const std::filesystem::path& path, bool srgb, core::Diagnostics* diag = nullptr);

// Copies a model's meshes, materials and textures into `assets` (re-indexing them) and returns
// the parts with indices into `assets`.
std::vector<ModelPart> add_model(SceneAssets& assets, const Model& model);

} // namespace qx::scene
