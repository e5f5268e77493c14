// The CPU half of a frame: the sun's shadow fit, the frame constants, the upload slice, culling
// and draw order, and the draw loop every scene-geometry pass shares.
#include "render/frame_state.h"

#include <algorithm>
#include <cmath>

namespace qx::render {

glm::mat4 Renderer::fit_shadow(const FrameInput& in, float& texel_m) const {
    const scene::Environment& env = *in.environment;
    glm::vec3 dir = glm::normalize(env.sun_direction);
    // The head snapped to a 2 m grid (and the reach widened by half a cell), so the fit, and with
    // it the shadow map, stays the same while the resident moves about the seat.
    constexpr float k_cell_m = 2.0f;
    glm::vec3 head = glm::floor(head_position(in.view) / k_cell_m + 0.5f) * k_cell_m;
    // Bounds of the shadow casters, clipped to a box of shadow_distance around the head.
    // A moving caster's bounds count out to whole metres, so that breathing and gestures leave
    // the fit (and the still casters' shadow map with it) as it is.
    glm::vec3 lo(1e30f), hi(-1e30f);
    for (const scene::Instance& inst : in.instances) {
        if (!inst.cast_shadow || inst.mesh >= in.scene->mesh_count()) continue;
        const scene::Bounds& b = in.scene->mesh(inst.mesh).bounds;
        glm::vec3 ilo(1e30f), ihi(-1e30f);
        for (int c = 0; c < 8; ++c) {
            glm::vec3 corner((c & 1) ? b.max.x : b.min.x, (c & 2) ? b.max.y : b.min.y,
                             (c & 4) ? b.max.z : b.min.z);
            glm::vec3 w = glm::vec3(inst.transform * glm::vec4(corner, 1.0f));
            ilo = glm::min(ilo, w);
            ihi = glm::max(ihi, w);
        }
        if (inst.moves) {
            ilo = glm::floor(ilo);
            ihi = glm::ceil(ihi);
        }
        lo = glm::min(lo, ilo);
        hi = glm::max(hi, ihi);
    }
    glm::vec3 reach(m_options.shadow_distance + 0.5f * k_cell_m);
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

namespace {

// The eye's field of view grown to the right by `grow.x` of its width and downwards by `grow.y`
// of its height: a guard band of a pixel past the drawn part, where the drawn part keeps its
// projection exactly.
gpu::Fov grown_fov(const gpu::Fov& fov, glm::vec2 grow) {
    if (grow == glm::vec2(0.0f)) return fov;
    const float l = std::tan(fov.left), r = std::tan(fov.right), u = std::tan(fov.up), d = std::tan(fov.down);
    gpu::Fov g = fov;
    g.right = std::atan(r + grow.x * (r - l));
    g.down = std::atan(d - grow.y * (u - d));
    return g;
}

} // namespace

void Renderer::write_frame_uniforms(FrameUniforms& u, const FrameInput& in, const glm::mat4& shadow_view_proj,
                                    float shadow_texel_m, glm::vec2 guard) const {
    const scene::Environment& env = *in.environment;
    for (int eye = 0; eye < 2; ++eye) {
        const gpu::EyeView& e = in.view.eyes[eye];
        glm::mat4 vp = projection(grown_fov(e.fov, guard), in.view.near_z) * view_matrix(e.pose);
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
    u.counts = glm::ivec4(static_cast<int>(count), 0, static_cast<int>(in.features_off),
                          static_cast<int>(m_options.shadow_taps));
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

void Renderer::write_finish(FrameUniforms& u, const FrameInput& in, const FrameState& fs,
                            const gpu::StereoTarget& target) const {
    u.finish_fade = glm::vec4(in.post.fade_color, in.post.fade);
    u.finish_params = glm::vec4(in.environment->exposure * in.post.exposure, in.post.vignette,
                                in.post.vignette_radius, 0.0f);
    if (fs.direct) {
        u.finish_params.w = float(gpu::is_srgb_format(target.format) ? k_finish_srgb_target : k_finish_unorm_target);
    }
    const VkExtent2D drawn = target.drawn();
    u.finish_extent = glm::vec4(float(drawn.width), float(drawn.height), 0.0f, 0.0f);
}

FrameState Renderer::begin_frame_state(gpu::Frame& frame, const FrameInput& in, const gpu::StereoTarget& target) {
    FrameState fs;
    fs.cmd = frame.cmd();
    fs.direct = in.single_pass && !in.bare_reference;
    fs.color_format = fs.direct ? target.format : k_hdr_format;
    // Drawn straight into the target at a render scale below 1, the scene pass also draws the
    // pixel past the drawn part's right and bottom edges (where the target has room): a compositor
    // filtering at the edge then reads the picture's continuation, not an older frame. The post
    // pass, where there is one, draws that guard band by repeating the edge.
    const VkExtent2D drawn = target.drawn();
    glm::vec2 guard(0.0f);
    fs.area = drawn;
    if (fs.direct) {
        if (drawn.width < target.extent.width) {
            guard.x = 1.0f / float(drawn.width);
            ++fs.area.width;
        }
        if (drawn.height < target.extent.height) {
            guard.y = 1.0f / float(drawn.height);
            ++fs.area.height;
        }
    }
    const VkDeviceSize ubo_align = m_ctx.info().min_uniform_offset_alignment;
    const VkDeviceSize ssbo_align = m_ctx.info().min_storage_offset_alignment;
    const VkDeviceSize align = std::max(ubo_align, ssbo_align);
    std::uint32_t instance_count = static_cast<std::uint32_t>(in.instances.size());
    fs.ubo_size = gpu::align_up(sizeof(FrameUniforms), align);
    fs.draws_size = gpu::align_up(std::max<std::uint32_t>(instance_count, 1) * sizeof(GpuDraw), align);
    const VkDeviceSize overlay_size = gpu::align_up(2 * sizeof(glm::mat4), align);
    // Frame constants: the shared copy, then one per eye for one-eye-per-pass rendering.
    fs.slice = frame.upload(fs.ubo_size * 3 + fs.draws_size + overlay_size, align);
    fs.base = static_cast<std::uint8_t*>(fs.slice.ptr);
    fs.uniforms = reinterpret_cast<FrameUniforms*>(fs.base);
    fs.draws = reinterpret_cast<GpuDraw*>(fs.base + fs.ubo_size * 3);
    fs.overlay_view = reinterpret_cast<glm::mat4*>(fs.base + fs.ubo_size * 3 + fs.draws_size);
    fs.ubo_offset = static_cast<std::uint32_t>(fs.slice.offset);
    fs.draws_offset = static_cast<std::uint32_t>(fs.slice.offset + fs.ubo_size * 3);
    fs.overlay_offset = static_cast<std::uint32_t>(fs.slice.offset + fs.ubo_size * 3 + fs.draws_size);

    float shadow_texel = 0.01f;
    glm::mat4 shadow_vp = fit_shadow(in, shadow_texel);
    write_frame_uniforms(*fs.uniforms, in, shadow_vp, shadow_texel, guard);
    write_finish(*fs.uniforms, in, fs, target);
    fs.view_mask = in.multiview ? k_both_eyes : 0u;
    fs.passes = in.multiview ? 1 : 2;
    return fs;
}

namespace {

// Whether a light may reach anything in a sphere: within its range and, for a spot, its outer
// cone (the cone-against-sphere test; conservative, so a draw never loses light it would get).
bool light_reaches(const scene::Light& l, glm::vec3 center, float radius) {
    if (l.intensity <= 0.0f || l.color == glm::vec3(0.0f)) return false;
    const glm::vec3 v = center - l.position;
    const float dist_sq = glm::dot(v, v);
    const float reach = l.range + radius;
    if (dist_sq > reach * reach) return false;
    if (l.type != scene::LightType::spot || l.outer_cone >= 1.5707f) return true;
    const float along = glm::dot(v, glm::normalize(l.direction));
    const float across = std::sqrt(std::max(dist_sq - along * along, 0.0f));
    const float beyond_cone = std::cos(l.outer_cone) * across - std::sin(l.outer_cone) * along;
    return beyond_cone <= radius && along >= -radius;
}

} // namespace

void Renderer::cull_and_sort(const FrameInput& in, FrameState& fs) {
    const GpuScene& scn = *in.scene;
    const std::uint32_t light_count =
        std::min<std::uint32_t>(static_cast<std::uint32_t>(in.lights.size()), k_max_lights);
    const bool cull_lights = !(in.features_off & k_off_light_culling);
    GpuDraw* gd = fs.draws;
    Frustum frusta[2] = {frustum_from(fs.uniforms->view_proj[0]), frustum_from(fs.uniforms->view_proj[1])};
    glm::vec3 head = head_position(in.view);
    glm::mat3 head_rot = glm::mat3_cast(in.view.eyes[0].pose.orientation);
    glm::vec3 forward = -head_rot[2];
    m_draw_refs.clear();
    const std::uint32_t instance_count = static_cast<std::uint32_t>(in.instances.size());
    for (std::uint32_t i = 0; i < instance_count; ++i) {
        const scene::Instance& inst = in.instances[i];
        gd[i].model = inst.transform;
        gd[i].normal_matrix = glm::mat4(glm::transpose(glm::inverse(glm::mat3(inst.transform))));
        gd[i].material = std::min(inst.material, scn.material_count() - 1);
        gd[i].opacity = inst.opacity;
        gd[i].light_mask = 0;
        if (inst.mesh >= scn.mesh_count() || inst.opacity <= 0.0f) continue;
        const auto [c, r] = world_sphere(inst, scn.mesh(inst.mesh).bounds);
        if (!frusta[0].sphere_visible(c, r) && !frusta[1].sphere_visible(c, r)) {
            ++m_stats.instances_culled;
            continue;
        }
        for (std::uint32_t l = 0; l < light_count; ++l) {
            if (!cull_lights || light_reaches(in.lights[l], c, r)) {
                gd[i].light_mask |= 1u << l;
            } else {
                ++m_stats.lights_culled;
            }
        }
        const scene::Material& m = scn.material(gd[i].material);
        m_draw_refs.push_back({i, glm::dot(c - head, forward), drawn_blended(m, inst, in.features_off),
                               m.double_sided});
    }
    m_stats.instances_visible = static_cast<std::uint32_t>(m_draw_refs.size());
    // Opaque by cull mode then mesh (fewer state changes); transparent back to front.
    std::sort(m_draw_refs.begin(), m_draw_refs.end(), [&](const DrawRef& a, const DrawRef& b) {
        if (a.blend != b.blend) return !a.blend;
        if (a.blend) return a.depth > b.depth;
        if (a.double_sided != b.double_sided) return !a.double_sided;
        return in.instances[a.instance].mesh < in.instances[b.instance].mesh;
    });
}

void Renderer::bind_scene_geometry(const FrameState& fs, const FrameInput& in, std::uint32_t ubo_offset) {
    VkDeviceSize zero = 0;
    VkBuffer vb = in.scene->vertex_buffer();
    vkCmdBindDescriptorSets(fs.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_scene_pipeline_layout, 0, 2, fs.sets,
                            1, &ubo_offset);
    vkCmdBindVertexBuffers(fs.cmd, 0, 1, &vb, &zero);
    vkCmdBindIndexBuffer(fs.cmd, in.scene->index_buffer(), 0, VK_INDEX_TYPE_UINT32);
}

void Renderer::draw(const FrameState& fs, const FrameInput& in, DrawSet set) {
    const GpuScene& scn = *in.scene;
    VkPipeline bound = VK_NULL_HANDLE;
    for (const DrawRef& d : m_draw_refs) {
        if (d.blend != (set == DrawSet::transparent)) continue;
        const scene::Instance& inst = in.instances[d.instance];
        VkPipeline p;
        if (in.bare_reference) {
            p = pipeline(d.double_sided ? k_bare_reference_double : k_bare_reference, fs.view_mask, fs.color_format);
        } else if (d.blend) {
            p = pipeline(k_blend, fs.view_mask, fs.color_format);
        } else {
            p = pipeline(d.double_sided ? k_opaque_double : k_opaque, fs.view_mask, fs.color_format);
        }
        if (p != bound) {
            vkCmdBindPipeline(fs.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p);
            bound = p;
        }
        const GpuScene::MeshRange& mr = scn.mesh(inst.mesh);
        vkCmdDrawIndexed(fs.cmd, mr.index_count, 1, mr.first_index, mr.vertex_offset, d.instance);
        ++m_stats.draw_calls;
        m_stats.triangles += mr.index_count / 3;
    }
}

} // namespace qx::render
