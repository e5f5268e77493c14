#include "scene/loaded_scene.h"

#include "core/log.h"
#include "scene/asset_paths.h"
#include "scene/figure.h"
#include "scene/model.h"

#include <cmath>
#include <functional>
#include <map>

namespace qx::scene {
namespace {

Mesh make_shape(const Shape& s) {
    switch (s.kind) {
    case ShapeKind::box: return make_box(s.size, s.uv_scale);
    case ShapeKind::sphere: return make_sphere(s.size.x);
    case ShapeKind::cylinder: return make_cylinder(s.size.x, s.size.y);
    case ShapeKind::cone: return make_cone(s.size.x, s.size.y);
    case ShapeKind::plane: {
        Mesh m = make_plane({s.size.x, s.size.y}, s.uv_scale);
        return m;
    }
    case ShapeKind::quad: return make_quad({s.size.x, s.size.y});
    case ShapeKind::torus: return make_torus(s.size.x, s.size.y);
    }
    return make_box(glm::vec3(1.0f));
}

// Wobble in [0, 1] that looks like a failing fluorescent tube or a flame.
float flicker(float t) {
    float slow = 0.5f + 0.5f * std::sin(t * 2.3f) * std::sin(t * 0.71f);
    float fast = 0.5f + 0.5f * std::sin(t * 23.0f + std::sin(t * 5.0f) * 3.0f);
    return glm::clamp(0.75f + 0.2f * slow + 0.05f * fast, 0.0f, 1.0f);
}

} // namespace

glm::quat euler_degrees(glm::vec3 d) {
    glm::vec3 r = glm::radians(d);
    return glm::angleAxis(r.y, glm::vec3(0, 1, 0)) * glm::angleAxis(r.x, glm::vec3(1, 0, 0)) *
           glm::angleAxis(r.z, glm::vec3(0, 0, 1));
}

float breathing_amount(const BreathingGuide& g, double seconds, int* phase) {
    double cycle = double(g.inhale_seconds + g.hold_seconds + g.exhale_seconds) + 1.0; // 1 s rest when empty
    double t = std::fmod(seconds, cycle);
    auto ease = [](double x) { return float(0.5 - 0.5 * std::cos(x * 3.14159265358979)); };
    if (t < g.inhale_seconds) {
        if (phase) *phase = 0;
        return ease(t / g.inhale_seconds);
    }
    t -= g.inhale_seconds;
    if (t < g.hold_seconds) {
        if (phase) *phase = 1;
        return 1.0f;
    }
    t -= g.hold_seconds;
    if (t < g.exhale_seconds) {
        if (phase) *phase = 2;
        return 1.0f - ease(t / g.exhale_seconds);
    }
    if (phase) *phase = 3;
    return 0.0f;
}

float Curve::eval(float x) const {
    if (points.empty()) return 0.0f;
    if (x <= points.front().x) return points.front().y;
    for (std::size_t i = 1; i < points.size(); ++i) {
        if (x <= points[i].x) {
            float span = points[i].x - points[i - 1].x;
            float a = span > 0.0f ? (x - points[i - 1].x) / span : 1.0f;
            return glm::mix(points[i - 1].y, points[i].y, a);
        }
    }
    return points.back().y;
}

bool Curve::non_decreasing() const {
    for (std::size_t i = 1; i < points.size(); ++i) {
        if (points[i].y < points[i - 1].y) return false;
    }
    return true;
}

const char* to_string(CueCategory c) {
    switch (c) {
    case CueCategory::place: return "place";
    case CueCategory::paraphernalia: return "paraphernalia";
    case CueCategory::people: return "people";
    case CueCategory::social_offer: return "social_offer";
    case CueCategory::sound: return "sound";
    }
    return "?";
}

glm::quat LoadedScene::seat_orientation() const {
    return glm::angleAxis(glm::radians(m_def.seat.yaw_degrees), glm::vec3(0, 1, 0));
}

std::unique_ptr<LoadedScene> LoadedScene::build(SceneDef def, core::Diagnostics* diag) {
    auto scene = std::unique_ptr<LoadedScene>(new LoadedScene());
    scene->m_def = std::move(def);
    SceneAssets& assets = scene->m_assets;
    const SceneDef& d = scene->m_def;

    // Scene materials, with their texture files (missing ones become the checkerboard).
    std::map<std::string, std::int32_t> texture_of;
    auto texture = [&](const std::string& path, bool srgb, bool repeat) -> std::int32_t {
        if (path.empty()) return -1;
        std::string key = path + (srgb ? "#srgb" : "#linear");
        if (auto it = texture_of.find(key); it != texture_of.end()) return it->second;
        Texture t = load_texture(asset_path(path), srgb, diag);
        t.repeat = repeat;
        if (t.image.width == 64 && !resolve_asset(path)) ++scene->m_placeholders;
        std::int32_t index = assets.add_texture(std::move(t));
        texture_of[key] = index;
        return index;
    };
    std::map<std::string, std::uint32_t> material_of;
    for (const auto& [name, md] : d.materials) {
        Material m = md.material;
        m.base_color_texture = texture(md.base_color_texture, true, md.repeat);
        m.emissive_texture = texture(md.emissive_texture, true, md.repeat);
        m.normal_texture = texture(md.normal_texture, false, md.repeat);
        m.metallic_roughness_texture = texture(md.metallic_roughness_texture, false, md.repeat);
        m.occlusion_texture = texture(md.occlusion_texture, false, md.repeat);
        material_of[name] = assets.add_material(std::move(m));
    }
    std::uint32_t default_material = assets.add_material(Material{});

    std::map<std::string, int> index_of;
    for (std::size_t i = 0; i < d.entities.size(); ++i) index_of[d.entities[i].id] = int(i);

    std::map<std::string, Model> models; // each file loaded once
    scene->m_nodes.resize(d.entities.size());
    for (std::size_t i = 0; i < d.entities.size(); ++i) {
        const EntityDef& e = d.entities[i];
        Node& node = scene->m_nodes[i];
        node.local = glm::translate(glm::mat4(1.0f), e.position) * glm::mat4_cast(euler_degrees(e.rotation_degrees)) *
                     glm::scale(glm::mat4(1.0f), e.scale);
        node.parent = e.parent.empty() ? -1 : index_of.at(e.parent);
        std::uint32_t override_material = e.material.empty() ? UINT32_MAX : material_of.at(e.material);
        if (!e.model.empty()) {
            auto it = models.find(e.model);
            if (it == models.end()) {
                Model m = load_model_or_placeholder(asset_path(e.model), diag);
                if (m.placeholder) ++scene->m_placeholders;
                it = models.emplace(e.model, std::move(m)).first;
            }
            for (const ModelPart& p : add_model(assets, it->second)) {
                node.parts.push_back({p.mesh, override_material != UINT32_MAX ? override_material : p.material,
                                      glm::mat4(1.0f), -1});
            }
        } else if (e.shape) {
            Mesh mesh = make_shape(*e.shape);
            compute_tangents(mesh);
            mesh.name = e.id;
            std::uint32_t mi = assets.add_mesh(std::move(mesh));
            node.parts.push_back({mi, override_material != UINT32_MAX ? override_material : default_material,
                                  glm::mat4(1.0f), -1});
        } else if (e.figure) {
            node.figure = true;
            for (const FigurePart& p : build_figure(assets, *e.figure, e.id)) {
                node.parts.push_back({p.mesh, p.material, p.local, p.bone});
            }
        }
    }
    for (std::size_t i = 0; i < d.entities.size(); ++i) {
        const EntityDef& e = d.entities[i];
        if (e.figure && !e.figure->holds.empty()) scene->m_nodes[std::size_t(index_of.at(e.figure->holds))].holder = int(i);
    }
    // Parents (and holders) before children.
    std::vector<int> state(d.entities.size(), 0);
    std::function<void(int)> visit = [&](int i) {
        if (state[std::size_t(i)]) return;
        state[std::size_t(i)] = 1;
        const Node& n = scene->m_nodes[std::size_t(i)];
        if (n.parent >= 0) visit(n.parent);
        if (n.holder >= 0) visit(n.holder);
        scene->m_order.push_back(i);
    };
    for (std::size_t i = 0; i < d.entities.size(); ++i) visit(int(i));
    core::log_debug("scene", "{}: {} entities, {} meshes, {} materials, {} textures, {} placeholders", d.name,
                    d.entities.size(), assets.meshes.size(), assets.materials.size(), assets.textures.size(),
                    scene->m_placeholders);
    return scene;
}

void LoadedScene::evaluate(int level, float intensity, double seconds, FrameScene& out) const {
    const SceneDef& d = m_def;
    out.instances.clear();
    out.lights.clear();
    out.sounds.clear();
    out.points_of_interest.clear();
    out.visible_cues.clear();
    level = glm::clamp(level, 0, k_max_level);
    float x = float(level) + glm::clamp(intensity, 0.0f, 1.0f);
    float t = float(seconds);
    glm::vec3 eye = d.seat.eye();

    out.breath = 0.0f;
    if (d.breathing) out.breath = breathing_amount(*d.breathing, seconds, &out.breath_phase);

    auto cue_visibility = [&](const std::optional<Cue>& cue) {
        if (!cue) return 1.0f;
        if (level < cue->min_level) return 0.0f;
        return cue->visibility ? glm::clamp(cue->visibility->eval(x), 0.0f, 1.0f) : 1.0f;
    };

    std::vector<glm::mat4> world(d.entities.size(), glm::mat4(1.0f));
    std::vector<float> visibility(d.entities.size(), 1.0f);
    std::vector<FigurePose> poses(d.entities.size());
    std::vector<char> moving(d.entities.size(), 0);
    for (int i : m_order) {
        const EntityDef& e = d.entities[std::size_t(i)];
        const Node& n = m_nodes[std::size_t(i)];
        float vis = cue_visibility(e.cue);
        float motion = e.cue && e.cue->motion ? glm::clamp(e.cue->motion->eval(x), 0.0f, 1.0f) : 1.0f;
        glm::mat4 local = n.local;
        // Object animation on the entity's own transform.
        float at = t * e.animation.speed + e.animation.phase;
        float amp = e.animation.amplitude * motion;
        switch (e.animation.clip) {
        case AnimationClip::sway:
            local = local * glm::rotate(glm::mat4(1.0f), 0.05f * amp * std::sin(at * 1.1f), glm::vec3(0, 0, 1));
            break;
        case AnimationClip::pulse:
            local = local * glm::scale(glm::mat4(1.0f), glm::vec3(1.0f + 0.05f * amp * std::sin(at * 3.0f)));
            break;
        case AnimationClip::spin: local = local * glm::rotate(glm::mat4(1.0f), at * amp, glm::vec3(0, 1, 0)); break;
        case AnimationClip::bob:
            local = glm::translate(glm::mat4(1.0f), glm::vec3(0, 0.02f * amp * std::sin(at * 2.0f), 0)) * local;
            break;
        case AnimationClip::breathe:
            local = local * glm::scale(glm::mat4(1.0f), glm::vec3(0.6f + 0.4f * out.breath));
            break;
        default: break;
        }
        glm::mat4 parent = n.parent >= 0 ? world[std::size_t(n.parent)] : glm::mat4(1.0f);
        if (n.holder >= 0) parent = world[std::size_t(n.holder)] * poses[std::size_t(n.holder)].right_hand;
        world[std::size_t(i)] = parent * local;
        if (n.parent >= 0) vis = std::min(vis, visibility[std::size_t(n.parent)]);
        if (n.holder >= 0) vis = std::min(vis, visibility[std::size_t(n.holder)]);
        // Any clip moves an entity (a figure's clip poses its bones), and so does what carries it.
        moving[std::size_t(i)] = e.animation.clip != AnimationClip::none ||
                                 (n.parent >= 0 && moving[std::size_t(n.parent)]) ||
                                 (n.holder >= 0 && moving[std::size_t(n.holder)]);
        // Distance curve: slide horizontally along the line from the eyes to where the author put
        // it (people walk closer; they do not float up to eye height).
        if (e.cue && e.cue->distance && n.holder < 0) {
            glm::vec3 p = glm::vec3(world[std::size_t(i)][3]);
            glm::vec2 dir(p.x - eye.x, p.z - eye.z);
            float len = glm::length(dir);
            if (len > 1e-3f) {
                glm::vec2 target = glm::vec2(eye.x, eye.z) + dir / len * e.cue->distance->eval(x);
                world[std::size_t(i)][3] = glm::vec4(target.x, p.y, target.y, 1.0f);
            }
        }
        visibility[std::size_t(i)] = vis;
        if (n.figure) poses[std::size_t(i)] = pose_figure(*e.figure, e.animation, motion, seconds);
        if (vis <= 0.0f) continue;
        if (e.cue) out.visible_cues.push_back(std::uint32_t(i));
        for (const Part& p : n.parts) {
            glm::mat4 m = world[std::size_t(i)];
            if (p.bone >= 0) m = m * poses[std::size_t(i)].bones[std::size_t(p.bone)];
            out.instances.push_back(
                {p.mesh, p.material, m * p.local, vis, e.cast_shadow && vis >= 1.0f, moving[std::size_t(i)] != 0});
        }
    }

    for (const LightDef& l : d.lights) {
        float vis = cue_visibility(l.cue);
        if (vis <= 0.0f) continue;
        Light light = l.light;
        light.intensity *= vis;
        float at = t * l.animation.speed + l.animation.phase;
        if (l.animation.clip == AnimationClip::flicker) light.intensity *= flicker(at);
        if (l.animation.clip == AnimationClip::pulse) light.intensity *= 0.75f + 0.25f * std::sin(at * 3.0f);
        if (l.animation.clip == AnimationClip::breathe) light.intensity *= 0.5f + 0.5f * out.breath;
        out.lights.push_back(light);
    }

    std::map<std::string, int> index_of;
    for (std::size_t i = 0; i < d.entities.size(); ++i) index_of[d.entities[i].id] = int(i);
    for (std::size_t i = 0; i < d.sounds.size(); ++i) {
        const SoundDef& s = d.sounds[i];
        SoundState st;
        st.index = std::uint32_t(i);
        st.position = s.position;
        float vis = cue_visibility(s.cue);
        if (s.cue && s.cue->volume) vis = level >= s.cue->min_level ? s.cue->volume->eval(x) : 0.0f;
        if (!s.attach_to.empty()) {
            int e = index_of.at(s.attach_to);
            st.position = glm::vec3(world[std::size_t(e)][3]);
            vis = std::min(vis, visibility[std::size_t(e)] > 0.0f ? 1.0f : 0.0f);
        }
        st.gain = s.gain * vis;
        out.sounds.push_back(st);
    }
    for (std::size_t i = 0; i < d.points_of_interest.size(); ++i) {
        const PointOfInterest& p = d.points_of_interest[i];
        PoiState st;
        st.index = std::uint32_t(i);
        st.position = p.position;
        st.visible = true;
        if (!p.entity.empty()) {
            int e = index_of.at(p.entity);
            st.position = glm::vec3(world[std::size_t(e)] * glm::vec4(p.position, 1.0f));
            st.visible = visibility[std::size_t(e)] > 0.0f;
        }
        out.points_of_interest.push_back(st);
    }
}

} // namespace qx::scene
