#include "session/event.h"

#include "session/strings.h"

#include <array>
#include <cmath>
#include <fmt/args.h>
#include <fmt/format.h>

namespace qx::session {
namespace {

constexpr std::array<std::string_view, 8> k_state_names = {"ready",     "baseline", "exposure",  "adaptation",
                                                           "calm_room", "paused",   "cool_down", "closed"};

constexpr std::array<std::string_view, 14> k_kind_names = {"state",    "step",
                                                           "prompt",   "prompt_missed",
                                                           "report",   "report_rejected",
                                                           "command",  "command_rejected",
                                                           "decision", "override",
                                                           "alert",    "heart_rate_rejected",
                                                           "heart_rate", "gaze"};

// Numbers in text a person reads: one decimal at most, and no "-0".
double display_number(double v) {
    double r = std::round(v * 10.0) / 10.0;
    return r == 0 ? 0.0 : r;
}

} // namespace

std::string_view to_string(State state) {
    return k_state_names[static_cast<std::size_t>(state)];
}

std::optional<State> parse_state(std::string_view text) {
    for (std::size_t i = 0; i < k_state_names.size(); ++i) {
        if (k_state_names[i] == text) return static_cast<State>(i);
    }
    return std::nullopt;
}

std::string_view to_string(EventKind kind) {
    return k_kind_names[static_cast<std::size_t>(kind)];
}

std::optional<EventKind> parse_event_kind(std::string_view text) {
    for (std::size_t i = 0; i < k_kind_names.size(); ++i) {
        if (k_kind_names[i] == text) return static_cast<EventKind>(i);
    }
    return std::nullopt;
}

Event& Event::num(std::string name, double value) {
    args.push_back({std::move(name), value, {}, false});
    return *this;
}

Event& Event::str(std::string name, std::string value) {
    args.push_back({std::move(name), 0, std::move(value), true});
    return *this;
}

std::optional<double> Event::number(std::string_view name) const {
    for (const EventArg& a : args) {
        if (a.name == name && !a.is_text) return a.number;
    }
    return std::nullopt;
}

std::string_view Event::text_arg(std::string_view name) const {
    for (const EventArg& a : args) {
        if (a.name == name && a.is_text) return a.text;
    }
    return {};
}

std::string Event::text(core::Lang lang) const {
    return format_text(key, lang, true);
}

std::string Event::format_text(std::string_view pattern_key, core::Lang lang, bool expand_keys) const {
    std::string_view pattern = session::tr(pattern_key, lang);
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    // A text arg named "<x>_key" names a catalogue phrase; it is offered, filled with the same
    // args, as "<x>" (one level deep), so a decision can say which clause of a rule held.
    if (expand_keys) {
        for (const EventArg& a : args) {
            if (!a.is_text || !a.name.ends_with("_key")) continue;
            std::string name = a.name.substr(0, a.name.size() - 4);
            store.push_back(fmt::arg(name.c_str(), format_text(a.text, lang, false)));
        }
    }
    // Steps are counted from 1 for people; indices stay 0-based everywhere else. Every
    // "<x>_step" number is also offered as "<x>_step_no", and the event's own step as "step_no".
    for (const EventArg& a : args) {
        if (a.is_text) {
            store.push_back(fmt::arg(a.name.c_str(), a.text));
        } else {
            store.push_back(fmt::arg(a.name.c_str(), display_number(a.number)));
            if (a.name.ends_with("_step")) {
                std::string name = a.name + "_no"; // the store copies names
                store.push_back(fmt::arg(name.c_str(), static_cast<int>(a.number) + 1));
            }
        }
    }
    store.push_back(fmt::arg("step_no", step + 1));
    try {
        return fmt::vformat(pattern, store);
    } catch (const fmt::format_error&) {
        return std::string(pattern);
    }
}

core::Json to_json(const Event& e, bool with_text) {
    core::Json args = core::Json::object();
    for (const EventArg& a : e.args) {
        if (a.is_text) {
            args[a.name] = a.text;
        } else {
            args[a.name] = a.number;
        }
    }
    core::Json j{{"seq", e.seq},
                 {"t", e.t},
                 {"kind", to_string(e.kind)},
                 {"rule", e.rule},
                 {"key", e.key},
                 {"state", to_string(e.state)},
                 {"step", e.step},
                 {"args", std::move(args)}};
    if (with_text) j["text"] = {{"zh-CN", e.text(core::Lang::zh_CN)}, {"en", e.text(core::Lang::en)}};
    return j;
}

std::optional<Event> event_from_json(const core::Json& json, const std::string& file_name,
                                     core::Diagnostics& diag) {
    const std::size_t before = diag.problems().size();
    core::JsonNode root(&json, "", file_name, &diag);
    root.allow_only({"seq", "t", "kind", "rule", "key", "state", "step", "args", "text"});
    Event e;
    e.seq = static_cast<std::uint64_t>(root.required("seq").integer_in(0, INT64_MAX, 0));
    e.t = root.required("t").number();
    core::JsonNode kind = root.required("kind");
    if (auto k = parse_event_kind(kind.string()); k) {
        e.kind = *k;
    } else if (kind.is_string()) {
        kind.problem(fmt::format("'{}' is not an event kind", kind.string()));
    }
    e.rule = root.required("rule").string();
    e.key = root.required("key").string();
    core::JsonNode state = root.required("state");
    if (auto s = parse_state(state.string()); s) {
        e.state = *s;
    } else if (state.is_string()) {
        state.problem(fmt::format("'{}' is not a controller state", state.string()));
    }
    e.step = static_cast<int>(root.required("step").integer_in(-1, 64, -1));
    for (const auto& [name, value] : root.required("args").members()) {
        if (value.is_string()) {
            e.str(name, value.string());
        } else {
            e.num(name, value.number());
        }
    }
    if (diag.problems().size() != before) return std::nullopt;
    return e;
}

} // namespace qx::session
