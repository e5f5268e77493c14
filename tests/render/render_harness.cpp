#include "render/render_harness.h"

#include "gpu/upload.h"

namespace qx::test {

namespace {

render::RendererOptions options_with(VkSampleCountFlagBits msaa, std::uint32_t shadow_map_size) {
    render::RendererOptions ropts;
    ropts.msaa = msaa;
    ropts.shadow_map_size = shadow_map_size;
    return ropts;
}

} // namespace

bool same(const StereoImages& a, const StereoImages& b) {
    return a.left.pixels == b.left.pixels && a.right.pixels == b.right.pixels;
}

gpu::Image solid_texture(gpu::Context& ctx, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_R8G8B8A8_SRGB;
    desc.extent = {4, 4};
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    gpu::Image tex(ctx, desc, "solid overlay texture");
    std::vector<std::uint8_t> px(4 * 4 * 4);
    for (std::size_t i = 0; i < px.size(); i += 4) px[i] = r, px[i + 1] = g, px[i + 2] = b, px[i + 3] = 255;
    gpu::Uploader up(ctx);
    up.image(tex, std::as_bytes(std::span(px)));
    up.submit_and_wait();
    return tex;
}

std::size_t darker_pixels(const scene::Image& lit, const scene::Image& shaded) {
    std::size_t n = 0;
    for (std::uint32_t y = 0; y < lit.height; ++y) {
        for (std::uint32_t x = 0; x < lit.width; ++x) {
            const std::uint8_t* a = lit.at(x, y);
            const std::uint8_t* b = shaded.at(x, y);
            const int la = a[0] + a[1] + a[2], lb = b[0] + b[1] + b[2];
            if (la > 30 && lb * 5 < la * 4) ++n;
        }
    }
    return n;
}

RenderHarness::RenderHarness(VkExtent2D eye_size, VkSampleCountFlagBits msaa, std::uint32_t shadow_map_size)
    : RenderHarness(eye_size, options_with(msaa, shadow_map_size)) {}

RenderHarness::RenderHarness(VkExtent2D eye_size, const render::RendererOptions& options) : m_extent(eye_size) {
    gpu::ContextOptions copts;
    copts.validation = true;
    m_ctx = std::make_unique<gpu::Context>(copts);
    m_renderer = std::make_unique<render::Renderer>(*m_ctx, options);
    m_ring = std::make_unique<gpu::FrameRing>(*m_ctx, 2);
    m_target = std::make_unique<render::OffscreenTarget>(*m_ctx, eye_size);
}

gpu::StereoView RenderHarness::test_view(VkExtent2D eye_size, float fov_degrees) {
    gpu::Pose head = gpu::look_at({0.0f, 1.2f, 0.0f}, {0.0f, 0.95f, -3.0f});
    gpu::Fov fov = gpu::symmetric_fov(fov_degrees, float(eye_size.width) / float(eye_size.height));
    return gpu::stereo_from_head(head, 0.064f, fov, fov);
}

StereoImages RenderHarness::render(const scene::BuiltScene& built, const gpu::StereoView& view,
                                   const render::PostSettings& post, std::uint32_t features_off, bool multiview,
                                   const std::string& key) {
    std::string k = key.empty() ? fmt::format("{}", static_cast<const void*>(&built.assets)) : key;
    auto& gpu = m_scenes[k];
    if (!gpu) gpu = std::make_unique<render::GpuScene>(*m_renderer, built.assets, k);
    render::FrameInput in = scene_input(built, *gpu, view);
    in.post = post;
    in.features_off = features_off;
    in.multiview = multiview;
    in.single_pass = m_single_pass;
    gpu::Frame& frame = m_ring->begin();
    gpu::StereoTarget target = m_target->target();
    target.render_extent = m_render_extent;
    m_renderer->render(frame, in, target);
    VK_CHECK(m_ring->submit(frame));
    m_ring->wait_idle();
    return {m_target->read_eye(0), m_target->read_eye(1)};
}

render::FrameInput scene_input(const scene::BuiltScene& built, const render::GpuScene& gpu_scene,
                               const gpu::StereoView& view) {
    render::FrameInput in;
    in.scene = &gpu_scene;
    in.instances = built.instances;
    in.environment = &built.environment;
    in.lights = built.lights;
    in.view = view;
    return in;
}

std::string RenderHarness::validation_report() const {
    std::string out;
    for (const std::string& m : m_ctx->validation_messages()) out += m + "\n";
    return out;
}

} // namespace qx::test
