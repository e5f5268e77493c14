// Narration: every narration line in the scene files, spoken by espeak-ng's offline Mandarin
// and English voices. The scene file is the one place the words live.
#include "generator.h"

#include "core/error.h"
#include "core/file.h"
#include "core/json.h"

#include <algorithm>

#include <sys/wait.h>
#include <unistd.h>

namespace qx::assetgen {
namespace fs = std::filesystem;
namespace {

std::vector<std::uint8_t> speak(const std::string& voice, const std::string& text, const fs::path& tmp) {
    pid_t pid = fork();
    QX_ENSURE(pid >= 0, "fork failed");
    if (pid == 0) {
        // Slightly slow and low for a calm guide; -z trims the trailing silence.
        execlp("espeak-ng", "espeak-ng", "-v", voice.c_str(), "-s", voice == "cmn" ? "150" : "145", "-p", "40",
               "-z", "-w", tmp.c_str(), text.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw core::Error("espeak-ng could not speak \"" + text + "\" (is the espeak-ng package installed? tools/setup installs it)");
    }
    auto bytes = core::read_binary_file(tmp);
    fs::remove(tmp);
    return bytes;
}

std::string strip_assets(const std::string& path) { return path.rfind("assets/", 0) == 0 ? path.substr(7) : path; }

} // namespace

void generate_narration(Output& out, const fs::path& scenes_dir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(scenes_dir)) {
        if (entry.path().string().ends_with(".scene.json") || entry.path().parent_path().filename() == "presets") {
            if (entry.path().extension() == ".json") files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    fs::path tmp = fs::temp_directory_path() / ("qx-assetgen-" + std::to_string(::getpid()) + ".wav");
    for (const fs::path& file : files) {
        core::Json scene;
        try {
            scene = core::Json::parse(core::read_text_file(file));
        } catch (const std::exception&) {
            continue; // `qingxing check` reports broken scene files; the generator just skips them
        }
        if (!scene.is_object() || !scene.contains("narration") || !scene["narration"].is_array()) continue;
        for (const core::Json& line : scene["narration"]) {
            if (!line.is_object() || !line.contains("audio") || !line.contains("text")) continue;
            for (const char* lang : {"zh", "en"}) {
                if (!line["audio"].contains(lang) || !line["text"].contains(lang)) continue;
                std::string path = strip_assets(line["audio"][lang].get<std::string>());
                std::string text = line["text"][lang].get<std::string>();
                out.file(path, speak(std::string(lang) == "zh" ? "cmn" : "en-us", text, tmp),
                         std::string(lang) == "zh" ? "narration (Mandarin, espeak-ng): " + text
                                                   : "narration (English, espeak-ng): " + text);
            }
        }
    }
}

} // namespace qx::assetgen
