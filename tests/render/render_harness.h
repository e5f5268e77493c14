// A renderer on an offscreen target with the validation layer on, for image tests.
#pragma once

#include "gpu/frame_ring.h"
#include "render/offscreen.h"
#include "render/renderer.h"
#include "scene/test_scene.h"

#include <map>
#include <memory>
#include <string>

namespace qx::test {

struct StereoImages {
    scene::Image left, right;
    scene::Image both() const { return scene::side_by_side(left, right); }
};

// What a renderer draws of `built` (already on the GPU as `gpu_scene`) from `view`.
render::FrameInput scene_input(const scene::BuiltScene& built, const render::GpuScene& gpu_scene,
                               const gpu::StereoView& view);

// Both eyes byte for byte the same.
bool same(const StereoImages& a, const StereoImages& b);
// A 4x4 sRGB texture of one opaque colour (for overlay quads), uploaded and ready to sample.
gpu::Image solid_texture(gpu::Context& ctx, std::uint8_t r, std::uint8_t g, std::uint8_t b);
// Pixels at least a fifth darker in `shaded` than in `lit` (where a shadow falls).
std::size_t darker_pixels(const scene::Image& lit, const scene::Image& shaded);

class RenderHarness {
public:
    explicit RenderHarness(VkExtent2D eye_size = {256, 192}, VkSampleCountFlagBits msaa = VK_SAMPLE_COUNT_4_BIT,
                           std::uint32_t shadow_map_size = 1024);
    RenderHarness(VkExtent2D eye_size, const render::RendererOptions& options);

    // The seated test camera: eye height 1.2 m, looking slightly down the −Z axis.
    static gpu::StereoView test_view(VkExtent2D eye_size, float fov_degrees = 90.0f);

    // `key` names the scene's GPU copy, kept for later renders of the same scene (empty: the
    // address of `built`, for a scene object that lives as long as the harness).
    StereoImages render(const scene::BuiltScene& built, const gpu::StereoView& view,
                        const render::PostSettings& post = {}, std::uint32_t features_off = 0, bool multiview = true,
                        const std::string& key = {});
    StereoImages render(const scene::BuiltScene& built, std::uint32_t features_off = 0, bool multiview = true) {
        return render(built, test_view(m_extent), {}, features_off, multiview);
    }

    gpu::Context& context() { return *m_ctx; }
    render::Renderer& renderer() { return *m_renderer; }
    // Draws only this top-left part of each eye from now on (a render scale below 1); {} for all.
    void set_render_extent(VkExtent2D e) { m_render_extent = e; }
    // Finishes the picture in the scene pass, straight into the target (the headset path).
    void set_single_pass(bool on) { m_single_pass = on; }
    std::uint64_t validation_messages() const { return m_ctx->validation_message_count(); }
    std::string validation_report() const;

private:
    VkExtent2D m_extent;
    VkExtent2D m_render_extent{};
    bool m_single_pass = false;
    std::unique_ptr<gpu::Context> m_ctx;
    std::unique_ptr<render::Renderer> m_renderer;
    std::unique_ptr<gpu::FrameRing> m_ring;
    std::unique_ptr<render::OffscreenTarget> m_target;
    // GPU copies of scenes already rendered, by key.
    std::map<std::string, std::unique_ptr<render::GpuScene>> m_scenes;
};

} // namespace qx::test
