#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qx::core {

// JSON values keep their members in file order, so problems and entities are listed as written.
using Json = nlohmann::ordered_json;

// One problem found in a data file: which file, where in it (a JSON pointer, RFC 6901), and what.
struct Problem {
    std::string file;
    std::string pointer; // "/entities/3/mesh"; empty for the whole file
    std::string message;

    // "scenes/ktv-room.scene.json: /entities/3/mesh: expected a string, found a number"
    std::string to_string() const;
};

// Collects problems instead of stopping at the first, so a check lists them all.
class Diagnostics {
public:
    void add(Problem problem) { m_problems.push_back(std::move(problem)); }
    bool ok() const { return m_problems.empty(); }
    const std::vector<Problem>& problems() const { return m_problems; }
    // Throws core::Error listing every problem (one per line) when there is any.
    void throw_if_any(std::string_view what) const;

private:
    std::vector<Problem> m_problems;
};

class JsonNode;
struct JsonParse;

// A parsed JSON file that remembers its name, so every problem found in it can say where.
class JsonDocument {
public:
    // Parse errors are added to `diag` with line and column; the root is then absent.
    static JsonDocument load_file(const std::filesystem::path& path, Diagnostics& diag);
    static JsonDocument parse(std::string_view text, std::string file_name, Diagnostics& diag);

    JsonNode root() const;
    const std::string& file() const { return m_file; }
    bool parsed() const { return m_json != nullptr; }

private:
    // The document for what the limited parse gave: its value, or its problem added to `diag`.
    static JsonDocument from(JsonParse&& parsed, std::string file, Diagnostics& diag);

    std::shared_ptr<const Json> m_json;
    std::string m_file;
    Diagnostics* m_diag = nullptr;
};

// A typed, validating view of one value in a JsonDocument. Accessors check the type (and range)
// and, when wrong, record a Problem at this node's pointer and return the fallback, so loading
// carries on and reports everything. A node for a missing key is "absent": reading it returns the
// fallback without a second problem (the missing key was reported once, where it was required).
class JsonNode {
public:
    JsonNode() = default;
    JsonNode(const Json* value, std::string pointer, std::string file, Diagnostics* diag)
        : m_value(value), m_pointer(std::move(pointer)), m_file(std::move(file)), m_diag(diag) {}

    bool present() const { return m_value != nullptr; }
    bool is_null() const { return m_value && m_value->is_null(); }
    bool is_object() const { return m_value && m_value->is_object(); }
    bool is_array() const { return m_value && m_value->is_array(); }
    bool is_string() const { return m_value && m_value->is_string(); }
    bool is_number() const { return m_value && m_value->is_number(); }
    const std::string& pointer() const { return m_pointer; }
    const std::string& file() const { return m_file; }
    const Json* raw() const { return m_value; }

    // A member that must exist: a problem "missing required field 'x'" otherwise.
    JsonNode required(std::string_view key) const;
    // A member that may be absent.
    JsonNode optional(std::string_view key) const;
    bool has(std::string_view key) const;

    // Rejects members not in `known`, suggesting the nearest known name for a likely typo.
    void allow_only(std::initializer_list<std::string_view> known) const;
    void allow_only(const std::vector<std::string_view>& known) const;

    std::string string(std::string_view fallback = {}) const;
    // A non-empty string.
    std::string nonempty_string(std::string_view fallback = {}) const;
    bool boolean(bool fallback = false) const;
    double number(double fallback = 0.0) const;
    double number_in(double lo, double hi, double fallback) const;
    std::int64_t integer(std::int64_t fallback = 0) const;
    std::int64_t integer_in(std::int64_t lo, std::int64_t hi, std::int64_t fallback) const;

    // One of the named choices; a problem listing the choices otherwise.
    template <typename E>
    E choice(std::initializer_list<std::pair<std::string_view, E>> choices, E fallback) const {
        if (!present()) return fallback;
        std::string s = string();
        if (!is_string()) return fallback;
        for (const auto& [name, value] : choices) {
            if (s == name) return value;
        }
        std::string names;
        for (const auto& c : choices) names += (names.empty() ? "'" : ", '") + std::string(c.first) + "'";
        problem("'" + s + "' is not one of " + names);
        return fallback;
    }

    // Elements of an array (a problem if this is not an array).
    std::vector<JsonNode> elements() const;
    // Members of an object in file order (a problem if this is not an object).
    std::vector<std::pair<std::string, JsonNode>> members() const;
    // Fixed-size numeric array, e.g. a vec3: problems for wrong size or non-numbers.
    std::vector<double> numbers(std::size_t count, double fallback = 0.0) const;

    // Records a problem at this node.
    void problem(std::string message) const;
    // Records a problem at a member of this node (which may be missing).
    void problem_at(std::string_view key, std::string message) const;

private:
    bool expect(bool ok, std::string_view expected) const;
    JsonNode child(const Json* value, std::string_view key) const;

    const Json* m_value = nullptr;
    std::string m_pointer;
    std::string m_file;
    Diagnostics* m_diag = nullptr;
};

// Escapes one key for use in a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string json_pointer_escape(std::string_view key);

// The JSON type's name as a person would say it: "a number", "an object"...
std::string json_type_name(const Json& value);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace qx::core
