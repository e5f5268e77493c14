#include "core/json.h"

#include "core/error.h"
#include "core/file.h"
#include "core/json_limits.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace qx::core {

std::string Problem::to_string() const {
    if (pointer.empty()) return fmt::format("{}: {}", file, message);
    return fmt::format("{}: {}: {}", file, pointer, message);
}

void Diagnostics::throw_if_any(std::string_view what) const {
    if (ok()) return;
    std::string text = fmt::format("{} has {} problem{}:", what, m_problems.size(), m_problems.size() == 1 ? "" : "s");
    for (const Problem& p : m_problems) text += "\n  " + p.to_string();
    throw Error(text);
}

std::string json_pointer_escape(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

std::string json_type_name(const Json& value) {
    switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    default: return "an unknown value";
    }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// ------------------------------------------------------------------------------------- document

JsonDocument JsonDocument::from(JsonParse&& parsed, std::string file, Diagnostics& diag) {
    JsonDocument doc;
    doc.m_file = std::move(file);
    doc.m_diag = &diag;
    if (parsed.value) {
        doc.m_json = std::make_shared<const Json>(std::move(*parsed.value));
    } else {
        diag.add(std::move(parsed.problem));
    }
    return doc;
}

JsonDocument JsonDocument::load_file(const std::filesystem::path& path, Diagnostics& diag) {
    return from(load_json_file(path, k_json_file_limits), display_path(path), diag);
}

JsonDocument JsonDocument::parse(std::string_view text, std::string file_name, Diagnostics& diag) {
    JsonParse parsed = parse_json(text, file_name, k_json_file_limits);
    return from(std::move(parsed), std::move(file_name), diag);
}

JsonNode JsonDocument::root() const { return JsonNode(m_json.get(), "", m_file, m_diag); }

// ----------------------------------------------------------------------------------------- node

void JsonNode::problem(std::string message) const {
    if (m_diag) m_diag->add({m_file, m_pointer.empty() ? "/" : m_pointer, std::move(message)});
}

void JsonNode::problem_at(std::string_view key, std::string message) const {
    if (m_diag) m_diag->add({m_file, m_pointer + "/" + json_pointer_escape(key), std::move(message)});
}

bool JsonNode::expect(bool ok, std::string_view expected) const {
    if (!present()) return false;
    if (!ok) problem(fmt::format("expected {}, found {}", expected, json_type_name(*m_value)));
    return ok;
}

JsonNode JsonNode::child(const Json* value, std::string_view key) const {
    return JsonNode(value, m_pointer + "/" + json_pointer_escape(key), m_file, m_diag);
}

JsonNode JsonNode::required(std::string_view key) const {
    if (!present() || !m_value->is_object()) {
        expect(is_object(), "an object");
        return child(nullptr, key);
    }
    auto it = m_value->find(key);
    if (it == m_value->end()) {
        problem(fmt::format("missing required field '{}'", key));
        return child(nullptr, key);
    }
    return child(&*it, key);
}

JsonNode JsonNode::optional(std::string_view key) const {
    if (!present() || !m_value->is_object()) return child(nullptr, key);
    auto it = m_value->find(key);
    return child(it == m_value->end() ? nullptr : &*it, key);
}

bool JsonNode::has(std::string_view key) const {
    return present() && m_value->is_object() && m_value->contains(key);
}

void JsonNode::allow_only(std::initializer_list<std::string_view> known) const {
    allow_only(std::vector<std::string_view>(known));
}

void JsonNode::allow_only(const std::vector<std::string_view>& known) const {
    if (!expect(is_object(), "an object")) return;
    for (const auto& [key, value] : m_value->items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string_view best;
        std::size_t best_distance = 3; // suggest only close matches
        for (std::string_view k : known) {
            std::size_t d = edit_distance(key, k);
            if (d < best_distance) {
                best_distance = d;
                best = k;
            }
        }
        if (best.empty()) {
            problem_at(key, fmt::format("unknown field '{}'", key));
        } else {
            problem_at(key, fmt::format("unknown field '{}' (did you mean '{}'?)", key, best));
        }
    }
}

std::string JsonNode::string(std::string_view fallback) const {
    if (!expect(is_string(), "a string")) return std::string(fallback);
    return m_value->get<std::string>();
}

std::string JsonNode::nonempty_string(std::string_view fallback) const {
    std::string s = string(fallback);
    if (is_string() && s.empty()) {
        problem("must not be empty");
        return std::string(fallback);
    }
    return s;
}

bool JsonNode::boolean(bool fallback) const {
    if (!expect(m_value && m_value->is_boolean(), "true or false")) return fallback;
    return m_value->get<bool>();
}

double JsonNode::number(double fallback) const {
    if (!expect(is_number(), "a number")) return fallback;
    double v = m_value->get<double>();
    if (!std::isfinite(v)) {
        problem("must be a finite number");
        return fallback;
    }
    return v;
}

double JsonNode::number_in(double lo, double hi, double fallback) const {
    if (!present()) return fallback;
    double v = number(fallback);
    if (!is_number()) return fallback;
    if (v < lo || v > hi) {
        problem(fmt::format("{} is out of range: must be between {} and {}", v, lo, hi));
        return fallback;
    }
    return v;
}

std::int64_t JsonNode::integer(std::int64_t fallback) const {
    if (!expect(is_number(), "a whole number")) return fallback;
    if (m_value->is_number_unsigned() && m_value->get<std::uint64_t>() > std::uint64_t(INT64_MAX)) {
        problem(fmt::format("{} is out of range for a whole number here", m_value->get<std::uint64_t>()));
        return fallback;
    }
    if (m_value->is_number_integer()) return m_value->get<std::int64_t>();
    double v = m_value->get<double>();
    if (std::floor(v) != v || std::abs(v) > 9.0e15) {
        problem(fmt::format("expected a whole number, found {}", v));
        return fallback;
    }
    return static_cast<std::int64_t>(v);
}

std::int64_t JsonNode::integer_in(std::int64_t lo, std::int64_t hi, std::int64_t fallback) const {
    if (!present()) return fallback;
    if (!is_number()) {
        integer(fallback);
        return fallback;
    }
    std::int64_t v = integer(fallback);
    if (v < lo || v > hi) {
        problem(fmt::format("{} is out of range: must be between {} and {}", v, lo, hi));
        return fallback;
    }
    return v;
}

std::vector<JsonNode> JsonNode::elements() const {
    std::vector<JsonNode> out;
    if (!expect(is_array(), "an array")) return out;
    for (std::size_t i = 0; i < m_value->size(); ++i) out.push_back(child(&(*m_value)[i], std::to_string(i)));
    return out;
}

std::vector<std::pair<std::string, JsonNode>> JsonNode::members() const {
    std::vector<std::pair<std::string, JsonNode>> out;
    if (!expect(is_object(), "an object")) return out;
    for (const auto& [key, value] : m_value->items()) out.emplace_back(key, child(&value, key));
    return out;
}

std::vector<double> JsonNode::numbers(std::size_t count, double fallback) const {
    std::vector<double> out(count, fallback);
    if (!expect(is_array(), fmt::format("an array of {} numbers", count))) return out;
    if (m_value->size() != count) {
        problem(fmt::format("expected {} numbers, found {}", count, m_value->size()));
        return out;
    }
    auto items = elements();
    for (std::size_t i = 0; i < count; ++i) out[i] = items[i].number(fallback);
    return out;
}

} // namespace qx::core
