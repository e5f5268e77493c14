// A render scale below 1: only the top-left part of each eye is drawn, exactly as a smaller image
// of the same view would be, and the mirror scales that part up (as the compositor does with the
// projection views' imageRect).
#include "gpu/mirror.h"
#include "gpu/readback.h"
#include "render/render_harness.h"
#include "support/image_compare.h"

#include <catch2/catch_test_macros.hpp>

using namespace qx;
using namespace qx::test;

namespace {

scene::Image top_left(const scene::Image& img, std::uint32_t w, std::uint32_t h) {
    scene::Image out(w, h);
    for (std::uint32_t y = 0; y < h; ++y) {
        for (std::uint32_t x = 0; x < w; ++x) {
            const std::uint8_t* p = img.at(x, y);
            out.set(x, y, p[0], p[1], p[2], p[3]);
        }
    }
    return out;
}

} // namespace

TEST_CASE("at a render scale below 1 the drawn part is the smaller image of the same view", "[render][render_scale]") {
    const scene::BuiltScene built = scene::make_material_test_scene();
    // The same view (field of view and shape) at 256x192, and at 160x120: a scale of 0.625.
    const gpu::StereoView view = RenderHarness::test_view({256, 192});
    RenderHarness small({160, 120});
    const StereoImages expected = small.render(built, view, {}, 0, true, "material");

    RenderHarness h({256, 192});
    h.set_render_extent({160, 120});
    const StereoImages scaled = h.render(built, view, {}, 0, true, "material");
    const scene::Image left = top_left(scaled.left, 160, 120), right = top_left(scaled.right, 160, 120);
    save_for_review("render_scale_0.625_left", left);
    ImageDiff dl = compare_images(expected.left, left, {2, 0.0, 0.5});
    ImageDiff dr = compare_images(expected.right, right, {2, 0.0, 0.5});
    INFO("left: " << dl.describe() << "; right: " << dr.describe());
    CHECK(dl.within({2, 0.0, 0.5}));
    CHECK(dr.within({2, 0.0, 0.5}));
    CHECK(h.validation_messages() == 0);

    // Back to every pixel: the full image again.
    h.set_render_extent({});
    RenderHarness full({256, 192});
    CHECK(same(h.render(built, view, {}, 0, true, "material"), full.render(built, view, {}, 0, true, "material")));
}

TEST_CASE("the mirror scales the drawn part up to the window, with nothing from beyond it", "[render][render_scale][mirror]") {
    RenderHarness h({200, 200});
    gpu::Context& ctx = h.context();
    scene::BuiltScene s = scene::make_material_test_scene();
    render::GpuScene gs(h.renderer(), s.assets, "render scale mirror");
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_B8G8R8A8_SRGB;
    desc.extent = {400, 200};
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;

    // Mirrors `drawn` of a `size` square target into a fresh 400x200 window.
    auto mirrored = [&](VkExtent2D size, VkExtent2D drawn) {
        gpu::FrameRing ring(ctx, 1);
        render::OffscreenTarget stereo(ctx, size);
        gpu::Image window(ctx, desc, "fake window");
        const render::FrameInput in = scene_input(s, gs, RenderHarness::test_view(size));
        gpu::StereoTarget target = stereo.target();
        target.render_extent = drawn;
        gpu::MirrorTarget mt{window.get(), window.view(), desc.format, desc.extent, VK_IMAGE_LAYOUT_UNDEFINED,
                             VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL};
        gpu::Mirror mirror(ctx);
        gpu::Frame& f = ring.begin();
        h.renderer().render(f, in, target);
        mirror.record(f, target, gpu::MirrorEye::left, mt);
        REQUIRE(ring.submit(f) == VK_SUCCESS);
        ring.wait_idle();
        scene::Image img(400, 200);
        img.pixels = gpu::read_image_rgba8(ctx, window.get(), desc.format, desc.extent, 0,
                                           VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
        return img;
    };
    // Half of a 200x200 target drawn, and a 100x100 target drawn whole: the same window.
    const scene::Image scaled = mirrored({200, 200}, {100, 100});
    const scene::Image whole = mirrored({100, 100}, {});
    save_for_review("render_scale_mirror", scaled);
    ImageDiff d = compare_images(whole, scaled, {3, 0.0, 0.5});
    INFO(d.describe());
    CHECK(d.within({3, 0.0, 0.5}));
    CHECK(h.validation_messages() == 0);
}
