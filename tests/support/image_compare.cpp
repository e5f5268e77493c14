#include "support/image_compare.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>

namespace qx::test {

std::string ImageDiff::describe() const {
    if (!same_size) return "the images differ in size";
    return fmt::format("{:.3f}% of pixels differ, mean channel difference {:.2f}, largest {}",
                       differing_fraction * 100.0, mean_abs, max_abs);
}

ImageDiff compare_images(const scene::Image& expected, const scene::Image& actual, const ImageTolerance& tolerance) {
    ImageDiff d;
    if (expected.width != actual.width || expected.height != actual.height) return d;
    d.same_size = true;
    d.diff = scene::Image(expected.width, expected.height);
    std::size_t differing = 0;
    double sum = 0.0;
    int max_abs = 0;
    std::size_t pixels = std::size_t(expected.width) * expected.height;
    for (std::size_t i = 0; i < pixels; ++i) {
        const std::uint8_t* e = &expected.pixels[i * 4];
        const std::uint8_t* a = &actual.pixels[i * 4];
        int worst = 0;
        for (int c = 0; c < 3; ++c) {
            int diff = std::abs(int(e[c]) - int(a[c]));
            sum += diff;
            worst = std::max(worst, diff);
        }
        max_abs = std::max(max_abs, worst);
        std::uint8_t* out = &d.diff.pixels[i * 4];
        if (worst > tolerance.channel) {
            ++differing;
            out[0] = 255;
            out[1] = out[2] = 0;
        } else {
            out[0] = out[1] = out[2] = static_cast<std::uint8_t>((e[0] + e[1] + e[2]) / 9);
        }
        out[3] = 255;
    }
    d.differing_fraction = double(differing) / double(pixels);
    d.mean_abs = sum / double(pixels * 3);
    d.max_abs = max_abs;
    return d;
}

std::filesystem::path test_output_dir() {
    if (const char* env = std::getenv("QX_TEST_OUTPUT"); env && *env) return env;
    return std::filesystem::path(QX_TEST_BINARY_DIR) / "golden-output";
}

std::filesystem::path save_for_review(const std::string& name, const scene::Image& image) {
    std::filesystem::path out = test_output_dir() / "review";
    std::filesystem::create_directories(out);
    out /= name + ".png";
    scene::save_png(out, image);
    return out;
}

std::string check_golden(const std::string& name, const scene::Image& actual, const ImageTolerance& tolerance) {
    std::filesystem::path golden = std::filesystem::path(QX_GOLDEN_DIR) / (name + ".png");
    std::filesystem::path out = test_output_dir();
    std::filesystem::create_directories(out);
    if (!std::filesystem::exists(golden)) {
        scene::save_png(out / (name + ".actual.png"), actual);
        return fmt::format("no golden image {}; wrote {} — look at it, then run tools/accept-goldens {}",
                           golden.string(), (out / (name + ".actual.png")).string(), name);
    }
    scene::Image expected = scene::load_image(golden);
    ImageDiff d = compare_images(expected, actual, tolerance);
    if (d.within(tolerance)) {
        std::filesystem::remove(out / (name + ".actual.png"));
        std::filesystem::remove(out / (name + ".diff.png"));
        return {};
    }
    scene::save_png(out / (name + ".actual.png"), actual);
    if (d.same_size) scene::save_png(out / (name + ".diff.png"), d.diff);
    return fmt::format("{} does not match its golden image: {} (tolerance: channel {}, {:.3f}%, mean {:.2f}); "
                       "see {}/{}.actual.png and .diff.png",
                       name, d.describe(), tolerance.channel, tolerance.max_fraction * 100.0, tolerance.max_mean,
                       out.string(), name);
}

} // namespace qx::test
