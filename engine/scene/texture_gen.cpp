#include "scene/texture_gen.h"

#include <algorithm>
#include <cmath>

namespace qx::scene {

float hash01(std::int32_t x, std::int32_t y, std::uint32_t seed) {
    std::uint32_t h = static_cast<std::uint32_t>(x) * 0x8da6b343u ^ static_cast<std::uint32_t>(y) * 0xd8163841u ^
                      seed * 0xcb1ab31fu;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    return static_cast<float>(h & 0xffffffu) / 16777216.0f;
}

float value_noise(float x, float y, std::int32_t period, std::uint32_t seed) {
    float fx = std::floor(x), fy = std::floor(y);
    std::int32_t ix = static_cast<std::int32_t>(fx), iy = static_cast<std::int32_t>(fy);
    float tx = x - fx, ty = y - fy;
    tx = tx * tx * (3.0f - 2.0f * tx);
    ty = ty * ty * (3.0f - 2.0f * ty);
    auto wrap = [&](std::int32_t i) { return period > 0 ? ((i % period) + period) % period : i; };
    float a = hash01(wrap(ix), wrap(iy), seed), b = hash01(wrap(ix + 1), wrap(iy), seed);
    float c = hash01(wrap(ix), wrap(iy + 1), seed), d = hash01(wrap(ix + 1), wrap(iy + 1), seed);
    return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty;
}

float fbm(float x, float y, std::int32_t period, int octaves, std::uint32_t seed) {
    float sum = 0.0f, amp = 0.5f, norm = 0.0f;
    for (int o = 0; o < octaves; ++o) {
        sum += value_noise(x, y, period, seed + std::uint32_t(o) * 101u) * amp;
        norm += amp;
        x *= 2.0f;
        y *= 2.0f;
        period *= 2;
        amp *= 0.5f;
    }
    return sum / norm;
}

Image generate_image(std::uint32_t width, std::uint32_t height, const std::function<glm::vec4(float, float)>& fn) {
    Image image(width, height);
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            glm::vec4 c = glm::clamp(fn((float(x) + 0.5f) / float(width), (float(y) + 0.5f) / float(height)), 0.0f, 1.0f);
            image.set(x, y, std::uint8_t(std::lround(c.r * 255.0f)), std::uint8_t(std::lround(c.g * 255.0f)),
                      std::uint8_t(std::lround(c.b * 255.0f)), std::uint8_t(std::lround(c.a * 255.0f)));
        }
    }
    return image;
}

Image normal_map_from_height(std::uint32_t size, const std::function<float(float, float)>& height, float strength) {
    float texel = 1.0f / float(size);
    auto h = [&](float u, float v) { return height(u - std::floor(u), v - std::floor(v)); };
    return generate_image(size, size, [&](float u, float v) {
        float dx = (h(u + texel, v) - h(u - texel, v)) * strength;
        // v runs down the image; the map's +Y is up the image, so a height rising downwards tilts -Y.
        float dy = (h(u, v - texel) - h(u, v + texel)) * strength;
        glm::vec3 n = glm::normalize(glm::vec3(-dx, -dy, 1.0f));
        return glm::vec4(n * 0.5f + 0.5f, 1.0f);
    });
}

float tile_height(float u, float v, int tiles, float grout) {
    float tu = u * float(tiles), tv = v * float(tiles);
    float fu = tu - std::floor(tu), fv = tv - std::floor(tv);
    float edge = std::min({fu, 1.0f - fu, fv, 1.0f - fv});
    // 0 in the grout, rising over a small bevel to 1 on the tile face.
    return std::clamp((edge - grout * 0.5f) / (grout * 0.75f), 0.0f, 1.0f);
}

} // namespace qx::scene
