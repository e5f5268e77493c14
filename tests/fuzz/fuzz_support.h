// What the fuzz targets share: a scratch folder per process, and a quiet logger.
#pragma once

#include "core/log.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace qx::fuzz {

// A fresh folder under $TMPDIR for targets whose parser reads files; made once per process.
inline const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "qx-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        return std::filesystem::path(pattern);
    }();
    return dir;
}

// Parsers log what they skip; a fuzzer calls them millions of times.
inline void quiet_logs() { core::Logger::instance().set_level(core::LogLevel::error); }

// Writes the input where a parser reads it from; plainly, as the atomic writer's fsync would
// make the target a hundred times slower.
inline void write_input(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace qx::fuzz
