// The render bench's bare reference pass (FrameInput::bare_reference): every figure of the bench is
// also a ratio to it, so it must draw what the scene pass draws, only more simply.
#include "app/bench/bench_render.h"
#include "render/offscreen.h"
#include "render/render_harness.h"
#include "support/image_compare.h"
#include "scene/test_scene.h"

#include <catch2/catch_test_macros.hpp>
#include <algorithm>
#include <set>

using namespace qx;
using namespace qx::test;

namespace {

struct Drawn {
    StereoImages images;
    render::RenderStats stats;
    std::set<std::string> passes; // the GPU timing labels of a completed frame
};

// Draws `in` a few times (timings come from the frame two back) and reads the last picture.
Drawn draw(render::Renderer& renderer, gpu::FrameRing& ring, render::OffscreenTarget& target,
           const render::FrameInput& in) {
    Drawn d;
    for (int i = 0; i < 4; ++i) {
        gpu::Frame& f = ring.begin();
        renderer.render(f, in, target.target());
        REQUIRE(ring.submit(f) == VK_SUCCESS);
    }
    ring.wait_idle();
    d.stats = renderer.last_stats();
    for (const gpu::GpuTiming& t : ring.last_gpu_timings()) d.passes.insert(t.label);
    d.images = {target.read_eye(0), target.read_eye(1)};
    return d;
}

// Share of pixels that are not black, and whether the picture has more than one colour.
double covered(const scene::Image& img) {
    std::size_t lit = 0;
    for (std::uint32_t y = 0; y < img.height; ++y)
        for (std::uint32_t x = 0; x < img.width; ++x) {
            const std::uint8_t* p = img.at(x, y);
            if (p[0] + p[1] + p[2] > 6) ++lit;
        }
    return double(lit) / double(img.width * img.height);
}

bool varied(const scene::Image& img) {
    const std::uint8_t* first = img.at(0, 0);
    for (std::uint32_t y = 0; y < img.height; ++y)
        for (std::uint32_t x = 0; x < img.width; ++x)
            if (!std::equal(first, first + 3, img.at(x, y))) return true;
    return false;
}

} // namespace

TEST_CASE("the bench's bare reference draws the scene's geometry unlit, in both eyes, without the shadow pass",
          "[render][bench]") {
    const VkExtent2D size{96, 64};
    RenderHarness h(size, VK_SAMPLE_COUNT_4_BIT, 512);
    render::Renderer& renderer = h.renderer();
    scene::BuiltScene built = scene::make_material_test_scene();
    render::GpuScene gpu_scene(renderer, built.assets, "test");
    render::OffscreenTarget target(h.context(), size);
    gpu::FrameRing ring(h.context(), 2);

    render::FrameInput in = scene_input(built, gpu_scene, RenderHarness::test_view(size));
    const Drawn shipped = draw(renderer, ring, target, in);
    in.bare_reference = true;
    const Drawn reference = draw(renderer, ring, target, in);

    // The same geometry: every triangle the scene pass drew, and one draw fewer (no sky).
    CHECK(reference.stats.triangles == shipped.stats.triangles);
    CHECK(reference.stats.draw_calls + 1 == shipped.stats.draw_calls);
    CHECK(reference.stats.shadow_draw_calls == 0);
    // Its own GPU timing, and no shadow pass (when the GPU has timestamps).
    if (!shipped.passes.empty()) {
        CHECK(shipped.passes == std::set<std::string>{"shadow", "scene", "post"});
        CHECK(reference.passes == std::set<std::string>{"bare_reference", "post"});
    }
    // A picture in both eyes: the scene's objects in their textures' colours, and not the lit
    // picture. (Saved beside the other test pictures, to be looked at.)
    save_for_review("bare-reference", scene::side_by_side(shipped.images.both(), reference.images.both()));
    for (const scene::Image* eye : {&reference.images.left, &reference.images.right}) {
        CHECK(varied(*eye));
        CHECK(covered(*eye) > 0.3);
    }
    CHECK(reference.images.left.pixels != shipped.images.left.pixels);
    INFO(h.validation_report());
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("the render bench gives each scene's frame as a ratio to its bare reference, and each feature's cost",
          "[render][bench]") {
    app::RenderBenchOptions o;
    o.width = 48;
    o.height = 32;
    o.warmup_frames = 3;
    o.frames = 4;
    o.shadow_map = 512;
    o.scenes = {"test"};
    o.features = true;
    const core::Json out = app::bench_render(o);
    REQUIRE(out["scenes"].size() == 1);
    const core::Json& s = out["scenes"][0];
    INFO(s.dump(2));
    CHECK(s["bare_reference_pass_ms"]["median"].get<double>() > 0.0);
    CHECK(s["frame_per_bare_reference"].get<double>() > 0.0);
    CHECK(s["warm_frames_create_nothing"].get<bool>());
    // The headset path, measured beside the window's.
    CHECK(s["single_pass"]["gpu_frame_ms"].get<double>() > 0.0);
    CHECK(s["single_pass"]["scene_pass_ms"].get<double>() > 0.0);
    CHECK(s["single_pass"]["frame_per_bare_reference"].get<double>() > 0.0);
    for (const char* feature : {"no_material_textures", "no_normal_map", "no_shadows", "no_light_loop", "no_fog",
                                "lights_not_culled", "shadow_map_every_frame", "post"}) {
        INFO(feature);
        REQUIRE(s["feature_costs"].contains(feature));
        CHECK(s["feature_costs"][feature].contains("cost_ms"));
        CHECK(s["feature_costs"][feature].contains("cost_per_bare_reference"));
    }
}
