// core — the limits every JSON input is read under, and the one parse that enforces them.
// Files (scenes, presets, protocols, demo counts) and payloads read back from the database all
// come through parse_json, so a hostile input is refused with its file and place named.
#pragma once

#include "core/json.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace qx::core {

// What one JSON input may be. Nesting is checked by a linear scan *before* nlohmann parses:
// the parse itself is iterative, but copying, comparing and writing a value recurse once per
// level, so a file nested a million deep would overflow the stack long after it was read.
struct JsonLimits {
    std::size_t max_bytes = 0;
    std::size_t max_depth = 0;
};

// Scene, preset and protocol files and the demo counts: the largest shipped file is ~20 KB and
// nests 7 levels, so these leave room for hand-written files many times larger.
inline constexpr JsonLimits k_json_file_limits{4 * 1024 * 1024, 64};
// An event payload or SSQ answers read back from the database (the app writes ~1 KB, 4 levels).
inline constexpr JsonLimits k_json_record_limits{256 * 1024, 32};

// The value of one JSON text, or the one problem that stopped it. The problem is a plain
// sentence naming `file` and the line and column (or the limit), never nlohmann's text alone.
struct JsonParse {
    std::optional<Json> value;
    Problem problem;
};

JsonParse parse_json(std::string_view text, const std::string& file, const JsonLimits& limits);

// The text of a file, or why not: unreadable, or over `limits.max_bytes` (checked before reading).
struct FileText {
    std::optional<std::string> text;
    Problem problem;
};
FileText read_json_text(const std::filesystem::path& path, const JsonLimits& limits);

// Reads and parses a file, refusing one over the size limit before reading it.
JsonParse load_json_file(const std::filesystem::path& path, const JsonLimits& limits);

} // namespace qx::core
