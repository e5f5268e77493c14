// In-headset UI quads appear in both eyes where they are placed, over the scene; the mirror
// shows one eye letterboxed in a window-shaped image.
#include "gpu/mirror.h"
#include "gpu/readback.h"
#include "render/render_harness.h"
#include "support/image_compare.h"

#include <catch2/catch_test_macros.hpp>

using namespace qx;
using namespace qx::test;

namespace {

struct Box {
    int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1, n = 0;
};

// Bounding box of pure-ish yellow pixels (the overlay test texture).
Box yellow(const scene::Image& img) {
    Box b;
    for (std::uint32_t y = 0; y < img.height; ++y) {
        for (std::uint32_t x = 0; x < img.width; ++x) {
            const std::uint8_t* p = img.at(x, y);
            if (p[0] > 200 && p[1] > 200 && p[2] < 60) {
                b.x0 = std::min(b.x0, int(x));
                b.y0 = std::min(b.y0, int(y));
                b.x1 = std::max(b.x1, int(x));
                b.y1 = std::max(b.y1, int(y));
                ++b.n;
            }
        }
    }
    return b;
}

} // namespace

TEST_CASE("an overlay quad is drawn over the scene in both eyes at its place in the world", "[render][overlay]") {
    RenderHarness h({256, 256});
    gpu::Context& ctx = h.context();
    gpu::Image yellow_tex = solid_texture(ctx, 255, 255, 0);
    h.renderer().set_overlay_texture(0, yellow_tex);

    scene::BuiltScene s = scene::make_material_test_scene();
    // A 0.3 m panel 1 m straight ahead of the eyes, behind nothing — and a sphere of the
    // scene sits further away in the same direction, so "over the scene" is tested too.
    render::OverlayQuad quad;
    quad.transform = glm::scale(glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, 1.2f, -1.0f)), glm::vec3(0.3f));
    quad.texture = 0;
    std::vector<render::OverlayQuad> overlays{quad};

    gpu::Pose head{{0.0f, 1.2f, 0.0f}, glm::quat(1, 0, 0, 0)};
    gpu::Fov fov = gpu::symmetric_fov(90.0f, 1.0f);
    gpu::StereoView view = gpu::stereo_from_head(head, 0.064f, fov, fov);
    // RenderHarness has no overlay parameter; render through the renderer directly.
    gpu::FrameRing ring(ctx, 1);
    render::GpuScene gs(h.renderer(), s.assets, "overlay test");
    render::OffscreenTarget target(ctx, {256, 256});
    render::FrameInput in = scene_input(s, gs, view);
    in.overlays = overlays;
    gpu::Frame& f = ring.begin();
    h.renderer().render(f, in, target.target());
    REQUIRE(ring.submit(f) == VK_SUCCESS);
    ring.wait_idle();
    scene::Image left = target.read_eye(0), right = target.read_eye(1);
    save_for_review("overlay", scene::side_by_side(left, right));

    Box l = yellow(left), r = yellow(right);
    REQUIRE(l.n > 100);
    REQUIRE(r.n > 100);
    // 0.3 m at 1 m with a 90° field across 256 px: about 0.3 / 2 * 256 = 38 px wide.
    CHECK(std::abs((l.x1 - l.x0 + 1) - 38) <= 3);
    // Centred vertically (it is at eye height); the eyes see it shifted by the disparity
    // 0.064 / 1 / 2 * 256 = 8 px.
    CHECK(std::abs((l.y0 + l.y1) / 2 - 128) <= 2);
    CHECK(std::abs(((l.x0 + l.x1) - (r.x0 + r.x1)) / 2.0 - 8.2) <= 1.5);
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("the mirror shows the chosen eye letterboxed in a window of another shape", "[render][mirror]") {
    RenderHarness h({200, 200});
    gpu::Context& ctx = h.context();
    scene::BuiltScene s = scene::make_material_test_scene();
    gpu::FrameRing ring(ctx, 1);
    render::GpuScene gs(h.renderer(), s.assets, "mirror test");
    render::OffscreenTarget stereo(ctx, {200, 200});
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_B8G8R8A8_SRGB; // what X11 swapchains usually offer
    desc.extent = {400, 200};
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    gpu::Image window(ctx, desc, "fake window");

    const render::FrameInput in = scene_input(s, gs, RenderHarness::test_view({200, 200}));
    gpu::MirrorTarget mt{window.get(), window.view(), desc.format, desc.extent, VK_IMAGE_LAYOUT_UNDEFINED,
                         VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL};
    gpu::Mirror mirror(ctx);
    gpu::Frame& f = ring.begin();
    h.renderer().render(f, in, stereo.target());
    mirror.record(f, stereo.target(), gpu::MirrorEye::left, mt);
    REQUIRE(ring.submit(f) == VK_SUCCESS);
    ring.wait_idle();

    scene::Image mirrored(400, 200);
    mirrored.pixels = gpu::read_image_rgba8(ctx, window.get(), desc.format, desc.extent, 0,
                                            VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
    save_for_review("mirror_left_letterboxed", mirrored);
    scene::Image eye = stereo.read_eye(0);
    // The eye fills the middle 200×200; the bars either side are the dark clear colour.
    scene::Image middle(200, 200);
    for (std::uint32_t y = 0; y < 200; ++y) {
        for (std::uint32_t x = 0; x < 200; ++x) {
            const std::uint8_t* p = mirrored.at(x + 100, y);
            middle.set(x, y, p[0], p[1], p[2], 255);
        }
    }
    ImageDiff d = compare_images(eye, middle, {4, 0.002, 0.5});
    INFO(d.describe());
    CHECK(d.within({4, 0.002, 0.5}));
    const std::uint8_t* bar = mirrored.at(20, 100);
    CHECK(bar[0] < 50); // the dark clear colour, 0.02 linear, is 39 in sRGB
    CHECK(bar[1] < 50);
    CHECK(bar[2] < 50);
    CHECK(h.validation_messages() == 0);
}
