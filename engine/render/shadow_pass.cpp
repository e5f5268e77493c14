// The sun's shadow map: ordinary depth (not reversed), depth-biased, opaque casters only. The
// casters are those in the sun's view, not the eyes' (a wall behind the resident still shades the
// floor ahead), and the map is drawn only when it would change: a still scene draws it once. Where
// casters move (people breathing, talking), the still casters' map is kept apart and copied in,
// and only the moving casters are drawn each frame.
#include "render/frame_state.h"

#include <cstring>

namespace qx::render {
namespace {

// FNV-1a over the bytes of what the shadow map depends on.
class KeyHash {
public:
    template <typename T>
    void add(const T& value) {
        unsigned char bytes[sizeof(T)];
        std::memcpy(bytes, &value, sizeof(T));
        for (unsigned char b : bytes) {
            m_hash = (m_hash ^ b) * 1099511628211ull;
        }
    }
    std::uint64_t value() const { return m_hash; }

private:
    std::uint64_t m_hash = 14695981039346656037ull;
};

} // namespace

void Renderer::shadow_pass(const FrameState& fs, const FrameInput& in) {
    VkCommandBuffer cmd = fs.cmd;
    const GpuScene& scn = *in.scene;
    const bool shadows = fs.uniforms->sun_color.w > 0.5f && !(in.features_off & k_off_shadows);
    const glm::mat4& sun_view_proj = fs.uniforms->shadow_view_proj;

    // Two keys: the still casters (with the scene and the sun's fit) and the moving ones.
    KeyHash still_key, moving_key;
    still_key.add(scn.id());
    still_key.add(shadows);
    still_key.add(sun_view_proj);
    m_shadow_refs.clear();
    m_shadow_moving_refs.clear();
    if (shadows) {
        const Frustum sun = frustum_from(sun_view_proj);
        const std::uint32_t count = static_cast<std::uint32_t>(in.instances.size());
        for (std::uint32_t i = 0; i < count; ++i) {
            const scene::Instance& inst = in.instances[i];
            if (!inst.cast_shadow || inst.mesh >= scn.mesh_count() || inst.opacity <= 0.0f) continue;
            const scene::Material& mat = scn.material(fs.draws[i].material);
            if (drawn_blended(mat, inst, in.features_off)) continue;
            if (inst.moves && mat.alpha_mode == scene::AlphaMode::mask &&
                (in.features_off & k_off_swaying_cutout_shadows)) {
                continue;
            }
            const auto [c, r] = world_sphere(inst, scn.mesh(inst.mesh).bounds);
            if (!sun.sphere_visible(c, r)) continue;
            (inst.moves ? m_shadow_moving_refs : m_shadow_refs).push_back(i);
            KeyHash& key = inst.moves ? moving_key : still_key;
            key.add(i);
            key.add(inst.mesh);
            key.add(fs.draws[i].material);
            key.add(inst.transform);
        }
    }
    m_stats.shadow_casters = static_cast<std::uint32_t>(m_shadow_refs.size() + m_shadow_moving_refs.size());
    m_stats.shadow_moving_casters = static_cast<std::uint32_t>(m_shadow_moving_refs.size());
    const bool keep = !(in.features_off & k_off_shadow_cache);
    const std::uint64_t key = still_key.value() ^ (moving_key.value() * 31u);
    if (keep && m_shadow_valid && key == m_shadow_key) return; // the map drawn earlier holds
    m_shadow_key = key;
    m_shadow_valid = true;
    m_stats.shadow_map_drawn = true;

    if (m_shadow_moving_refs.empty() || !keep) {
        // Everything into the map at once: a still scene draws it once, and the cache-off bench
        // variant every frame.
        m_shadow_refs.insert(m_shadow_refs.end(), m_shadow_moving_refs.begin(), m_shadow_moving_refs.end());
        draw_shadow_casters(fs, in, m_shadow_map, m_shadow_refs, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                            VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_NONE);
        finish_shadow_map(cmd);
        return;
    }

    // People and other moving casters: the still casters' map is kept in an image of its own
    // (drawn when they change), copied into the sampled map, and only the moving ones drawn on it.
    if (!m_shadow_still) {
        gpu::ImageDesc d = m_shadow_map.desc();
        d.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
        m_shadow_still = gpu::Image(m_ctx, d, "sun shadow map of still casters");
        m_shadow_still_valid = false;
        m_shadow_still_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    }
    if (!m_shadow_still_valid || still_key.value() != m_shadow_still_key) {
        draw_shadow_casters(fs, in, m_shadow_still, m_shadow_refs, m_shadow_still_layout,
                            VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_NONE);
        gpu::transition(cmd, m_shadow_still.get(), VK_IMAGE_ASPECT_DEPTH_BIT,
                        VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT, VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT,
                        VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_READ_BIT);
        m_shadow_still_layout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
        m_shadow_still_key = still_key.value();
        m_shadow_still_valid = true;
        m_stats.shadow_still_drawn = true;
    }
    const std::uint32_t size = m_options.shadow_map_size;
    gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                    VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_NONE,
                    VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
    VkImageCopy region{};
    region.srcSubresource = {VK_IMAGE_ASPECT_DEPTH_BIT, 0, 0, 1};
    region.dstSubresource = {VK_IMAGE_ASPECT_DEPTH_BIT, 0, 0, 1};
    region.extent = {size, size, 1};
    vkCmdCopyImage(cmd, m_shadow_still.get(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, m_shadow_map.get(),
                   VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                    VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT,
                    VK_ACCESS_2_TRANSFER_WRITE_BIT, k_depth_stages, k_depth_rw);
    record_shadow_draws(fs, in, m_shadow_map, m_shadow_moving_refs, VK_ATTACHMENT_LOAD_OP_LOAD);
    finish_shadow_map(cmd);
}

void Renderer::draw_shadow_casters(const FrameState& fs, const FrameInput& in, gpu::Image& map,
                                   const std::vector<std::uint32_t>& refs, VkImageLayout from,
                                   VkPipelineStageFlags2 src_stage, VkAccessFlags2 src_access) {
    gpu::transition(fs.cmd, map.get(), VK_IMAGE_ASPECT_DEPTH_BIT, from, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                    src_stage, src_access, k_depth_stages, k_depth_rw);
    record_shadow_draws(fs, in, map, refs, VK_ATTACHMENT_LOAD_OP_CLEAR);
}

void Renderer::record_shadow_draws(const FrameState& fs, const FrameInput& in, gpu::Image& map,
                                   const std::vector<std::uint32_t>& refs, VkAttachmentLoadOp load) {
    VkCommandBuffer cmd = fs.cmd;
    const GpuScene& scn = *in.scene;
    const std::uint32_t size = m_options.shadow_map_size;
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = map.view();
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = load;
    depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    depth.clearValue.depthStencil = {1.0f, 0};
    gpu::begin_rendering(cmd, {size, size}, nullptr, &depth);
    // Without a sun (or with shadows off) the map is only cleared: everything reads as lit.
    if (!refs.empty()) {
        VkViewport vp{0, 0, float(size), float(size), 0, 1};
        VkRect2D sc{{0, 0}, {size, size}};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);
        bind_scene_geometry(fs, in, fs.ubo_offset);
        VkPipeline bound = VK_NULL_HANDLE;
        for (std::uint32_t i : refs) {
            const scene::Instance& inst = in.instances[i];
            const bool mask = scn.material(fs.draws[i].material).alpha_mode == scene::AlphaMode::mask;
            VkPipeline p = pipeline(mask ? k_shadow_mask : k_shadow, 0, k_depth_format);
            if (p != bound) {
                vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p);
                bound = p;
            }
            const GpuScene::MeshRange& mr = scn.mesh(inst.mesh);
            vkCmdDrawIndexed(cmd, mr.index_count, 1, mr.first_index, mr.vertex_offset, i);
            ++m_stats.shadow_draw_calls;
        }
    }
    vkCmdEndRendering(cmd);
}

// The sampled map, just drawn, to the scene pass.
void Renderer::finish_shadow_map(VkCommandBuffer cmd) {
    gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                    VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                    VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
}

} // namespace qx::render
