// render — the stereo scene renderer: one multiview pass for both eyes, glTF PBR materials,
// sun shadows, point/spot lights, fog, sky, transparency, tone mapping, fades and overlays; knows nothing of
// OpenXR, windows or sessions: it draws into whatever target it is given.
#pragma once

#include "gpu/frame_ring.h"
#include "gpu/pipeline_cache.h"
#include "gpu/view.h"
#include "render/camera.h"
#include "render/gpu_scene.h"
#include "render/gpu_types.h"
#include "render/quality.h"
#include "scene/assets.h"

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace qx::render {

// A world-space textured quad for in-headset UI (the craving slider), drawn over the scene
// after tone mapping.
struct OverlayQuad {
    glm::mat4 transform{1.0f}; // maps the unit quad (x, y in ±0.5, facing +Z) into the world
    std::uint32_t texture = 0; // from Renderer::set_overlay_texture
    glm::vec4 tint{1.0f};      // rgb multiplier, a opacity
};

// Post-processing for comfort and transitions.
struct PostSettings {
    float exposure = 1.0f;         // multiplies the environment's exposure
    glm::vec3 fade_color{0.0f};    // linear colour faded to
    float fade = 0.0f;             // 0 scene, 1 fully the fade colour
    float vignette = 0.0f;         // 0 none .. 1 strong
    float vignette_radius = 0.55f; // where darkening starts, 0 centre .. 1 corner
};

struct FrameInput {
    const GpuScene* scene = nullptr;
    std::span<const scene::Instance> instances;
    const scene::Environment* environment = nullptr;
    std::span<const scene::Light> lights;
    gpu::StereoView view;
    PostSettings post;
    std::span<const OverlayQuad> overlays;
    float time_seconds = 0.0f;
    std::uint32_t features_off = 0; // FeatureOff bits, for tests and debug views
    // The bench's bare reference instead of the scene: the same visible geometry, unlit, one
    // texture, in the scene pass's targets (its GPU time is marked "bare_reference"); no shadow pass,
    // no sky; the post pass as usual, so the picture can be looked at.
    bool bare_reference = false;
    bool multiview = true;          // false: one pass per eye (reference path for tests)
    // The headset path: the scene pass tone-maps, fades and vignettes its own colour and resolves
    // its samples straight into the target, drawing the overlays in the same pass: no HDR image,
    // no full-screen post pass, no copy (for a compositor's swapchain, where every pass over the
    // eye costs most). The picture is the post pass's but for edges and blending, which are
    // averaged after tone mapping. Not with bare_reference (which keeps its post pass).
    bool single_pass = false;
};

struct RenderStats {
    std::uint32_t draw_calls = 0;
    std::uint64_t triangles = 0;
    std::uint32_t instances_visible = 0;
    std::uint32_t instances_culled = 0;
    std::uint32_t lights_culled = 0; // (visible draw, light) pairs the light cannot reach, not shaded
    std::uint32_t shadow_draw_calls = 0; // this frame: 0 when the shadow map was kept
    std::uint32_t shadow_casters = 0;    // in the sun's view, drawn whenever the map is
    bool shadow_map_drawn = false; // false: the sun's shadow map of an earlier frame still held
    std::uint32_t shadow_moving_casters = 0; // of shadow_casters, those that move (drawn every frame)
    bool shadow_still_drawn = false; // the still casters' own map was redrawn (with moving casters)
    // The fade covered the whole frame: the scene pass cleared and drew nothing (what it would draw
    // is not seen), while the sun's shadow map was still kept up to date for the frames to come.
    bool veiled = false;
};

struct RendererOptions {
    // Lowered to the most the GPU supports up to it; raised to the next count it supports where
    // it has none between 1 and this (lavapipe has 4x but not 2x).
    VkSampleCountFlagBits msaa = VK_SAMPLE_COUNT_4_BIT;
    std::uint32_t shadow_map_size = 2048;
    float shadow_distance = 12.0f; // metres around the head covered by the sun's shadow map
    std::uint32_t shadow_taps = 9; // sun shadow lookups a pixel: 1 (hardware 2x2), 9 (3x3) or 16 (4x4)
    std::uint32_t features_off = 0; // FeatureOff bits left out of every frame (a quality tier's)
    gpu::PipelineCache* pipeline_cache = nullptr;

    // The pc tier's settings are the defaults above.
    static RendererOptions for_quality(const QualitySettings& q, gpu::PipelineCache* cache = nullptr);
};

struct SceneTargets; // the scene pass's colour, resolve and depth images for one size (render/frame_state.h)
struct FrameState; // what one frame's passes share (render/frame_state.h)

class Renderer {
public:
    Renderer(gpu::Context& ctx, RendererOptions options = {});
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Records both eyes into `target` (shadow pass, scene pass, post pass with overlays; or, with
    // single_pass, no post pass), each pass's end marked for GPU timing ("shadow", "scene" or
    // "bare_reference", "post"). The
    // shadow pass draws only when the sun's shadow map would change (the casters, where they
    // are, the sun's fit, shadows on or off): in a still scene, once; with moving casters, only them.
    void render(gpu::Frame& frame, const FrameInput& input, const gpu::StereoTarget& target);

    // Registers a texture for overlay quads in slot 0..k_max_overlay_textures-1. The image must
    // stay alive and in SHADER_READ_ONLY_OPTIMAL while overlays use it.
    void set_overlay_texture(std::uint32_t slot, const gpu::Image& image);

    const RenderStats& last_stats() const { return m_stats; }
    gpu::Context& context() { return m_ctx; }
    VkSampleCountFlagBits msaa() const { return m_msaa; }

    // For GpuScene: the layout of set 1, default textures and samplers.
    VkDescriptorSetLayout scene_set_layout() const { return m_scene_layout; }
    struct Defaults {
        gpu::Image white_srgb, white_linear, flat_normal, missing;
    };
    const Defaults& defaults() const { return m_defaults; }
    VkSampler sampler(bool repeat) const { return repeat ? m_sampler_repeat : m_sampler_clamp; }

private:
    struct PipelineKey {
        int kind;
        std::uint32_t view_mask;
        VkFormat format;
        auto operator<=>(const PipelineKey&) const = default;
    };

    // Which of the frame's visible draws a pass records.
    enum class DrawSet { opaque, transparent };

    void create_layouts();
    void create_defaults();
    void ensure_targets(VkExtent2D extent, VkFormat direct);
    VkPipeline pipeline(int kind, std::uint32_t view_mask, VkFormat format);

    // frame_setup.cpp: the upload slice and frame constants, culling and draw order, drawing.
    FrameState begin_frame_state(gpu::Frame& frame, const FrameInput& in, const gpu::StereoTarget& target);
    void cull_and_sort(const FrameInput& in, FrameState& fs);
    void bind_scene_geometry(const FrameState& fs, const FrameInput& in, std::uint32_t ubo_offset);
    void draw(const FrameState& fs, const FrameInput& in, DrawSet set);
    // The passes, in the order render() records them.
    void shadow_pass(const FrameState& fs, const FrameInput& in);
    void draw_shadow_casters(const FrameState& fs, const FrameInput& in, gpu::Image& map,
                             const std::vector<std::uint32_t>& refs, VkImageLayout from,
                             VkPipelineStageFlags2 src_stage, VkAccessFlags2 src_access);
    void record_shadow_draws(const FrameState& fs, const FrameInput& in, gpu::Image& map,
                             const std::vector<std::uint32_t>& refs, VkAttachmentLoadOp load);
    void finish_shadow_map(VkCommandBuffer cmd);
    void begin_scene_targets(const FrameState& fs, const gpu::StereoTarget& target, bool external_depth);
    void end_scene_targets(const FrameState& fs, const gpu::StereoTarget& target, bool external_depth);
    void scene_pass(gpu::Frame& frame, const FrameState& fs, const FrameInput& in, const gpu::StereoTarget& target);
    void post_pass(gpu::Frame& frame, const FrameState& fs, const FrameInput& in,
                   const gpu::StereoTarget& target);
    void draw_overlays(gpu::Frame& frame, const FrameState& fs, const FrameInput& in, std::uint32_t pass,
                       bool unorm_target, VkFormat format, int kind);
    VkDescriptorSet frame_set(gpu::Frame& frame, VkBuffer upload_buffer, VkDeviceSize draws_offset,
                              VkDeviceSize draws_size);
    VkDescriptorSet overlay_set(gpu::Frame& frame, VkBuffer upload_buffer);
    void write_frame_uniforms(FrameUniforms& u, const FrameInput& in, const glm::mat4& shadow_view_proj,
                              float shadow_texel_m, glm::vec2 guard) const;
    void write_finish(FrameUniforms& u, const FrameInput& in, const FrameState& fs,
                      const gpu::StereoTarget& target) const;
    glm::mat4 fit_shadow(const FrameInput& in, float& texel_m) const;

    gpu::Context& m_ctx;
    RendererOptions m_options;
    VkSampleCountFlagBits m_msaa;
    VkPipelineCache m_cache = VK_NULL_HANDLE;

    gpu::DescriptorSetLayout m_frame_layout;   // set 0 of scene/sky/shadow: frame UBO, draws, shadow map
    gpu::DescriptorSetLayout m_scene_layout;   // set 1: materials, textures
    gpu::DescriptorSetLayout m_post_layout;    // post: HDR image
    gpu::DescriptorSetLayout m_overlay_layout; // overlay: view UBO, textures
    gpu::PipelineLayout m_scene_pipeline_layout;
    gpu::PipelineLayout m_post_pipeline_layout;
    gpu::PipelineLayout m_overlay_pipeline_layout;
    gpu::DescriptorPool m_pool;
    std::map<PipelineKey, gpu::Pipeline> m_pipelines;

    gpu::Sampler m_sampler_repeat, m_sampler_clamp, m_sampler_shadow, m_sampler_post;
    Defaults m_defaults;
    gpu::Image m_shadow_map;
    std::unique_ptr<SceneTargets> m_targets;
    VkDescriptorSet m_post_set = VK_NULL_HANDLE;

    struct SlotSets {
        VkDescriptorSet frame = VK_NULL_HANDLE;
        VkDescriptorSet overlay = VK_NULL_HANDLE;
        VkBuffer overlay_buffer = VK_NULL_HANDLE;
    };
    std::vector<SlotSets> m_slot_sets;
    std::array<VkImageView, k_max_overlay_textures> m_overlay_views{};
    bool m_overlay_dirty = true;
    RenderStats m_stats;

    // Scratch for per-frame sorting, reused so the frame does not allocate.
    struct DrawRef {
        std::uint32_t instance;
        float depth;
        bool blend;
        bool double_sided;
    };
    std::vector<DrawRef> m_draw_refs;

    // The sun's shadow casters this frame (instance indices, in the sun's view), and what the
    // shadow map now holds: a hash of the scene, the sun's fit and those casters.
    std::vector<std::uint32_t> m_shadow_refs, m_shadow_moving_refs;
    std::uint64_t m_shadow_key = 0;
    bool m_shadow_valid = false;
    // With moving casters: the still casters' map (made when first needed), what it holds, and its layout.
    gpu::Image m_shadow_still;
    std::uint64_t m_shadow_still_key = 0;
    bool m_shadow_still_valid = false;
    VkImageLayout m_shadow_still_layout = VK_IMAGE_LAYOUT_UNDEFINED;
};

} // namespace qx::render
