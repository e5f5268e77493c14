// Quality tiers: which tier a GPU and display get, that each tier draws the scene with its sun
// shadows, and that the cheaper tier stays close to the default; and that skipping the lookups of
// textures a material does not have changes no pixel.
#include "render/quality.h"
#include "render/render_harness.h"
#include "support/image_compare.h"

#include <catch2/catch_test_macros.hpp>

using namespace qx;
using namespace qx::test;

namespace {

render::QualityFacts facts(VkPhysicalDeviceType type, std::uint32_t w, std::uint32_t h, std::optional<double> hz) {
    render::QualityFacts f;
    f.gpu_type = type;
    f.eye_width = w;
    f.eye_height = h;
    f.refresh_hz = hz;
    return f;
}

} // namespace

TEST_CASE("the quality tier follows the GPU and the pixels a second the display asks for", "[render][quality]") {
    using render::Quality;
    constexpr auto discrete = VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU;
    // Software and integrated GPUs get the least work a pixel, whatever the display.
    CHECK(render::choose_quality(facts(VK_PHYSICAL_DEVICE_TYPE_CPU, 320, 240, 20.0)).quality == Quality::standalone);
    CHECK(render::choose_quality(facts(VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU, 1440, 1600, 90.0)).quality ==
          Quality::standalone);
    CHECK(render::choose_quality(facts(VK_PHYSICAL_DEVICE_TYPE_OTHER, 1440, 1600, 90.0)).quality == Quality::standalone);
    // A discrete GPU: by pixel rate. Vive Pro at 90 Hz (415 Mpx/s): high.
    render::QualityChoice vive = render::choose_quality(facts(discrete, 1440, 1600, 90.0));
    CHECK(vive.quality == Quality::high);
    CHECK(vive.automatic);
    CHECK(vive.pixel_rate_mpx > 414.0);
    CHECK(vive.pixel_rate_mpx < 415.0);
    // Index at 120 Hz (553), Quest 3 through a PC at 90 Hz (820): pc.
    CHECK(render::choose_quality(facts(discrete, 1440, 1600, 120.0)).quality == Quality::pc);
    CHECK(render::choose_quality(facts(VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU, 2064, 2208, 90.0)).quality == Quality::pc);
    // A very dense headset (3840x3840 at 90 Hz, 2654): standalone's per-pixel work.
    CHECK(render::choose_quality(facts(discrete, 3840, 3840, 90.0)).quality == Quality::standalone);
    // No refresh rate reported: 90 Hz is assumed and said.
    render::QualityChoice unknown = render::choose_quality(facts(discrete, 2064, 2208, std::nullopt));
    CHECK(unknown.refresh_hz == 90.0);
    CHECK(unknown.why.find("assumed") != std::string::npos);
    // Asked for by name: that tier, whatever the facts.
    render::QualityChoice asked = render::resolve_quality(Quality::high, facts(VK_PHYSICAL_DEVICE_TYPE_CPU, 320, 240, 20.0));
    CHECK(asked.quality == Quality::high);
    CHECK_FALSE(asked.automatic);

    for (Quality q : {Quality::standalone, Quality::pc, Quality::high}) {
        CHECK(render::parse_quality(render::to_string(q)) == q);
    }
    CHECK_FALSE(render::parse_quality("ultra"));
    // Each tier does less than the next.
    const render::QualitySettings s = render::quality_settings(Quality::standalone), p = render::quality_settings(Quality::pc),
                                  h = render::quality_settings(Quality::high);
    CHECK(s.msaa < p.msaa);
    CHECK(p.msaa < h.msaa);
    CHECK(s.shadow_taps < p.shadow_taps);
    CHECK(p.shadow_taps < h.shadow_taps);
    CHECK(s.shadow_map_size < p.shadow_map_size);
    CHECK(p.shadow_map_size < h.shadow_map_size);
}

TEST_CASE("every quality tier draws the scene and its sun shadows, close to the pc tier", "[render][quality]") {
    const VkExtent2D size{256, 192};
    const scene::BuiltScene built = scene::make_material_test_scene();
    const gpu::StereoView view = RenderHarness::test_view(size);
    const ImageTolerance close{24, 0.04, 3.0};

    std::map<render::Quality, StereoImages> images;
    for (render::Quality q : {render::Quality::standalone, render::Quality::pc, render::Quality::high}) {
        RenderHarness h(size, render::RendererOptions::for_quality(render::quality_settings(q)));
        images[q] = h.render(built, view, {}, 0, true, "material");
        const StereoImages unshadowed = h.render(built, view, {}, render::k_off_shadows, true, "material");
        INFO("tier " << render::to_string(q));
        CHECK(h.validation_messages() == 0);
        // The crate and the sign still cast their shadows on the floor.
        CHECK(darker_pixels(unshadowed.left, images[q].left) > 500);
        CHECK(darker_pixels(unshadowed.right, images[q].right) > 500);
    }
    for (render::Quality q : {render::Quality::standalone, render::Quality::high}) {
        ImageDiff d = compare_images(images[render::Quality::pc].both(), images[q].both(), close);
        INFO("tier " << render::to_string(q) << " against pc: " << d.describe());
        CHECK(d.within(close));
        CHECK_FALSE(same(images[render::Quality::pc], images[q])); // the tier's settings reach the picture
    }
}

TEST_CASE("the shadow lookups a pixel soften only the shadows' edges", "[render][quality]") {
    const VkExtent2D size{256, 192};
    const scene::BuiltScene built = scene::make_material_test_scene();
    const gpu::StereoView view = RenderHarness::test_view(size);
    std::map<std::uint32_t, StereoImages> images;
    for (std::uint32_t taps : {1u, 9u, 16u}) {
        render::RendererOptions o;
        o.shadow_taps = taps;
        RenderHarness h(size, o);
        images[taps] = h.render(built, view, {}, 0, true, "material");
    }
    const ImageTolerance edges{24, 0.03, 1.5};
    for (std::uint32_t taps : {1u, 16u}) {
        ImageDiff d = compare_images(images[9].both(), images[taps].both(), edges);
        INFO(taps << " lookups against 9: " << d.describe());
        CHECK_FALSE(same(images[9], images[taps])); // the setting reaches the shader
        CHECK(d.within(edges));
    }
}

TEST_CASE("a material drawn without the textures it lacks looks as it did with white ones", "[render][quality]") {
    // The shader skips the lookup of a texture a material does not have: given a white one
    // instead (what the default slot holds), every pixel must come out the same.
    scene::BuiltScene lacking = scene::make_material_test_scene();
    scene::BuiltScene white = lacking;
    scene::Image px(1, 1);
    px.set(0, 0, 255, 255, 255, 255);
    const auto add = [&](bool srgb) {
        white.assets.textures.push_back({srgb ? "white (sRGB)" : "white (linear)", px, srgb, false, true});
        return static_cast<std::int32_t>(white.assets.textures.size() - 1);
    };
    const std::int32_t white_srgb = add(true), white_linear = add(false);
    int replaced = 0;
    for (scene::Material& m : white.assets.materials) {
        if (m.base_color_texture < 0) m.base_color_texture = white_srgb, ++replaced;
        if (m.metallic_roughness_texture < 0) m.metallic_roughness_texture = white_linear, ++replaced;
        if (m.occlusion_texture < 0) m.occlusion_texture = white_linear, ++replaced;
        if (m.emissive_texture < 0) m.emissive_texture = white_srgb, ++replaced;
    }
    REQUIRE(replaced > 10);

    RenderHarness h;
    const StereoImages a = h.render(lacking, RenderHarness::test_view({256, 192}), {}, 0, true, "lacking");
    const StereoImages b = h.render(white, RenderHarness::test_view({256, 192}), {}, 0, true, "white");
    const bool identical = same(a, b);
    CHECK(identical);
    // The bench's variant that looks every texture up draws the same picture (the flat-normal
    // default is a hair off flat: a few glossy pixels move).
    const StereoImages all = h.render(lacking, RenderHarness::test_view({256, 192}), {}, render::k_off_texture_skip, true,
                                      "lacking");
    const ImageTolerance hair{16, 0.01, 0.5};
    ImageDiff d = compare_images(a.both(), all.both(), hair);
    INFO("every texture looked up: " << d.describe());
    CHECK(d.within(hair));
    CHECK(h.validation_messages() == 0);
}
