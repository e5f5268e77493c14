#pragma once

#include "gpu/resources.h"
#include "gpu/upload.h"
#include "scene/assets.h"

#include <string>
#include <vector>

namespace qx::render {

class Renderer;

// Uploads a picture as a sampled texture (sRGB or linear), with a full mip chain when
// `mipmapped` (generated on the GPU), through `up`: the copy runs when `up` is submitted.
gpu::Image upload_texture(gpu::Context& ctx, gpu::Uploader& up, const scene::Image& image, bool srgb, bool mipmapped,
                          const std::string& name);

// A scene's meshes, materials and textures on the GPU: one vertex and one index buffer for all
// meshes, a material buffer, textures, and the descriptor set binding them (set 1). Uploading
// waits for the GPU, so build it off the frame thread (the scene loader does).
class GpuScene {
public:
    struct MeshRange {
        std::uint32_t first_index = 0;
        std::uint32_t index_count = 0;
        std::int32_t vertex_offset = 0;
        scene::Bounds bounds;
    };

    GpuScene(Renderer& renderer, const scene::SceneAssets& assets, std::string name);
    GpuScene(const GpuScene&) = delete;
    GpuScene& operator=(const GpuScene&) = delete;

    const std::string& name() const { return m_name; }
    // Unique for the program's life (an address may be reused by the next scene): what the
    // renderer keys its cached shadow map by.
    std::uint64_t id() const { return m_id; }
    const MeshRange& mesh(std::uint32_t i) const { return m_meshes[i]; }
    std::uint32_t mesh_count() const { return static_cast<std::uint32_t>(m_meshes.size()); }
    const scene::Material& material(std::uint32_t i) const { return m_materials[i]; }
    std::uint32_t material_count() const { return static_cast<std::uint32_t>(m_materials.size()); }
    VkBuffer vertex_buffer() const { return m_vertices.get(); }
    VkBuffer index_buffer() const { return m_indices.get(); }
    VkDescriptorSet descriptor_set() const { return m_set; }
    VkDeviceSize gpu_bytes() const { return m_bytes; }

private:
    std::string m_name;
    std::uint64_t m_id = 0;
    std::vector<MeshRange> m_meshes;
    std::vector<scene::Material> m_materials;
    gpu::Buffer m_vertices;
    gpu::Buffer m_indices;
    gpu::Buffer m_material_buffer;
    std::vector<gpu::Image> m_textures;
    gpu::DescriptorPool m_pool;
    VkDescriptorSet m_set = VK_NULL_HANDLE;
    VkDeviceSize m_bytes = 0;
};

} // namespace qx::render
