// Scene files: parse, validate and follow "inherits" against the shipped scenes and presets.
#include "fuzz_support.h"
#include "scene/scene_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    qx::core::Diagnostics diag;
    qx::scene::parse_scene(qx::fuzz::as_text(data, size), "fuzz.scene.json", QX_FUZZ_SCENES_DIR, diag);
    for (const qx::core::Problem& p : diag.problems()) (void)p.to_string();
    return 0;
}
