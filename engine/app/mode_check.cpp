// qingxing check [PATH...]: validates scene and protocol files and lists every problem.
#include "app/cli.h"
#include "app/modes.h"
#include "core/file.h"
#include "scene/scene_library.h"
#include "session/protocol.h"

#include <filesystem>
#include <memory>

namespace qx::app {
namespace fs = std::filesystem;
namespace {

struct CheckOptions {
    std::vector<std::string> paths;
};

// Checks one file by what it is; returns its problems.
void check_file(const fs::path& file, core::Diagnostics& diag) {
    std::string name = file.filename().string();
    if (name.ends_with(".scene.json")) {
        scene::load_scene_file(file, diag);
    } else if (file.parent_path().filename() == "protocols") {
        // Scene names are cross-checked against the scene files that exist.
        session::load_protocol(file, scene::list_scenes(), diag);
    } else if (file.parent_path().filename() == "presets") {
        // Presets are checked through the scenes that inherit them.
    } else {
        diag.add({core::display_path(file), "", "not a scene (*.scene.json) or protocol (protocols/*.json) file"});
    }
}

int run_check(const CheckOptions& o) {
    std::vector<fs::path> roots;
    for (const std::string& p : o.paths) roots.emplace_back(p);
    if (roots.empty()) roots.push_back(scene::scenes_dir());
    std::vector<fs::path> files;
    core::Diagnostics diag;
    for (const fs::path& root : roots) {
        std::error_code ec;
        if (fs::is_directory(root, ec)) {
            for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
                if (!entry.is_regular_file()) continue;
                const fs::path& p = entry.path();
                if (p.extension() != ".json" || p.parent_path().filename() == "presets") continue;
                if (p.filename() == "expected.json") continue;
                files.push_back(p);
            }
        } else if (fs::exists(root, ec)) {
            files.push_back(root);
        } else {
            diag.add({core::display_path(root), "", "no such file or folder"});
        }
    }
    std::sort(files.begin(), files.end());
    std::size_t bad_files = 0;
    for (const fs::path& file : files) {
        std::size_t before = diag.problems().size();
        check_file(file, diag);
        if (diag.problems().size() == before) {
            std::printf("ok      %s\n", core::display_path(file).c_str());
        } else {
            ++bad_files;
            std::printf("PROBLEM %s\n", core::display_path(file).c_str());
        }
    }
    for (const core::Problem& p : diag.problems()) std::fprintf(stderr, "%s\n", p.to_string().c_str());
    std::printf("%zu file%s checked: %zu with problems, %zu problem%s in all\n", files.size(),
                files.size() == 1 ? "" : "s", bad_files, diag.problems().size(), diag.problems().size() == 1 ? "" : "s");
    return diag.ok() ? k_exit_ok : k_exit_failure;
}

} // namespace

ModeMain add_check_mode(CLI::App& sub) {
    auto o = std::make_shared<CheckOptions>();
    sub.add_option("paths", o->paths, "files or folders to check (default: the scenes folder)");
    return [o] { return run_check(*o); };
}

} // namespace qx::app
