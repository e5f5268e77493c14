#include "scene/model_writer.h"

#include "core/error.h"

#include <cstring>
#include <sstream>
#include <tiny_gltf.h>

namespace qx::scene {
namespace {

// Appends `bytes` to the buffer, 4-byte aligned, as a new buffer view; returns its index.
int add_view(tinygltf::Model& g, const void* bytes, std::size_t size, int target) {
    std::vector<unsigned char>& data = g.buffers[0].data;
    while (data.size() % 4) data.push_back(0);
    tinygltf::BufferView view;
    view.buffer = 0;
    view.byteOffset = data.size();
    view.byteLength = size;
    view.target = target;
    data.insert(data.end(), static_cast<const unsigned char*>(bytes), static_cast<const unsigned char*>(bytes) + size);
    g.bufferViews.push_back(view);
    return static_cast<int>(g.bufferViews.size() - 1);
}

int add_accessor(tinygltf::Model& g, int view, int type, std::size_t count, std::size_t offset, std::size_t stride,
                 int component = TINYGLTF_COMPONENT_TYPE_FLOAT) {
    (void)stride;
    tinygltf::Accessor a;
    a.bufferView = view;
    a.byteOffset = offset;
    a.componentType = component;
    a.count = count;
    a.type = type;
    g.accessors.push_back(a);
    return static_cast<int>(g.accessors.size() - 1);
}

std::vector<double> vec(glm::vec3 v) { return {v.x, v.y, v.z}; }

} // namespace

std::vector<std::uint8_t> encode_glb(const Model& model, const std::vector<std::string>& texture_uris) {
    QX_ENSURE(texture_uris.size() == model.textures.size(), "encode_glb: {} textures but {} URIs",
              model.textures.size(), texture_uris.size());
    tinygltf::Model g;
    g.asset.version = "2.0";
    g.asset.generator = "qingxing tools/generate-assets";
    g.buffers.resize(1);

    for (std::size_t i = 0; i < texture_uris.size(); ++i) {
        tinygltf::Image image;
        image.uri = texture_uris[i];
        image.mimeType = "image/png";
        g.images.push_back(image);
        tinygltf::Sampler sampler;
        sampler.minFilter = TINYGLTF_TEXTURE_FILTER_LINEAR_MIPMAP_LINEAR;
        sampler.magFilter = TINYGLTF_TEXTURE_FILTER_LINEAR;
        int wrap = model.textures[i].repeat ? TINYGLTF_TEXTURE_WRAP_REPEAT : TINYGLTF_TEXTURE_WRAP_CLAMP_TO_EDGE;
        sampler.wrapS = sampler.wrapT = wrap;
        g.samplers.push_back(sampler);
        tinygltf::Texture tex;
        tex.source = static_cast<int>(i);
        tex.sampler = static_cast<int>(i);
        g.textures.push_back(tex);
    }
    for (const Material& m : model.materials) {
        tinygltf::Material gm;
        gm.name = m.name;
        gm.pbrMetallicRoughness.baseColorFactor = {m.base_color.r, m.base_color.g, m.base_color.b, m.base_color.a};
        gm.pbrMetallicRoughness.metallicFactor = m.metallic;
        gm.pbrMetallicRoughness.roughnessFactor = m.roughness;
        gm.pbrMetallicRoughness.baseColorTexture.index = m.base_color_texture;
        gm.pbrMetallicRoughness.metallicRoughnessTexture.index = m.metallic_roughness_texture;
        gm.normalTexture.index = m.normal_texture;
        gm.normalTexture.scale = m.normal_scale;
        gm.occlusionTexture.index = m.occlusion_texture;
        gm.occlusionTexture.strength = m.occlusion_strength;
        gm.emissiveTexture.index = m.emissive_texture;
        gm.emissiveFactor = vec(m.emissive);
        if (m.emissive_strength != 1.0f) {
            tinygltf::Value::Object strength;
            strength["emissiveStrength"] = tinygltf::Value(double(m.emissive_strength));
            gm.extensions["KHR_materials_emissive_strength"] = tinygltf::Value(strength);
        }
        if (m.unlit) gm.extensions["KHR_materials_unlit"] = tinygltf::Value(tinygltf::Value::Object());
        gm.alphaMode = m.alpha_mode == AlphaMode::blend ? "BLEND" : m.alpha_mode == AlphaMode::mask ? "MASK" : "OPAQUE";
        gm.alphaCutoff = m.alpha_cutoff;
        gm.doubleSided = m.double_sided;
        g.materials.push_back(gm);
    }
    for (const auto& ext : {"KHR_materials_emissive_strength", "KHR_materials_unlit"}) {
        for (const auto& gm : g.materials) {
            if (gm.extensions.count(ext)) {
                g.extensionsUsed.push_back(ext);
                break;
            }
        }
    }

    tinygltf::Scene scene;
    for (const ModelPart& part : model.parts) {
        const Mesh& mesh = model.meshes.at(part.mesh);
        std::vector<float> positions, normals, tangents, uvs;
        for (const Vertex& v : mesh.vertices) {
            positions.insert(positions.end(), {v.position.x, v.position.y, v.position.z});
            normals.insert(normals.end(), {v.normal.x, v.normal.y, v.normal.z});
            tangents.insert(tangents.end(), {v.tangent.x, v.tangent.y, v.tangent.z, v.tangent.w});
            uvs.insert(uvs.end(), {v.uv.x, v.uv.y});
        }
        tinygltf::Primitive prim;
        prim.mode = TINYGLTF_MODE_TRIANGLES;
        prim.material = static_cast<int>(part.material);
        std::size_t n = mesh.vertices.size();
        int pos = add_accessor(g, add_view(g, positions.data(), positions.size() * 4, TINYGLTF_TARGET_ARRAY_BUFFER),
                               TINYGLTF_TYPE_VEC3, n, 0, 0);
        g.accessors[std::size_t(pos)].minValues = vec(mesh.bounds.min);
        g.accessors[std::size_t(pos)].maxValues = vec(mesh.bounds.max);
        prim.attributes["POSITION"] = pos;
        prim.attributes["NORMAL"] = add_accessor(
            g, add_view(g, normals.data(), normals.size() * 4, TINYGLTF_TARGET_ARRAY_BUFFER), TINYGLTF_TYPE_VEC3, n, 0, 0);
        prim.attributes["TANGENT"] = add_accessor(
            g, add_view(g, tangents.data(), tangents.size() * 4, TINYGLTF_TARGET_ARRAY_BUFFER), TINYGLTF_TYPE_VEC4, n, 0, 0);
        prim.attributes["TEXCOORD_0"] = add_accessor(
            g, add_view(g, uvs.data(), uvs.size() * 4, TINYGLTF_TARGET_ARRAY_BUFFER), TINYGLTF_TYPE_VEC2, n, 0, 0);
        prim.indices = add_accessor(g,
                                    add_view(g, mesh.indices.data(), mesh.indices.size() * 4,
                                             TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER),
                                    TINYGLTF_TYPE_SCALAR, mesh.indices.size(), 0, 0, TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT);
        tinygltf::Mesh gmesh;
        gmesh.name = mesh.name;
        gmesh.primitives.push_back(prim);
        g.meshes.push_back(gmesh);
        tinygltf::Node node;
        node.name = mesh.name;
        node.mesh = static_cast<int>(g.meshes.size() - 1);
        g.nodes.push_back(node);
        scene.nodes.push_back(static_cast<int>(g.nodes.size() - 1));
    }
    g.scenes.push_back(scene);
    g.defaultScene = 0;

    std::ostringstream out;
    tinygltf::TinyGLTF writer;
    QX_ENSURE(writer.WriteGltfSceneToStream(&g, out, false, true), "glTF encoding failed for {}", model.name);
    std::string bytes = out.str();
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
}

} // namespace qx::scene
