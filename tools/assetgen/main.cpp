// qx_assetgen --out DIR [--seed N] [--scenes DIR]: generates every asset into DIR.
#include "core/error.h"
#include "generator.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    std::string out, scenes;
    std::uint32_t seed = 20261122;
    for (int i = 1; i < argc; ++i) {
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "qx_assetgen: %s needs a value\n", argv[i]);
                std::exit(2);
            }
            return argv[++i];
        };
        if (!std::strcmp(argv[i], "--out")) {
            out = value();
        } else if (!std::strcmp(argv[i], "--seed")) {
            seed = static_cast<std::uint32_t>(std::stoul(value()));
        } else if (!std::strcmp(argv[i], "--scenes")) {
            scenes = value();
        } else {
            std::fprintf(stderr, "usage: qx_assetgen --out DIR [--seed N] [--scenes DIR]\n");
            return 2;
        }
    }
    if (out.empty()) {
        std::fprintf(stderr, "qx_assetgen: --out is required\n");
        return 2;
    }
    try {
        qx::assetgen::Output output(out, seed);
        qx::assetgen::generate_textures(output);
        qx::assetgen::generate_labels(output);
        qx::assetgen::generate_models(output);
        qx::assetgen::generate_sounds(output);
        if (!scenes.empty()) qx::assetgen::generate_narration(output, scenes);
        output.finish();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qx_assetgen: %s\n", e.what());
        return 1;
    }
    return 0;
}
