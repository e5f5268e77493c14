#pragma once

#include "scene/math.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace qx::scene {

// The one vertex layout of the renderer (glTF's attributes): 48 bytes.
struct Vertex {
    glm::vec3 position{0.0f};
    glm::vec3 normal{0.0f, 1.0f, 0.0f};
    glm::vec4 tangent{1.0f, 0.0f, 0.0f, 1.0f}; // xyz tangent, w handedness of the bitangent
    glm::vec2 uv{0.0f};
};
static_assert(sizeof(Vertex) == 48);

struct Bounds {
    glm::vec3 min{0.0f};
    glm::vec3 max{0.0f};
    glm::vec3 center() const { return (min + max) * 0.5f; }
    float radius() const { return glm::length(max - min) * 0.5f; }
};

struct Mesh {
    std::string name;
    std::vector<Vertex> vertices;
    std::vector<std::uint32_t> indices; // triangles, counter-clockwise when seen from the front
    Bounds bounds;
};

// Recomputes `bounds` from the vertices.
void compute_bounds(Mesh& mesh);
// Per-vertex tangents from positions, normals and UVs (for normal mapping).
void compute_tangents(Mesh& mesh);
// Applies a transform to positions, normals and tangents.
void transform_mesh(Mesh& mesh, const glm::mat4& m);
// Appends `src` to `dst` (indices re-based).
void append_mesh(Mesh& dst, const Mesh& src);

// Procedural shapes in metres, centred on the origin unless said otherwise; UVs in metres
// where `uv_scale` is given, so textures tile at a real-world size.
Mesh make_box(glm::vec3 size, float uv_scale = 1.0f);
Mesh make_plane(glm::vec2 size, float uv_scale = 1.0f);               // in XZ, facing +Y
Mesh make_quad(glm::vec2 size);                                        // in XY, facing +Z, UV 0..1
Mesh make_sphere(float radius, int segments = 32, int rings = 16);
Mesh make_cylinder(float radius, float height, int segments = 24, bool caps = true); // base at y = 0
Mesh make_cone(float radius, float height, int segments = 24);                      // base at y = 0
// A surface of revolution about +Y through `profile` points (radius, height), bottom to top:
// bottles, cups, lamp shades. Caps close the ends where the radius is not zero.
Mesh make_lathe(const std::vector<glm::vec2>& profile, int segments = 32, bool cap_bottom = true, bool cap_top = true);
// A grid in XZ (facing +Y) of `size`, with `cells` per side, displaced along Y by height(u, v).
Mesh make_height_grid(glm::vec2 size, int cells, const std::function<float(float, float)>& height);
Mesh make_capsule(float radius, float height, int segments = 16, int rings = 6); // base at y = 0, height includes caps
Mesh make_torus(float major_radius, float minor_radius, int segments = 32, int sides = 12);

} // namespace qx::scene
