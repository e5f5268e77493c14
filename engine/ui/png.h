#pragma once

#include "ui/canvas.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace qx::ui {

// PNG bytes of a canvas (stb_image_write). Deterministic: the same canvas gives the same bytes.
std::vector<std::uint8_t> encode_png(const Canvas& canvas);
// Writes atomically (a reader never sees half a chart); throws core::Error naming the file.
void write_png(const std::filesystem::path& path, const Canvas& canvas);

} // namespace qx::ui
