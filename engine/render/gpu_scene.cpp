#include "render/gpu_scene.h"

#include "core/log.h"
#include "gpu/descriptors.h"
#include "gpu/upload.h"
#include "render/gpu_types.h"
#include "render/renderer.h"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace qx::render {
namespace {

// Texture slots 0..3 hold the defaults; scene textures follow.
constexpr std::int32_t k_slot_white_srgb = 0;
constexpr std::int32_t k_slot_white_linear = 1;
constexpr std::int32_t k_slot_flat_normal = 2;
constexpr std::int32_t k_slot_missing = 3;
constexpr std::int32_t k_first_scene_slot = 4;

std::uint32_t mip_count(std::uint32_t w, std::uint32_t h) {
    return static_cast<std::uint32_t>(std::floor(std::log2(std::max(w, h)))) + 1;
}

} // namespace

gpu::Image upload_texture(gpu::Context& ctx, gpu::Uploader& up, const scene::Image& image, bool srgb, bool mipmapped,
                          const std::string& name) {
    gpu::ImageDesc desc;
    desc.format = srgb ? VK_FORMAT_R8G8B8A8_SRGB : VK_FORMAT_R8G8B8A8_UNORM;
    desc.extent = {image.width, image.height};
    desc.mips = mipmapped ? mip_count(image.width, image.height) : 1;
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    gpu::Image texture(ctx, desc, name);
    up.image(texture, std::as_bytes(std::span(image.pixels)));
    return texture;
}

GpuScene::GpuScene(Renderer& renderer, const scene::SceneAssets& assets, std::string name)
    : m_name(std::move(name)), m_materials(assets.materials) {
    static std::atomic<std::uint64_t> next_id{1};
    m_id = next_id.fetch_add(1);
    gpu::Context& ctx = renderer.context();
    gpu::Uploader up(ctx);

    // Meshes: one vertex buffer, one index buffer.
    std::vector<scene::Vertex> vertices;
    std::vector<std::uint32_t> indices;
    for (const scene::Mesh& mesh : assets.meshes) {
        MeshRange r;
        r.first_index = static_cast<std::uint32_t>(indices.size());
        r.index_count = static_cast<std::uint32_t>(mesh.indices.size());
        r.vertex_offset = static_cast<std::int32_t>(vertices.size());
        r.bounds = mesh.bounds;
        vertices.insert(vertices.end(), mesh.vertices.begin(), mesh.vertices.end());
        indices.insert(indices.end(), mesh.indices.begin(), mesh.indices.end());
        m_meshes.push_back(r);
    }
    if (vertices.empty()) vertices.push_back({});
    if (indices.empty()) indices.push_back(0);
    VkDeviceSize vbytes = vertices.size() * sizeof(scene::Vertex), ibytes = indices.size() * sizeof(std::uint32_t);
    m_vertices = gpu::Buffer(ctx, vbytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                             gpu::MemoryUsage::gpu_only, m_name + " vertices");
    m_indices = gpu::Buffer(ctx, ibytes, VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                            gpu::MemoryUsage::gpu_only, m_name + " indices");
    up.buffer(m_vertices, std::as_bytes(std::span(vertices)));
    up.buffer(m_indices, std::as_bytes(std::span(indices)));
    m_bytes += vbytes + ibytes;

    // Textures.
    std::uint32_t capacity = k_max_textures - static_cast<std::uint32_t>(k_first_scene_slot);
    if (assets.textures.size() > capacity) {
        core::log_error("render", "{}: {} textures, only {} fit; the rest show as missing", m_name,
                        assets.textures.size(), capacity);
    }
    std::vector<bool> repeat;
    for (std::size_t i = 0; i < std::min<std::size_t>(assets.textures.size(), capacity); ++i) {
        const scene::Texture& t = assets.textures[i];
        const scene::Image& img = t.image.empty() ? scene::missing_texture_image() : t.image;
        m_textures.push_back(upload_texture(ctx, up, img, t.srgb, t.mipmaps, t.name));
        m_bytes += VkDeviceSize(img.pixels.size()) * (t.mipmaps ? 4 : 3) / 3;
        repeat.push_back(t.repeat);
    }

    // Materials, with texture indices mapped to descriptor slots (defaults where absent).
    auto slot = [&](std::int32_t tex, std::int32_t fallback) {
        if (tex < 0) return fallback;
        if (tex >= static_cast<std::int32_t>(m_textures.size())) return k_slot_missing;
        return tex + k_first_scene_slot;
    };
    std::vector<GpuMaterial> gpu_materials;
    for (const scene::Material& m : assets.materials) {
        GpuMaterial g{};
        g.base_color = m.base_color;
        g.emissive = glm::vec4(m.emissive * m.emissive_strength, 0.0f);
        g.metallic = m.metallic;
        g.roughness = m.roughness;
        g.normal_scale = m.normal_scale;
        g.occlusion_strength = m.occlusion_strength;
        g.base_color_tex = slot(m.base_color_texture, k_slot_white_srgb);
        g.normal_tex = slot(m.normal_texture, k_slot_flat_normal);
        g.metallic_roughness_tex = slot(m.metallic_roughness_texture, k_slot_white_linear);
        g.emissive_tex = slot(m.emissive_texture, k_slot_white_srgb);
        g.occlusion_tex = slot(m.occlusion_texture, k_slot_white_linear);
        g.alpha_cutoff = m.alpha_cutoff;
        g.alpha_mode = static_cast<std::uint32_t>(m.alpha_mode);
        g.flags = (m.unlit ? k_mat_unlit : 0u) | (m.double_sided ? k_mat_double_sided : 0u) |
                  (m.base_color_texture >= 0 ? k_mat_has_base_color_tex : 0u) |
                  (m.normal_texture >= 0 ? k_mat_has_normal_tex : 0u) |
                  (m.metallic_roughness_texture >= 0 ? k_mat_has_metallic_roughness_tex : 0u) |
                  (m.occlusion_texture >= 0 ? k_mat_has_occlusion_tex : 0u) |
                  (m.emissive_texture >= 0 ? k_mat_has_emissive_tex : 0u);
        gpu_materials.push_back(g);
    }
    if (gpu_materials.empty()) gpu_materials.push_back(GpuMaterial{});
    VkDeviceSize mbytes = gpu_materials.size() * sizeof(GpuMaterial);
    m_material_buffer = gpu::Buffer(ctx, mbytes, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                    gpu::MemoryUsage::gpu_only, m_name + " materials");
    up.buffer(m_material_buffer, std::as_bytes(std::span(gpu_materials)));
    up.submit_and_wait();

    // Descriptor set 1: materials and every texture slot.
    m_pool = gpu::make_descriptor_pool(ctx, 1,
                                       {{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1},
                                        {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, k_max_textures}},
                                       false, m_name + " descriptor pool");
    m_set = gpu::allocate_set(ctx, m_pool, renderer.scene_set_layout());

    const Renderer::Defaults& d = renderer.defaults();
    std::vector<VkDescriptorImageInfo> images(k_max_textures);
    for (std::uint32_t i = 0; i < k_max_textures; ++i) {
        VkImageView view = d.white_srgb.view();
        bool rep = true;
        if (i == k_slot_white_linear) view = d.white_linear.view();
        if (i == k_slot_flat_normal) view = d.flat_normal.view();
        if (i == k_slot_missing) view = d.missing.view();
        if (i >= std::uint32_t(k_first_scene_slot) && i - k_first_scene_slot < m_textures.size()) {
            view = m_textures[i - k_first_scene_slot].view();
            rep = repeat[i - k_first_scene_slot];
        }
        images[i] = {renderer.sampler(rep), view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    }
    gpu::DescriptorWriter(m_set)
        .buffer(0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, m_material_buffer.get(), 0, VK_WHOLE_SIZE)
        .images(1, images)
        .update(ctx);

    core::log_debug("render", "{} on the GPU: {} meshes, {} materials, {} textures, {:.1f} MiB", m_name,
                    m_meshes.size(), m_materials.size(), m_textures.size(), double(m_bytes) / (1 << 20));
}

} // namespace qx::render
