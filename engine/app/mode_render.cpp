// qingxing render: one still of a scene at a cue level, rendered offscreen to a PNG; or a
// contact sheet of every scene at chosen levels, labelled, for the scenes README and therapists.
#include "app/cli.h"
#include "app/modes.h"
#include "core/platform.h"
#include "core/cue_level.h"
#include "core/file.h"
#include "core/log.h"
#include "gpu/frame_ring.h"
#include "gpu/pipeline_cache.h"
#include "render/offscreen.h"
#include "render/renderer.h"
#include "scene/loaded_scene.h"
#include "scene/scene_library.h"
#include "scene/test_scene.h"
#include "ui/canvas.h"
#include "ui/font.h"

#include <memory>
#include <optional>

namespace qx::app {
namespace {

struct RenderOptions {
    std::string scene = "test";
    int level = 0;
    float intensity = 1.0f;
    double time = 2.0;
    float pitch = -12.0f;
    float yaw = 0.0f;
    std::string eye = "both";
    std::uint32_t width = 1024;
    std::uint32_t height = 1024;
    std::string out = "render.png";
    float fov_degrees = 90.0f;
    float ipd = 0.064f;
    std::string quality = "pc";  // the tier whose settings draw the still
    std::optional<int> msaa;     // given: instead of the tier's
    float fade = 0.0f;
    std::string gpu;
    std::uint32_t features_off = 0;
    std::string contact_sheet;
    std::vector<int> sheet_levels{0, 4};
    bool look_at_interest = false; // face the scene's first point of interest (the contact sheet)
};

// One still: the scene's image and what it took.
struct Still {
    scene::Image image;
    render::RenderStats stats;
    std::string title_zh, title_en;
};

// Renders `o.scene` at `o.level` with `renderer`; throws core::Error for a scene that does not load.
Still render_still(const RenderOptions& o, render::Renderer& renderer) {
    gpu::Context& ctx = renderer.context();
    Still still;
    std::optional<glm::vec3> interest;
    scene::BuiltScene built;
    glm::vec3 eye{0.0f, 1.2f, 0.0f};
    float seat_yaw = 0.0f;
    std::unique_ptr<scene::LoadedScene> loaded;
    if (o.scene == "test") {
        built = scene::make_material_test_scene();
    } else if (o.scene == "parallax-test") {
        built = scene::make_parallax_test_scene();
    } else {
        core::Diagnostics diag;
        auto def = scene::load_scene(o.scene, diag);
        if (!def) {
            std::string problems;
            for (const auto& p : diag.problems()) problems += (problems.empty() ? "" : "\n") + p.to_string();
            throw core::Error(problems);
        }
        still.title_zh = def->title.zh;
        still.title_en = def->title.en;
        loaded = scene::LoadedScene::build(std::move(*def), &diag);
        for (const auto& p : diag.problems()) core::log_warn("render", "{}", p.to_string());
        scene::FrameScene frame_scene;
        loaded->evaluate(o.level, o.intensity, o.time, frame_scene);
        built.assets = loaded->assets();
        built.instances = frame_scene.instances;
        built.lights = frame_scene.lights;
        built.environment = loaded->def().environment;
        eye = loaded->eye_position();
        seat_yaw = loaded->def().seat.yaw_degrees;
        if (o.look_at_interest && !frame_scene.points_of_interest.empty()) {
            interest = frame_scene.points_of_interest.front().position;
        }
    }

    render::GpuScene gpu_scene(renderer, built.assets, o.scene);
    render::OffscreenTarget target(ctx, {o.width, o.height});
    gpu::FrameRing ring(ctx, 1);

    render::FrameInput in;
    in.scene = &gpu_scene;
    in.instances = built.instances;
    in.environment = &built.environment;
    in.lights = built.lights;
    gpu::Pose head{eye, glm::angleAxis(glm::radians(seat_yaw + o.yaw), glm::vec3(0, 1, 0)) *
                               glm::angleAxis(glm::radians(o.pitch), glm::vec3(1, 0, 0))};
    if (o.scene == "test") head = gpu::look_at({0.0f, 1.2f, 0.0f}, {0.0f, 0.95f, -3.0f});
    if (interest) head = gpu::look_at(eye, *interest);
    gpu::Fov fov = gpu::symmetric_fov(o.fov_degrees, float(o.width) / float(o.height));
    in.view = gpu::stereo_from_head(head, o.ipd, fov, fov);
    in.post.fade = o.fade;
    in.features_off = o.features_off;

    gpu::Frame& frame = ring.begin();
    renderer.render(frame, in, target.target());
    VK_CHECK(ring.submit(frame));
    ring.wait_idle();

    still.image = o.eye == "left" ? target.read_eye(0) : o.eye == "right" ? target.read_eye(1) : target.read_both();
    still.stats = renderer.last_stats();
    return still;
}

// Every scene (rows) at each of `o.sheet_levels` (columns), left eye, looking at the scene's
// first point of interest (what the therapist should see), with its title in both languages and
// the level above each picture.
scene::Image contact_sheet(const RenderOptions& o, render::Renderer& renderer) {
    const int pad = 12, label = 54;
    std::vector<std::string> scenes = scene::list_scenes();
    const int cols = int(o.sheet_levels.size()), rows = int(scenes.size());
    const int w = int(o.width), h = int(o.height);
    ui::Canvas sheet(pad + cols * (w + pad), pad + rows * (h + label + pad), {24, 28, 30, 255});
    ui::Font font = ui::Font::load_cjk();
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            RenderOptions one = o;
            one.scene = scenes[std::size_t(r)];
            one.level = o.sheet_levels[std::size_t(c)];
            one.eye = "left";
            one.look_at_interest = true;
            Still still = render_still(one, renderer);
            const int x = pad + c * (w + pad), y = pad + r * (h + label + pad);
            font.draw(sheet, x, y + 22, fmt::format("{}  {}", still.title_zh, still.title_en), 20, {236, 236, 230, 255});
            font.draw(sheet, x, y + 46, fmt::format("{} · 线索等级 level {}", one.scene, one.level), 18,
                      {170, 186, 186, 255});
            for (int yy = 0; yy < h; ++yy) {
                for (int xx = 0; xx < w; ++xx) {
                    const std::uint8_t* p = still.image.at(std::uint32_t(xx), std::uint32_t(yy));
                    sheet.blend(x + xx, y + label + yy, {p[0], p[1], p[2], 255}, 1.0);
                }
            }
            std::printf("rendered %s level %d\n", one.scene.c_str(), one.level);
            std::fflush(stdout);
        }
    }
    return sheet.to_image();
}

int run_render(const RenderOptions& o) {
    gpu::ContextOptions copts;
    copts.device_name = o.gpu;
    gpu::Context ctx(copts);
    auto cache = std::make_unique<gpu::PipelineCache>(ctx, gpu::PipelineCache::default_path());
    render::QualitySettings q = render::quality_settings(render::parse_quality(o.quality).value_or(render::Quality::pc));
    if (o.msaa) q.msaa = *o.msaa;
    render::Renderer renderer(ctx, render::RendererOptions::for_quality(q, cache.get()));

    if (!o.contact_sheet.empty()) {
        scene::Image sheet = contact_sheet(o, renderer);
        scene::save_png(o.contact_sheet, sheet);
        std::printf("wrote %s (%ux%u: every scene at levels %s)\n", o.contact_sheet.c_str(), sheet.width,
                    sheet.height, fmt::format("{}", fmt::join(o.sheet_levels, ", ")).c_str());
    } else {
        Still still;
        try {
            still = render_still(o, renderer);
        } catch (const core::Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            return std::string_view(e.what()).starts_with("no scene named") ? k_exit_usage : k_exit_failure;
        }
        scene::save_png(core::utf8_path(o.out), still.image);
        std::printf("wrote %s (%ux%u, %s eye%s, scene %s level %d, %u draw calls, %llu triangles)\n", o.out.c_str(),
                    still.image.width, still.image.height, o.eye.c_str(), o.eye == "both" ? "s side by side" : "",
                    o.scene.c_str(), o.level, still.stats.draw_calls,
                    static_cast<unsigned long long>(still.stats.triangles));
    }
    if (ctx.validation_message_count() > 0) {
        std::fprintf(stderr, "qingxing render: the Vulkan validation layer reported %llu problem(s)\n",
                     static_cast<unsigned long long>(ctx.validation_message_count()));
        return k_exit_failure;
    }
    return k_exit_ok;
}

} // namespace

ModeMain add_render_mode(CLI::App& sub) {
    auto o = std::make_shared<RenderOptions>();
    sub.add_option("--scene", o->scene, "scene name (from scenes/, or built-in: test, parallax-test)");
    sub.add_option("--level", o->level, "cue level, 0 to " + std::to_string(core::k_max_cue_level))
        ->check(CLI::Range(0, core::k_max_cue_level));
    sub.add_option("--intensity", o->intensity, "how far into the level, 0-1 (default 1: the whole level)")
        ->check(CLI::Range(0.0f, 1.0f));
    sub.add_option("--time", o->time, "seconds into the scene (animation)")->check(CLI::Range(0.0, 1e6));
    sub.add_option("--pitch", o->pitch, "head pitch in degrees (negative looks down)")->check(CLI::Range(-89.0f, 89.0f));
    sub.add_option("--yaw", o->yaw, "head yaw in degrees from the seat's direction (positive turns left)")
        ->check(CLI::Range(-180.0f, 180.0f));
    sub.add_option("--eye", o->eye, "left, right or both (side by side)")->check(CLI::IsMember({"left", "right", "both"}));
    sub.add_option("--width", o->width, "width of one eye in pixels")->check(CLI::Range(16u, 8192u));
    sub.add_option("--height", o->height, "height of one eye in pixels")->check(CLI::Range(16u, 8192u));
    sub.add_option("--out", o->out, "PNG file to write");
    sub.add_option("--fov", o->fov_degrees, "horizontal field of view of each eye, degrees")->check(CLI::Range(20.0f, 170.0f));
    sub.add_option("--ipd", o->ipd, "distance between the eyes, metres")->check(CLI::Range(0.0f, 0.1f));
    sub.add_option("--quality", o->quality, "the quality tier's settings: standalone, pc or high (default pc)")
        ->check(CLI::IsMember({"standalone", "pc", "high"}));
    sub.add_option("--msaa", o->msaa, "multisampling: 1, 2, 4 or 8 (default: the tier's)")->check(CLI::IsMember({1, 2, 4, 8}));
    sub.add_option("--fade", o->fade, "fade to black, 0-1")->check(CLI::Range(0.0f, 1.0f));
    sub.add_option("--gpu", o->gpu, "prefer the GPU whose name contains this");
    sub.add_option("--contact-sheet", o->contact_sheet,
                   "write every scene at --sheet-levels (left eye, --width x --height each) to this PNG");
    sub.add_option("--sheet-levels", o->sheet_levels, "levels in the contact sheet")
        ->check(CLI::Range(0, core::k_max_cue_level))
        ->delimiter(',');
    sub.add_option("--features-off", o->features_off, "debug: bit mask of renderer features to switch off")
        ->group("Debug");
    return [o] { return run_render(*o); };
}

} // namespace qx::app
