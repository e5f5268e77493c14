#include "render/renderer.h"

#include "core/log.h"
#include "gpu/descriptors.h"
#include "gpu/pipeline.h"
#include "gpu/upload.h"
#include "render/frame_state.h"

#include <algorithm>

namespace qx::render {
namespace {

gpu::Image make_solid(gpu::Context& ctx, gpu::Uploader& up, std::uint8_t r, std::uint8_t g, std::uint8_t b,
                      bool srgb, std::string_view name) {
    gpu::ImageDesc desc;
    desc.format = srgb ? VK_FORMAT_R8G8B8A8_SRGB : VK_FORMAT_R8G8B8A8_UNORM;
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    gpu::Image image(ctx, desc, name);
    const std::uint8_t px[4] = {r, g, b, 255};
    up.image(image, std::as_bytes(std::span(px)));
    return image;
}

} // namespace

RendererOptions RendererOptions::for_quality(const QualitySettings& q, gpu::PipelineCache* cache) {
    RendererOptions r;
    r.msaa = static_cast<VkSampleCountFlagBits>(q.msaa);
    r.shadow_map_size = q.shadow_map_size;
    r.shadow_distance = q.shadow_distance;
    r.shadow_taps = q.shadow_taps;
    r.features_off = q.features_off;
    r.pipeline_cache = cache;
    return r;
}

Renderer::Renderer(gpu::Context& ctx, RendererOptions options) : m_ctx(ctx), m_options(options) {
    // The most samples the GPU has up to the request; multisampling asked for stays on where the
    // GPU lacks the count (2x is optional in Vulkan, 4x is not): the next count up then.
    m_msaa = VK_SAMPLE_COUNT_1_BIT;
    for (VkSampleCountFlagBits s : {VK_SAMPLE_COUNT_8_BIT, VK_SAMPLE_COUNT_4_BIT, VK_SAMPLE_COUNT_2_BIT}) {
        if (s <= options.msaa && (ctx.info().color_samples & s)) {
            m_msaa = s;
            break;
        }
    }
    if (m_msaa == VK_SAMPLE_COUNT_1_BIT && options.msaa > VK_SAMPLE_COUNT_1_BIT) {
        for (VkSampleCountFlagBits s : {VK_SAMPLE_COUNT_2_BIT, VK_SAMPLE_COUNT_4_BIT, VK_SAMPLE_COUNT_8_BIT}) {
            if (ctx.info().color_samples & s) {
                m_msaa = s;
                break;
            }
        }
    }
    QX_ENSURE(ctx.info().max_sampled_images_per_stage >= k_max_textures + 8,
              "the GPU binds only {} textures per shader stage; {} are needed",
              ctx.info().max_sampled_images_per_stage, k_max_textures + 8);
    m_cache = options.pipeline_cache ? options.pipeline_cache->get() : VK_NULL_HANDLE;
    create_layouts();
    create_defaults();
    // The pipelines a frame needs, made now so no frame waits for a compile.
    for (int kind : {k_opaque, k_opaque_double, k_blend, k_sky}) {
        pipeline(kind, k_both_eyes, k_hdr_format);
    }
    pipeline(k_shadow, 0, k_depth_format);
    pipeline(k_shadow_mask, 0, k_depth_format);
    QX_ENSURE(m_options.shadow_taps == 1 || m_options.shadow_taps == 9 || m_options.shadow_taps == 16,
              "{} shadow lookups a pixel: 1, 9 or 16 are drawn", m_options.shadow_taps);
    core::log_info("render", "renderer ready: {}x MSAA, {} shadow map over {:.0f} m, {} shadow lookups a pixel, {} pipelines",
                   int(m_msaa), m_options.shadow_map_size, m_options.shadow_distance, m_options.shadow_taps,
                   m_pipelines.size());
}

Renderer::~Renderer() {
    vkDeviceWaitIdle(m_ctx.device());
}

void Renderer::create_layouts() {
    constexpr VkShaderStageFlags vf = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;
    constexpr VkShaderStageFlags f = VK_SHADER_STAGE_FRAGMENT_BIT;
    m_frame_layout = gpu::make_set_layout(m_ctx,
                                          {{0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, 1, vf, nullptr},
                                           {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, vf, nullptr},
                                           {2, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, f, nullptr}},
                                          "frame set layout");
    m_scene_layout =
        gpu::make_set_layout(m_ctx,
                             {{0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, vf, nullptr},
                              {1, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, k_max_textures, f, nullptr}},
                             "scene set layout");
    m_post_layout = gpu::make_set_layout(
        m_ctx, {{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, f, nullptr}}, "post set layout");
    m_overlay_layout = gpu::make_set_layout(
        m_ctx,
        {{0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
         {1, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, k_max_overlay_textures, f, nullptr}},
        "overlay set layout");
    m_scene_pipeline_layout =
        gpu::make_pipeline_layout(m_ctx, {m_frame_layout, m_scene_layout}, {}, "scene pipeline layout");
    m_post_pipeline_layout =
        gpu::make_pipeline_layout(m_ctx, {m_post_layout}, {f, 0, sizeof(PostPush)}, "post pipeline layout");
    m_overlay_pipeline_layout = gpu::make_pipeline_layout(
        m_ctx, {m_overlay_layout}, {vf, 0, sizeof(OverlayPush)}, "overlay pipeline layout");

    m_pool = gpu::make_descriptor_pool(m_ctx, 64,
                                       {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, 32},
                                        {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 16},
                                        {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 256}},
                                       true, "renderer descriptor pool");

    VkSamplerCreateInfo s{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    s.magFilter = s.minFilter = VK_FILTER_LINEAR;
    s.mipmapMode = VK_SAMPLER_MIPMAP_MODE_LINEAR;
    s.addressModeU = s.addressModeV = s.addressModeW = VK_SAMPLER_ADDRESS_MODE_REPEAT;
    s.maxLod = VK_LOD_CLAMP_NONE;
    s.anisotropyEnable = m_ctx.info().max_anisotropy > 1.0f;
    s.maxAnisotropy = std::min(8.0f, m_ctx.info().max_anisotropy);
    m_sampler_repeat = gpu::make_sampler(m_ctx, s, "repeat sampler");
    s.addressModeU = s.addressModeV = s.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    m_sampler_clamp = gpu::make_sampler(m_ctx, s, "clamp sampler");
    s.anisotropyEnable = VK_FALSE;
    s.maxAnisotropy = 1.0f;
    s.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
    s.maxLod = 0.0f;
    m_sampler_post = gpu::make_sampler(m_ctx, s, "post sampler");
    s.compareEnable = VK_TRUE;
    s.compareOp = VK_COMPARE_OP_LESS_OR_EQUAL; // lit when the reference is no deeper than the stored depth
    s.addressModeU = s.addressModeV = s.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_BORDER;
    s.borderColor = VK_BORDER_COLOR_FLOAT_OPAQUE_WHITE;
    m_sampler_shadow = gpu::make_sampler(m_ctx, s, "shadow sampler");
}

void Renderer::create_defaults() {
    gpu::Uploader up(m_ctx);
    m_defaults.white_srgb = make_solid(m_ctx, up, 255, 255, 255, true, "default white (sRGB)");
    m_defaults.white_linear = make_solid(m_ctx, up, 255, 255, 255, false, "default white (linear)");
    m_defaults.flat_normal = make_solid(m_ctx, up, 128, 128, 255, false, "default flat normal");
    scene::Image missing = scene::missing_texture_image();
    gpu::ImageDesc desc;
    desc.format = VK_FORMAT_R8G8B8A8_SRGB;
    desc.extent = {missing.width, missing.height};
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    m_defaults.missing = gpu::Image(m_ctx, desc, "missing texture");
    up.image(m_defaults.missing, std::as_bytes(std::span(missing.pixels)));

    gpu::ImageDesc shadow;
    shadow.format = k_depth_format;
    shadow.extent = {m_options.shadow_map_size, m_options.shadow_map_size};
    shadow.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    m_shadow_map = gpu::Image(m_ctx, shadow, "sun shadow map");
    up.submit_and_wait();
    m_ctx.submit_and_wait([&](VkCommandBuffer cmd) {
        gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                        VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                        VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    });
    for (std::uint32_t i = 0; i < k_max_overlay_textures; ++i) {
        m_overlay_views[i] = m_defaults.white_srgb.view();
    }
}

void Renderer::set_overlay_texture(std::uint32_t slot, const gpu::Image& image) {
    QX_ENSURE(slot < k_max_overlay_textures, "overlay texture slot {} is past the last ({})", slot,
              k_max_overlay_textures - 1);
    m_overlay_views[slot] = image.view();
    m_overlay_dirty = true;
    for (SlotSets& s : m_slot_sets) {
        s.overlay_buffer = VK_NULL_HANDLE; // rewrite each slot's set on its next use
    }
}

VkPipeline Renderer::pipeline(int kind, std::uint32_t view_mask, VkFormat format) {
    PipelineKey key{kind, view_mask, format};
    if (auto it = m_pipelines.find(key); it != m_pipelines.end()) return it->second.get();

    const char* vs = "scene.vert";
    const char* fs = "scene.frag";
    VkPipelineLayout layout = m_scene_pipeline_layout;
    bool scene_vertices = true, depth = true, depth_write = true, blend = false, color = true;
    VkCullModeFlags cull = VK_CULL_MODE_BACK_BIT;
    VkCompareOp depth_op = VK_COMPARE_OP_GREATER; // reversed Z
    VkSampleCountFlagBits samples = m_msaa;
    bool depth_bias = false;
    switch (kind) {
    case k_opaque:
        break;
    case k_opaque_double:
        cull = VK_CULL_MODE_NONE;
        break;
    case k_blend:
        cull = VK_CULL_MODE_NONE;
        depth_write = false;
        blend = true;
        break;
    case k_sky:
        vs = "sky.vert";
        fs = "sky.frag";
        scene_vertices = false;
        cull = VK_CULL_MODE_NONE;
        depth_op = VK_COMPARE_OP_GREATER_OR_EQUAL; // only where nothing was drawn (depth still 0)
        depth_write = false;
        break;
    case k_shadow:
    case k_shadow_mask:
        vs = "shadow.vert";
        fs = kind == k_shadow_mask ? "shadow.frag" : nullptr;
        cull = VK_CULL_MODE_NONE;
        depth_op = VK_COMPARE_OP_LESS_OR_EQUAL; // the shadow map uses ordinary depth
        color = false;
        samples = VK_SAMPLE_COUNT_1_BIT;
        depth_bias = true;
        break;
    case k_bare_reference:
        vs = "bare_reference.vert";
        fs = "bare_reference.frag";
        break;
    case k_bare_reference_double:
        vs = "bare_reference.vert";
        fs = "bare_reference.frag";
        cull = VK_CULL_MODE_NONE;
        break;
    case k_post:
    case k_overlay:
    case k_overlay_in_scene:
        vs = kind == k_post ? "fullscreen.vert" : "overlay.vert";
        fs = kind == k_post ? "post.frag" : "overlay.frag";
        layout = kind == k_post ? m_post_pipeline_layout : m_overlay_pipeline_layout;
        scene_vertices = false;
        depth = false;
        depth_write = false;
        cull = VK_CULL_MODE_NONE;
        // In the scene pass: its samples, and its depth image beside (neither tested nor written).
        samples = kind == k_overlay_in_scene ? m_msaa : VK_SAMPLE_COUNT_1_BIT;
        blend = kind != k_post;
        break;
    default:
        throw core::Error("unknown pipeline kind");
    }

    static constexpr VkVertexInputAttributeDescription k_scene_attributes[] = {
        {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(scene::Vertex, position)},
        {1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(scene::Vertex, normal)},
        {2, 0, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(scene::Vertex, tangent)},
        {3, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(scene::Vertex, uv)},
    };
    // The reference reads only what it uses, as a bare renderer would.
    static constexpr VkVertexInputAttributeDescription k_bare_reference_attributes[] = {k_scene_attributes[0],
                                                                                  k_scene_attributes[3]};
    gpu::PipelineDesc d;
    d.vertex_shader = vs;
    d.fragment_shader = fs ? fs : "";
    d.layout = layout;
    if (scene_vertices) {
        d.vertex_stride = sizeof(scene::Vertex);
        d.vertex_attributes = k_scene_attributes;
        if (kind == k_bare_reference || kind == k_bare_reference_double) d.vertex_attributes = k_bare_reference_attributes;
    }
    d.cull = cull;
    d.depth_bias = depth_bias;
    d.depth_test = depth;
    d.depth_write = depth_write;
    d.depth_compare = depth_op;
    d.blend = blend ? gpu::Blend::alpha : gpu::Blend::none;
    d.color_format = color ? format : VK_FORMAT_UNDEFINED;
    d.depth_format = depth || kind == k_overlay_in_scene ? k_depth_format : VK_FORMAT_UNDEFINED;
    d.samples = samples;
    d.view_mask = view_mask;
    return m_pipelines.emplace(key, gpu::make_pipeline(m_ctx, d, m_cache)).first->second.get();
}

void Renderer::ensure_targets(VkExtent2D extent, VkFormat direct) {
    if (m_targets && m_targets->extent.width == extent.width && m_targets->extent.height == extent.height &&
        m_targets->direct == direct) {
        return;
    }
    auto t = std::make_unique<SceneTargets>();
    t->extent = extent;
    t->direct = direct;
    gpu::ImageDesc desc;
    desc.extent = extent;
    desc.layers = 2;
    desc.format = direct != VK_FORMAT_UNDEFINED ? direct : k_hdr_format;
    if (m_msaa != VK_SAMPLE_COUNT_1_BIT) {
        desc.samples = m_msaa;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
        t->color_msaa = gpu::Image(m_ctx, desc, direct != VK_FORMAT_UNDEFINED ? "colour (MSAA)" : "HDR colour (MSAA)");
    }
    if (direct == VK_FORMAT_UNDEFINED) {
        desc.samples = VK_SAMPLE_COUNT_1_BIT;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
        t->color = gpu::Image(m_ctx, desc, "HDR colour");
    }
    desc.format = k_depth_format;
    desc.samples = m_msaa;
    desc.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
    t->depth = gpu::Image(m_ctx, desc, "depth");
    for (std::uint32_t eye = 0; eye < 2; ++eye) {
        if (t->color_msaa) t->color_msaa_layers[eye] = t->color_msaa.make_layer_view(eye);
        if (t->color) t->color_layers[eye] = t->color.make_layer_view(eye);
        t->depth_layers[eye] = t->depth.make_layer_view(eye);
    }
    m_targets = std::move(t); // the old images are destroyed once in-flight frames finish

    // The post set points at the HDR image: frames in flight may still read the old set, so
    // allocate a new one and free the old when the frame ring says it is safe.
    if (m_post_set) gpu::free_set_deferred(m_ctx, m_pool, m_post_set);
    m_post_set = VK_NULL_HANDLE;
    if (m_targets->color) {
        m_post_set = gpu::allocate_set(m_ctx, m_pool, m_post_layout);
        gpu::DescriptorWriter(m_post_set).image(0, m_sampler_post, m_targets->color.view()).update(m_ctx);
    }
}

VkDescriptorSet Renderer::frame_set(gpu::Frame& frame, VkBuffer upload_buffer, VkDeviceSize draws_offset,
                                    VkDeviceSize draws_size) {
    if (m_slot_sets.size() <= frame.slot()) m_slot_sets.resize(frame.slot() + 1);
    SlotSets& s = m_slot_sets[frame.slot()];
    if (!s.frame) s.frame = gpu::allocate_set(m_ctx, m_pool, m_frame_layout);
    // Rewritten every frame for this frame's draw range. Safe: the slot's previous frame
    // has completed (the ring waited on its fence) and this frame has not bound it yet.
    gpu::DescriptorWriter(s.frame)
        .buffer(0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, upload_buffer, 0, sizeof(FrameUniforms))
        .buffer(1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, upload_buffer, draws_offset, draws_size)
        .image(2, m_sampler_shadow, m_shadow_map.view())
        .update(m_ctx);
    return s.frame;
}

VkDescriptorSet Renderer::overlay_set(gpu::Frame& frame, VkBuffer upload_buffer) {
    if (m_slot_sets.size() <= frame.slot()) m_slot_sets.resize(frame.slot() + 1);
    SlotSets& s = m_slot_sets[frame.slot()];
    if (!s.overlay) s.overlay = gpu::allocate_set(m_ctx, m_pool, m_overlay_layout);
    if (s.overlay_buffer != upload_buffer) {
        std::array<VkDescriptorImageInfo, k_max_overlay_textures> images;
        for (std::uint32_t i = 0; i < k_max_overlay_textures; ++i) {
            images[i] = {m_sampler_clamp, m_overlay_views[i], VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
        }
        gpu::DescriptorWriter(s.overlay)
            .buffer(0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, upload_buffer, 0, 2 * sizeof(glm::mat4))
            .images(1, images)
            .update(m_ctx);
        s.overlay_buffer = upload_buffer;
    }
    return s.overlay;
}

void Renderer::render(gpu::Frame& frame, const FrameInput& input, const gpu::StereoTarget& target) {
    QX_ENSURE(input.scene && input.environment, "render: no scene or environment given");
    // What the caller switched off, and what this renderer's quality leaves out.
    FrameInput in = input;
    in.features_off |= m_options.features_off;
    m_stats = {};

    FrameState fs = begin_frame_state(frame, in, target);
    ensure_targets(target.extent, fs.direct ? target.format : VK_FORMAT_UNDEFINED);
    cull_and_sort(in, fs);
    fs.sets[0] = frame_set(frame, fs.slice.buffer, fs.draws_offset, fs.draws_size);
    fs.sets[1] = in.scene->descriptor_set();

    if (!in.bare_reference) {
        shadow_pass(fs, in);
        frame.mark("shadow");
    }
    scene_pass(frame, fs, in, target);
    frame.mark(in.bare_reference ? "bare_reference" : "scene");
    if (!fs.direct) {
        post_pass(frame, fs, in, target);
        frame.mark("post");
    }
}

} // namespace qx::render
