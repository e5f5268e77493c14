#include "generator.h"

#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "scene/model_writer.h"

#include <sodium.h>

namespace qx::assetgen {
namespace fs = std::filesystem;

std::uint32_t Output::seed_for(std::string_view name) const {
    // FNV-1a of the name, mixed with the seed.
    std::uint32_t h = 2166136261u ^ m_seed;
    for (char c : name) {
        h ^= static_cast<std::uint8_t>(c);
        h *= 16777619u;
    }
    return h;
}

void Output::file(const std::string& path, std::vector<std::uint8_t> bytes, std::string what) {
    QX_ENSURE(!m_files.count(path), "assetgen: {} is generated twice", path);
    m_files[path] = {std::move(bytes), std::move(what)};
}

void Output::png(const std::string& path, const scene::Image& image, std::string what) {
    file(path, scene::encode_png(image), std::move(what));
}

scene::Image Output::image(const std::string& path) const {
    auto it = m_files.find(path);
    QX_ENSURE(it != m_files.end(), "assetgen: {} is used before it is generated", path);
    return scene::decode_image(it->second.bytes, path);
}

void Output::model(const std::string& name, const scene::Model& model, std::string what) {
    std::vector<std::string> uris;
    for (const scene::Texture& t : model.textures) {
        std::string tex = "textures/" + t.name + ".png";
        // An empty image refers to a surface texture written earlier by textures.cpp.
        if (t.image.empty()) {
            QX_ENSURE(m_files.count(tex), "assetgen: model {} uses {}, which is not generated", name, tex);
        } else {
            png(tex, t.image, "texture of " + name);
        }
        uris.push_back("../" + tex);
    }
    file("models/" + name + ".glb", scene::encode_glb(model, uris), std::move(what));
}

void Output::finish() {
    QX_ENSURE(sodium_init() >= 0, "libsodium failed to start");
    core::Json manifest = {{"generator", "tools/assetgen"}, {"seed", m_seed}, {"files", core::Json::object()}};
    std::size_t written = 0;
    for (const auto& [path, entry] : m_files) {
        unsigned char hash[32];
        crypto_generichash(hash, sizeof hash, entry.bytes.data(), entry.bytes.size(), nullptr, 0);
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
        manifest["files"][path] = {{"bytes", entry.bytes.size()}, {"blake2b", hex}, {"what", entry.what}};
        // Rewrite only what changed, so timestamps (and anything depending on them) stay put.
        fs::path target = m_root / path;
        std::error_code ec;
        if (fs::exists(target, ec) && fs::file_size(target, ec) == entry.bytes.size() &&
            core::read_binary_file(target) == entry.bytes) {
            continue;
        }
        core::write_file_atomic(target, entry.bytes);
        ++written;
    }
    core::write_file_atomic(m_root / "manifest.json", manifest.dump(2) + "\n");
    std::printf("assetgen: %zu files (%zu rewritten) in %s\n", m_files.size(), written, m_root.c_str());
}

} // namespace qx::assetgen
