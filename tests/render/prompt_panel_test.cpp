// The craving prompt as the resident sees it: its pictures (golden, in both languages) and the
// panel placed in front of the seat in both eyes, the handle where the slider is.
#include "stage/prompt_panel.h"
#include "gpu/frame_ring.h"
#include "render/offscreen.h"
#include "render/render_harness.h"
#include "scene/test_scene.h"
#include "support/image_compare.h"

#include <catch2/catch_test_macros.hpp>
#include <glm/gtc/matrix_transform.hpp>

using namespace qx;
using namespace qx::test;

namespace {

// Centre of the prompt's amber handle pixels (246, 178, 64), and how many there are.
struct Blob {
    double x = 0, y = 0;
    int n = 0;
};

Blob amber(const scene::Image& img) {
    Blob b;
    for (std::uint32_t y = 0; y < img.height; ++y) {
        for (std::uint32_t x = 0; x < img.width; ++x) {
            const std::uint8_t* p = img.at(x, y);
            if (std::abs(p[0] - 246) < 30 && std::abs(p[1] - 178) < 30 && std::abs(p[2] - 64) < 30) {
                b.x += x, b.y += y, ++b.n;
            }
        }
    }
    if (b.n) b.x /= b.n, b.y /= b.n;
    return b;
}

} // namespace

TEST_CASE("the prompt's pictures read in Chinese and English", "[render][prompt]") {
    ui::Font font = ui::Font::load_cjk();
    std::vector<scene::Image> zh = stage::PromptPanel::draw(font, core::Lang::zh_CN);
    std::vector<scene::Image> en = stage::PromptPanel::draw(font, core::Lang::en);
    REQUIRE(zh.size() == stage::PromptPanel::k_slots);
    REQUIRE(en.size() == stage::PromptPanel::k_slots);
    // Asking, recorded and break panels: the two languages differ (the text is translated).
    for (std::size_t i = 0; i < 3; ++i) CHECK(zh[i].pixels != en[i].pixels);
    // Handles 0..10 are all different pictures.
    for (std::size_t i = 4; i < 14; ++i) CHECK(zh[i].pixels != zh[i - 1].pixels);
    // "Please wait, your answers cannot be saved", in both languages.
    CHECK(zh[stage::PromptPanel::k_cannot_save].pixels != en[stage::PromptPanel::k_cannot_save].pixels);
    ImageTolerance exact; // drawn on the CPU: the same bytes everywhere, give or take rounding
    exact.channel = 2;
    exact.max_fraction = 0.0;
    CHECK(check_golden("prompt_panels_zh_en", scene::side_by_side(scene::side_by_side(zh[0], zh[1]),
                                                                   scene::side_by_side(en[0], en[2])),
                       exact) == "");
    CHECK(check_golden("prompt_cannot_save_zh_en",
                       scene::side_by_side(zh[stage::PromptPanel::k_cannot_save], en[stage::PromptPanel::k_cannot_save]),
                       exact) == "");
}

TEST_CASE("the prompt floats before the seat in both eyes, the handle at the slider's value", "[render][prompt]") {
    RenderHarness h({320, 320});
    gpu::Context& ctx = h.context();
    stage::PromptPanel panel(h.renderer(), ui::Font::load_cjk(), core::Lang::zh_CN);

    scene::BuiltScene s = scene::make_material_test_scene();
    render::GpuScene gs(h.renderer(), s.assets, "prompt test");
    render::OffscreenTarget target(ctx, {320, 320});
    gpu::FrameRing ring(ctx, 1);
    const glm::vec3 eye{0.0f, 1.2f, 0.0f};
    gpu::StereoView view =
        gpu::stereo_from_head({eye, glm::quat(1, 0, 0, 0)}, 0.064f, gpu::symmetric_fov(90.0f, 1.0f),
                                 gpu::symmetric_fov(90.0f, 1.0f));

    auto shoot = [&](const session::PromptView& pv) {
        std::vector<render::OverlayQuad> quads;
        for (render::OverlayQuad q : panel.quads(pv)) {
            q.transform = glm::translate(glm::mat4(1.0f), eye) * q.transform; // seat space → world
            quads.push_back(q);
        }
        render::FrameInput in = scene_input(s, gs, view);
        in.overlays = quads;
        gpu::Frame& f = ring.begin();
        h.renderer().render(f, in, target.target());
        REQUIRE(ring.submit(f) == VK_SUCCESS);
        ring.wait_idle();
        return std::pair{target.read_eye(0), target.read_eye(1)};
    };

    session::PromptView asking;
    asking.kind = session::PromptView::Kind::asking;
    asking.value = 2;
    asking.position = 0.2f;
    asking.opacity = 1.0f;
    asking.can_confirm = true;
    auto [l2, r2] = shoot(asking);
    asking.value = 8;
    asking.position = 0.8f;
    auto [l8, r8] = shoot(asking);
    save_for_review("prompt_in_scene", scene::side_by_side(scene::side_by_side(l2, r2), scene::side_by_side(l8, r8)));

    Blob a = amber(l2), b = amber(r2), c = amber(l8);
    REQUIRE(a.n > 20);
    REQUIRE(b.n > 20);
    REQUIRE(c.n > 20);
    // Below eye level (the panel sits 0.14 m down) and the handle moves right as the rating rises.
    CHECK(a.y > 160);
    CHECK(c.x - a.x > 40);
    // Both eyes see it, the right eye's image shifted left by the disparity.
    CHECK(a.x - b.x > 2);

    session::PromptView hidden;
    auto [lh, rh] = shoot(hidden);
    CHECK(amber(lh).n < 5);
    CHECK(h.validation_messages() == 0);
}
