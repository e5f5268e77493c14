// Golden images of the built-in material test scene, and proof that each feature matters:
// switching any one off changes the image beyond the golden tolerance.
#include "render/render_harness.h"
#include "support/image_compare.h"

#include <catch2/catch_test_macros.hpp>

using namespace qx;
using namespace qx::test;

namespace {

const ImageTolerance k_tolerance{8, 0.005, 1.5};

const scene::BuiltScene& material_scene() {
    static const scene::BuiltScene s = scene::make_material_test_scene();
    return s;
}

} // namespace

TEST_CASE("the material test scene matches its golden image in both eyes", "[render][golden]") {
    RenderHarness h;
    StereoImages img = h.render(material_scene());
    std::string problem = check_golden("material_scene_stereo", img.both(), k_tolerance);
    INFO(problem);
    CHECK(problem.empty());
    INFO(h.validation_report());
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("a half fade towards the calm-room colour matches its golden image", "[render][golden]") {
    RenderHarness h;
    render::PostSettings post;
    post.fade = 0.5f;
    post.fade_color = {0.10f, 0.22f, 0.20f};
    post.vignette = 0.6f;
    StereoImages img = h.render(material_scene(), RenderHarness::test_view({256, 192}), post);
    std::string problem = check_golden("material_scene_fade_vignette", img.left, k_tolerance);
    INFO(problem);
    CHECK(problem.empty());
    // Switching the fade off must break the match: the golden guards the fade.
    StereoImages off = h.render(material_scene(), RenderHarness::test_view({256, 192}), post, render::k_off_fade);
    ImageDiff d = compare_images(img.left, off.left, k_tolerance);
    INFO(d.describe());
    CHECK_FALSE(d.within(k_tolerance));
    INFO(h.validation_report());
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("switching off any material or lighting feature breaks the golden match", "[render][golden]") {
    struct Feature {
        const char* name;
        std::uint32_t bit;
    };
    const Feature features[] = {
        {"base colour texture", render::k_off_base_color_tex},
        {"normal texture", render::k_off_normal_tex},
        {"metallic-roughness texture", render::k_off_metallic_roughness_tex},
        {"emissive", render::k_off_emissive},
        {"occlusion texture", render::k_off_occlusion_tex},
        {"sun shadows", render::k_off_shadows},
        {"fog", render::k_off_fog},
        {"alpha blending", render::k_off_blend},
        {"point and spot lights", render::k_off_punctual_lights},
    };
    RenderHarness h;
    StereoImages full = h.render(material_scene());
    for (const Feature& f : features) {
        StereoImages off = h.render(material_scene(), f.bit);
        ImageDiff d = compare_images(full.left, off.left, k_tolerance);
        INFO(f.name << " off: " << d.describe());
        CHECK_FALSE(d.within(k_tolerance));
    }
    INFO(h.validation_report());
    CHECK(h.validation_messages() == 0);
}
