// qx_imgcheck stereo FILE.png: checks a screenshot of an XR compositor's window shows a scene in
// both eyes: the window (whatever differs from the screen's background) splits into two halves
// that are both mostly scene, not flat, and alike in colour (the same scene from two eyes).
// qx_imgcheck prompt FILE.png: checks a side-by-side window screenshot shows the craving
// prompt's amber handle in both eyes.
// qx_imgcheck single FILE.png: checks a window screenshot is one picture filling the window: no
// letterbox bars along its edges, and its halves are not the two eyes of a stereo pair.
// qx_imgcheck panel FILE.png: checks a control-panel screenshot shows the panel (its top bar across
// the window, text in it) and, with `panel-mirror`, a scene in the mirror beside the controls.
#include "scene/image.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

namespace {

struct Stats {
    double r = 0, g = 0, b = 0, luma_sd = 0, covered = 0;
};

}

// Pixels of the prompt's amber (246, 178, 64) in the left and right halves.
int check_prompt(const qx::scene::Image& img) {
    long left = 0, right = 0;
    for (std::uint32_t y = 0; y < img.height; ++y) {
        for (std::uint32_t x = 0; x < img.width; ++x) {
            const std::uint8_t* p = img.at(x, y);
            if (std::abs(p[0] - 246) < 40 && std::abs(p[1] - 178) < 40 && std::abs(p[2] - 64) < 40)
                ++(x < img.width / 2 ? left : right);
        }
    }
    bool ok = left >= 20 && right >= 20;
    std::printf("prompt: %ld amber pixels left, %ld right: %s\n", left, right,
                ok ? "both eyes show the prompt" : "the prompt is not in both eyes");
    return ok ? 0 : 1;
}

// The panel's top bar (22, 28, 36) fills most of the first rows, with lighter text in it; with
// `mirror`, the middle of the left half (where the mirror of the resident's eye is) varies like a
// scene rather than a flat panel background.
int check_panel(const qx::scene::Image& img, bool mirror) {
    long bar = 0, text = 0, n = 0;
    for (std::uint32_t y = 2; y < 40 && y < img.height; ++y) {
        for (std::uint32_t x = 0; x < img.width; ++x, ++n) {
            const std::uint8_t* p = img.at(x, y);
            if (std::abs(p[0] - 22) < 8 && std::abs(p[1] - 28) < 8 && std::abs(p[2] - 36) < 8) ++bar;
            if (p[0] > 150 && p[1] > 150 && p[2] > 150) ++text;
        }
    }
    bool ok = n > 0 && bar > n / 3 && text > 100; // a notice may take the middle of the bar
    std::printf("panel: top bar %.0f%% of the first rows, %ld text pixels\n", 100.0 * double(bar) / double(n), text);
    if (mirror) {
        double sum = 0, sum2 = 0, count = 0;
        for (std::uint32_t y = img.height * 20 / 100; y < img.height * 50 / 100; ++y) {
            for (std::uint32_t x = img.width * 20 / 100; x < img.width * 40 / 100; ++x) {
                const std::uint8_t* p = img.at(x, y);
                double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
                sum += l;
                sum2 += l * l;
                count += 1;
            }
        }
        double sd = std::sqrt(std::max(0.0, sum2 / count - (sum / count) * (sum / count)));
        std::printf("panel: mirror area luma mean %.0f sd %.1f\n", sum / count, sd);
        ok = ok && sd > 8 && sum / count > 8;
    }
    std::printf("panel: %s\n", ok ? "the panel is shown" : "the panel is not shown as expected");
    return ok ? 0 : 1;
}

// The mirror's letterbox colour (linear 0.02, 0.02, 0.025 shown in sRGB).
bool letterbox(const std::uint8_t* p) {
    return std::abs(p[0] - 39) < 8 && std::abs(p[1] - 39) < 8 && std::abs(p[2] - 44) < 8;
}

int check_single(const qx::scene::Image& img) {
    auto row_is_bar = [&](std::uint32_t y) {
        for (std::uint32_t x = 0; x < img.width; ++x)
            if (!letterbox(img.at(x, y))) return false;
        return true;
    };
    auto column_is_bar = [&](std::uint32_t x) {
        for (std::uint32_t y = 0; y < img.height; ++y)
            if (!letterbox(img.at(x, y))) return false;
        return true;
    };
    const bool bars = row_is_bar(0) || row_is_bar(img.height - 1) || column_is_bar(0) || column_is_bar(img.width - 1);
    // A stereo pair's halves differ only by parallax (a mean luma difference of about 3 in the
    // demo's rooms); one picture's left and right halves show different things (25 and more).
    double diff = 0.0, n = 0.0;
    const std::uint32_t half = img.width / 2;
    auto luma = [](const std::uint8_t* p) { return 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]; };
    for (std::uint32_t y = 0; y < img.height; y += 2) {
        for (std::uint32_t x = 0; x < half; x += 2, n += 1.0) diff += std::abs(luma(img.at(x, y)) - luma(img.at(x + half, y)));
    }
    const double mean_diff = n > 0.0 ? diff / n : 0.0;
    const bool ok = !bars && mean_diff > 12.0;
    std::printf("single: %ux%u, letterbox bars at the edges: %s, halves differ by %.1f in luma: %s\n", img.width,
                img.height, bars ? "yes" : "no", mean_diff,
                ok ? "one picture fills the window" : "not one picture filling the window");
    return ok ? 0 : 1;
}

int main(int argc, char** argv) {
    const bool known = argc == 3 && (std::strcmp(argv[1], "stereo") == 0 || std::strcmp(argv[1], "prompt") == 0 ||
                                     std::strcmp(argv[1], "panel") == 0 || std::strcmp(argv[1], "panel-mirror") == 0 ||
                                     std::strcmp(argv[1], "single") == 0);
    if (!known) {
        std::fprintf(stderr, "usage: qx_imgcheck stereo|prompt|single|panel|panel-mirror FILE.png\n");
        return 2;
    }
    try {
        const std::string mode = argv[1];
        if (mode == "panel" || mode == "panel-mirror") return check_panel(qx::scene::load_image(argv[2]), mode == "panel-mirror");
        if (mode == "single") return check_single(qx::scene::load_image(argv[2]));
        if (mode == "prompt") return check_prompt(qx::scene::load_image(argv[2]));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qx_imgcheck: %s\n", e.what());
        return 2;
    }
    try {
        qx::scene::Image img = qx::scene::load_image(argv[2]);
        const std::uint8_t* bg = img.at(img.width - 1, img.height - 1);
        auto differs = [&](const std::uint8_t* p) {
            return std::abs(p[0] - bg[0]) + std::abs(p[1] - bg[1]) + std::abs(p[2] - bg[2]) > 24;
        };
        int x0 = int(img.width), y0 = int(img.height), x1 = -1, y1 = -1;
        for (std::uint32_t y = 0; y < img.height; ++y) {
            for (std::uint32_t x = 0; x < img.width; ++x) {
                if (!differs(img.at(x, y))) continue;
                x0 = std::min(x0, int(x));
                y0 = std::min(y0, int(y));
                x1 = std::max(x1, int(x));
                y1 = std::max(y1, int(y));
            }
        }
        if (x1 - x0 < 200 || y1 - y0 < 100) {
            std::printf("stereo: no compositor window found (content %dx%d)\n", x1 - x0 + 1, y1 - y0 + 1);
            return 1;
        }
        int mid = (x0 + x1) / 2;
        auto half = [&](int a, int b) {
            Stats s;
            double n = 0, sum_l = 0, sum_l2 = 0, covered = 0;
            for (int y = y0; y <= y1; ++y) {
                for (int x = a; x < b; ++x) {
                    const std::uint8_t* p = img.at(std::uint32_t(x), std::uint32_t(y));
                    double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
                    s.r += p[0];
                    s.g += p[1];
                    s.b += p[2];
                    sum_l += l;
                    sum_l2 += l * l;
                    covered += differs(p) ? 1 : 0;
                    n += 1;
                }
            }
            s.r /= n;
            s.g /= n;
            s.b /= n;
            s.luma_sd = std::sqrt(std::max(0.0, sum_l2 / n - (sum_l / n) * (sum_l / n)));
            s.covered = covered / n;
            return s;
        };
        Stats l = half(x0, mid), r = half(mid, x1 + 1);
        std::printf("stereo: window %dx%d at (%d,%d); left mean (%.0f,%.0f,%.0f) sd %.0f covered %.0f%%; right mean "
                    "(%.0f,%.0f,%.0f) sd %.0f covered %.0f%%\n",
                    x1 - x0 + 1, y1 - y0 + 1, x0, y0, l.r, l.g, l.b, l.luma_sd, l.covered * 100, r.r, r.g, r.b,
                    r.luma_sd, r.covered * 100);
        bool ok = l.covered > 0.6 && r.covered > 0.6 && l.luma_sd > 10 && r.luma_sd > 10 &&
                  std::abs(l.r - r.r) < 20 && std::abs(l.g - r.g) < 20 && std::abs(l.b - r.b) < 20;
        std::printf("stereo: %s\n", ok ? "both eyes show the scene" : "the two eyes do not both show the scene");
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qx_imgcheck: %s\n", e.what());
        return 2;
    }
}
