#include "gpu/pipeline_cache.h"

#include "core/file.h"
#include "core/log.h"

#include <cstring>

namespace qx::gpu {

PipelineCache::PipelineCache(Context& ctx, std::filesystem::path path) : m_ctx(ctx), m_path(std::move(path)) {
    std::vector<std::uint8_t> data;
    std::error_code ec;
    if (!m_path.empty() && std::filesystem::exists(m_path, ec)) {
        try {
            data = core::read_binary_file(m_path);
        } catch (const core::Error& e) {
            core::log_warn("gpu", "pipeline cache not read: {}", e.what());
        }
    }
    // Header (Vulkan spec, VkPipelineCacheHeaderVersionOne): length, version, vendor, device, UUID.
    if (!data.empty()) {
        std::uint32_t header[4] = {};
        bool ok = data.size() >= 16 + VK_UUID_SIZE;
        if (ok) std::memcpy(header, data.data(), 16);
        ok = ok && header[0] >= 16 + VK_UUID_SIZE && header[1] == VK_PIPELINE_CACHE_HEADER_VERSION_ONE &&
             header[2] == ctx.info().vendor_id && header[3] == ctx.info().device_id &&
             std::memcmp(data.data() + 16, ctx.info().uuid, VK_UUID_SIZE) == 0;
        if (!ok) {
            core::log_info("gpu", "pipeline cache {} is from another GPU or driver; starting afresh",
                           core::display_path(m_path));
            data.clear();
        }
    }
    VkPipelineCacheCreateInfo info{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
    info.initialDataSize = data.size();
    info.pInitialData = data.empty() ? nullptr : data.data();
    VK_CHECK(vkCreatePipelineCache(ctx.device(), &info, nullptr, &m_cache));
    m_loaded = !data.empty();
}

PipelineCache::~PipelineCache() {
    try {
        save();
    } catch (const std::exception& e) {
        core::log_warn("gpu", "pipeline cache not saved: {}", e.what());
    }
    vkDestroyPipelineCache(m_ctx.device(), m_cache, nullptr);
}

void PipelineCache::save() const {
    if (m_path.empty()) return;
    std::size_t size = 0;
    VK_CHECK(vkGetPipelineCacheData(m_ctx.device(), m_cache, &size, nullptr));
    std::vector<std::uint8_t> data(size);
    VK_CHECK(vkGetPipelineCacheData(m_ctx.device(), m_cache, &size, data.data()));
    data.resize(size);
    core::write_file_atomic(m_path, data);
}

std::filesystem::path PipelineCache::default_path() { return core::user_data_dir() / "cache" / "pipelines.bin"; }

} // namespace qx::gpu
