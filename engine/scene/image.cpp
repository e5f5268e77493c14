#include "scene/image.h"

#include "core/error.h"
#include "core/file.h"

#include <cstring>
#include <stb_image.h>
#include <stb_image_write.h>

namespace qx::scene {

void Image::set(std::uint32_t x, std::uint32_t y, std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a) {
    std::uint8_t* p = at(x, y);
    p[0] = r;
    p[1] = g;
    p[2] = b;
    p[3] = a;
}

Image decode_image(std::span<const std::uint8_t> bytes, const std::string& name) {
    int w = 0, h = 0, channels = 0;
    stbi_uc* data = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels, 4);
    if (!data) throw core::Error(fmt::format("{}: not a readable image ({})", name, stbi_failure_reason()));
    if (w <= 0 || h <= 0 || w > 16384 || h > 16384) {
        stbi_image_free(data);
        throw core::Error(fmt::format("{}: image size {}x{} is out of range", name, w, h));
    }
    Image image(static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(h));
    std::memcpy(image.pixels.data(), data, image.pixels.size());
    stbi_image_free(data);
    return image;
}

Image load_image(const std::filesystem::path& path) {
    return decode_image(core::read_binary_file(path), core::display_path(path));
}

std::vector<std::uint8_t> encode_png(const Image& image) {
    std::vector<std::uint8_t> out;
    auto sink = [](void* ctx, void* data, int size) {
        auto* bytes = static_cast<std::vector<std::uint8_t>*>(ctx);
        bytes->insert(bytes->end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + size);
    };
    int ok = stbi_write_png_to_func(sink, &out, static_cast<int>(image.width), static_cast<int>(image.height), 4,
                                    image.pixels.data(), static_cast<int>(image.width * 4));
    QX_ENSURE(ok, "PNG encoding of a {}x{} image failed", image.width, image.height);
    return out;
}

void save_png(const std::filesystem::path& path, const Image& image) { core::write_file_atomic(path, encode_png(image)); }

Image missing_texture_image(std::uint32_t size) {
    Image image(size, size);
    std::uint32_t cell = std::max(size / 8, 1u);
    for (std::uint32_t y = 0; y < size; ++y) {
        for (std::uint32_t x = 0; x < size; ++x) {
            bool magenta = ((x / cell) + (y / cell)) % 2 == 0;
            image.set(x, y, magenta ? 255 : 0, 0, magenta ? 255 : 0);
        }
    }
    return image;
}

Image solid_image(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a) {
    Image image(1, 1);
    image.set(0, 0, r, g, b, a);
    return image;
}

Image side_by_side(const Image& left, const Image& right) {
    QX_ENSURE(left.height == right.height, "side_by_side: heights differ ({} and {})", left.height, right.height);
    Image out(left.width + right.width, left.height);
    for (std::uint32_t y = 0; y < left.height; ++y) {
        std::memcpy(out.at(0, y), left.at(0, y), std::size_t(left.width) * 4);
        std::memcpy(out.at(left.width, y), right.at(0, y), std::size_t(right.width) * 4);
    }
    return out;
}

} // namespace qx::scene
