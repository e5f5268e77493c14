#include "stage/scale_memory.h"

#include "core/file.h"
#include "core/json_limits.h"
#include "core/log.h"

#include <cmath>

namespace qx::stage {
namespace {

constexpr int k_version = 1;
// A scale outside this is not one this program writes: the file was edited or damaged.
constexpr float k_least_scale = 0.25f;

// The whole file, or nullopt (with a warning) when it is there but unusable.
std::optional<core::Json> read_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return core::Json::object();
    core::JsonParse parsed = core::load_json_file(file, core::k_json_record_limits);
    if (!parsed.value) {
        core::log_warn("stage", "render scales not recalled: {}", parsed.problem.to_string());
        return std::nullopt;
    }
    if (!parsed.value->is_object() || parsed.value->value("version", 0) != k_version ||
        !parsed.value->contains("setups") || !(*parsed.value)["setups"].is_object()) {
        core::log_warn("stage", "render scales not recalled: {}: not a version {} file of setups",
                       core::display_path(file), k_version);
        return std::nullopt;
    }
    return std::move(parsed.value);
}

} // namespace

ScaleMemory::ScaleMemory(std::filesystem::path file, std::string setup)
    : m_file(std::move(file)), m_setup(std::move(setup)) {}

std::filesystem::path ScaleMemory::default_file() { return core::user_data_dir() / "cache" / "render-scales.json"; }

SceneScales ScaleMemory::load() const {
    SceneScales scales;
    std::optional<core::Json> all = read_file(m_file);
    if (!all || !all->contains("setups")) return scales;
    const core::Json& setups = (*all)["setups"];
    auto it = setups.find(m_setup);
    if (it == setups.end()) return scales;
    if (!it->is_object()) {
        core::log_warn("stage", "render scales not recalled: {}: the setup's entry is not an object",
                       core::display_path(m_file));
        return scales;
    }
    for (const auto& [scene, value] : it->items()) {
        const float s = value.is_number() ? value.get<float>() : -1.0f;
        if (!(s >= k_least_scale && s <= 1.0f)) {
            core::log_warn("stage", "{}: the render scale kept for {} is not a scale between {} and 1; not recalled",
                           core::display_path(m_file), scene, k_least_scale);
            continue;
        }
        scales.emplace(scene, s);
    }
    return scales;
}

void ScaleMemory::save(const SceneScales& scales) const {
    try {
        core::Json all = read_file(m_file).value_or(core::Json::object());
        all["version"] = k_version;
        if (!all.contains("setups")) all["setups"] = core::Json::object();
        core::Json& mine = all["setups"][m_setup];
        mine = core::Json::object();
        for (const auto& [scene, s] : scales) mine[scene] = std::round(double(s) * 1000.0) / 1000.0;
        std::filesystem::create_directories(m_file.parent_path());
        core::write_file_atomic(m_file, all.dump(2) + "\n");
    } catch (const std::exception& e) {
        core::log_warn("stage", "render scales not kept in {}: {}", core::display_path(m_file), e.what());
    }
}

} // namespace qx::stage
