#pragma once

#include "gpu/context.h"

#include <filesystem>

namespace qx::gpu {

// A VkPipelineCache kept on disk between runs, so pipelines compile once per driver version.
// The file starts with the device's cache header; a file from another GPU or driver (or a
// damaged one) is ignored with a log line, never trusted.
class PipelineCache {
public:
    PipelineCache(Context& ctx, std::filesystem::path path);
    ~PipelineCache(); // saves (atomically)
    PipelineCache(const PipelineCache&) = delete;
    PipelineCache& operator=(const PipelineCache&) = delete;

    VkPipelineCache get() const { return m_cache; }
    bool loaded_from_disk() const { return m_loaded; }
    void save() const;

    // The default location: <user data>/cache/pipelines.bin.
    static std::filesystem::path default_path();

private:
    Context& m_ctx;
    std::filesystem::path m_path;
    VkPipelineCache m_cache = VK_NULL_HANDLE;
    bool m_loaded = false;
};

} // namespace qx::gpu
