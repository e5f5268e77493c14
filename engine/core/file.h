#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace qx::core {

// Whole-file reads; throw core::Error naming the path and the system's reason.
std::string read_text_file(const std::filesystem::path& path);
std::vector<std::uint8_t> read_binary_file(const std::filesystem::path& path);

// Writes to a temporary file beside `path`, fsyncs it, then renames it over `path`: readers
// see the old file or the new one, never half of one, even after a power cut.
void write_file_atomic(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);
void write_file_atomic(const std::filesystem::path& path, std::string_view text);
// Makes renames and creations in `dir` durable (a no-op where the system has no such call).
void fsync_directory(const std::filesystem::path& dir);

// The folder holding scenes/, assets/ (and, in a source tree, shaders/): $QINGXING_DATA_DIR if
// set, else <exe>/../share/qingxing when installed, else the source tree the binary was built from.
std::filesystem::path data_root();

// Where records, logs and caches live: $QINGXING_HOME, else $XDG_DATA_HOME/qingxing, else
// ~/.local/share/qingxing. Created on first use.
std::filesystem::path user_data_dir();

// Where reports go when no --out names a folder: with $QINGXING_HOME set, its reports/ (one folder
// holds everything: tests, portable use); else default_reports_dir() (Windows: the user's
// Documents\Qingxing), else the data folder's reports/. Not created here: the report writer does.
std::filesystem::path reports_dir();

// Path shown to people: relative to the current directory when it lies beneath it.
std::string display_path(const std::filesystem::path& path);

} // namespace qx::core
