// Stereo correctness: the multiview pass equals rendering each eye on its own (this guards the
// driver bug where clipped triangles vanish from the second view), and the eyes see correct
// parallax.
#include "render/render_harness.h"
#include "support/image_compare.h"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <cmath>

using namespace qx;
using namespace qx::test;

TEST_CASE("multiview output equals one-pass-per-eye output for both eyes", "[render][multiview]") {
    RenderHarness h;
    scene::BuiltScene s = scene::make_material_test_scene();
    StereoImages multi = h.render(s, 0, true);
    StereoImages two_pass = h.render(s, 0, false);
    const ImageTolerance exact{2, 0.0005, 0.1};
    ImageDiff left = compare_images(two_pass.left, multi.left, exact);
    ImageDiff right = compare_images(two_pass.right, multi.right, exact);
    INFO("left: " << left.describe() << "; right: " << right.describe());
    CHECK(left.within(exact));
    CHECK(right.within(exact));
    // The eyes differ from each other (a multiview pass that drew one eye twice would not).
    CHECK_FALSE(compare_images(multi.left, multi.right, exact).within(exact));
    INFO(h.validation_report());
    CHECK(h.validation_messages() == 0);
}

namespace {

struct Blob {
    double x = 0, y = 0;
    int pixels = 0;
};

// Centroid of the pixels where `channel` dominates the other two.
Blob find(const scene::Image& img, int channel) {
    Blob b;
    for (std::uint32_t y = 0; y < img.height; ++y) {
        for (std::uint32_t x = 0; x < img.width; ++x) {
            const std::uint8_t* p = img.at(x, y);
            int others = std::max(p[(channel + 1) % 3], p[(channel + 2) % 3]);
            if (p[channel] > 128 && others < 64) {
                b.x += x + 0.5;
                b.y += y + 0.5;
                ++b.pixels;
            }
        }
    }
    if (b.pixels) {
        b.x /= b.pixels;
        b.y /= b.pixels;
    }
    return b;
}

} // namespace

TEST_CASE("a near object shifts between the eyes by the expected disparity, a far one barely", "[render][parallax]") {
    const VkExtent2D size{256, 256};
    RenderHarness h(size);
    scene::BuiltScene s = scene::make_parallax_test_scene();
    const float ipd = 0.064f;
    gpu::Pose head{{0.0f, 1.2f, 0.0f}, glm::quat(1, 0, 0, 0)}; // looking straight down −Z
    gpu::Fov fov = gpu::symmetric_fov(90.0f, 1.0f);
    StereoImages img = h.render(s, gpu::stereo_from_head(head, ipd, fov, fov));

    Blob near_l = find(img.left, 0), near_r = find(img.right, 0);
    Blob far_l = find(img.left, 1), far_r = find(img.right, 1);
    REQUIRE(near_l.pixels > 20);
    REQUIRE(near_r.pixels > 20);
    REQUIRE(far_l.pixels > 20);
    REQUIRE(far_r.pixels > 20);

    // A point straight ahead at distance d appears ipd / (2 d tan(fov/2)) * width / 2 right of
    // centre in the left eye and as far left in the right eye.
    auto expected_disparity = [&](double z) { return ipd / z / (2.0 * std::tan(glm::radians(45.0))) * size.width; };
    double near_disparity = near_l.x - near_r.x;
    double far_disparity = far_l.x - far_r.x;
    INFO("near disparity " << near_disparity << " px (expected " << expected_disparity(0.6) << "), far "
                           << far_disparity << " px (expected " << expected_disparity(30.0) << ")");
    CHECK(near_disparity > 0.0); // crossed: the left eye sees it further right
    CHECK(near_disparity == Catch::Approx(expected_disparity(0.6)).margin(1.5));
    CHECK(std::abs(far_disparity) < 1.0);
    // No vertical disparity for eyes side by side.
    CHECK(std::abs(near_l.y - near_r.y) < 0.5);
    INFO(h.validation_report());
    CHECK(h.validation_messages() == 0);
}
