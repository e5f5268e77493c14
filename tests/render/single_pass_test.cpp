// The headset path's single pass: the scene pass finishes its own colour (tone mapping, exposure,
// vignette, fade) and resolves straight into the target, with the overlays in the same pass. It
// must show what the post pass shows, but for edges and blending, which it averages after tone
// mapping instead of before.
#include "gpu/readback.h"
#include "render/render_harness.h"
#include "scene/loaded_scene.h"
#include "scene/scene_library.h"
#include "support/image_compare.h"

#include <catch2/catch_test_macros.hpp>

using namespace qx;
using namespace qx::test;

namespace {

scene::BuiltScene scene_at_level(const std::string& name, int level,
                                 std::unique_ptr<scene::LoadedScene>& keep) {
    core::Diagnostics diag;
    auto def = scene::load_scene(name, diag);
    REQUIRE(def);
    keep = scene::LoadedScene::build(std::move(*def), &diag);
    scene::FrameScene frame;
    keep->evaluate(level, 1.0f, 3.0, frame);
    scene::BuiltScene b;
    b.assets = keep->assets();
    b.instances = frame.instances;
    b.lights = frame.lights;
    b.environment = keep->def().environment;
    return b;
}

gpu::StereoView seated(const scene::LoadedScene& s, VkExtent2D size) {
    gpu::Pose head{s.eye_position(), s.seat_orientation() * glm::angleAxis(glm::radians(-10.0f), glm::vec3(1, 0, 0))};
    gpu::Fov fov = gpu::symmetric_fov(90.0f, float(size.width) / float(size.height));
    return gpu::stereo_from_head(head, 0.064f, fov, fov);
}

// Edges (MSAA averaged after tone mapping) differ a little; the rest matches.
constexpr ImageTolerance k_same_picture{12, 0.02, 1.0};
// Blended surfaces are blended in display colour, after tone mapping: a bright highlight on glass
// is clipped before it is blended, so glass over a bright background differs more.
constexpr ImageTolerance k_same_but_blending{12, 0.08, 1.5};

void check_same_picture(const char* what, const StereoImages& post, const StereoImages& single,
                        const ImageTolerance& tolerance = k_same_picture) {
    for (int eye = 0; eye < 2; ++eye) {
        const scene::Image& a = eye == 0 ? post.left : post.right;
        const scene::Image& b = eye == 0 ? single.left : single.right;
        ImageDiff d = compare_images(a, b, tolerance);
        INFO(what << ", eye " << eye << ": " << d.describe());
        if (!d.within(tolerance)) save_for_review(std::string("single_pass_diff_") + what, d.diff);
        CHECK(d.within(tolerance));
    }
}

int channel(const scene::Image& img, std::uint32_t x, std::uint32_t y, int c) { return img.at(x, y)[c]; }

} // namespace

TEST_CASE("the single pass shows what the post pass shows", "[render][single_pass]") {
    RenderHarness h({256, 192});
    render::PostSettings plain;
    render::PostSettings faded;
    faded.fade = 0.4f;
    faded.fade_color = {0.3f, 0.05f, 0.02f};
    faded.vignette = 0.7f;
    faded.exposure = 1.3f;

    SECTION("the material test scene, both eyes in one pass and one eye a pass") {
        const scene::BuiltScene built = scene::make_material_test_scene();
        const gpu::StereoView view = RenderHarness::test_view({256, 192});
        for (bool multiview : {true, false}) {
            const std::string how = multiview ? "multiview" : "one eye a pass";
            // Without blending (the glass drawn opaque), only edges differ.
            h.set_single_pass(false);
            const StereoImages post = h.render(built, view, plain, render::k_off_blend, multiview, "material");
            const StereoImages post_faded = h.render(built, view, faded, render::k_off_blend, multiview, "material");
            const StereoImages post_glass = h.render(built, view, plain, 0, multiview, "material");
            h.set_single_pass(true);
            const StereoImages single = h.render(built, view, plain, render::k_off_blend, multiview, "material");
            const StereoImages single_faded = h.render(built, view, faded, render::k_off_blend, multiview, "material");
            const StereoImages single_glass = h.render(built, view, plain, 0, multiview, "material");
            if (multiview) save_for_review("single_pass_material", scene::side_by_side(post_glass.left, single_glass.left));
            check_same_picture(("material, " + how).c_str(), post, single);
            check_same_picture(("material faded, " + how).c_str(), post_faded, single_faded);
            check_same_picture(("material with glass, " + how).c_str(), post_glass, single_glass, k_same_but_blending);
            CHECK_FALSE(same(single, single_faded));
        }
    }
    SECTION("the KTV room at its top level: lights, glass and smoke") {
        std::unique_ptr<scene::LoadedScene> keep;
        const scene::BuiltScene built = scene_at_level("ktv-room", 4, keep);
        const gpu::StereoView view = seated(*keep, {256, 192});
        h.set_single_pass(false);
        const StereoImages post = h.render(built, view, faded, 0, true, "ktv");
        h.set_single_pass(true);
        const StereoImages single = h.render(built, view, faded, 0, true, "ktv");
        save_for_review("single_pass_ktv", scene::side_by_side(post.left, single.left));
        check_same_picture("ktv-room", post, single, k_same_but_blending);
    }
    CHECK(h.validation_messages() == 0);
    INFO(h.validation_report());
}

TEST_CASE("a fully faded single pass is the fade colour with the prompt over it, in sRGB and UNORM targets",
          "[render][single_pass][overlay]") {
    RenderHarness h({128, 128});
    gpu::Context& ctx = h.context();
    gpu::Image yellow = solid_texture(ctx, 255, 255, 0);
    h.renderer().set_overlay_texture(0, yellow);
    const scene::BuiltScene s = scene::make_material_test_scene();
    render::GpuScene gs(h.renderer(), s.assets, "faded");
    render::OverlayQuad quad;
    quad.transform = glm::scale(glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, 1.2f, -1.0f)), glm::vec3(0.3f));
    const std::vector<render::OverlayQuad> overlays{quad};
    gpu::Pose head{{0.0f, 1.2f, 0.0f}, glm::quat(1, 0, 0, 0)};
    const gpu::Fov fov = gpu::symmetric_fov(90.0f, 1.0f);

    for (VkFormat format : {VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_R8G8B8A8_UNORM}) {
        render::OffscreenTarget target(ctx, {128, 128}, format);
        auto draw = [&](bool single_pass) {
            gpu::FrameRing ring(ctx, 1);
            render::FrameInput in = scene_input(s, gs, gpu::stereo_from_head(head, 0.064f, fov, fov));
            in.overlays = overlays;
            in.post.fade = 1.0f;
            in.post.fade_color = {0.2f, 0.1f, 0.05f};
            in.single_pass = single_pass;
            gpu::Frame& f = ring.begin();
            h.renderer().render(f, in, target.target());
            REQUIRE(ring.submit(f) == VK_SUCCESS);
            ring.wait_idle();
            return target.read_eye(0);
        };
        const scene::Image post = draw(false);
        const scene::Image single = draw(true);
        INFO("format " << int(format));
        // The fade colour, sRGB-encoded either by the format or by the shader: 0.2 → 124, 0.1 → 89,
        // 0.05 → 63.
        CHECK(std::abs(channel(single, 5, 5, 0) - 124) <= 1);
        CHECK(std::abs(channel(single, 5, 5, 1) - 89) <= 1);
        CHECK(std::abs(channel(single, 5, 5, 2) - 63) <= 1);
        // The prompt over the fade, where the post pass puts it.
        CHECK(channel(single, 64, 64, 0) > 250);
        CHECK(channel(single, 64, 64, 1) > 250);
        CHECK(channel(single, 64, 64, 2) < 5);
        ImageDiff d = compare_images(post, single, {2, 0.01, 0.3});
        INFO(d.describe());
        CHECK(d.within({2, 0.01, 0.3}));
    }
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("at a render scale below 1 the single pass draws the smaller image and a pixel of guard band past it",
          "[render][single_pass][render_scale]") {
    const scene::BuiltScene built = scene::make_material_test_scene();
    const gpu::StereoView view = RenderHarness::test_view({256, 192});
    RenderHarness small({160, 120});
    small.set_single_pass(true);
    const StereoImages expected = small.render(built, view, {}, 0, true, "material");

    RenderHarness h({256, 192});
    h.set_single_pass(true);
    h.set_render_extent({160, 120});
    const StereoImages scaled = h.render(built, view, {}, 0, true, "material");
    for (int eye = 0; eye < 2; ++eye) {
        const scene::Image& full = eye == 0 ? scaled.left : scaled.right;
        scene::Image part(160, 120);
        for (std::uint32_t y = 0; y < 120; ++y) {
            for (std::uint32_t x = 0; x < 160; ++x) {
                const std::uint8_t* p = full.at(x, y);
                part.set(x, y, p[0], p[1], p[2], p[3]);
            }
        }
        ImageDiff d = compare_images(eye == 0 ? expected.left : expected.right, part, {2, 0.0, 0.5});
        INFO("eye " << eye << ": " << d.describe());
        CHECK(d.within({2, 0.0, 0.5}));
        // The guard band: the column right of the drawn part and the row below it carry on the
        // picture (close to their neighbours inside).
        // The step from the last drawn column into the guard column is no larger than the steps
        // between drawn columns there (and the same for the row): it continues the picture.
        auto column_step = [&](std::uint32_t x) {
            double sum = 0.0;
            for (std::uint32_t y = 0; y < 120; ++y) {
                for (int c = 0; c < 3; ++c) sum += std::abs(channel(full, x + 1, y, c) - channel(full, x, y, c));
            }
            return sum / (120.0 * 3.0);
        };
        auto row_step = [&](std::uint32_t y) {
            double sum = 0.0;
            for (std::uint32_t x = 0; x < 160; ++x) {
                for (int c = 0; c < 3; ++c) sum += std::abs(channel(full, x, y + 1, c) - channel(full, x, y, c));
            }
            return sum / (160.0 * 3.0);
        };
        const double inside_column = std::max(column_step(157), column_step(158));
        const double inside_row = std::max(row_step(117), row_step(118));
        INFO("mean step into the guard band: column " << column_step(159) << " (inside " << inside_column
                                                      << "), row " << row_step(119) << " (inside " << inside_row << ")");
        CHECK(column_step(159) <= 1.5 * inside_column + 1.0);
        CHECK(row_step(119) <= 1.5 * inside_row + 1.0);
    }
    CHECK(h.validation_messages() == 0);
}
