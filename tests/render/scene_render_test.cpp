// Every shipped scene renders at every level, and each scene at levels 0 and 4 matches its golden
// image (looked at by a person before it was accepted).
#include "render/render_harness.h"
#include "scene/loaded_scene.h"
#include "scene/scene_library.h"
#include "support/image_compare.h"

#include <catch2/catch_test_macros.hpp>

using namespace qx;
using namespace qx::test;

namespace {

scene::BuiltScene at_level(const scene::LoadedScene& s, int level) {
    scene::FrameScene frame;
    s.evaluate(level, 1.0f, 3.0, frame); // a fixed time: animation is deterministic
    scene::BuiltScene b;
    b.assets = s.assets();
    b.instances = frame.instances;
    b.lights = frame.lights;
    b.environment = s.def().environment;
    return b;
}

gpu::StereoView seated_view(const scene::LoadedScene& s, VkExtent2D size, float pitch_degrees, float yaw_degrees = 0.0f) {
    gpu::Pose head{s.eye_position(), s.seat_orientation() * glm::angleAxis(glm::radians(yaw_degrees), glm::vec3(0, 1, 0)) *
                                            glm::angleAxis(glm::radians(pitch_degrees), glm::vec3(1, 0, 0))};
    gpu::Fov fov = gpu::symmetric_fov(90.0f, float(size.width) / float(size.height));
    return gpu::stereo_from_head(head, 0.064f, fov, fov);
}

std::unique_ptr<scene::LoadedScene> load(const std::string& name) {
    core::Diagnostics diag;
    auto def = scene::load_scene(name, diag);
    REQUIRE(def);
    auto s = scene::LoadedScene::build(std::move(*def), &diag);
    REQUIRE(s->placeholder_count() == 0);
    return s;
}

} // namespace

TEST_CASE("every scene renders at every level with no validation message", "[render][scenes]") {
    const VkExtent2D size{96, 72};
    RenderHarness h(size, VK_SAMPLE_COUNT_1_BIT);
    for (const std::string& name : scene::list_scenes()) {
        auto s = load(name);
        for (int level = 0; level <= scene::k_max_level; ++level) {
            scene::BuiltScene b = at_level(*s, level);
            StereoImages img = h.render(b, seated_view(*s, size, -10.0f), {}, 0, true, name + std::to_string(level));
            // Something is drawn: not a flat image.
            int lo = 255, hi = 0;
            for (std::size_t i = 0; i < img.left.pixels.size(); i += 4) {
                lo = std::min<int>(lo, img.left.pixels[i + 1]);
                hi = std::max<int>(hi, img.left.pixels[i + 1]);
            }
            INFO(name << " level " << level);
            CHECK(hi - lo > 20);
        }
    }
    INFO(h.validation_report());
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("each scene at levels 0 and 4 matches its golden image", "[render][scenes][golden]") {
    const VkExtent2D size{320, 240};
    RenderHarness h(size);
    const ImageTolerance tolerance{10, 0.01, 2.0};
    struct Shot {
        const char* scene;
        int level;
        float pitch;
        float yaw; // towards where the cues are
    };
    for (const Shot& shot : {Shot{"calm-room", 0, -6.0f, 0.0f}, Shot{"rented-room", 0, -25.0f, 0.0f},
                             Shot{"rented-room", 4, -25.0f, 0.0f}, Shot{"ktv-room", 0, -12.0f, 0.0f},
                             Shot{"ktv-room", 4, -12.0f, 0.0f}, Shot{"offer", 0, -12.0f, 30.0f},
                             Shot{"offer", 4, -12.0f, 30.0f}, Shot{"street-night", 0, -4.0f, -22.0f},
                             Shot{"street-night", 4, -4.0f, -22.0f}, Shot{"exhibit-disguised", 0, -8.0f, 0.0f},
                             Shot{"exhibit-harm", 0, -5.0f, 0.0f}}) {
        auto s = load(shot.scene);
        scene::BuiltScene b = at_level(*s, shot.level);
        StereoImages img = h.render(b, seated_view(*s, size, shot.pitch, shot.yaw), {}, 0, true,
                                    std::string(shot.scene) + std::to_string(shot.level));
        std::string name = std::string("scene_") + shot.scene + "_level" + std::to_string(shot.level);
        std::string problem = check_golden(name, img.left, tolerance);
        INFO(problem);
        CHECK(problem.empty());
    }
    CHECK(h.validation_messages() == 0);
}

TEST_CASE("lights culled per draw change no pixel of any scene", "[render][scenes]") {
    // The culling is conservative by design: a light left out of a draw's mask must add nothing to
    // it. Looking down and around, so floors, walls and the cue objects under the spots are in view.
    const VkExtent2D size{128, 96};
    RenderHarness h(size, VK_SAMPLE_COUNT_1_BIT);
    for (const std::string& name : scene::list_scenes()) {
        auto s = load(name);
        scene::BuiltScene b = at_level(*s, scene::k_max_level);
        std::uint32_t lights_culled = 0;
        for (float yaw : {-50.0f, 0.0f, 50.0f}) {
            const gpu::StereoView view = seated_view(*s, size, -25.0f, yaw);
            StereoImages culled = h.render(b, view, {}, 0, true, name);
            lights_culled += h.renderer().last_stats().lights_culled;
            StereoImages all = h.render(b, view, {}, render::k_off_light_culling, true, name);
            INFO(name << ", yaw " << yaw << ": " << b.lights.size() << " lights");
            const bool left_same = culled.left.pixels == all.left.pixels;
            const bool right_same = culled.right.pixels == all.right.pixels;
            CHECK(left_same);
            CHECK(right_same);
        }
        // The exhibits' narrow spots, the lighter's short glow: every scene with lights culls some.
        INFO(name << ": " << lights_culled << " (draw, light) pairs culled");
        if (!b.lights.empty()) CHECK(lights_culled > 0);
    }
    CHECK(h.validation_messages() == 0);
}
