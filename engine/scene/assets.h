#pragma once

#include "scene/environment.h"
#include "scene/image.h"
#include "scene/material.h"
#include "scene/mesh.h"

#include <string>
#include <vector>

namespace qx::scene {

// A texture and how its texels are meant: colour (sRGB) or data (linear).
struct Texture {
    std::string name; // its file, or a generator's name
    Image image;
    bool srgb = true;
    bool mipmaps = true;
    bool repeat = true; // wrap (tiles) or clamp (decals, signs)
};

// Everything a scene draws with, ready for upload: meshes, materials and textures. Indices
// into these vectors are how instances and materials refer to them.
struct SceneAssets {
    std::vector<Mesh> meshes;
    std::vector<Material> materials;
    std::vector<Texture> textures;

    std::uint32_t add_mesh(Mesh mesh);
    std::uint32_t add_material(Material material);
    std::int32_t add_texture(Texture texture);
};

// One object to draw this frame.
struct Instance {
    std::uint32_t mesh = 0;
    std::uint32_t material = 0;
    glm::mat4 transform{1.0f};
    float opacity = 1.0f;   // multiplies the material's alpha (cue fade-in)
    bool cast_shadow = true;
    // Its transform may change from one frame to the next (animated, or carried by something that
    // is): the renderer keeps still shadow casters' shadows between frames and redraws only these.
    bool moves = false;
};

} // namespace qx::scene
