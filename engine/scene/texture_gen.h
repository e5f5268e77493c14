#pragma once

#include "scene/image.h"
#include "scene/math.h"

#include <cstdint>
#include <functional>

namespace qx::scene {

// Deterministic procedural texture helpers: the same arguments give the same bytes on every
// machine (integer hashing, no platform random numbers).

// A hash of (x, y, seed) to [0, 1).
float hash01(std::int32_t x, std::int32_t y, std::uint32_t seed);
// Smooth value noise in [0, 1), tiling with `period` cells; fbm sums `octaves` of it.
float value_noise(float x, float y, std::int32_t period, std::uint32_t seed);
float fbm(float x, float y, std::int32_t period, int octaves, std::uint32_t seed);

// Fills an image from a function of (u, v) in [0, 1) giving linear-or-sRGB RGBA in [0, 1].
Image generate_image(std::uint32_t width, std::uint32_t height, const std::function<glm::vec4(float, float)>& fn);

// A tangent-space normal map (glTF convention: +Y up in the image) from a height function,
// `strength` scaling the slopes. Heights are sampled with wrap-around so tiles match.
Image normal_map_from_height(std::uint32_t size, const std::function<float(float, float)>& height, float strength);

// Floor tiles: `tiles` per side with grout lines; the height function used by the maps below.
float tile_height(float u, float v, int tiles, float grout);

} // namespace qx::scene
