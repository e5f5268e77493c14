#include "ui/png.h"

#include "core/error.h"
#include "core/file.h"

#include <stb_image_write.h>

namespace qx::ui {

std::vector<std::uint8_t> encode_png(const Canvas& canvas) {
    std::vector<std::uint8_t> out;
    auto sink = [](void* context, void* data, int size) {
        auto* bytes = static_cast<std::vector<std::uint8_t>*>(context);
        auto* p = static_cast<const std::uint8_t*>(data);
        bytes->insert(bytes->end(), p, p + size);
    };
    int ok = stbi_write_png_to_func(sink, &out, canvas.width(), canvas.height(), 4, canvas.rgba().data(),
                                    canvas.width() * 4);
    QX_ENSURE(ok != 0 && !out.empty(), "encoding a {}×{} PNG failed", canvas.width(), canvas.height());
    return out;
}

void write_png(const std::filesystem::path& path, const Canvas& canvas) {
    core::write_file_atomic(path, encode_png(canvas));
}

} // namespace qx::ui
