#include "app/bench/bench_render.h"

#include "core/clock.h"
#include "core/log.h"
#include "gpu/frame_ring.h"
#include "gpu/pipeline_cache.h"
#include "render/offscreen.h"
#include "render/renderer.h"
#include "scene/loaded_scene.h"
#include "scene/scene_library.h"
#include "scene/test_scene.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace qx::app {
namespace {

struct Series {
    std::vector<double> values;
    double percentile(double p) const {
        if (values.empty()) return 0.0;
        std::vector<double> v = values;
        std::sort(v.begin(), v.end());
        double rank = p / 100.0 * double(v.size() - 1);
        std::size_t lo = static_cast<std::size_t>(std::floor(rank)), hi = std::min(lo + 1, v.size() - 1);
        return v[lo] + (v[hi] - v[lo]) * (rank - double(lo));
    }
};

struct CounterSnapshot {
    std::uint64_t allocations, pipelines, shaders, images, buffers, sets, upload_growths;
};

CounterSnapshot snapshot(gpu::Context& ctx, const gpu::FrameRing& ring) {
    auto& c = ctx.counters();
    return {ctx.allocator().stats().device_allocations, c.pipelines.load(), c.shader_modules.load(), c.images.load(),
            c.buffers.load(), c.descriptor_sets.load(), ring.upload_growths()};
}

// A scene at its top level (the most to draw), as the benchmark renders it; a scene file's scene
// is kept loaded, to be played (people breathe and talk, lights flicker) as a session plays it.
struct BenchScene {
    scene::BuiltScene built;
    std::unique_ptr<scene::LoadedScene> loaded;
    int level = 0;
};

BenchScene build_scene(const std::string& name, int level) {
    BenchScene s;
    s.level = level;
    if (name == "test") {
        s.built = scene::make_material_test_scene();
        return s;
    }
    if (name == "parallax-test") {
        s.built = scene::make_parallax_test_scene();
        return s;
    }
    core::Diagnostics diag;
    auto def = scene::load_scene(name, diag);
    diag.throw_if_any("scene '" + name + "'");
    s.loaded = scene::LoadedScene::build(std::move(*def), &diag);
    scene::FrameScene frame;
    s.loaded->evaluate(level, 1.0f, 3.0, frame);
    s.built.assets = s.loaded->assets();
    s.built.instances = frame.instances;
    s.built.lights = frame.lights;
    s.built.environment = s.loaded->def().environment;
    return s;
}

std::vector<std::string> all_scenes() {
    std::vector<std::string> names = scene::list_scenes();
    names.insert(names.begin(), "test");
    return names;
}

// One way of drawing a scene the bench measures: the scene as shipped, with shader features
// off, or the bare reference.
struct Variant {
    const char* name;
    std::uint32_t features_off = 0;
    bool bare_reference = false;
    const char* what = "";
    bool single_pass = false;
};

// The scene as shipped (through the post pass, as in a window), the bare reference, the single
// pass (as in a headset), then (with --features) each shader feature off in turn: what the scene
// pass saves without it is that feature's cost.
std::vector<Variant> variants(bool features) {
    std::vector<Variant> v{{"shipped", 0, false, "the scene as shipped"},
                           {"bare_reference", 0, true, "bare reference: same geometry, unlit, one texture"},
                           {"single_pass", 0, false,
                            "the headset path: finished in the scene pass, resolved straight into the target, no post pass",
                            true}};
    if (!features) return v;
    v.push_back({"no_material_textures",
                 render::k_off_base_color_tex | render::k_off_metallic_roughness_tex | render::k_off_occlusion_tex,
                 false, "base colour, metallic-roughness and occlusion textures not sampled"});
    v.push_back({"no_normal_map", render::k_off_normal_tex, false, "normal map not sampled"});
    v.push_back({"no_shadows", render::k_off_shadows, false, "no 3x3 PCF lookup, shadow map only cleared"});
    v.push_back({"no_light_loop", render::k_off_punctual_lights, false, "point and spot lights not looped over"});
    v.push_back({"no_fog", render::k_off_fog, false, "no height fog"});
    v.push_back({"lights_not_culled", render::k_off_light_culling, false,
                 "every light looped over for every draw: its cost is what culling lights per draw saves"});
    v.push_back({"shadow_map_every_frame", render::k_off_shadow_cache, false,
                 "the sun's shadow map drawn every frame instead of kept: its cost is what keeping it saves"});
    v.push_back({"no_swaying_cutout_shadows", render::k_off_swaying_cutout_shadows, false,
                 "swaying cut-out casters (leaves) cast no sun shadow: the standalone tier's trade"});
    v.push_back({"default_textures_sampled", render::k_off_texture_skip, false,
                 "the textures a material lacks looked up anyway (white, or the flat normal): its cost is what "
                 "skipping them saves"});
    return v;
}

// Variants whose bit makes the renderer do work the shipped one avoids: their cost is a saving.
constexpr std::uint32_t k_adds_work = render::k_off_shadow_cache | render::k_off_light_culling | render::k_off_texture_skip;

struct Measured {
    Series cpu_ms, gpu_ms, wait_ms;
    std::map<std::string, Series> passes;
    CounterSnapshot after_warmup{}, end{};
};

Measured measure(gpu::Context& ctx, gpu::FrameRing& ring, render::Renderer& renderer,
                 render::OffscreenTarget& target, render::FrameInput in, const BenchScene& scene,
                 const RenderBenchOptions& o) {
    const gpu::Fov fov = gpu::symmetric_fov(100.0f, float(o.width) / float(o.height));
    Measured m;
    scene::FrameScene played;
    for (std::uint32_t i = 0; i < o.warmup_frames + o.frames; ++i) {
        if (i == o.warmup_frames) m.after_warmup = snapshot(ctx, ring);
        // A slow, scripted look around, as a seated resident would; the same for every variant.
        float t = float(i) / 90.0f;
        gpu::Pose head{{0.0f, 1.2f, 0.0f},
                       glm::angleAxis(0.35f * std::sin(t * 0.7f), glm::vec3(0, 1, 0)) *
                           glm::angleAxis(-0.1f + 0.08f * std::sin(t * 1.3f), glm::vec3(1, 0, 0))};
        in.view = gpu::stereo_from_head(head, 0.064f, fov, fov);
        in.time_seconds = t;
        if (scene.loaded) { // moving casters are drawn into the shadow map every frame, as in a session
            scene.loaded->evaluate(scene.level, 1.0f, 3.0 + double(t), played);
            in.instances = played.instances;
            in.lights = played.lights;
        }

        core::Stopwatch wait;
        gpu::Frame& frame = ring.begin(); // waits for the frame two back: GPU-bound time
        double waited = wait.millis();
        core::Stopwatch cpu;
        renderer.render(frame, in, target.target());
        VkResult r = ring.submit(frame);
        double recorded = cpu.millis();
        if (r != VK_SUCCESS) throw core::Error(std::string("queue submit failed: ") + gpu::vk_result_name(r));
        if (i >= o.warmup_frames) {
            m.cpu_ms.values.push_back(recorded);
            m.wait_ms.values.push_back(waited);
            if (auto g = ring.last_gpu_ms(); g && i > o.warmup_frames + 1) {
                m.gpu_ms.values.push_back(*g);
                for (const gpu::GpuTiming& p : ring.last_gpu_timings()) m.passes[p.label].values.push_back(p.ms);
            }
        }
    }
    ring.wait_idle();
    m.end = snapshot(ctx, ring);
    return m;
}

double pass_median(const Measured& m, const char* label) {
    auto it = m.passes.find(label);
    return it == m.passes.end() ? 0.0 : it->second.percentile(50);
}

} // namespace

core::Json bench_render(const RenderBenchOptions& o) {
    gpu::ContextOptions copts;
    copts.device_name = o.gpu;
    copts.validation = false; // the layer would dominate the timings
    gpu::Context ctx(copts);
    gpu::PipelineCache cache(ctx, gpu::PipelineCache::default_path());
    render::QualitySettings pc = render::quality_settings(render::Quality::pc);
    pc.msaa = o.msaa;
    pc.shadow_map_size = o.shadow_map;
    render::Renderer renderer(ctx, render::RendererOptions::for_quality(pc, &cache));
    // With --tiers, a renderer per quality tier, each at the tier's own settings.
    std::vector<std::pair<render::Quality, std::unique_ptr<render::Renderer>>> tier_renderers;
    if (o.tiers) {
        for (render::Quality q : {render::Quality::standalone, render::Quality::pc, render::Quality::high}) {
            tier_renderers.emplace_back(q, std::make_unique<render::Renderer>(
                                               ctx, render::RendererOptions::for_quality(render::quality_settings(q), &cache)));
        }
    }
    render::OffscreenTarget target(ctx, {o.width, o.height});
    gpu::FrameRing ring(ctx, 2, 4u << 20);

    core::Json results = core::Json::array();
    std::vector<std::string> scenes = o.scenes.empty() ? all_scenes() : o.scenes;
    for (const std::string& name : scenes) {
        const BenchScene bench_scene = build_scene(name, scene::k_max_level);
        const scene::BuiltScene& built = bench_scene.built;
        render::GpuScene gpu_scene(renderer, built.assets, name);
        render::FrameInput in;
        in.scene = &gpu_scene;
        in.instances = built.instances;
        in.environment = &built.environment;
        in.lights = built.lights;

        // The variants one after another, each measured in full, so they see the same machine.
        std::vector<std::pair<Variant, Measured>> runs;
        render::RenderStats stats{};
        for (const Variant& v : variants(o.features)) {
            render::FrameInput vin = in;
            vin.features_off = v.features_off;
            vin.bare_reference = v.bare_reference;
            vin.single_pass = v.single_pass;
            runs.emplace_back(v, measure(ctx, ring, renderer, target, vin, bench_scene, o));
            if (!v.bare_reference && !v.single_pass && v.features_off == 0) stats = renderer.last_stats();
        }
        // Each quality tier as shipped, its own renderer holding its own copy of the scene.
        std::vector<std::pair<render::Quality, Measured>> tier_runs;
        for (auto& [q, tier_renderer] : tier_renderers) {
            render::GpuScene tier_scene(*tier_renderer, built.assets, name);
            render::FrameInput tin = in;
            tin.scene = &tier_scene;
            tier_runs.emplace_back(q, measure(ctx, ring, *tier_renderer, target, tin, bench_scene, o));
        }
        const Measured& shipped = runs[0].second;
        const Measured& reference = runs[1].second;
        const Measured& single = runs[2].second;
        gpu::AllocatorStats mem = ctx.allocator().stats();

        core::Json pass_json = core::Json::object();
        for (const auto& [label, series] : shipped.passes) pass_json[label] = {{"median_ms", series.percentile(50)}};
        const double frame_ms = shipped.gpu_ms.percentile(50);
        const double reference_ms = pass_median(reference, "bare_reference");
        core::Json r = {
            {"scene", name},
            {"eye_width", o.width},
            {"eye_height", o.height},
            {"msaa", int(renderer.msaa())},
            {"frames", o.frames},
            {"cpu_record_submit_ms", {{"median", shipped.cpu_ms.percentile(50)}, {"p99", shipped.cpu_ms.percentile(99)}}},
            {"gpu_frame_ms", {{"median", frame_ms}, {"p99", shipped.gpu_ms.percentile(99)}}},
            {"gpu_passes", pass_json},
            {"bare_reference_pass_ms", {{"median", reference_ms}}},
            {"frame_per_bare_reference", reference_ms > 0.0 ? frame_ms / reference_ms : 0.0},
            {"single_pass",
             {{"what", runs[2].first.what},
              {"gpu_frame_ms", single.gpu_ms.percentile(50)},
              {"scene_pass_ms", pass_median(single, "scene")},
              {"frame_per_bare_reference", reference_ms > 0.0 ? single.gpu_ms.percentile(50) / reference_ms : 0.0},
              {"frame_per_shipped", frame_ms > 0.0 ? single.gpu_ms.percentile(50) / frame_ms : 0.0}}},
            {"frame_wait_ms", {{"median", shipped.wait_ms.percentile(50)}}},
            {"draw_calls", stats.draw_calls},
            {"shadow_casters", stats.shadow_casters},
            {"shadow_moving_casters", stats.shadow_moving_casters},
            {"triangles", stats.triangles},
            {"draw_light_pairs_culled", stats.lights_culled},
            {"memory_mib", {{"device_reserved", double(mem.reserved_bytes) / (1 << 20)},
                            {"device_used", double(mem.used_bytes) / (1 << 20)},
                            {"scene", double(gpu_scene.gpu_bytes()) / (1 << 20)}}},
            {"after_warmup",
             {{"device_allocations", shipped.end.allocations - shipped.after_warmup.allocations},
              {"pipelines_created", shipped.end.pipelines - shipped.after_warmup.pipelines},
              {"shader_modules_created", shipped.end.shaders - shipped.after_warmup.shaders},
              {"images_created", shipped.end.images - shipped.after_warmup.images},
              {"buffers_created", shipped.end.buffers - shipped.after_warmup.buffers},
              {"descriptor_sets_allocated", shipped.end.sets - shipped.after_warmup.sets},
              {"upload_buffer_growths", shipped.end.upload_growths - shipped.after_warmup.upload_growths}}},
        };
        // Each feature's cost: what the passes save without it, also as a share of the reference.
        if (o.features) {
            core::Json features = core::Json::object();
            const double scene_ms = pass_median(shipped, "scene"), shadow_ms = pass_median(shipped, "shadow");
            for (std::size_t i = 3; i < runs.size(); ++i) {
                const auto& [v, m] = runs[i];
                double saved = (scene_ms - pass_median(m, "scene")) + (shadow_ms - pass_median(m, "shadow"));
                // These variants add work that the shipped renderer avoids.
                if (v.features_off & k_adds_work) {
                    saved = -saved;
                }
                features[v.name] = {{"what", v.what},
                                    {"gpu_frame_ms", m.gpu_ms.percentile(50)},
                                    {"scene_pass_ms", pass_median(m, "scene")},
                                    {"shadow_pass_ms", pass_median(m, "shadow")},
                                    {"cost_ms", saved},
                                    {"cost_per_bare_reference", reference_ms > 0.0 ? saved / reference_ms : 0.0}};
            }
            features["post"] = {{"what", "the full-screen post pass (tone mapping, fade, vignette)"},
                                {"cost_ms", pass_median(shipped, "post")},
                                {"cost_per_bare_reference", reference_ms > 0.0 ? pass_median(shipped, "post") / reference_ms : 0.0}};
            r["feature_costs"] = features;
        }
        if (o.tiers) {
            core::Json tiers = core::Json::object();
            for (std::size_t i = 0; i < tier_runs.size(); ++i) {
                const auto& [q, m] = tier_runs[i];
                const render::Renderer& tr = *tier_renderers[i].second;
                const render::QualitySettings qs = render::quality_settings(q);
                const double ms = m.gpu_ms.percentile(50);
                tiers[render::to_string(q)] = {{"msaa", int(tr.msaa())},
                                               {"shadow_map", qs.shadow_map_size},
                                               {"shadow_taps", qs.shadow_taps},
                                               {"gpu_frame_ms", ms},
                                               {"shadow_pass_ms", pass_median(m, "shadow")},
                                               {"scene_pass_ms", pass_median(m, "scene")},
                                               {"post_pass_ms", pass_median(m, "post")},
                                               {"frame_per_bare_reference", reference_ms > 0.0 ? ms / reference_ms : 0.0}};
            }
            r["tiers"] = tiers;
        }
        bool clean = true;
        for (const auto& [k, v] : r["after_warmup"].items()) clean = clean && v.get<std::uint64_t>() == 0;
        r["warm_frames_create_nothing"] = clean;
        const double single_ms = single.gpu_ms.percentile(50);
        core::log_info("bench", "{}: cpu {:.3f} ms median, gpu {:.2f} ms median ({:.1f}x the bare reference's {:.2f} ms; "
                       "single pass {:.2f} ms, {:.1f}x), {} draws, {} triangles{}",
                       name, shipped.cpu_ms.percentile(50), frame_ms, reference_ms > 0.0 ? frame_ms / reference_ms : 0.0,
                       reference_ms, single_ms, reference_ms > 0.0 ? single_ms / reference_ms : 0.0, stats.draw_calls,
                       stats.triangles, clean ? "" : ", CREATED OBJECTS AFTER WARM-UP");
        results.push_back(r);
    }
    core::Json out = {{"device", ctx.info().name}, {"driver", ctx.info().driver}, {"scenes", results}};
    return out;
}

} // namespace qx::app
