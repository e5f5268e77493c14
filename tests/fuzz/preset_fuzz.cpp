// Presets: the input is written as scenes/presets/fuzz-base.json beside copies of the shipped
// presets, and read through a scene that inherits it (presets are only ever read that way).
#include "fuzz_support.h"
#include "scene/scene_file.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    qx::fuzz::quiet_logs();
    fs::create_directories(qx::fuzz::scratch_dir() / "presets");
    for (const auto& e : fs::directory_iterator(fs::path(QX_FUZZ_SCENES_DIR) / "presets"))
        fs::copy_file(e.path(), qx::fuzz::scratch_dir() / "presets" / e.path().filename(),
                      fs::copy_options::overwrite_existing);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* k_child = R"({"name": "fuzz", "kind": "calm", "inherits": "fuzz-base",
        "title": {"zh": "模糊测试", "en": "Fuzz"}})";
    qx::fuzz::write_input(qx::fuzz::scratch_dir() / "presets" / "fuzz-base.json", data, size);
    qx::core::Diagnostics diag;
    qx::scene::parse_scene(k_child, "fuzz.scene.json", qx::fuzz::scratch_dir(), diag);
    for (const qx::core::Problem& p : diag.problems()) (void)p.to_string();
    return 0;
}
