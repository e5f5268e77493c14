#include "render/renderer.h"

#include "core/log.h"
#include "gpu/descriptors.h"
#include "gpu/pipeline.h"
#include "gpu/upload.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace qx::render {
namespace {

enum PipelineKind : int { k_opaque, k_opaque_double, k_blend, k_sky, k_shadow, k_shadow_mask, k_post, k_overlay };

constexpr VkFormat k_hdr_format = VK_FORMAT_R16G16B16A16_SFLOAT;
constexpr VkFormat k_depth_format = VK_FORMAT_D32_SFLOAT;
constexpr std::uint32_t k_both_eyes = 0b11;

gpu::Image make_solid(gpu::Context& ctx, gpu::Uploader& up, std::uint8_t r, std::uint8_t g, std::uint8_t b, bool srgb,
                      std::string_view name) {
    gpu::ImageDesc desc;
    desc.format = srgb ? VK_FORMAT_R8G8B8A8_SRGB : VK_FORMAT_R8G8B8A8_UNORM;
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    gpu::Image image(ctx, desc, name);
    const std::uint8_t px[4] = {r, g, b, 255};
    up.image(image, std::as_bytes(std::span(px)));
    return image;
}

// Where the transparent geometry is, along the view: the midpoint of both eyes.
glm::vec3 head_position(const gpu::StereoView& v) { return (v.eyes[0].pose.position + v.eyes[1].pose.position) * 0.5f; }

} // namespace

struct Renderer::Targets {
    VkExtent2D extent{};
    gpu::Image color_msaa;                 // multisampled HDR (absent without MSAA)
    gpu::Image color;                      // resolved HDR, sampled by the post pass
    gpu::Image depth;
    std::array<gpu::ImageView, 2> color_msaa_layers, color_layers, depth_layers; // one-eye-per-pass views
};

Renderer::Renderer(gpu::Context& ctx, RendererOptions options) : m_ctx(ctx), m_options(options) {
    m_msaa = VK_SAMPLE_COUNT_1_BIT;
    for (VkSampleCountFlagBits s : {VK_SAMPLE_COUNT_8_BIT, VK_SAMPLE_COUNT_4_BIT, VK_SAMPLE_COUNT_2_BIT}) {
        if (s <= options.msaa && (ctx.info().color_samples & s)) {
            m_msaa = s;
            break;
        }
    }
    QX_ENSURE(ctx.info().max_sampled_images_per_stage >= k_max_textures + 8,
              "the GPU binds only {} textures per shader stage; {} are needed", ctx.info().max_sampled_images_per_stage,
              k_max_textures + 8);
    m_cache = options.pipeline_cache ? options.pipeline_cache->get() : VK_NULL_HANDLE;
    create_layouts();
    create_defaults();
    // The pipelines a frame needs, made now so no frame waits for a compile.
    for (int kind : {k_opaque, k_opaque_double, k_blend, k_sky}) pipeline(kind, k_both_eyes, k_hdr_format);
    pipeline(k_shadow, 0, k_depth_format);
    pipeline(k_shadow_mask, 0, k_depth_format);
    core::log_info("render", "renderer ready: {}x MSAA, {} shadow map, {} pipelines", int(m_msaa),
                   m_options.shadow_map_size, m_pipelines.size());
}

Renderer::~Renderer() { vkDeviceWaitIdle(m_ctx.device()); }

void Renderer::create_layouts() {
    constexpr VkShaderStageFlags vf = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;
    constexpr VkShaderStageFlags f = VK_SHADER_STAGE_FRAGMENT_BIT;
    m_frame_layout = gpu::make_set_layout(m_ctx,
                                 {{0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, 1, vf, nullptr},
                                  {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, vf, nullptr},
                                  {2, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, f, nullptr}},
                                 "frame set layout");
    m_scene_layout = gpu::make_set_layout(m_ctx,
                                 {{0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, vf, nullptr},
                                  {1, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, k_max_textures, f, nullptr}},
                                 "scene set layout");
    m_post_layout = gpu::make_set_layout(m_ctx, {{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, f, nullptr}}, "post set layout");
    m_overlay_layout = gpu::make_set_layout(m_ctx,
                                   {{0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
                                    {1, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, k_max_overlay_textures, f, nullptr}},
                                   "overlay set layout");
    m_scene_pipeline_layout = gpu::make_pipeline_layout(m_ctx, {m_frame_layout, m_scene_layout}, {}, "scene pipeline layout");
    m_post_pipeline_layout = gpu::make_pipeline_layout(m_ctx, {m_post_layout}, {f, 0, sizeof(PostPush)}, "post pipeline layout");
    m_overlay_pipeline_layout = gpu::make_pipeline_layout(m_ctx, {m_overlay_layout}, {vf, 0, sizeof(OverlayPush)},
                                                         "overlay pipeline layout");

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
    shadow.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    m_shadow_map = gpu::Image(m_ctx, shadow, "sun shadow map");
    up.submit_and_wait();
    m_ctx.submit_and_wait([&](VkCommandBuffer cmd) {
        gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                        VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                        VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    });
    for (std::uint32_t i = 0; i < k_max_overlay_textures; ++i) m_overlay_views[i] = m_defaults.white_srgb.view();
}

void Renderer::set_overlay_texture(std::uint32_t slot, const gpu::Image& image) {
    QX_ENSURE(slot < k_max_overlay_textures, "overlay texture slot {} is past the last ({})", slot,
              k_max_overlay_textures - 1);
    m_overlay_views[slot] = image.view();
    m_overlay_dirty = true;
    for (SlotSets& s : m_slot_sets) s.overlay_buffer = VK_NULL_HANDLE; // rewrite each slot's set on its next use
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
    case k_opaque: break;
    case k_opaque_double: cull = VK_CULL_MODE_NONE; break;
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
    case k_post:
    case k_overlay:
        vs = kind == k_overlay ? "overlay.vert" : "fullscreen.vert";
        fs = kind == k_post ? "post.frag" : "overlay.frag";
        layout = kind == k_post ? m_post_pipeline_layout : m_overlay_pipeline_layout;
        scene_vertices = false;
        depth = false;
        depth_write = false;
        cull = VK_CULL_MODE_NONE;
        samples = VK_SAMPLE_COUNT_1_BIT;
        blend = kind == k_overlay;
        break;
    default: throw core::Error("unknown pipeline kind");
    }

    static constexpr VkVertexInputAttributeDescription k_scene_attributes[] = {
        {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(scene::Vertex, position)},
        {1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(scene::Vertex, normal)},
        {2, 0, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(scene::Vertex, tangent)},
        {3, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(scene::Vertex, uv)},
    };
    gpu::PipelineDesc d;
    d.vertex_shader = vs;
    d.fragment_shader = fs ? fs : "";
    d.layout = layout;
    if (scene_vertices) {
        d.vertex_stride = sizeof(scene::Vertex);
        d.vertex_attributes = k_scene_attributes;
    }
    d.cull = cull;
    d.depth_bias = depth_bias;
    d.depth_test = depth;
    d.depth_write = depth_write;
    d.depth_compare = depth_op;
    d.blend = blend ? gpu::Blend::alpha : gpu::Blend::none;
    d.color_format = color ? format : VK_FORMAT_UNDEFINED;
    d.depth_format = depth ? k_depth_format : VK_FORMAT_UNDEFINED;
    d.samples = samples;
    d.view_mask = view_mask;
    return m_pipelines.emplace(key, gpu::make_pipeline(m_ctx, d, m_cache)).first->second.get();
}

void Renderer::ensure_targets(VkExtent2D extent) {
    if (m_targets && m_targets->extent.width == extent.width && m_targets->extent.height == extent.height) return;
    auto t = std::make_unique<Targets>();
    t->extent = extent;
    gpu::ImageDesc desc;
    desc.extent = extent;
    desc.layers = 2;
    desc.format = k_hdr_format;
    if (m_msaa != VK_SAMPLE_COUNT_1_BIT) {
        desc.samples = m_msaa;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
        t->color_msaa = gpu::Image(m_ctx, desc, "HDR colour (MSAA)");
    }
    desc.samples = VK_SAMPLE_COUNT_1_BIT;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    t->color = gpu::Image(m_ctx, desc, "HDR colour");
    desc.format = k_depth_format;
    desc.samples = m_msaa;
    desc.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
    t->depth = gpu::Image(m_ctx, desc, "depth");
    for (std::uint32_t eye = 0; eye < 2; ++eye) {
        if (t->color_msaa) t->color_msaa_layers[eye] = t->color_msaa.make_layer_view(eye);
        t->color_layers[eye] = t->color.make_layer_view(eye);
        t->depth_layers[eye] = t->depth.make_layer_view(eye);
    }
    m_targets = std::move(t); // the old images are destroyed once in-flight frames finish

    // The post set points at the HDR image: frames in flight may still read the old set, so
    // allocate a new one and free the old when the frame ring says it is safe.
    if (m_post_set) gpu::free_set_deferred(m_ctx, m_pool, m_post_set);
    m_post_set = gpu::allocate_set(m_ctx, m_pool, m_post_layout);
    gpu::DescriptorWriter(m_post_set).image(0, m_sampler_post, m_targets->color.view()).update(m_ctx);
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

glm::mat4 Renderer::fit_shadow(const FrameInput& in, float& texel_m) const {
    const scene::Environment& env = *in.environment;
    glm::vec3 dir = glm::normalize(env.sun_direction);
    glm::vec3 head = head_position(in.view);
    // Bounds of the shadow casters, clipped to a box of shadow_distance around the head.
    glm::vec3 lo(1e30f), hi(-1e30f);
    for (const scene::Instance& inst : in.instances) {
        if (!inst.cast_shadow || inst.mesh >= in.scene->mesh_count()) continue;
        const scene::Bounds& b = in.scene->mesh(inst.mesh).bounds;
        for (int c = 0; c < 8; ++c) {
            glm::vec3 corner((c & 1) ? b.max.x : b.min.x, (c & 2) ? b.max.y : b.min.y, (c & 4) ? b.max.z : b.min.z);
            glm::vec3 w = glm::vec3(inst.transform * glm::vec4(corner, 1.0f));
            lo = glm::min(lo, w);
            hi = glm::max(hi, w);
        }
    }
    glm::vec3 reach(m_options.shadow_distance);
    lo = glm::max(lo, head - reach);
    hi = glm::min(hi, head + reach);
    if (lo.x > hi.x || lo.y > hi.y || lo.z > hi.z) {
        lo = head - glm::vec3(1.0f);
        hi = head + glm::vec3(1.0f);
    }
    glm::vec3 center = (lo + hi) * 0.5f;
    float radius = glm::length(hi - lo) * 0.5f + 0.1f;
    glm::vec3 up = std::abs(dir.y) > 0.99f ? glm::vec3(0, 0, 1) : glm::vec3(0, 1, 0);
    glm::mat4 light_view = glm::lookAtRH(center - dir * radius * 2.0f, center, up);
    // Tight box in light space around the clipped bounds.
    glm::vec3 llo(1e30f), lhi(-1e30f);
    for (int c = 0; c < 8; ++c) {
        glm::vec3 corner((c & 1) ? hi.x : lo.x, (c & 2) ? hi.y : lo.y, (c & 4) ? hi.z : lo.z);
        glm::vec3 l = glm::vec3(light_view * glm::vec4(corner, 1.0f));
        llo = glm::min(llo, l);
        lhi = glm::max(lhi, l);
    }
    float size = std::max(lhi.x - llo.x, lhi.y - llo.y);
    texel_m = size / float(m_options.shadow_map_size);
    // Light-space Z runs negative away from the light; near/far as positive distances.
    glm::mat4 proj = glm::orthoRH_ZO(llo.x, lhi.x, llo.y, lhi.y, -lhi.z - 0.5f, -llo.z + 0.5f);
    return proj * light_view;
}

void Renderer::write_frame_uniforms(FrameUniforms& u, const FrameInput& in, const glm::mat4& shadow_view_proj,
                                    float shadow_texel_m) const {
    const scene::Environment& env = *in.environment;
    for (int eye = 0; eye < 2; ++eye) {
        const gpu::EyeView& e = in.view.eyes[eye];
        glm::mat4 vp = projection(e.fov, in.view.near_z) * view_matrix(e.pose);
        u.view_proj[eye] = vp;
        u.inv_view_proj[eye] = glm::inverse(vp);
        u.eye_position[eye] = glm::vec4(e.pose.position, 1.0f);
    }
    u.shadow_view_proj = shadow_view_proj;
    u.sun_direction = glm::vec4(glm::normalize(env.sun_direction), shadow_texel_m);
    bool shadows = env.sun_shadows && env.sun_intensity > 0.0f;
    u.sun_color = glm::vec4(env.sun_color * env.sun_intensity, shadows ? 1.0f : 0.0f);
    u.sky_zenith = glm::vec4(env.sky_zenith * env.sky_intensity, 0.0f);
    u.sky_horizon = glm::vec4(env.sky_horizon * env.sky_intensity, 0.0f);
    u.sky_ground = glm::vec4(env.ground * env.sky_intensity, 0.0f);
    u.ambient = glm::vec4(env.ambient_color * env.ambient_intensity, 0.0f);
    u.fog = glm::vec4(env.fog_color, env.fog_density);
    u.fog_params = glm::vec4(env.fog_height_falloff, env.fog_start, env.fog_max, env.fog_base);
    std::uint32_t count = std::min<std::uint32_t>(static_cast<std::uint32_t>(in.lights.size()), k_max_lights);
    u.counts = glm::ivec4(static_cast<int>(count), 0, static_cast<int>(in.features_off), 0);
    u.time = glm::vec4(in.time_seconds, 0.0f, 0.0f, 0.0f);
    for (std::uint32_t i = 0; i < count; ++i) {
        const scene::Light& l = in.lights[i];
        GpuLight& g = u.lights[i];
        g.position_range = glm::vec4(l.position, l.range);
        g.color_intensity = glm::vec4(l.color, l.intensity);
        bool spot = l.type == scene::LightType::spot;
        g.direction_type = glm::vec4(glm::normalize(l.direction), spot ? 1.0f : 0.0f);
        float cos_outer = std::cos(l.outer_cone), cos_inner = std::cos(l.inner_cone);
        g.cone = glm::vec4(cos_outer, 1.0f / std::max(cos_inner - cos_outer, 1e-3f), 0.0f, 0.0f);
    }
}

void Renderer::render(gpu::Frame& frame, const FrameInput& in, const gpu::StereoTarget& target) {
    QX_ENSURE(in.scene && in.environment, "render: no scene or environment given");
    VkCommandBuffer cmd = frame.cmd();
    ensure_targets(target.extent);
    Targets& t = *m_targets;
    const GpuScene& scn = *in.scene;
    m_stats = {};

    // ---------------------------------------------------------------- uploads and culling
    // Everything this frame uploads comes from one slice, so it all lives in one buffer (a
    // buffer that had to grow changes its handle, and the descriptor sets follow it).
    const VkDeviceSize ubo_align = m_ctx.info().min_uniform_offset_alignment;
    const VkDeviceSize ssbo_align = m_ctx.info().min_storage_offset_alignment;
    const VkDeviceSize align = std::max(ubo_align, ssbo_align);
    std::uint32_t instance_count = static_cast<std::uint32_t>(in.instances.size());
    const VkDeviceSize ubo_size = gpu::align_up(sizeof(FrameUniforms), align);
    const VkDeviceSize draws_size = gpu::align_up(std::max<std::uint32_t>(instance_count, 1) * sizeof(GpuDraw), align);
    const VkDeviceSize overlay_size = gpu::align_up(2 * sizeof(glm::mat4), align);
    // Frame constants: the shared copy, then one per eye for one-eye-per-pass rendering.
    gpu::UploadSlice slice = frame.upload(ubo_size * 3 + draws_size + overlay_size, align);
    auto* base = static_cast<std::uint8_t*>(slice.ptr);
    FrameUniforms* u = reinterpret_cast<FrameUniforms*>(base);
    GpuDraw* gd = reinterpret_cast<GpuDraw*>(base + ubo_size * 3);
    glm::mat4* overlay_view = reinterpret_cast<glm::mat4*>(base + ubo_size * 3 + draws_size);
    std::uint32_t ubo_offset = static_cast<std::uint32_t>(slice.offset);
    std::uint32_t draws_offset = static_cast<std::uint32_t>(slice.offset + ubo_size * 3);
    std::uint32_t overlay_offset = static_cast<std::uint32_t>(slice.offset + ubo_size * 3 + draws_size);

    float shadow_texel = 0.01f;
    glm::mat4 shadow_vp = fit_shadow(in, shadow_texel);
    write_frame_uniforms(*u, in, shadow_vp, shadow_texel);
    std::uint32_t view_mask = in.multiview ? k_both_eyes : 0u;

    Frustum frusta[2] = {frustum_from(u->view_proj[0]), frustum_from(u->view_proj[1])};
    glm::vec3 head = head_position(in.view);
    glm::mat3 head_rot = glm::mat3_cast(in.view.eyes[0].pose.orientation);
    glm::vec3 forward = -head_rot[2];
    m_draw_refs.clear();
    for (std::uint32_t i = 0; i < instance_count; ++i) {
        const scene::Instance& inst = in.instances[i];
        gd[i].model = inst.transform;
        gd[i].normal_matrix = glm::mat4(glm::transpose(glm::inverse(glm::mat3(inst.transform))));
        gd[i].material = std::min(inst.material, scn.material_count() - 1);
        gd[i].opacity = inst.opacity;
        if (inst.mesh >= scn.mesh_count() || inst.opacity <= 0.0f) continue;
        const GpuScene::MeshRange& mr = scn.mesh(inst.mesh);
        glm::vec3 c = glm::vec3(inst.transform * glm::vec4(mr.bounds.center(), 1.0f));
        float scale = std::max({glm::length(glm::vec3(inst.transform[0])), glm::length(glm::vec3(inst.transform[1])),
                                glm::length(glm::vec3(inst.transform[2]))});
        float r = mr.bounds.radius() * scale;
        if (!frusta[0].sphere_visible(c, r) && !frusta[1].sphere_visible(c, r)) {
            ++m_stats.instances_culled;
            continue;
        }
        const scene::Material& m = scn.material(gd[i].material);
        bool blend = (m.alpha_mode == scene::AlphaMode::blend || inst.opacity < 1.0f) &&
                     !(in.features_off & k_off_blend);
        m_draw_refs.push_back({i, glm::dot(c - head, forward), blend, m.double_sided});
    }
    m_stats.instances_visible = static_cast<std::uint32_t>(m_draw_refs.size());
    // Opaque by cull mode then mesh (fewer state changes); transparent back to front.
    std::sort(m_draw_refs.begin(), m_draw_refs.end(), [&](const DrawRef& a, const DrawRef& b) {
        if (a.blend != b.blend) return !a.blend;
        if (a.blend) return a.depth > b.depth;
        if (a.double_sided != b.double_sided) return !a.double_sided;
        return in.instances[a.instance].mesh < in.instances[b.instance].mesh;
    });

    VkDescriptorSet sets[2] = {frame_set(frame, slice.buffer, draws_offset, draws_size), scn.descriptor_set()};
    std::uint32_t offsets[1] = {ubo_offset};
    VkDeviceSize zero = 0;
    VkBuffer vb = scn.vertex_buffer();

    auto draw_range = [&](auto&& filter, bool shadow_pass) {
        VkPipeline bound = VK_NULL_HANDLE;
        for (const DrawRef& d : m_draw_refs) {
            if (!filter(d)) continue;
            const scene::Instance& inst = in.instances[d.instance];
            const scene::Material& m = scn.material(gd[d.instance].material);
            VkPipeline p;
            if (shadow_pass) {
                p = pipeline(m.alpha_mode == scene::AlphaMode::mask ? k_shadow_mask : k_shadow, 0, k_depth_format);
            } else if (d.blend) {
                p = pipeline(k_blend, view_mask, k_hdr_format);
            } else {
                p = pipeline(d.double_sided ? k_opaque_double : k_opaque, view_mask, k_hdr_format);
            }
            if (p != bound) {
                vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p);
                bound = p;
            }
            const GpuScene::MeshRange& mr = scn.mesh(inst.mesh);
            vkCmdDrawIndexed(cmd, mr.index_count, 1, mr.first_index, mr.vertex_offset, d.instance);
            if (shadow_pass) {
                ++m_stats.shadow_draw_calls;
            } else {
                ++m_stats.draw_calls;
                m_stats.triangles += mr.index_count / 3;
            }
        }
    };

    // ---------------------------------------------------------------- shadow pass
    bool shadows = u->sun_color.w > 0.5f && !(in.features_off & k_off_shadows);
    gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                    VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_NONE,
                    VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT);
    {
        VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        depth.imageView = m_shadow_map.view();
        depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
        depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
        depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
        depth.clearValue.depthStencil = {1.0f, 0};
        VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
        ri.renderArea = {{0, 0}, {m_options.shadow_map_size, m_options.shadow_map_size}};
        ri.layerCount = 1;
        ri.pDepthAttachment = &depth;
        vkCmdBeginRendering(cmd, &ri);
        if (shadows) {
            VkViewport vp{0, 0, float(m_options.shadow_map_size), float(m_options.shadow_map_size), 0, 1};
            VkRect2D sc{{0, 0}, {m_options.shadow_map_size, m_options.shadow_map_size}};
            vkCmdSetViewport(cmd, 0, 1, &vp);
            vkCmdSetScissor(cmd, 0, 1, &sc);
            vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_scene_pipeline_layout, 0, 2, sets, 1, offsets);
            vkCmdBindVertexBuffers(cmd, 0, 1, &vb, &zero);
            vkCmdBindIndexBuffer(cmd, scn.index_buffer(), 0, VK_INDEX_TYPE_UINT32);
            draw_range([&](const DrawRef& d) { return !d.blend && in.instances[d.instance].cast_shadow; }, true);
        }
        vkCmdEndRendering(cmd);
    }
    gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                    VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                    VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    frame.mark("shadow");

    // ---------------------------------------------------------------- scene pass (HDR)
    const VkPipelineStageFlags2 color_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    const VkAccessFlags2 color_rw = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT;
    const VkPipelineStageFlags2 depth_stages =
        VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
    const VkAccessFlags2 depth_rw =
        VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT;
    if (t.color_msaa) {
        gpu::transition(cmd, t.color_msaa.get(), VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                        VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, color_stage, VK_ACCESS_2_NONE, color_stage, color_rw);
    }
    gpu::transition(cmd, t.color.get(), VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                    VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | color_stage,
                    VK_ACCESS_2_NONE, color_stage, color_rw);
    gpu::transition(cmd, t.depth.get(), VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                    VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, depth_stages, VK_ACCESS_2_NONE, depth_stages, depth_rw);
    const bool external_depth = target.depth_image && in.multiview;
    if (external_depth) {
        gpu::transition(cmd, target.depth_image, VK_IMAGE_ASPECT_DEPTH_BIT, target.depth_initial_layout,
                        VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, depth_stages | VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                        VK_ACCESS_2_NONE, depth_stages | color_stage, depth_rw | color_rw, 2);
    }

    std::uint32_t passes = in.multiview ? 1 : 2;
    for (std::uint32_t pass = 0; pass < passes; ++pass) {
        VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        bool msaa = static_cast<bool>(t.color_msaa);
        VkImageView color_view = in.multiview ? (msaa ? t.color_msaa.view() : t.color.view())
                                              : (msaa ? t.color_msaa_layers[pass].get() : t.color_layers[pass].get());
        color.imageView = color_view;
        color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
        color.storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
        color.clearValue.color = {{0.0f, 0.0f, 0.0f, 1.0f}};
        if (msaa) {
            color.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
            color.resolveImageView = in.multiview ? t.color.view() : t.color_layers[pass].get();
            color.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        }
        depth.imageView = in.multiview ? t.depth.view() : t.depth_layers[pass].get();
        depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
        depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
        depth.storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
        if (external_depth) {
            if (msaa) {
                // Sample zero of each pixel: depth must not be averaged across an edge.
                depth.resolveMode = VK_RESOLVE_MODE_SAMPLE_ZERO_BIT;
                depth.resolveImageView = target.depth_view;
                depth.resolveImageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
            } else {
                depth.imageView = target.depth_view;
                depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
            }
        }
        depth.clearValue.depthStencil = {0.0f, 0}; // reversed Z: 0 is infinitely far
        VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
        ri.renderArea = {{0, 0}, target.extent};
        ri.layerCount = 1;
        ri.viewMask = view_mask;
        ri.colorAttachmentCount = 1;
        ri.pColorAttachments = &color;
        ri.pDepthAttachment = &depth;
        vkCmdBeginRendering(cmd, &ri);

        std::uint32_t pass_offsets[1] = {offsets[0]};
        if (!in.multiview) {
            // One eye per pass: the eye index comes from a per-pass copy of the frame constants.
            auto* eye_u = reinterpret_cast<FrameUniforms*>(base + ubo_size * (1 + pass));
            std::memcpy(eye_u, u, sizeof(FrameUniforms));
            eye_u->counts.y = static_cast<int>(pass);
            pass_offsets[0] = ubo_offset + static_cast<std::uint32_t>(ubo_size * (1 + pass));
        }
        VkViewport vp{0, 0, float(target.extent.width), float(target.extent.height), 0, 1};
        VkRect2D sc{{0, 0}, target.extent};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_scene_pipeline_layout, 0, 2, sets, 1,
                                pass_offsets);
        vkCmdBindVertexBuffers(cmd, 0, 1, &vb, &zero);
        vkCmdBindIndexBuffer(cmd, scn.index_buffer(), 0, VK_INDEX_TYPE_UINT32);
        draw_range([](const DrawRef& d) { return !d.blend; }, false);
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(k_sky, view_mask, k_hdr_format));
        vkCmdDraw(cmd, 3, 1, 0, 0);
        ++m_stats.draw_calls;
        draw_range([](const DrawRef& d) { return d.blend; }, false);
        vkCmdEndRendering(cmd);
    }
    gpu::transition(cmd, t.color.get(), VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                    VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, color_stage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                    VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    if (external_depth) {
        gpu::transition(cmd, target.depth_image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                        target.depth_final_layout, depth_stages | color_stage, depth_rw | color_rw,
                        VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_MEMORY_READ_BIT, 2);
    }
    frame.mark("scene");

    // ---------------------------------------------------------------- post pass + overlays
    gpu::transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, target.initial_layout,
                    VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                    color_stage | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                    VK_ACCESS_2_NONE, color_stage, color_rw, 2);
    overlay_view[0] = u->view_proj[0];
    overlay_view[1] = u->view_proj[1];
    bool unorm_target = !gpu::is_srgb_format(target.format);
    float exposure = in.environment->exposure * in.post.exposure;
    for (std::uint32_t pass = 0; pass < passes; ++pass) {
        VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        color.imageView = in.multiview ? target.view : target.layer_views[pass];
        QX_ENSURE(color.imageView, "render: one-eye-per-pass rendering needs the target's layer views");
        color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        color.loadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
        color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
        VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
        ri.renderArea = {{0, 0}, target.extent};
        ri.layerCount = 1;
        ri.viewMask = view_mask;
        ri.colorAttachmentCount = 1;
        ri.pColorAttachments = &color;
        vkCmdBeginRendering(cmd, &ri);
        VkViewport vp{0, 0, float(target.extent.width), float(target.extent.height), 0, 1};
        VkRect2D sc{{0, 0}, target.extent};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);

        PostPush push{};
        push.fade = glm::vec4(in.post.fade_color, in.post.fade);
        push.params = glm::vec4(exposure, in.post.vignette, in.post.vignette_radius, unorm_target ? 1.0f : 0.0f);
        push.misc = glm::ivec4(static_cast<int>(in.multiview ? 0 : pass), (in.features_off & k_off_fade) ? 1 : 0, 0, 0);
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(k_post, view_mask, target.format));
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_post_pipeline_layout, 0, 1, &m_post_set, 0,
                                nullptr);
        vkCmdPushConstants(cmd, m_post_pipeline_layout, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(push), &push);
        vkCmdDraw(cmd, 3, 1, 0, 0);
        ++m_stats.draw_calls;

        if (!in.overlays.empty()) {
            VkDescriptorSet oset = overlay_set(frame, slice.buffer);
            std::uint32_t ooff = overlay_offset;
            vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline(k_overlay, view_mask, target.format));
            vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_overlay_pipeline_layout, 0, 1, &oset, 1,
                                    &ooff);
            for (const OverlayQuad& q : in.overlays) {
                OverlayPush op{};
                op.model = q.transform;
                op.tint = q.tint;
                op.misc = glm::ivec4(static_cast<int>(std::min(q.texture, k_max_overlay_textures - 1)),
                                     static_cast<int>(in.multiview ? 0 : pass), unorm_target ? 1 : 0, 0);
                vkCmdPushConstants(cmd, m_overlay_pipeline_layout,
                                   VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(op), &op);
                vkCmdDraw(cmd, 6, 1, 0, 0);
                ++m_stats.draw_calls;
            }
        }
        vkCmdEndRendering(cmd);
    }
    VkPipelineStageFlags2 next_stage = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    VkAccessFlags2 next_access = VK_ACCESS_2_MEMORY_READ_BIT;
    if (target.final_layout == VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL) next_access |= VK_ACCESS_2_MEMORY_WRITE_BIT;
    gpu::transition(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                    target.final_layout, color_stage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, next_stage, next_access, 2);
    frame.mark("post");
}

} // namespace qx::render
