#pragma once

#include "scene/assets.h"

#include <vector>

namespace qx::scene {

// A scene built in code rather than loaded: the renderer's own test content.
struct BuiltScene {
    SceneAssets assets;
    std::vector<Instance> instances;
    Environment environment;
    std::vector<Light> lights;
};

// Every material feature at once, seen from a seated eye at (0, 1.2, 0) looking down −Z:
// tiled floor (base colour, normal, metallic-roughness and occlusion textures), a row of spheres
// from dielectric to metal and smooth to rough, a shadow-casting box, an emissive neon ring and
// sign, a glass pane and a puff of smoke (alpha blend), a leaf cut-out (alpha mask), a warm
// point light and a cool spot light, a sun with shadows, and light fog.
BuiltScene make_material_test_scene();

// For the parallax test: a red ball 0.6 m ahead and a green ball 30 m ahead, on black, unlit.
BuiltScene make_parallax_test_scene();

} // namespace qx::scene
