// Where each scene's render scale settled, kept between sessions on this PC. Without it every
// session starts each scene at the whole eye size and overruns the GPU budget (late frames, which
// a resident feels) until two of them drop the scale; with it, a scene starts where it settled
// the last time on the same GPU, display and quality tier. A missing, unreadable or broken file
// costs only that: a warning naming the file, and the scales start afresh.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>

namespace qx::stage {

using SceneScales = std::map<std::string, float, std::less<>>;

class ScaleMemory {
public:
    // `setup` names what decides a scene's cost here (the GPU and its driver, the display, the tier).
    ScaleMemory(std::filesystem::path file, std::string setup);

    // The scales kept for this setup (empty when there are none or the file cannot be used).
    SceneScales load() const;
    // Keeps `scales` for this setup, the other setups' as they were (a file that cannot be read
    // is replaced). Never throws: a file that cannot be written is a warning.
    void save(const SceneScales& scales) const;

    const std::filesystem::path& file() const { return m_file; }
    const std::string& setup() const { return m_setup; }

    // The file beside the pipeline cache: <user data>/cache/render-scales.json.
    static std::filesystem::path default_file();

private:
    std::filesystem::path m_file;
    std::string m_setup;
};

} // namespace qx::stage
