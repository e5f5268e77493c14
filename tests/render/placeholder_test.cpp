// A broken asset is drawn as something nobody can miss, and rendering carries on.
#include "render/render_harness.h"
#include "scene/model.h"
#include "support/image_compare.h"

#include <catch2/catch_test_macros.hpp>
#include <filesystem>

using namespace qx;
using namespace qx::test;

namespace {

// Pixels that are clearly magenta (the missing-asset checkerboard).
int magenta_pixels(const scene::Image& img) {
    int n = 0;
    for (std::uint32_t y = 0; y < img.height; ++y) {
        for (std::uint32_t x = 0; x < img.width; ++x) {
            const std::uint8_t* p = img.at(x, y);
            if (p[0] > 150 && p[2] > 150 && p[1] < 90) ++n;
        }
    }
    return n;
}

} // namespace

TEST_CASE("a model that cannot be loaded and a missing texture render as magenta placeholders", "[render][placeholder]") {
    scene::BuiltScene s = scene::make_material_test_scene();
    const int before = 0;
    RenderHarness h;
    {
        StereoImages clean = h.render(s);
        REQUIRE(magenta_pixels(clean.left) == before); // the test scene itself has no magenta
    }
    // A corrupt model placed 1.5 m ahead, and a wall picture whose PNG is missing.
    scene::Model bad = scene::load_model_or_placeholder("/nonexistent/paraphernalia/pipe.glb");
    REQUIRE(bad.placeholder);
    for (const scene::ModelPart& p : scene::add_model(s.assets, bad)) {
        s.instances.push_back({p.mesh, p.material, glm::translate(glm::mat4(1.0f), glm::vec3(0.3f, 0.0f, -1.5f))});
    }
    scene::Texture missing = scene::load_texture("/nonexistent/poster.png", true);
    scene::Material poster;
    poster.base_color_texture = s.assets.add_texture(std::move(missing));
    std::uint32_t mat = s.assets.add_material(poster);
    std::uint32_t quad = s.assets.add_mesh(scene::make_quad({1.0f, 0.7f}));
    s.instances.push_back({quad, mat, glm::translate(glm::mat4(1.0f), glm::vec3(0.2f, 1.9f, -4.9f))});

    RenderHarness h2;
    StereoImages img = h2.render(s);
    save_for_review("placeholders", img.both());
    CHECK(magenta_pixels(img.left) > 300);
    CHECK(magenta_pixels(img.right) > 300);
    INFO(h2.validation_report());
    CHECK(h2.validation_messages() == 0);
}
