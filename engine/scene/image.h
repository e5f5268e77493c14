#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace qx::scene {

// An 8-bit RGBA image, rows top to bottom.
struct Image {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> pixels; // width * height * 4

    Image() = default;
    Image(std::uint32_t w, std::uint32_t h) : width(w), height(h), pixels(std::size_t(w) * h * 4, 0) {}
    bool empty() const { return width == 0 || height == 0; }
    std::uint8_t* at(std::uint32_t x, std::uint32_t y) { return &pixels[(std::size_t(y) * width + x) * 4]; }
    const std::uint8_t* at(std::uint32_t x, std::uint32_t y) const { return &pixels[(std::size_t(y) * width + x) * 4]; }
    void set(std::uint32_t x, std::uint32_t y, std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255);
};

// Decodes a PNG (or any format stb_image reads) to RGBA8; throws core::Error naming `name`.
Image decode_image(std::span<const std::uint8_t> bytes, const std::string& name);
Image load_image(const std::filesystem::path& path);
// Encodes as PNG. Deterministic: the same image gives the same bytes.
std::vector<std::uint8_t> encode_png(const Image& image);
void save_png(const std::filesystem::path& path, const Image& image);

// The "missing texture" image: a magenta and black checkerboard nobody can mistake for art.
Image missing_texture_image(std::uint32_t size = 64);
// A 1×1 image of one colour.
Image solid_image(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255);

// Two images side by side (both the same height), e.g. left and right eye.
Image side_by_side(const Image& left, const Image& right);

} // namespace qx::scene
