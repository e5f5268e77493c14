// The sun's shadow map: cast by what the sun sees (not only what the eyes see), and drawn again
// only when it would change, with the same picture as a renderer that draws it every frame.
#include "render/quality.h"
#include "render/render_harness.h"

#include <catch2/catch_test_macros.hpp>
#include <algorithm>
#include <cstdlib>
#include <glm/gtc/matrix_transform.hpp>

using namespace qx;
using namespace qx::test;

namespace {

std::uint32_t crate_index(const scene::BuiltScene& built) {
    for (std::uint32_t i = 0; i < built.instances.size(); ++i) {
        if (built.assets.materials[built.instances[i].material].name == "grey crate") return i;
    }
    FAIL("the material test scene has no grey crate");
    return 0;
}

} // namespace

TEST_CASE("a still scene draws the sun's shadow map once, and again only when it would change",
          "[render][shadow]") {
    RenderHarness h;
    scene::BuiltScene built = scene::make_material_test_scene();
    const gpu::StereoView view = RenderHarness::test_view({256, 192});

    const StereoImages first = h.render(built, view, {}, 0, true, "material");
    CHECK(h.renderer().last_stats().shadow_map_drawn);
    CHECK(h.renderer().last_stats().shadow_draw_calls > 0);

    const StereoImages still = h.render(built, view, {}, 0, true, "material");
    CHECK_FALSE(h.renderer().last_stats().shadow_map_drawn);
    CHECK(h.renderer().last_stats().shadow_draw_calls == 0);
    CHECK(h.renderer().last_stats().shadow_casters > 0);
    CHECK(same(first, still));

    // A seated resident's head moves a little: the sun's fit, and so the map, stays.
    gpu::StereoView leaned = view;
    for (gpu::EyeView& e : leaned.eyes) e.pose.position += glm::vec3(0.15f, -0.05f, 0.1f);
    h.render(built, leaned, {}, 0, true, "material");
    CHECK_FALSE(h.renderer().last_stats().shadow_map_drawn);

    // The crate moves: the map is drawn again, and the picture is what a fresh renderer draws.
    built.instances[crate_index(built)].transform[3] += glm::vec4(0.6f, 0.0f, 0.3f, 0.0f);
    const StereoImages moved = h.render(built, view, {}, 0, true, "material");
    CHECK(h.renderer().last_stats().shadow_map_drawn);
    CHECK_FALSE(same(first, moved));
    RenderHarness fresh;
    CHECK(same(moved, fresh.render(built, view, {}, 0, true, "material")));

    // Shadows switched off, then on again; then another scene.
    h.render(built, view, {}, render::k_off_shadows, true, "material");
    CHECK(h.renderer().last_stats().shadow_map_drawn);
    CHECK(same(moved, h.render(built, view, {}, 0, true, "material")));
    CHECK(h.renderer().last_stats().shadow_map_drawn);
    scene::BuiltScene other = scene::make_material_test_scene();
    h.render(other, view, {}, 0, true, "another");
    CHECK(h.renderer().last_stats().shadow_map_drawn);
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("a caster neither eye sees still casts its shadow into view", "[render][shadow]") {
    RenderHarness h;
    scene::BuiltScene built = scene::make_material_test_scene();
    const StereoImages without = h.render(built, RenderHarness::test_view({256, 192}), {}, 0, true, "without");

    // A 1 m crate above and behind the resident: the sun (from behind, left and above) throws its
    // shadow onto the floor ahead, right of centre.
    scene::Instance above = built.instances[crate_index(built)];
    above.transform = glm::scale(glm::translate(glm::mat4(1.0f), {-3.0f, 6.0f, 1.0f}), glm::vec3(2.0f));
    built.instances.push_back(above);
    const StereoImages with = h.render(built, RenderHarness::test_view({256, 192}), {}, 0, true, "with");
    CHECK(h.renderer().last_stats().instances_culled >= 1);

    INFO("pixels shaded by the unseen crate: left " << darker_pixels(without.left, with.left) << ", right "
                                                    << darker_pixels(without.right, with.right));
    CHECK(darker_pixels(without.left, with.left) > 200);
    CHECK(darker_pixels(without.right, with.right) > 200);
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("moving casters are drawn over the still casters' kept map, with the picture of a full redraw",
          "[render][shadow]") {
    RenderHarness h;
    scene::BuiltScene built = scene::make_material_test_scene();
    const gpu::StereoView view = RenderHarness::test_view({256, 192});
    const std::uint32_t crate = crate_index(built);
    built.instances[crate].moves = true; // as a person's parts are: animated

    h.render(built, view, {}, 0, true, "material");
    const render::RenderStats first = h.renderer().last_stats();
    CHECK(first.shadow_map_drawn);
    CHECK(first.shadow_still_drawn);
    CHECK(first.shadow_moving_casters == 1);

    // The crate moves a few centimetres (a breath): only it is drawn; the still casters' map is kept.
    built.instances[crate].transform[3] += glm::vec4(0.04f, 0.0f, 0.03f, 0.0f);
    const StereoImages moved = h.render(built, view, {}, 0, true, "material");
    const render::RenderStats second = h.renderer().last_stats();
    CHECK(second.shadow_map_drawn);
    CHECK_FALSE(second.shadow_still_drawn);
    CHECK(second.shadow_draw_calls == 1);
    // The same picture as a renderer that draws every caster into the map at once.
    RenderHarness fresh;
    CHECK(same(moved, fresh.render(built, view, {}, render::k_off_shadow_cache, true, "material")));

    // Nothing moved this frame: nothing is drawn.
    CHECK(same(moved, h.render(built, view, {}, 0, true, "material")));
    CHECK_FALSE(h.renderer().last_stats().shadow_map_drawn);

    // A still caster moves (a cue placed): the still casters' map is drawn again.
    const std::uint32_t other = crate == 0 ? 1 : 0;
    built.instances[other].transform[3] += glm::vec4(0.0f, 0.0f, 0.2f, 0.0f);
    const StereoImages replaced = h.render(built, view, {}, 0, true, "material");
    CHECK(h.renderer().last_stats().shadow_still_drawn);
    RenderHarness fresh2;
    CHECK(same(replaced, fresh2.render(built, view, {}, render::k_off_shadow_cache, true, "material")));
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("a fully faded frame draws nothing of the scene, only the shadow map the next frames will use",
          "[render][shadow][fade]") {
    // The frame a new scene first appears in is still fully faded: its shadow map is drawn then,
    // its picture (unseen) not, so the two costs fall in different frames.
    RenderHarness h;
    scene::BuiltScene built = scene::make_material_test_scene();
    const gpu::StereoView view = RenderHarness::test_view({256, 192});
    render::PostSettings veiled;
    veiled.fade = 1.0f;
    veiled.fade_color = {0.10f, 0.22f, 0.20f};

    const StereoImages dark = h.render(built, view, veiled, 0, true, "material");
    const render::RenderStats dark_stats = h.renderer().last_stats();
    CHECK(dark_stats.veiled);
    CHECK(dark_stats.shadow_map_drawn);
    CHECK(dark_stats.triangles == 0);
    CHECK(dark_stats.draw_calls == 1); // the post pass alone
    // Every pixel of both eyes is the fade colour (linear 0.10, 0.22, 0.20 in sRGB: 89, 130, 124).
    for (const scene::Image* eye : {&dark.left, &dark.right}) {
        int worst = 0;
        for (std::size_t i = 0; i < eye->pixels.size(); i += 4) {
            worst = std::max({worst, std::abs(int(eye->pixels[i]) - 89), std::abs(int(eye->pixels[i + 1]) - 130),
                              std::abs(int(eye->pixels[i + 2]) - 124)});
        }
        CHECK(worst <= 1);
    }

    // The veil lifts: the scene is drawn with the map the dark frame drew, and it is the picture
    // of a renderer that drew everything in one frame.
    render::PostSettings clearing = veiled;
    clearing.fade = 0.99f;
    const StereoImages first_seen = h.render(built, view, clearing, 0, true, "material");
    CHECK_FALSE(h.renderer().last_stats().veiled);
    CHECK_FALSE(h.renderer().last_stats().shadow_map_drawn);
    CHECK(h.renderer().last_stats().triangles > 0);
    RenderHarness fresh;
    CHECK(same(first_seen, fresh.render(built, view, clearing, 0, true, "material")));

    // With the fade switched off (tests that look at the scene itself) nothing is skipped.
    h.render(built, view, veiled, render::k_off_fade, true, "material");
    CHECK_FALSE(h.renderer().last_stats().veiled);
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("the standalone tier's swaying cut-out casters cast no sun shadow; still ones and opaque ones do",
          "[render][shadow][quality]") {
    RenderHarness h;
    scene::BuiltScene built = scene::make_material_test_scene();
    const gpu::StereoView view = RenderHarness::test_view({256, 192});
    const std::uint32_t crate = crate_index(built);
    built.assets.materials[built.instances[crate].material].alpha_mode = scene::AlphaMode::mask; // as leaves are
    built.instances[crate].moves = true;
    REQUIRE(render::quality_settings(render::Quality::standalone).features_off & render::k_off_swaying_cutout_shadows);
    REQUIRE_FALSE(render::quality_settings(render::Quality::pc).features_off & render::k_off_swaying_cutout_shadows);

    const StereoImages with = h.render(built, view, {}, 0, true, "swaying");
    CHECK(h.renderer().last_stats().shadow_moving_casters == 1);
    const StereoImages without = h.render(built, view, {}, render::k_off_swaying_cutout_shadows, true, "swaying");
    CHECK(h.renderer().last_stats().shadow_moving_casters == 0);
    CHECK(darker_pixels(without.left, with.left) > 200); // its shadow on the floor is gone
    scene::BuiltScene unshadowed = built;
    unshadowed.instances[crate].cast_shadow = false;
    RenderHarness fresh;
    CHECK(same(without, fresh.render(unshadowed, view, {}, 0, true, "no caster")));

    // Held still, the same cut-out casts again; so does the swaying crate drawn opaque.
    built.instances[crate].moves = false;
    CHECK(same(with, h.render(built, view, {}, render::k_off_swaying_cutout_shadows, true, "still")));
    built.instances[crate].moves = true;
    built.assets.materials[built.instances[crate].material].alpha_mode = scene::AlphaMode::opaque;
    h.render(built, view, {}, render::k_off_swaying_cutout_shadows, true, "opaque");
    CHECK(h.renderer().last_stats().shadow_moving_casters == 1);
    CHECK(h.validation_messages() == 0);
}
