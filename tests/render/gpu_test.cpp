// The Vulkan layer on a real driver (lavapipe): sub-allocation, the pipeline cache on disk,
// deferred destruction through the frame ring.
#include "gpu/frame_ring.h"
#include "gpu/pipeline_cache.h"
#include "gpu/resources.h"
#include "render/renderer.h"

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace qx;

namespace {
gpu::ContextOptions validated() {
    gpu::ContextOptions o;
    o.validation = true;
    return o;
}
} // namespace

TEST_CASE("many buffers share a few device-memory blocks, and freed space is reused", "[render][gpu]") {
    gpu::Context ctx(validated());
    auto before = ctx.allocator().stats();
    {
        std::vector<gpu::Buffer> buffers;
        for (int i = 0; i < 200; ++i) {
            buffers.emplace_back(ctx, 64 * 1024, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, gpu::MemoryUsage::gpu_only, "vb");
        }
        auto during = ctx.allocator().stats();
        // 200 buffers of 64 KiB fit in one 64 MiB block: one vkAllocateMemory, not 200.
        CHECK(during.device_allocations - before.device_allocations <= 1);
        CHECK(during.live_allocations - before.live_allocations == 200);
    }
    ctx.wait_idle(); // runs the deferred destructions
    auto after = ctx.allocator().stats();
    CHECK(after.live_allocations == before.live_allocations);
    {
        gpu::Buffer again(ctx, 8u << 20, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, gpu::MemoryUsage::gpu_only, "reuse");
        CHECK(ctx.allocator().stats().device_allocations == after.device_allocations); // fits in the freed block
    }
    ctx.wait_idle();
    CHECK(ctx.validation_message_count() == 0);
}

TEST_CASE("an object dropped while its frame is in flight is destroyed only after that frame", "[render][gpu]") {
    gpu::Context ctx(validated());
    gpu::FrameRing ring(ctx, 2);
    gpu::Frame& frame1 = ring.begin();
    {
        gpu::Buffer b(ctx, 1024, VK_BUFFER_USAGE_TRANSFER_DST_BIT, gpu::MemoryUsage::gpu_only, "in flight");
        vkCmdFillBuffer(frame1.cmd(), b.get(), 0, VK_WHOLE_SIZE, 7u);
    } // dropped while recorded into frame 1
    std::size_t pending = ctx.deleter().pending();
    CHECK(pending >= 1);
    REQUIRE(ring.submit(frame1) == VK_SUCCESS);
    gpu::Frame& frame2 = ring.begin(); // the other slot: frame 1 is not waited for yet
    CHECK(ctx.deleter().pending() == pending);
    REQUIRE(ring.submit(frame2) == VK_SUCCESS);
    gpu::Frame& frame3 = ring.begin(); // back in frame 1's slot: its fence is waited, its garbage goes
    CHECK(ctx.deleter().pending() < pending);
    REQUIRE(ring.submit(frame3) == VK_SUCCESS);
    ring.wait_idle();
    CHECK(ctx.deleter().pending() == 0);
    CHECK(ctx.validation_message_count() == 0);
}

TEST_CASE("the pipeline cache is saved and reused and a damaged file is ignored", "[render][gpu]") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("qx-pcache-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::path file = dir / "pipelines.bin";
    gpu::Context ctx(validated());
    {
        gpu::PipelineCache cache(ctx, file);
        CHECK_FALSE(cache.loaded_from_disk());
        render::RendererOptions o;
        o.pipeline_cache = &cache;
        render::Renderer renderer(ctx, o); // compiles the frame's pipelines into the cache
    }
    REQUIRE(fs::exists(file));
    CHECK(fs::file_size(file) >= 32); // at least the header; lavapipe stores nothing more
    {
        gpu::PipelineCache cache(ctx, file);
        CHECK(cache.loaded_from_disk());
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << "this is not a pipeline cache";
    {
        gpu::PipelineCache cache(ctx, file);
        CHECK_FALSE(cache.loaded_from_disk());
    }
    ctx.wait_idle();
    CHECK(ctx.validation_message_count() == 0);
    fs::remove_all(dir);
}
