// Compares rendered images with expected ones, Filament-style: a per-test tolerance, and on
// failure the actual image and a diff image are written beside the build's test output.
#pragma once

#include "scene/image.h"

#include <filesystem>
#include <string>

namespace qx::test {

struct ImageTolerance {
    int channel = 8;              // a pixel differs when any channel differs by more than this (0-255)
    double max_fraction = 0.005;  // the images match when at most this fraction of pixels differ
    double max_mean = 1.5;        // ...and the mean absolute channel difference is at most this
};

struct ImageDiff {
    bool same_size = false;
    double differing_fraction = 1.0; // pixels beyond the channel tolerance / all pixels
    double mean_abs = 255.0;         // mean absolute difference over all channels
    int max_abs = 255;
    scene::Image diff;               // differing pixels in red over a dimmed copy of `expected`
    bool within(const ImageTolerance& t) const {
        return same_size && differing_fraction <= t.max_fraction && mean_abs <= t.max_mean;
    }
    std::string describe() const;
};

ImageDiff compare_images(const scene::Image& expected, const scene::Image& actual, const ImageTolerance& tolerance);

// The golden-image check. Compares `actual` with tests/golden/<name>.png; on a mismatch (or a
// missing golden) writes <output>/<name>.actual.png and .diff.png and returns a message; empty
// when it matches. tools/accept-goldens copies approved actual images over the goldens.
std::string check_golden(const std::string& name, const scene::Image& actual, const ImageTolerance& tolerance);

// Writes <output>/<name>.png for a person to look at (tests whose result is a picture worth
// seeing, beyond what their assertions check). Returns the path.
std::filesystem::path save_for_review(const std::string& name, const scene::Image& image);

// Where failing tests leave their images: $QX_TEST_OUTPUT or build/<preset>/tests/golden-output.
std::filesystem::path test_output_dir();

} // namespace qx::test
