#include "core/json_limits.h"

#include "core/error.h"
#include "core/file.h"

#include <cmath>
#include <cstdlib>
#include <fmt/format.h>

namespace qx::core {
namespace {

// "line 3, column 14" of a byte offset; counted only when there is a problem to place.
std::string place_of(std::string_view text, std::size_t offset) {
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return fmt::format("line {}, column {}", line, offset - line_start + 1);
}

bool is_number_char(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// A number nlohmann would refuse with its own exception (it overflows a double).
bool overflows(std::string_view token) {
    std::string copy(token); // strtod needs a terminated string
    char* end = nullptr;
    double v = std::strtod(copy.c_str(), &end);
    return end == copy.c_str() + copy.size() && std::isinf(v);
}

std::string shortened(std::string_view token) {
    constexpr std::size_t k_shown = 24;
    if (token.size() <= k_shown) return std::string(token);
    return fmt::format("{}… ({} characters)", token.substr(0, k_shown), token.size());
}

// One pass over the text outside strings: nesting depth and numbers out of a double's range.
// Returns the first problem; the syntax is left to nlohmann.
std::optional<std::string> scan(std::string_view text, const JsonLimits& limits) {
    std::size_t depth = 0;
    bool in_string = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limits.max_depth) {
                return fmt::format("nested deeper than the limit of {} levels (at {})", limits.max_depth,
                                   place_of(text, i));
            }
        } else if (c == ']' || c == '}') {
            if (depth > 0) --depth;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t end = i;
            while (end < text.size() && is_number_char(text[end])) ++end;
            std::string_view token = text.substr(i, end - i);
            if (overflows(token)) {
                return fmt::format("the number {} at {} is out of range: a number must lie within ±1.7e308",
                                   shortened(token), place_of(text, i));
            }
            i = end - 1;
        }
    }
    return std::nullopt;
}

} // namespace

JsonParse parse_json(std::string_view text, const std::string& file, const JsonLimits& limits) {
    JsonParse out;
    out.problem.file = file;
    if (text.size() > limits.max_bytes) {
        out.problem.message =
            fmt::format("is {} bytes, over the limit of {} bytes for this kind of file", text.size(), limits.max_bytes);
        return out;
    }
    if (auto problem = scan(text, limits)) {
        out.problem.message = std::move(*problem);
        return out;
    }
    try {
        out.value = Json::parse(text);
    } catch (const Json::exception& e) {
        // nlohmann's message starts "[json.exception.parse_error.101] parse error at line 3,
        // column 5: ..."; keep what follows the bracketed id.
        std::string message = e.what();
        if (auto close = message.find("] "); close != std::string::npos) message = message.substr(close + 2);
        // The "last read" part quotes the token, which a hostile file can make megabytes long.
        constexpr std::size_t k_longest = 300;
        if (message.size() > k_longest) message = message.substr(0, k_longest) + "…";
        out.problem.message = "not valid JSON: " + message;
    }
    return out;
}

FileText read_json_text(const std::filesystem::path& path, const JsonLimits& limits) {
    FileText out;
    out.problem.file = display_path(path);
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > limits.max_bytes) {
        out.problem.message =
            fmt::format("is {} bytes, over the limit of {} bytes for this kind of file", size, limits.max_bytes);
        return out;
    }
    try {
        out.text = read_text_file(path);
    } catch (const Error& e) {
        out.problem.message = e.what();
    }
    return out;
}

JsonParse load_json_file(const std::filesystem::path& path, const JsonLimits& limits) {
    FileText text = read_json_text(path, limits);
    if (!text.text) return {std::nullopt, std::move(text.problem)};
    return parse_json(*text.text, text.problem.file, limits);
}

} // namespace qx::core
