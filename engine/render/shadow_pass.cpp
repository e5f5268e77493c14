// The sun's shadow map: ordinary depth (not reversed), depth-biased, opaque casters only. The
// casters are those in the sun's view, not the eyes' (a wall behind the resident still shades the
// floor ahead), and the map is drawn only when it would change: a still scene draws it once.
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

    KeyHash key;
    key.add(scn.id());
    key.add(shadows);
    key.add(sun_view_proj);
    m_shadow_refs.clear();
    if (shadows) {
        const Frustum sun = frustum_from(sun_view_proj);
        const std::uint32_t count = static_cast<std::uint32_t>(in.instances.size());
        for (std::uint32_t i = 0; i < count; ++i) {
            const scene::Instance& inst = in.instances[i];
            if (!inst.cast_shadow || inst.mesh >= scn.mesh_count() || inst.opacity <= 0.0f) continue;
            if (drawn_blended(scn.material(fs.draws[i].material), inst, in.features_off)) continue;
            const auto [c, r] = world_sphere(inst, scn.mesh(inst.mesh).bounds);
            if (!sun.sphere_visible(c, r)) continue;
            m_shadow_refs.push_back(i);
            key.add(i);
            key.add(inst.mesh);
            key.add(fs.draws[i].material);
            key.add(inst.transform);
        }
    }
    m_stats.shadow_casters = static_cast<std::uint32_t>(m_shadow_refs.size());
    const bool keep = !(in.features_off & k_off_shadow_cache);
    if (keep && m_shadow_valid && key.value() == m_shadow_key) return; // the map drawn earlier holds
    m_shadow_key = key.value();
    m_shadow_valid = true;
    m_stats.shadow_map_drawn = true;

    const std::uint32_t size = m_options.shadow_map_size;
    gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT,
                    VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                    VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_NONE, k_depth_stages, k_depth_rw);
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = m_shadow_map.view();
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    depth.clearValue.depthStencil = {1.0f, 0};
    gpu::begin_rendering(cmd, {size, size}, nullptr, &depth);
    // Without a sun (or with shadows off) the map is only cleared: everything reads as lit.
    if (!m_shadow_refs.empty()) {
        VkViewport vp{0, 0, float(size), float(size), 0, 1};
        VkRect2D sc{{0, 0}, {size, size}};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);
        bind_scene_geometry(fs, in, fs.ubo_offset);
        VkPipeline bound = VK_NULL_HANDLE;
        for (std::uint32_t i : m_shadow_refs) {
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
    gpu::transition(cmd, m_shadow_map.get(), VK_IMAGE_ASPECT_DEPTH_BIT,
                    VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                    VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                    VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                    VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
}

} // namespace qx::render
