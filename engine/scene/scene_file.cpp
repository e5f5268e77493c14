#include "scene/scene_file.h"

#include "core/error.h"
#include "core/file.h"
#include "core/json_limits.h"

#include <fmt/format.h>
#include "scene/asset_paths.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace qx::scene {
namespace fs = std::filesystem;
using core::Json;
using core::JsonNode;

namespace {

// Arrays whose items have ids: an inheriting scene replaces items by id and adds new ones.
constexpr std::string_view k_keyed_arrays[] = {"entities", "lights", "sounds", "narration", "points_of_interest"};
// Objects merged member by member when a scene inherits.
constexpr std::string_view k_merged_objects[] = {"environment", "materials", "seat", "breathing_guide", "sky", "sun",
                                                 "ambient", "fog"};
constexpr const char* k_origin = "__origin";
// Items in one keyed array of one file (the shipped scenes have at most 64). Checked before
// merging, which compares every inherited item with every new one. The file's size and nesting
// are core::k_json_file_limits.
constexpr std::size_t k_max_items = 1024;

bool is_keyed(std::string_view key) {
    return std::find(std::begin(k_keyed_arrays), std::end(k_keyed_arrays), key) != std::end(k_keyed_arrays);
}
bool is_merged(std::string_view key) {
    return std::find(std::begin(k_merged_objects), std::end(k_merged_objects), key) != std::end(k_merged_objects);
}

void merge_into(Json& base, const Json& over) {
    for (auto it = over.begin(); it != over.end(); ++it) {
        const std::string& key = it.key();
        if (key == "inherits" || key == "remove") continue;
        if (is_keyed(key) && it->is_array() && base.contains(key) && base[key].is_array()) {
            Json& items = base[key];
            for (const Json& item : *it) {
                auto same = std::find_if(items.begin(), items.end(), [&](const Json& b) {
                    return item.is_object() && b.is_object() && item.contains("id") && b.contains("id") &&
                           item["id"] == b["id"];
                });
                if (same != items.end()) {
                    *same = item;
                } else {
                    items.push_back(item);
                }
            }
        } else if (is_merged(key) && it->is_object() && base.contains(key) && base[key].is_object()) {
            merge_into(base[key], *it);
        } else {
            base[key] = *it;
        }
    }
}

struct Origin {
    std::string file;
    std::string pointer;
};

class SceneParser {
public:
    SceneParser(const fs::path& scenes_dir, core::Diagnostics& diag) : m_dir(scenes_dir), m_diag(diag) {}

    // Loads `text` (from `file`), following inherits; returns the merged JSON or null.
    Json load(std::string_view text, const std::string& file, std::vector<std::string> chain) {
        core::Diagnostics local;
        core::JsonDocument doc = core::JsonDocument::parse(text, file, local);
        for (const auto& p : local.problems()) m_diag.add(p);
        if (!doc.parsed()) return nullptr;
        Json self = *doc.root().raw();
        if (!self.is_object()) {
            m_diag.add({file, "/", "a scene file must hold a JSON object"});
            return nullptr;
        }
        // Remember where each keyed item was written, for messages after merging.
        for (std::string_view key : k_keyed_arrays) {
            auto it = self.find(key);
            if (it == self.end() || !it->is_array()) continue;
            if (it->size() > k_max_items) {
                m_diag.add({file, "/" + std::string(key),
                            fmt::format("{} items, over the limit of {} in one array", it->size(), k_max_items)});
                return nullptr;
            }
            for (std::size_t i = 0; i < it->size(); ++i) {
                if ((*it)[i].is_object()) {
                    (*it)[i][k_origin] = file + "\n/" + std::string(key) + "/" + std::to_string(i);
                }
            }
        }
        Json merged = self;
        if (auto inh = self.find("inherits"); inh != self.end()) {
            if (!inh->is_string()) {
                m_diag.add({file, "/inherits", "expected the name of a scene or preset"});
                return nullptr;
            }
            std::string parent = inh->get<std::string>();
            if (std::find(chain.begin(), chain.end(), parent) != chain.end()) {
                std::string loop;
                for (const auto& c : chain) loop += c + " → ";
                m_diag.add({file, "/inherits", "inheritance cycle: " + loop + parent});
                return nullptr;
            }
            fs::path parent_path = m_dir / (parent + ".scene.json");
            if (!fs::exists(parent_path)) parent_path = m_dir / "presets" / (parent + ".json");
            if (!fs::exists(parent_path)) {
                m_diag.add({file, "/inherits", "no scene or preset named '" + parent + "' (looked for " + parent +
                                                   ".scene.json and presets/" + parent + ".json)"});
                return nullptr;
            }
            core::FileText parent_text = core::read_json_text(parent_path, core::k_json_file_limits);
            if (!parent_text.text) {
                m_diag.add({file, "/inherits", parent_text.problem.to_string()});
                return nullptr;
            }
            chain.push_back(parent);
            Json base = load(*parent_text.text, core::display_path(parent_path), chain);
            if (base.is_null()) return nullptr;
            base.erase("name"); // a scene's name is its own
            merge_into(base, self);
            merged = std::move(base);
            // "remove": ids of inherited items to drop.
            if (auto rm = self.find("remove"); rm != self.end()) {
                if (!rm->is_array()) {
                    m_diag.add({file, "/remove", "expected an array of ids"});
                } else {
                    for (std::size_t i = 0; i < rm->size(); ++i) {
                        const Json& id = (*rm)[i];
                        bool found = false;
                        for (std::string_view key : k_keyed_arrays) {
                            auto arr = merged.find(key);
                            if (arr == merged.end() || !arr->is_array()) continue;
                            for (auto e = arr->begin(); e != arr->end(); ++e) {
                                if (e->is_object() && e->contains("id") && (*e)["id"] == id) {
                                    arr->erase(e);
                                    found = true;
                                    break;
                                }
                            }
                        }
                        if (!found) {
                            m_diag.add({file, "/remove/" + std::to_string(i),
                                        "nothing inherited has the id " + id.dump()});
                        }
                    }
                }
            }
        }
        merged.erase("inherits");
        merged.erase("remove");
        return merged;
    }

    // The origin of a keyed item (and strips the annotation).
    JsonNode item_node(Json& item, const std::string& fallback_file, const std::string& fallback_pointer) {
        std::string file = fallback_file, pointer = fallback_pointer;
        if (item.is_object()) {
            if (auto o = item.find(k_origin); o != item.end()) {
                std::string s = o->get<std::string>();
                auto nl = s.find('\n');
                file = s.substr(0, nl);
                pointer = s.substr(nl + 1);
                item.erase(k_origin);
            }
        }
        return JsonNode(&item, pointer, file, &m_diag);
    }

private:
    fs::path m_dir;
    core::Diagnostics& m_diag;
};

glm::vec3 read_vec3(const JsonNode& n, glm::vec3 fallback) {
    if (!n.present()) return fallback;
    auto v = n.numbers(3, 0.0);
    if (!n.is_array() || n.raw()->size() != 3) return fallback;
    return glm::vec3(float(v[0]), float(v[1]), float(v[2]));
}

glm::vec3 read_color(const JsonNode& n, glm::vec3 fallback) {
    if (!n.present()) return fallback;
    if (n.is_string()) {
        bool ok = false;
        glm::vec3 c = srgb_hex_to_linear(n.string(), &ok);
        if (!ok) {
            n.problem("'" + n.string() + "' is not a colour: write \"#rrggbb\" (sRGB) or [r, g, b] (linear)");
            return fallback;
        }
        return c;
    }
    glm::vec3 c = read_vec3(n, fallback);
    if (c.r < 0 || c.g < 0 || c.b < 0) {
        n.problem("colour components must not be negative");
        return fallback;
    }
    return c;
}

LocalText read_text(const JsonNode& n) {
    LocalText t;
    if (!n.present()) return t;
    n.allow_only({"zh", "en"});
    t.zh = n.required("zh").nonempty_string();
    t.en = n.required("en").nonempty_string();
    return t;
}

std::optional<Curve> read_curve(const JsonNode& n, float lo, float hi) {
    if (!n.present()) return std::nullopt;
    Curve c;
    auto points = n.elements();
    if (n.is_array() && points.empty()) n.problem("a curve needs at least one [exposure, value] point");
    float last_x = -1.0f;
    for (const JsonNode& p : points) {
        auto xy = p.numbers(2, 0.0);
        if (!p.is_array() || p.raw()->size() != 2) continue;
        float x = float(xy[0]), v = float(xy[1]);
        if (x < 0.0f || x > float(k_max_level + 1)) {
            p.problem(fmt::format("exposure {} is out of range: must be between 0 and {} (level + intensity)", x,
                                  k_max_level + 1));
        } else if (x <= last_x) {
            p.problem("curve points must be in increasing order of exposure");
        }
        if (v < lo || v > hi) p.problem(fmt::format("value {} is out of range: must be between {} and {}", v, lo, hi));
        last_x = x;
        c.points.emplace_back(x, v);
    }
    return c;
}

std::optional<Cue> read_cue(const JsonNode& n) {
    if (!n.present()) return std::nullopt;
    n.allow_only({"category", "min_level", "visibility", "distance", "motion", "volume"});
    Cue cue;
    cue.category = n.required("category").choice<CueCategory>({{"place", CueCategory::place},
                                                               {"paraphernalia", CueCategory::paraphernalia},
                                                               {"people", CueCategory::people},
                                                               {"social_offer", CueCategory::social_offer},
                                                               {"sound", CueCategory::sound}},
                                                              CueCategory::paraphernalia);
    JsonNode level = n.required("min_level");
    cue.min_level = int(level.integer_in(0, k_max_level, 1));
    if (level.is_number() && cue.min_level == 0) {
        level.problem("a cue cannot appear at level 0: level 0 is the neutral control, the same place without cues");
    }
    cue.visibility = read_curve(n.optional("visibility"), 0.0f, 1.0f);
    if (cue.visibility && !cue.visibility->non_decreasing()) {
        n.problem_at("visibility", "must not decrease: a cue shown at one level must stay at every higher level");
    }
    cue.distance = read_curve(n.optional("distance"), 0.05f, 100.0f);
    cue.motion = read_curve(n.optional("motion"), 0.0f, 1.0f);
    cue.volume = read_curve(n.optional("volume"), 0.0f, 1.0f);
    return cue;
}

Animation read_animation(const JsonNode& n) {
    Animation a;
    if (!n.present()) return a;
    n.allow_only({"clip", "speed", "amplitude", "phase"});
    a.clip = n.required("clip").choice<AnimationClip>({{"idle", AnimationClip::idle},
                                                       {"talk", AnimationClip::talk},
                                                       {"offer", AnimationClip::offer},
                                                       {"prepare", AnimationClip::prepare},
                                                       {"sway", AnimationClip::sway},
                                                       {"pulse", AnimationClip::pulse},
                                                       {"spin", AnimationClip::spin},
                                                       {"flicker", AnimationClip::flicker},
                                                       {"bob", AnimationClip::bob},
                                                       {"breathe", AnimationClip::breathe}},
                                                      AnimationClip::none);
    a.speed = float(n.optional("speed").number_in(0.0, 20.0, 1.0));
    a.amplitude = float(n.optional("amplitude").number_in(0.0, 10.0, 1.0));
    a.phase = float(n.optional("phase").number_in(-1000.0, 1000.0, 0.0));
    return a;
}

void check_asset(const JsonNode& n, const std::string& path, std::initializer_list<std::string_view> extensions) {
    if (path.empty()) return;
    if (path.rfind("assets/", 0) != 0) {
        n.problem("asset paths start with assets/ (found '" + path + "')");
        return;
    }
    std::string ext = fs::path(path).extension().string();
    if (std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) {
        std::string list;
        for (auto e : extensions) list += (list.empty() ? "" : ", ") + std::string(e);
        n.problem("'" + path + "' has the wrong kind of file: expected " + list);
        return;
    }
    if (!resolve_asset(path)) n.problem("asset file not found: " + path + " (run the build to generate assets)");
}

std::optional<Shape> read_shape(const JsonNode& n) {
    if (!n.present()) return std::nullopt;
    n.allow_only({"box", "sphere", "cylinder", "cone", "plane", "quad", "torus", "uv_scale"});
    Shape s;
    int kinds = 0;
    auto dims = [&](const char* key, ShapeKind kind, std::size_t count) {
        JsonNode d = n.optional(key);
        if (!d.present()) return;
        ++kinds;
        s.kind = kind;
        if (count == 1) {
            s.size = glm::vec3(float(d.number_in(0.001, 1000.0, 1.0)));
        } else {
            auto v = d.numbers(count, 1.0);
            for (std::size_t i = 0; i < count; ++i) {
                if (v[i] <= 0.0) d.problem("sizes must be positive");
                s.size[int(i)] = float(v[i]);
            }
        }
    };
    dims("box", ShapeKind::box, 3);
    dims("sphere", ShapeKind::sphere, 1);
    dims("cylinder", ShapeKind::cylinder, 2);
    dims("cone", ShapeKind::cone, 2);
    dims("plane", ShapeKind::plane, 2);
    dims("quad", ShapeKind::quad, 2);
    dims("torus", ShapeKind::torus, 2);
    if (kinds != 1) n.problem("a shape is exactly one of box, sphere, cylinder, cone, plane, quad or torus");
    s.uv_scale = float(n.optional("uv_scale").number_in(0.001, 1000.0, 1.0));
    return s;
}

Material read_material(const JsonNode& n) {
    n.allow_only({"base_color", "alpha", "metallic", "roughness", "emissive", "emissive_strength", "alpha_mode",
                  "alpha_cutoff", "double_sided", "unlit", "textures", "normal_scale", "occlusion_strength", "repeat"});
    Material m;
    m.base_color = glm::vec4(read_color(n.optional("base_color"), glm::vec3(1.0f)),
                             float(n.optional("alpha").number_in(0.0, 1.0, 1.0)));
    m.metallic = float(n.optional("metallic").number_in(0.0, 1.0, 0.0));
    m.roughness = float(n.optional("roughness").number_in(0.0, 1.0, 0.5));
    m.emissive = read_color(n.optional("emissive"), glm::vec3(0.0f));
    m.emissive_strength = float(n.optional("emissive_strength").number_in(0.0, 1000.0, 1.0));
    m.alpha_mode = n.optional("alpha_mode").choice<AlphaMode>(
        {{"opaque", AlphaMode::opaque}, {"mask", AlphaMode::mask}, {"blend", AlphaMode::blend}}, AlphaMode::opaque);
    m.alpha_cutoff = float(n.optional("alpha_cutoff").number_in(0.0, 1.0, 0.5));
    m.double_sided = n.optional("double_sided").boolean(false);
    m.unlit = n.optional("unlit").boolean(false);
    m.normal_scale = float(n.optional("normal_scale").number_in(0.0, 10.0, 1.0));
    m.occlusion_strength = float(n.optional("occlusion_strength").number_in(0.0, 1.0, 1.0));
    return m;
}

} // namespace

glm::vec3 srgb_hex_to_linear(std::string_view hex, bool* ok) {
    if (ok) *ok = false;
    if (hex.size() != 7 || hex[0] != '#') return glm::vec3(0.0f);
    glm::vec3 c;
    for (int i = 0; i < 3; ++i) {
        int v = 0;
        for (int k = 0; k < 2; ++k) {
            char ch = hex[std::size_t(1 + i * 2 + k)];
            int d = (ch >= '0' && ch <= '9') ? ch - '0' : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10
                                                      : (ch >= 'A' && ch <= 'F') ? ch - 'A' + 10 : -1;
            if (d < 0) return glm::vec3(0.0f);
            v = v * 16 + d;
        }
        float s = float(v) / 255.0f;
        c[i] = s <= 0.04045f ? s / 12.92f : std::pow((s + 0.055f) / 1.055f, 2.4f);
    }
    if (ok) *ok = true;
    return c;
}

std::optional<SceneDef> parse_scene(std::string_view text, const std::string& file_name, const fs::path& scenes_dir,
                                    core::Diagnostics& diag) {
    std::size_t problems_before = diag.problems().size();
    SceneParser parser(scenes_dir, diag);
    Json merged = parser.load(text, file_name, {fs::path(file_name).stem().stem().string()});
    if (merged.is_null()) return std::nullopt;
    JsonNode root(&merged, "", file_name, &diag);
    root.allow_only({"name", "kind", "title", "level_notes", "environment", "seat", "materials", "entities", "lights",
                     "sounds", "narration", "points_of_interest", "breathing_guide"});

    SceneDef s;
    s.file = file_name;
    s.name = root.required("name").nonempty_string();
    std::string stem = fs::path(file_name).filename().string();
    if (auto dot = stem.find('.'); dot != std::string::npos) stem = stem.substr(0, dot);
    if (!s.name.empty() && s.name != stem) root.problem_at("name", "'" + s.name + "' must match the file name '" + stem + "'");
    s.kind = root.required("kind").choice<SceneKind>(
        {{"calm", SceneKind::calm}, {"cue", SceneKind::cue}, {"exhibit", SceneKind::exhibit}}, SceneKind::cue);
    s.title = read_text(root.required("title"));

    if (JsonNode notes = root.optional("level_notes"); notes.present()) {
        auto items = notes.elements();
        if (notes.is_array() && items.size() != std::size_t(k_max_level + 1)) {
            notes.problem(fmt::format("expected {} notes, one for each level 0-{}", k_max_level + 1, k_max_level));
        }
        for (std::size_t i = 0; i < items.size() && i <= std::size_t(k_max_level); ++i) s.level_notes[i] = read_text(items[i]);
    } else if (s.kind == SceneKind::cue) {
        root.problem("missing required field 'level_notes' (what each level 0-4 adds, for the therapist)");
    }

    // Environment.
    if (JsonNode env = root.optional("environment"); env.present()) {
        env.allow_only({"sky", "sun", "ambient", "fog", "exposure"});
        Environment& e = s.environment;
        if (JsonNode sky = env.optional("sky"); sky.present()) {
            sky.allow_only({"zenith", "horizon", "ground", "intensity"});
            e.sky_zenith = read_color(sky.optional("zenith"), e.sky_zenith);
            e.sky_horizon = read_color(sky.optional("horizon"), e.sky_horizon);
            e.ground = read_color(sky.optional("ground"), e.ground);
            e.sky_intensity = float(sky.optional("intensity").number_in(0.0, 100.0, e.sky_intensity));
        }
        if (JsonNode sun = env.optional("sun"); sun.present()) {
            sun.allow_only({"direction", "color", "intensity", "shadows"});
            glm::vec3 d = read_vec3(sun.optional("direction"), e.sun_direction);
            if (glm::length(d) < 1e-4f) {
                sun.problem_at("direction", "must not be zero");
            } else {
                e.sun_direction = glm::normalize(d);
            }
            e.sun_color = read_color(sun.optional("color"), e.sun_color);
            e.sun_intensity = float(sun.optional("intensity").number_in(0.0, 100.0, e.sun_intensity));
            e.sun_shadows = sun.optional("shadows").boolean(e.sun_shadows);
        }
        if (JsonNode amb = env.optional("ambient"); amb.present()) {
            amb.allow_only({"color", "intensity"});
            e.ambient_color = read_color(amb.optional("color"), e.ambient_color);
            e.ambient_intensity = float(amb.optional("intensity").number_in(0.0, 100.0, e.ambient_intensity));
        }
        if (JsonNode fog = env.optional("fog"); fog.present()) {
            fog.allow_only({"color", "density", "start", "height_falloff", "base", "max"});
            e.fog_color = read_color(fog.optional("color"), e.fog_color);
            e.fog_density = float(fog.optional("density").number_in(0.0, 10.0, e.fog_density));
            e.fog_start = float(fog.optional("start").number_in(0.0, 1000.0, e.fog_start));
            e.fog_height_falloff = float(fog.optional("height_falloff").number_in(0.0, 10.0, e.fog_height_falloff));
            e.fog_base = float(fog.optional("base").number_in(-100.0, 100.0, e.fog_base));
            e.fog_max = float(fog.optional("max").number_in(0.0, 1.0, e.fog_max));
        }
        e.exposure = float(env.optional("exposure").number_in(0.01, 100.0, e.exposure));
    }

    if (JsonNode seat = root.optional("seat"); seat.present()) {
        seat.allow_only({"position", "yaw_degrees", "eye_height"});
        s.seat.position = read_vec3(seat.optional("position"), s.seat.position);
        s.seat.yaw_degrees = float(seat.optional("yaw_degrees").number_in(-360.0, 360.0, 0.0));
        s.seat.eye_height = float(seat.optional("eye_height").number_in(0.6, 2.0, 1.2));
    }

    // Materials, with textures checked on disk.
    if (JsonNode mats = root.optional("materials"); mats.present()) {
        for (auto& [name, m] : mats.members()) {
            MaterialDef def;
            def.material = read_material(m);
            def.material.name = name;
            def.repeat = m.optional("repeat").boolean(true);
            if (JsonNode tex = m.optional("textures"); tex.present()) {
                tex.allow_only({"base_color", "normal", "metallic_roughness", "emissive", "occlusion"});
                auto slot = [&](const char* key, std::string& out) {
                    JsonNode path = tex.optional(key);
                    if (!path.present()) return;
                    out = path.nonempty_string();
                    check_asset(path, out, {".png", ".jpg"});
                };
                slot("base_color", def.base_color_texture);
                slot("normal", def.normal_texture);
                slot("metallic_roughness", def.metallic_roughness_texture);
                slot("emissive", def.emissive_texture);
                slot("occlusion", def.occlusion_texture);
            }
            s.materials[name] = std::move(def);
        }
    }

    // Keyed arrays: ids must be unique within each.
    auto keyed = [&](const char* key, auto&& read_one) {
        auto it = merged.find(key);
        if (it == merged.end()) return;
        if (!it->is_array()) {
            root.problem_at(key, "expected an array");
            return;
        }
        std::set<std::string> ids;
        for (std::size_t i = 0; i < it->size(); ++i) {
            JsonNode n = parser.item_node((*it)[i], file_name, "/" + std::string(key) + "/" + std::to_string(i));
            JsonNode id = n.required("id");
            std::string ids_value = id.nonempty_string();
            if (!ids_value.empty() && !ids.insert(ids_value).second) id.problem("duplicate id '" + ids_value + "'");
            read_one(n, ids_value);
        }
    };

    keyed("entities", [&](const JsonNode& n, const std::string& id) {
        n.allow_only({"id", "model", "shape", "figure", "material", "position", "rotation", "scale", "parent", "cue",
                      "animation", "cast_shadow", "comment"});
        EntityDef e;
        e.id = id;
        e.json_pointer = n.file() + ":" + n.pointer();
        e.model = n.optional("model").string();
        if (n.has("model")) check_asset(n.optional("model"), e.model, {".glb", ".gltf"});
        e.shape = read_shape(n.optional("shape"));
        if (JsonNode f = n.optional("figure"); f.present()) {
            f.allow_only({"skin", "shirt", "trousers", "hair", "sitting", "height", "holds"});
            Figure fig;
            fig.skin = read_color(f.optional("skin"), fig.skin);
            fig.shirt = read_color(f.optional("shirt"), fig.shirt);
            fig.trousers = read_color(f.optional("trousers"), fig.trousers);
            fig.hair = read_color(f.optional("hair"), fig.hair);
            fig.sitting = f.optional("sitting").boolean(true);
            fig.height = float(f.optional("height").number_in(1.0, 2.2, 1.7));
            fig.holds = f.optional("holds").string();
            e.figure = fig;
        }
        int kinds = (e.model.empty() ? 0 : 1) + (e.shape ? 1 : 0) + (e.figure ? 1 : 0);
        if (kinds == 0) n.problem("an entity needs one of model, shape or figure");
        if (kinds > 1) n.problem("an entity has exactly one of model, shape or figure");
        e.material = n.optional("material").string();
        e.position = read_vec3(n.optional("position"), glm::vec3(0.0f));
        e.rotation_degrees = read_vec3(n.optional("rotation"), glm::vec3(0.0f));
        if (JsonNode sc = n.optional("scale"); sc.present()) {
            e.scale = sc.is_number() ? glm::vec3(float(sc.number_in(0.001, 1000.0, 1.0))) : read_vec3(sc, glm::vec3(1.0f));
            if (e.scale.x <= 0 || e.scale.y <= 0 || e.scale.z <= 0) sc.problem("scale must be positive");
        }
        e.parent = n.optional("parent").string();
        e.cue = read_cue(n.optional("cue"));
        e.animation = read_animation(n.optional("animation"));
        e.cast_shadow = n.optional("cast_shadow").boolean(true);
        s.entities.push_back(std::move(e));
    });

    keyed("lights", [&](const JsonNode& n, const std::string& id) {
        n.allow_only({"id", "type", "position", "direction", "color", "intensity", "range", "inner_cone_degrees",
                      "outer_cone_degrees", "cue", "animation", "comment"});
        LightDef l;
        l.id = id;
        l.light.type = n.optional("type").choice<LightType>({{"point", LightType::point}, {"spot", LightType::spot}},
                                                            LightType::point);
        l.light.position = read_vec3(n.required("position"), glm::vec3(0.0f));
        glm::vec3 d = read_vec3(n.optional("direction"), glm::vec3(0, -1, 0));
        l.light.direction = glm::length(d) > 1e-4f ? glm::normalize(d) : glm::vec3(0, -1, 0);
        l.light.color = read_color(n.optional("color"), glm::vec3(1.0f));
        l.light.intensity = float(n.required("intensity").number_in(0.0, 100000.0, 1.0));
        l.light.range = float(n.optional("range").number_in(0.1, 1000.0, 10.0));
        l.light.inner_cone = glm::radians(float(n.optional("inner_cone_degrees").number_in(0.0, 89.0, 20.0)));
        l.light.outer_cone = glm::radians(float(n.optional("outer_cone_degrees").number_in(0.1, 90.0, 35.0)));
        if (l.light.outer_cone <= l.light.inner_cone) n.problem_at("outer_cone_degrees", "must be wider than inner_cone_degrees");
        l.cue = read_cue(n.optional("cue"));
        l.animation = read_animation(n.optional("animation"));
        s.lights.push_back(l);
    });
    if (s.lights.size() > 16) root.problem_at("lights", fmt::format("{} lights; at most 16 can shine at once", s.lights.size()));

    keyed("sounds", [&](const JsonNode& n, const std::string& id) {
        n.allow_only({"id", "sound", "position", "positional", "loop", "gain", "attach_to", "cue", "category", "comment"});
        SoundDef snd;
        snd.id = id;
        snd.sound = n.required("sound").nonempty_string();
        check_asset(n.required("sound"), snd.sound, {".wav", ".ogg"});
        snd.position = read_vec3(n.optional("position"), glm::vec3(0.0f));
        snd.positional = n.optional("positional").boolean(true);
        snd.loop = n.optional("loop").boolean(true);
        snd.gain = float(n.optional("gain").number_in(0.0, 4.0, 1.0));
        snd.attach_to = n.optional("attach_to").string();
        snd.cue = read_cue(n.optional("cue"));
        snd.category = n.optional("category").string("ambience");
        if (n.has("category") && snd.category != "ambience" && snd.category != "cue" && snd.category != "music" &&
            snd.category != "voice") {
            n.problem_at("category", "'" + snd.category + "' is not one of 'ambience', 'cue', 'music', 'voice'");
        }
        s.sounds.push_back(snd);
    });

    keyed("narration", [&](const JsonNode& n, const std::string& id) {
        n.allow_only({"id", "text", "audio", "at_seconds", "younger_audience", "min_level"});
        NarrationDef nd;
        nd.id = id;
        nd.text = read_text(n.required("text"));
        if (JsonNode a = n.optional("audio"); a.present()) {
            a.allow_only({"zh", "en"});
            nd.audio_zh = a.optional("zh").string();
            nd.audio_en = a.optional("en").string();
            if (a.has("zh")) check_asset(a.optional("zh"), nd.audio_zh, {".wav", ".ogg"});
            if (a.has("en")) check_asset(a.optional("en"), nd.audio_en, {".wav", ".ogg"});
        }
        nd.at_seconds = float(n.optional("at_seconds").number_in(-1.0, 3600.0, 0.0));
        nd.younger_audience = n.optional("younger_audience").boolean(true);
        nd.min_level = int(n.optional("min_level").integer_in(0, k_max_level, 0));
        s.narration.push_back(nd);
    });

    keyed("points_of_interest", [&](const JsonNode& n, const std::string& id) {
        n.allow_only({"id", "label", "kind", "position", "radius", "entity"});
        PointOfInterest p;
        p.id = id;
        p.label = read_text(n.required("label"));
        p.kind = n.optional("kind").choice<InterestKind>({{"cue", InterestKind::cue}, {"neutral", InterestKind::neutral}},
                                                         InterestKind::neutral);
        p.position = read_vec3(n.optional("position"), glm::vec3(0.0f));
        p.radius = float(n.optional("radius").number_in(0.01, 10.0, 0.2));
        p.entity = n.optional("entity").string();
        s.points_of_interest.push_back(p);
    });

    if (JsonNode b = root.optional("breathing_guide"); b.present()) {
        b.allow_only({"inhale_seconds", "hold_seconds", "exhale_seconds", "entity"});
        BreathingGuide g;
        g.inhale_seconds = float(b.optional("inhale_seconds").number_in(1.0, 20.0, 4.0));
        g.hold_seconds = float(b.optional("hold_seconds").number_in(0.0, 20.0, 2.0));
        g.exhale_seconds = float(b.optional("exhale_seconds").number_in(1.0, 20.0, 6.0));
        g.entity = b.optional("entity").string();
        s.breathing = g;
    }

    // ---------------------------------------------------------------- cross-references
    std::map<std::string, const EntityDef*> by_id;
    for (const EntityDef& e : s.entities) by_id[e.id] = &e;
    auto entity_problem = [&](const EntityDef& e, const std::string& field, const std::string& message) {
        auto colon = e.json_pointer.rfind(':');
        diag.add({e.json_pointer.substr(0, colon), e.json_pointer.substr(colon + 1) + "/" + field, message});
    };
    for (const EntityDef& e : s.entities) {
        if (!e.parent.empty() && !by_id.count(e.parent)) entity_problem(e, "parent", "no entity has the id '" + e.parent + "'");
        if (!e.material.empty() && !s.materials.count(e.material)) {
            entity_problem(e, "material", "no material named '" + e.material + "' in this scene");
        }
        if (e.figure && !e.figure->holds.empty() && !by_id.count(e.figure->holds)) {
            entity_problem(e, "figure/holds", "no entity has the id '" + e.figure->holds + "'");
        }
        // Parent chains must end.
        std::set<std::string> seen{e.id};
        for (const EntityDef* p = e.parent.empty() ? nullptr : (by_id.count(e.parent) ? by_id[e.parent] : nullptr); p;
             p = p->parent.empty() || !by_id.count(p->parent) ? nullptr : by_id[p->parent]) {
            if (!seen.insert(p->id).second) {
                entity_problem(e, "parent", "parent cycle through '" + p->id + "'");
                break;
            }
        }
        if (e.cue && s.kind != SceneKind::cue) {
            entity_problem(e, "cue", "only cue scenes have cues (this scene's kind keeps every level the same)");
        }
    }
    for (std::size_t i = 0; i < s.sounds.size(); ++i) {
        const SoundDef& snd = s.sounds[i];
        if (!snd.attach_to.empty() && !by_id.count(snd.attach_to)) {
            root.problem_at("sounds", "sound '" + snd.id + "' is attached to '" + snd.attach_to + "', which no entity is");
        }
    }
    for (const PointOfInterest& p : s.points_of_interest) {
        if (!p.entity.empty() && !by_id.count(p.entity)) {
            root.problem_at("points_of_interest", "'" + p.id + "' follows '" + p.entity + "', which no entity is");
        }
    }
    if (s.breathing && !s.breathing->entity.empty() && !by_id.count(s.breathing->entity)) {
        root.problem_at("breathing_guide", "no entity has the id '" + s.breathing->entity + "'");
    }
    if (s.kind == SceneKind::cue) {
        bool any_cue = std::any_of(s.entities.begin(), s.entities.end(), [](const EntityDef& e) { return e.cue.has_value(); });
        if (!any_cue) root.problem("a cue scene needs at least one cue entity");
    }

    if (diag.problems().size() > problems_before) return std::nullopt;
    return s;
}

std::optional<SceneDef> load_scene_file(const fs::path& path, core::Diagnostics& diag) {
    core::FileText text = core::read_json_text(path, core::k_json_file_limits);
    if (!text.text) {
        diag.add(std::move(text.problem));
        return std::nullopt;
    }
    return parse_scene(*text.text, core::display_path(path), path.parent_path(), diag);
}

} // namespace qx::scene
