#include "session/protocol.h"
#include "core/cue_level.h"

#include "core/error.h"
#include "core/file.h"
#include "core/json_limits.h"

#include <algorithm>
#include <fmt/format.h>

namespace qx::session {
namespace {

constexpr std::string_view k_format = "qingxing-protocol-1";

LocalText read_local_text(const core::JsonNode& node) {
    LocalText text;
    if (!node.present()) return text;
    node.allow_only({"zh-CN", "en"});
    text.zh_cn = node.required("zh-CN").nonempty_string();
    text.en = node.required("en").nonempty_string();
    return text;
}

SafetyAction read_action(const core::JsonNode& node, SafetyAction fallback) {
    return node.choice<SafetyAction>(
        {{"step_down", SafetyAction::step_down}, {"calm_room", SafetyAction::calm_room}}, fallback);
}

// A name that must be one of `known`, with a suggestion for a likely typo.
void check_scene(const core::JsonNode& node, const std::string& name, std::span<const std::string> known) {
    if (known.empty() || !node.is_string() || name.empty()) return;
    if (std::find(known.begin(), known.end(), name) != known.end()) return;
    std::string list;
    std::string_view best;
    std::size_t best_distance = 4;
    for (const std::string& k : known) {
        list += (list.empty() ? "" : ", ") + k;
        std::size_t d = core::edit_distance(name, k);
        if (d < best_distance) {
            best_distance = d;
            best = k;
        }
    }
    if (best.empty()) {
        node.problem(fmt::format("unknown scene '{}' (the scenes are: {})", name, list));
    } else {
        node.problem(fmt::format("unknown scene '{}' (did you mean '{}'?)", name, best));
    }
}

void read_session(const core::JsonNode& node, Protocol& p) {
    node.allow_only({"length_s", "baseline_s"});
    p.session_length_s = node.required("length_s").number_in(300, 7200, p.session_length_s);
    p.baseline_s = node.required("baseline_s").number_in(10, 1800, p.baseline_s);
}

void read_ladder(const core::JsonNode& node, Protocol& p, std::span<const std::string> known_scenes) {
    std::vector<core::JsonNode> steps = node.elements();
    if (node.is_array() && (steps.empty() || steps.size() > 16)) {
        node.problem(fmt::format("the ladder needs 1 to 16 steps, found {}", steps.size()));
    }
    int previous_level = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const core::JsonNode& s = steps[i];
        s.allow_only({"scene", "level", "label", "min_dwell_s", "max_dwell_s"});
        Step step;
        core::JsonNode scene = s.required("scene");
        step.scene = scene.nonempty_string();
        check_scene(scene, step.scene, known_scenes);
        if (!step.scene.empty() && step.scene == p.calm_scene) {
            scene.problem(fmt::format("the calm scene '{}' cannot be an exposure step", step.scene));
        }
        core::JsonNode level = s.required("level");
        step.cue_level = static_cast<int>(level.integer_in(0, core::k_max_cue_level, -1));
        if (step.cue_level < 0) {
            step.cue_level = 0; // a problem was already reported; the order check would only repeat it
        } else {
            if (i > 0 && step.cue_level < previous_level) {
                level.problem(
                    fmt::format("cue level {} is below the previous step's {}: the ladder must not go down",
                                step.cue_level, previous_level));
            }
            previous_level = std::max(previous_level, step.cue_level);
        }
        step.label = read_local_text(s.optional("label"));
        if (step.label.en.empty()) step.label = {step.scene, step.scene};
        step.min_dwell_s = s.optional("min_dwell_s").number_in(30, 3600, -1);
        step.max_dwell_s = s.optional("max_dwell_s").number_in(30, 7200, -1);
        p.ladder.push_back(std::move(step));
    }
}

void read_prompts(const core::JsonNode& node, Protocol& p) {
    node.allow_only({"interval_s", "repeat_after_s", "max_repeats", "alert_after_missed", "invariant_after"});
    auto& q = p.prompts;
    q.interval_s = node.required("interval_s").number_in(10, 600, q.interval_s);
    q.repeat_after_s = node.required("repeat_after_s").number_in(3, 300, q.repeat_after_s);
    q.max_repeats = static_cast<int>(node.required("max_repeats").integer_in(0, 10, q.max_repeats));
    q.alert_after_missed =
        static_cast<int>(node.required("alert_after_missed").integer_in(1, 20, q.alert_after_missed));
    q.invariant_after = static_cast<int>(node.required("invariant_after").integer_in(3, 30, q.invariant_after));
}

void read_dwell(const core::JsonNode& node, Protocol& p) {
    node.allow_only({"min_s", "max_s", "at_max"});
    p.dwell.min_s = node.required("min_s").number_in(30, 3600, p.dwell.min_s);
    p.dwell.max_s = node.required("max_s").number_in(30, 7200, p.dwell.max_s);
    p.dwell.at_max = node.required("at_max").choice<MaxDwellAction>(
        {{"step_down", MaxDwellAction::step_down}, {"hold", MaxDwellAction::hold}}, p.dwell.at_max);
}

void read_intensity(const core::JsonNode& node, Protocol& p) {
    node.allow_only({"ramp_from", "ramp_s", "scene_fade_s", "calm_fade_s"});
    auto& i = p.intensity;
    i.ramp_from = node.required("ramp_from").number_in(0, 1, i.ramp_from);
    i.ramp_s = node.required("ramp_s").number_in(0, 1800, i.ramp_s);
    i.scene_fade_s = node.required("scene_fade_s").number_in(0, 10, i.scene_fade_s);
    i.calm_fade_s = node.required("calm_fade_s").number_in(0, 5, i.calm_fade_s);
}

void read_habituation(const core::JsonNode& node, Protocol& p) {
    node.allow_only({"fraction_of_peak", "consecutive_reports", "or_at_most", "or_within_baseline", "ready_at_most"});
    auto& h = p.habituation;
    h.fraction_of_peak = node.required("fraction_of_peak").number_in(0.05, 0.95, h.fraction_of_peak);
    h.consecutive_reports =
        static_cast<int>(node.required("consecutive_reports").integer_in(1, 10, h.consecutive_reports));
    h.or_at_most = node.required("or_at_most").number_in(0, 10, h.or_at_most);
    h.or_within_baseline = node.required("or_within_baseline").number_in(0, 5, h.or_within_baseline);
    h.ready_at_most = node.required("ready_at_most").number_in(0, 10, h.ready_at_most);
}

void read_safety(const core::JsonNode& node, Protocol& p) {
    node.allow_only({"ceiling", "max_exposure_above_ceiling_s", "sharp_rise", "heart_rate"});
    auto& s = p.safety;
    s.ceiling = node.required("ceiling").number_in(1, 10, s.ceiling);
    s.max_exposure_above_ceiling_s =
        node.required("max_exposure_above_ceiling_s").number_in(0, 30, s.max_exposure_above_ceiling_s);
    core::JsonNode rise = node.required("sharp_rise");
    if (rise.present()) {
        rise.allow_only({"points", "action"});
        s.sharp_rise_points = rise.required("points").number_in(0.5, 10, s.sharp_rise_points);
        s.sharp_rise_action = read_action(rise.required("action"), s.sharp_rise_action);
    }
    core::JsonNode hr = node.optional("heart_rate");
    if (hr.present() && !hr.is_null()) {
        hr.allow_only({"max_bpm", "rise_bpm", "sustained_s", "action", "mode"});
        Protocol::HeartRate h;
        if (core::JsonNode max = hr.optional("max_bpm"); max.present()) h.max_bpm = max.number_in(60, 220, 130);
        if (core::JsonNode rise = hr.optional("rise_bpm"); rise.present()) h.rise_bpm = rise.number_in(5, 80, 30);
        if (!h.max_bpm && !h.rise_bpm) hr.problem("needs 'max_bpm', 'rise_bpm' or both");
        h.sustained_s = hr.required("sustained_s").number_in(0, 300, h.sustained_s);
        h.action = read_action(hr.required("action"), h.action);
        h.acts = hr.optional("mode").choice<bool>({{"act", true}, {"show", false}}, true);
        s.heart_rate = h;
    }
}

void read_calm_room(const core::JsonNode& node, Protocol& p) {
    node.allow_only({"min_s", "max_s", "return_at_most", "return_step_offset", "prompt_interval_s"});
    auto& c = p.calm_room;
    c.min_s = node.required("min_s").number_in(0, 1800, c.min_s);
    c.max_s = node.required("max_s").number_in(30, 3600, c.max_s);
    c.return_at_most = node.required("return_at_most").number_in(0, 10, c.return_at_most);
    c.return_step_offset =
        static_cast<int>(node.required("return_step_offset").integer_in(-16, 0, c.return_step_offset));
    c.prompt_interval_s = node.required("prompt_interval_s").number_in(5, 600, c.prompt_interval_s);
}

void read_cool_down(const core::JsonNode& node, Protocol& p) {
    node.allow_only({"end_at_most", "max_s", "prompt_interval_s"});
    auto& c = p.cool_down;
    c.end_at_most = node.required("end_at_most").number_in(0, 10, c.end_at_most);
    c.max_s = node.required("max_s").number_in(30, 3600, c.max_s);
    c.prompt_interval_s = node.required("prompt_interval_s").number_in(5, 600, c.prompt_interval_s);
}

// Rules that tie fields together; each problem names the field a reader would change.
void check_consistency(const core::JsonNode& root, Protocol& p) {
    for (std::size_t i = 0; i < p.ladder.size(); ++i) {
        Step& s = p.ladder[i];
        bool overridden =
            s.min_dwell_s >= 0 || s.max_dwell_s >= 0; // else the protocol's dwell, checked below
        if (s.min_dwell_s < 0) s.min_dwell_s = p.dwell.min_s;
        if (s.max_dwell_s < 0) s.max_dwell_s = p.dwell.max_s;
        if (overridden && s.min_dwell_s > s.max_dwell_s) {
            root.required("ladder").elements()[i].problem(
                fmt::format("its minimum dwell {} s is longer than its maximum dwell {} s", s.min_dwell_s,
                            s.max_dwell_s));
        }
    }
    if (p.dwell.min_s > p.dwell.max_s) {
        root.required("dwell").problem_at(
            "min_s", fmt::format("{} s is longer than max_s {} s", p.dwell.min_s, p.dwell.max_s));
    }
    const auto& q = p.prompts;
    if (q.repeat_after_s * (q.max_repeats + 1) >= q.interval_s) {
        root.required("prompts").problem_at(
            "repeat_after_s",
            fmt::format("{} s × ({} repeats + 1) reaches the prompt interval {} s: a prompt would "
                        "still be repeating when the next one is due",
                        q.repeat_after_s, q.max_repeats, q.interval_s));
    }
    const double ceiling = p.safety.ceiling;
    if (p.habituation.or_at_most >= ceiling) {
        root.required("habituation")
            .problem_at("or_at_most", fmt::format("{} must be below the safety ceiling {}",
                                                  p.habituation.or_at_most, ceiling));
    }
    if (p.habituation.ready_at_most >= ceiling) {
        root.required("habituation")
            .problem_at("ready_at_most", fmt::format("{} must be below the safety ceiling {}",
                                                     p.habituation.ready_at_most, ceiling));
    }
    if (p.habituation.ready_at_most < p.habituation.or_at_most) {
        root.required("habituation")
            .problem_at("ready_at_most",
                        fmt::format("{} is below or_at_most {}: a craving low enough to count as habituated "
                                    "would not be ready to step up",
                                    p.habituation.ready_at_most, p.habituation.or_at_most));
    }
    if (p.calm_room.return_at_most >= ceiling) {
        root.required("calm_room")
            .problem_at("return_at_most", fmt::format("{} must be below the safety ceiling {}",
                                                      p.calm_room.return_at_most, ceiling));
    }
    if (p.cool_down.end_at_most >= ceiling) {
        root.required("cool_down")
            .problem_at("end_at_most", fmt::format("{} must be below the safety ceiling {}",
                                                   p.cool_down.end_at_most, ceiling));
    }
    if (p.calm_room.min_s > p.calm_room.max_s) {
        root.required("calm_room")
            .problem_at("min_s",
                        fmt::format("{} s is longer than max_s {} s", p.calm_room.min_s, p.calm_room.max_s));
    }
    if (p.intensity.calm_fade_s > p.safety.max_exposure_above_ceiling_s) {
        root.required("intensity")
            .problem_at(
                "calm_fade_s",
                fmt::format("{} s is longer than safety.max_exposure_above_ceiling_s {} s: the fade to the "
                            "calm room must finish within the safety limit",
                            p.intensity.calm_fade_s, p.safety.max_exposure_above_ceiling_s));
    }
    if (!p.ladder.empty()) {
        double needed = p.baseline_s + p.ladder.front().min_dwell_s + p.cool_down.max_s;
        if (needed > p.session_length_s) {
            root.required("session").problem_at(
                "length_s",
                fmt::format("{} s is too short: the baseline ({} s), one minimum dwell ({} s) and the "
                            "cool-down ({} s) need {} s",
                            p.session_length_s, p.baseline_s, p.ladder.front().min_dwell_s, p.cool_down.max_s,
                            needed));
        }
    }
}

} // namespace

std::string_view to_string(SafetyAction action) {
    return action == SafetyAction::step_down ? "step_down" : "calm_room";
}

std::string_view to_string(MaxDwellAction action) {
    return action == MaxDwellAction::step_down ? "step_down" : "hold";
}

std::filesystem::path protocol_path(std::string_view id_or_path) {
    std::string s(id_or_path);
    if (s.find('/') != std::string::npos || s.ends_with(".json")) return std::filesystem::path(s);
    return core::data_root() / "scenes" / "protocols" / (s + ".json");
}

std::optional<Protocol> parse_protocol(std::string_view text, const std::string& file_name, std::string id,
                                       std::span<const std::string> known_scenes, core::Diagnostics& diag) {
    const std::size_t before = diag.problems().size();
    core::JsonDocument doc = core::JsonDocument::parse(text, file_name, diag);
    if (!doc.parsed()) return std::nullopt;
    core::JsonNode root = doc.root();
    root.allow_only({"format", "title", "substance", "course_sessions", "session", "calm_scene", "ladder",
                     "prompts", "dwell", "intensity", "habituation", "safety", "calm_room", "cool_down",
                     "next_session"});
    Protocol p;
    p.id = std::move(id);
    p.file = file_name;
    core::JsonNode format = root.required("format");
    if (format.is_string() && format.string() != k_format) {
        format.problem(fmt::format("'{}' is not a protocol format this version reads (expected '{}')",
                                   format.string(), k_format));
    } else if (format.present() && !format.is_string()) {
        format.string();
    }
    p.title = read_local_text(root.required("title"));
    p.substance = root.required("substance").nonempty_string();
    p.course_sessions =
        static_cast<int>(root.required("course_sessions").integer_in(1, 40, p.course_sessions));
    read_session(root.required("session"), p);
    core::JsonNode calm = root.required("calm_scene");
    p.calm_scene = calm.nonempty_string(p.calm_scene);
    check_scene(calm, p.calm_scene, known_scenes);
    read_ladder(root.required("ladder"), p, known_scenes);
    read_prompts(root.required("prompts"), p);
    read_dwell(root.required("dwell"), p);
    read_intensity(root.required("intensity"), p);
    read_habituation(root.required("habituation"), p);
    read_safety(root.required("safety"), p);
    read_calm_room(root.required("calm_room"), p);
    read_cool_down(root.required("cool_down"), p);
    core::JsonNode next = root.required("next_session");
    if (next.present()) {
        next.allow_only({"start_offset"});
        p.next_session.start_offset = static_cast<int>(next.required("start_offset").integer_in(-16, 16, 0));
    }
    if (diag.problems().size() == before) check_consistency(root, p);
    if (diag.problems().size() != before) return std::nullopt;
    return p;
}

std::optional<Protocol> load_protocol(const std::filesystem::path& path,
                                      std::span<const std::string> known_scenes, core::Diagnostics& diag) {
    // Size and nesting limits: core::k_json_file_limits.
    core::FileText text = core::read_json_text(path, core::k_json_file_limits);
    if (!text.text) {
        diag.add(std::move(text.problem));
        return std::nullopt;
    }
    return parse_protocol(*text.text, text.problem.file, path.stem().string(), known_scenes, diag);
}

Protocol load_protocol_or_throw(const std::filesystem::path& path,
                                std::span<const std::string> known_scenes) {
    core::Diagnostics diag;
    std::optional<Protocol> p = load_protocol(path, known_scenes, diag);
    diag.throw_if_any(fmt::format("protocol {}", core::display_path(path)));
    return std::move(*p);
}

int next_start_step(const Protocol& protocol, int previous_start_step, int previous_safe_step) {
    int base = previous_safe_step >= 0 ? previous_safe_step + protocol.next_session.start_offset
                                       : previous_start_step - 1;
    return std::clamp(base, 0, protocol.top_step());
}

} // namespace qx::session
