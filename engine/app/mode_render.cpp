// qingxing render: one still of a scene at a cue level, rendered offscreen to a PNG.
#include "app/cli.h"
#include "app/modes.h"
#include "core/file.h"
#include "core/log.h"
#include "gpu/frame_ring.h"
#include "gpu/pipeline_cache.h"
#include "render/offscreen.h"
#include "scene/loaded_scene.h"
#include "scene/scene_library.h"
#include "scene/test_scene.h"

#include <memory>

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
    int msaa = 4;
    float fade = 0.0f;
    std::string gpu;
    std::uint32_t features_off = 0;
};

int run_render(const RenderOptions& o) {
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
            for (const auto& p : diag.problems()) std::fprintf(stderr, "%s\n", p.to_string().c_str());
            return diag.problems().size() == 1 && diag.problems()[0].message.starts_with("no scene named") ? k_exit_usage
                                                                                                           : k_exit_failure;
        }
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
    }

    gpu::ContextOptions copts;
    copts.device_name = o.gpu;
    gpu::Context ctx(copts);
    auto cache = std::make_unique<gpu::PipelineCache>(ctx, gpu::PipelineCache::default_path());
    render::RendererOptions ropts;
    ropts.msaa = static_cast<VkSampleCountFlagBits>(o.msaa);
    ropts.pipeline_cache = cache.get();
    render::Renderer renderer(ctx, ropts);
    render::GpuScene gpu_scene(renderer, built.assets, o.scene);
    render::OffscreenTarget target(ctx, {o.width, o.height});
    gpu::FrameRing ring(ctx, 1);

    render::FrameInput in;
    in.scene = &gpu_scene;
    in.instances = built.instances;
    in.environment = &built.environment;
    in.lights = built.lights;
    render::Pose head{eye, glm::angleAxis(glm::radians(seat_yaw + o.yaw), glm::vec3(0, 1, 0)) *
                               glm::angleAxis(glm::radians(o.pitch), glm::vec3(1, 0, 0))};
    if (o.scene == "test") head = render::look_at({0.0f, 1.2f, 0.0f}, {0.0f, 0.95f, -3.0f});
    render::Fov fov = render::symmetric_fov(o.fov_degrees, float(o.width) / float(o.height));
    in.view = render::stereo_from_head(head, o.ipd, fov, fov);
    in.post.fade = o.fade;
    in.features_off = o.features_off;

    gpu::Frame& frame = ring.begin();
    renderer.render(frame, in, target.target());
    VK_CHECK(ring.submit(frame));
    ring.wait_idle();

    scene::Image image = o.eye == "left" ? target.read_eye(0) : o.eye == "right" ? target.read_eye(1) : target.read_both();
    scene::save_png(o.out, image);
    std::printf("wrote %s (%ux%u, %s eye%s, scene %s level %d, %u draw calls, %llu triangles)\n", o.out.c_str(),
                image.width, image.height, o.eye.c_str(), o.eye == "both" ? "s side by side" : "", o.scene.c_str(),
                o.level, renderer.last_stats().draw_calls,
                static_cast<unsigned long long>(renderer.last_stats().triangles));
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
    sub.add_option("--level", o->level, "cue level 0-4")->check(CLI::Range(0, 4));
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
    sub.add_option("--msaa", o->msaa, "multisampling: 1, 2, 4 or 8")->check(CLI::IsMember({1, 2, 4, 8}));
    sub.add_option("--fade", o->fade, "fade to black, 0-1")->check(CLI::Range(0.0f, 1.0f));
    sub.add_option("--gpu", o->gpu, "prefer the GPU whose name contains this");
    sub.add_option("--features-off", o->features_off, "debug: bit mask of renderer features to switch off")
        ->group("Debug");
    return [o] { return run_render(*o); };
}

} // namespace qx::app
