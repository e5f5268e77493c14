// tools/assetgen — builds every asset Qingxing ships (textures, models, sounds, narration) from
// code and a seed. The same seed gives the same bytes; nothing is downloaded.
#pragma once

#include "scene/image.h"
#include "scene/model.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace qx::assetgen {

// Collects generated files (path relative to the output folder → bytes) and writes them.
class Output {
public:
    Output(std::filesystem::path root, std::uint32_t seed) : m_root(std::move(root)), m_seed(seed) {}

    std::uint32_t seed() const { return m_seed; }
    const std::filesystem::path& root() const { return m_root; }
    // A seed for one named asset, so adding an asset never changes another's bytes.
    std::uint32_t seed_for(std::string_view name) const;

    void file(const std::string& path, std::vector<std::uint8_t> bytes, std::string what);
    void png(const std::string& path, const scene::Image& image, std::string what);
    // An image generated earlier in this run (labels draw over textures), decoded.
    scene::Image image(const std::string& path) const;
    // Writes models/<name>.glb; the model's textures go to textures/<texture name>.png.
    void model(const std::string& name, const scene::Model& model, std::string what);

    // Writes everything that changed and manifest.json (path, bytes, BLAKE2b hash, description).
    void finish();
    std::size_t count() const { return m_files.size(); }

private:
    struct Entry {
        std::vector<std::uint8_t> bytes;
        std::string what;
    };
    std::filesystem::path m_root;
    std::uint32_t m_seed;
    std::map<std::string, Entry> m_files;
};

void generate_textures(Output& out);
// Textures with writing (signs, a phone's messages, exhibit labels); after generate_textures.
void generate_labels(Output& out);
void generate_models(Output& out);
void generate_sounds(Output& out);
// Speaks every narration line found in the scene files (zh and en) with espeak-ng.
void generate_narration(Output& out, const std::filesystem::path& scenes_dir);

} // namespace qx::assetgen
