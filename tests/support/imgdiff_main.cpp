// qx_imgdiff EXPECTED.png ACTUAL.png [DIFF.png]: prints how two images differ (a developer tool
// for looking at renderer changes; the tests use the same comparison).
#include "support/image_compare.h"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: qx_imgdiff EXPECTED.png ACTUAL.png [DIFF.png]\n");
        return 2;
    }
    try {
        auto d = qx::test::compare_images(qx::scene::load_image(argv[1]), qx::scene::load_image(argv[2]), {});
        std::printf("%s\n", d.describe().c_str());
        if (argc > 3 && d.same_size) qx::scene::save_png(argv[3], d.diff);
        return d.within({}) ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qx_imgdiff: %s\n", e.what());
        return 2;
    }
}
