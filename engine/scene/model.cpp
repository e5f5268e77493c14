#include "scene/model.h"

#include "core/error.h"
#include "core/file.h"
#include "core/log.h"

#include <cstring>
#include <tiny_gltf.h>

namespace qx::scene {
namespace fs = std::filesystem;
namespace {

// Reads accessor `index` as `count` tuples of N floats (converting normalised integers).
template <int N>
std::vector<glm::vec<N, float>> read_floats(const tinygltf::Model& m, int index, const std::string& file) {
    const tinygltf::Accessor& a = m.accessors.at(static_cast<std::size_t>(index));
    if (a.bufferView < 0) throw core::Error(file + ": accessor " + std::to_string(index) + " has no buffer view");
    const tinygltf::BufferView& view = m.bufferViews.at(static_cast<std::size_t>(a.bufferView));
    const tinygltf::Buffer& buffer = m.buffers.at(static_cast<std::size_t>(view.buffer));
    int components = tinygltf::GetNumComponentsInType(static_cast<std::uint32_t>(a.type));
    int component_size = tinygltf::GetComponentSizeInBytes(static_cast<std::uint32_t>(a.componentType));
    if (components != N || component_size <= 0) {
        throw core::Error(fmt::format("{}: accessor {} has {} components, {} expected", file, index, components, N));
    }
    std::size_t stride = view.byteStride ? view.byteStride : std::size_t(components * component_size);
    std::size_t start = view.byteOffset + a.byteOffset;
    if (a.count > 0 && start + stride * (a.count - 1) + std::size_t(components * component_size) > buffer.data.size()) {
        throw core::Error(fmt::format("{}: accessor {} reads past the end of its buffer", file, index));
    }
    std::vector<glm::vec<N, float>> out(a.count);
    for (std::size_t i = 0; i < a.count; ++i) {
        const unsigned char* p = buffer.data.data() + start + i * stride;
        for (int c = 0; c < N; ++c) {
            float v = 0.0f;
            switch (a.componentType) {
            case TINYGLTF_COMPONENT_TYPE_FLOAT: std::memcpy(&v, p + c * 4, 4); break;
            case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: v = float(p[c]) / 255.0f; break;
            case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
                std::uint16_t s;
                std::memcpy(&s, p + c * 2, 2);
                v = float(s) / 65535.0f;
                break;
            }
            default: throw core::Error(fmt::format("{}: accessor {} has an unsupported component type", file, index));
            }
            out[i][c] = v;
        }
    }
    return out;
}

std::vector<std::uint32_t> read_indices(const tinygltf::Model& m, int index, const std::string& file) {
    const tinygltf::Accessor& a = m.accessors.at(static_cast<std::size_t>(index));
    const tinygltf::BufferView& view = m.bufferViews.at(static_cast<std::size_t>(a.bufferView));
    const tinygltf::Buffer& buffer = m.buffers.at(static_cast<std::size_t>(view.buffer));
    int size = tinygltf::GetComponentSizeInBytes(static_cast<std::uint32_t>(a.componentType));
    std::size_t stride = view.byteStride ? view.byteStride : std::size_t(size);
    std::size_t start = view.byteOffset + a.byteOffset;
    if (a.count > 0 && start + stride * (a.count - 1) + std::size_t(size) > buffer.data.size()) {
        throw core::Error(fmt::format("{}: index accessor {} reads past the end of its buffer", file, index));
    }
    std::vector<std::uint32_t> out(a.count);
    for (std::size_t i = 0; i < a.count; ++i) {
        const unsigned char* p = buffer.data.data() + start + i * stride;
        switch (a.componentType) {
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: out[i] = p[0]; break;
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
            std::uint16_t s;
            std::memcpy(&s, p, 2);
            out[i] = s;
            break;
        }
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: std::memcpy(&out[i], p, 4); break;
        default: throw core::Error(fmt::format("{}: index accessor {} has an unsupported type", file, index));
        }
    }
    return out;
}

glm::mat4 node_matrix(const tinygltf::Node& n) {
    if (n.matrix.size() == 16) {
        glm::mat4 m;
        for (int i = 0; i < 16; ++i) m[i / 4][i % 4] = float(n.matrix[std::size_t(i)]);
        return m;
    }
    glm::mat4 m(1.0f);
    if (n.translation.size() == 3) m = glm::translate(m, glm::vec3(n.translation[0], n.translation[1], n.translation[2]));
    if (n.rotation.size() == 4) {
        m *= glm::mat4_cast(glm::quat(float(n.rotation[3]), float(n.rotation[0]), float(n.rotation[1]), float(n.rotation[2])));
    }
    if (n.scale.size() == 3) m = glm::scale(m, glm::vec3(n.scale[0], n.scale[1], n.scale[2]));
    return m;
}

// tinygltf would decode images itself; this project loads textures with its own loader (and
// its own placeholder), so images are only recorded by URI.
bool keep_uri_only(tinygltf::Image*, const int, std::string*, std::string*, int, int, const unsigned char*, int, void*) {
    return true;
}

} // namespace

Texture load_texture(const fs::path& path, bool srgb, core::Diagnostics* diag) {
    Texture t;
    t.name = core::display_path(path);
    t.srgb = srgb;
    try {
        t.image = load_image(path);
    } catch (const core::Error& e) {
        core::log_error("scene", "texture {} not loaded, showing the missing-texture pattern: {}", t.name, e.what());
        if (diag) diag->add({t.name, "", e.what()});
        t.image = missing_texture_image();
    }
    return t;
}

Model load_model(const fs::path& path) {
    std::string file = core::display_path(path);
    tinygltf::TinyGLTF loader;
    loader.SetImageLoader(keep_uri_only, nullptr);
    tinygltf::Model gm;
    std::string err, warn;
    if (!fs::exists(path)) throw core::Error(file + ": no such file");
    bool binary = path.extension() == ".glb";
    bool ok = binary ? loader.LoadBinaryFromFile(&gm, &err, &warn, path.string())
                     : loader.LoadASCIIFromFile(&gm, &err, &warn, path.string());
    if (!ok) throw core::Error(fmt::format("{}: not a readable glTF file ({})", file, err.empty() ? "unknown reason" : err));
    if (!warn.empty()) core::log_warn("scene", "{}: {}", file, warn);

    Model model;
    model.name = file;
    // Textures: one per glTF texture, loaded from the image's URI beside the file. Colour
    // textures are sRGB; the material decides which, so note each texture's use first.
    std::vector<int> srgb_use(gm.textures.size(), -1);
    auto note = [&](int tex, bool srgb) {
        if (tex >= 0 && std::size_t(tex) < srgb_use.size()) srgb_use[std::size_t(tex)] = srgb ? 1 : 0;
    };
    for (const auto& m : gm.materials) {
        note(m.pbrMetallicRoughness.baseColorTexture.index, true);
        note(m.emissiveTexture.index, true);
        note(m.normalTexture.index, false);
        note(m.occlusionTexture.index, false);
        note(m.pbrMetallicRoughness.metallicRoughnessTexture.index, false);
    }
    for (std::size_t i = 0; i < gm.textures.size(); ++i) {
        int source = gm.textures[i].source;
        std::string uri = source >= 0 && std::size_t(source) < gm.images.size() ? gm.images[std::size_t(source)].uri : "";
        if (uri.empty()) {
            core::log_error("scene", "{}: texture {} is embedded or has no URI; only PNG files beside the model are "
                                     "supported, showing the missing-texture pattern", file, i);
            Texture t{file + "#texture" + std::to_string(i), missing_texture_image(), srgb_use[i] != 0};
            model.textures.push_back(std::move(t));
            continue;
        }
        Texture t = load_texture(path.parent_path() / uri, srgb_use[i] != 0);
        int sampler = gm.textures[i].sampler;
        if (sampler >= 0 && std::size_t(sampler) < gm.samplers.size()) {
            t.repeat = gm.samplers[std::size_t(sampler)].wrapS != TINYGLTF_TEXTURE_WRAP_CLAMP_TO_EDGE;
        }
        model.textures.push_back(std::move(t));
    }
    auto tex = [&](int index) { return index >= 0 && std::size_t(index) < model.textures.size() ? index : -1; };
    for (const auto& m : gm.materials) {
        Material mat;
        mat.name = m.name;
        const auto& pbr = m.pbrMetallicRoughness;
        if (pbr.baseColorFactor.size() == 4) {
            mat.base_color = glm::vec4(pbr.baseColorFactor[0], pbr.baseColorFactor[1], pbr.baseColorFactor[2], pbr.baseColorFactor[3]);
        }
        mat.metallic = float(pbr.metallicFactor);
        mat.roughness = float(pbr.roughnessFactor);
        if (m.emissiveFactor.size() == 3) mat.emissive = glm::vec3(m.emissiveFactor[0], m.emissiveFactor[1], m.emissiveFactor[2]);
        if (auto it = m.extensions.find("KHR_materials_emissive_strength"); it != m.extensions.end()) {
            if (it->second.Has("emissiveStrength")) mat.emissive_strength = float(it->second.Get("emissiveStrength").GetNumberAsDouble());
        }
        mat.unlit = m.extensions.count("KHR_materials_unlit") > 0;
        mat.alpha_mode = m.alphaMode == "BLEND" ? AlphaMode::blend : m.alphaMode == "MASK" ? AlphaMode::mask : AlphaMode::opaque;
        mat.alpha_cutoff = float(m.alphaCutoff);
        mat.double_sided = m.doubleSided;
        mat.base_color_texture = tex(pbr.baseColorTexture.index);
        mat.metallic_roughness_texture = tex(pbr.metallicRoughnessTexture.index);
        mat.normal_texture = tex(m.normalTexture.index);
        mat.normal_scale = float(m.normalTexture.scale);
        mat.occlusion_texture = tex(m.occlusionTexture.index);
        mat.occlusion_strength = float(m.occlusionTexture.strength);
        mat.emissive_texture = tex(m.emissiveTexture.index);
        model.materials.push_back(std::move(mat));
    }
    std::uint32_t default_material = static_cast<std::uint32_t>(model.materials.size());
    bool need_default = false;

    // Walk the default scene's nodes, baking transforms.
    std::function<void(int, const glm::mat4&, int)> visit = [&](int node_index, const glm::mat4& parent, int depth) {
        if (depth > 64) throw core::Error(file + ": node hierarchy deeper than 64 (a cycle?)");
        const tinygltf::Node& node = gm.nodes.at(static_cast<std::size_t>(node_index));
        glm::mat4 world = parent * node_matrix(node);
        if (node.mesh >= 0) {
            const tinygltf::Mesh& gmesh = gm.meshes.at(static_cast<std::size_t>(node.mesh));
            for (const tinygltf::Primitive& prim : gmesh.primitives) {
                if (prim.mode != TINYGLTF_MODE_TRIANGLES && prim.mode != -1) continue;
                auto pos_it = prim.attributes.find("POSITION");
                if (pos_it == prim.attributes.end()) throw core::Error(file + ": a primitive has no POSITION");
                auto positions = read_floats<3>(gm, pos_it->second, file);
                Mesh mesh;
                mesh.name = gmesh.name;
                mesh.vertices.resize(positions.size());
                for (std::size_t i = 0; i < positions.size(); ++i) mesh.vertices[i].position = positions[i];
                bool has_normals = false, has_tangents = false;
                if (auto it = prim.attributes.find("NORMAL"); it != prim.attributes.end()) {
                    auto n = read_floats<3>(gm, it->second, file);
                    if (n.size() != positions.size()) throw core::Error(file + ": NORMAL count differs from POSITION");
                    for (std::size_t i = 0; i < n.size(); ++i) mesh.vertices[i].normal = n[i];
                    has_normals = true;
                }
                if (auto it = prim.attributes.find("TEXCOORD_0"); it != prim.attributes.end()) {
                    auto uv = read_floats<2>(gm, it->second, file);
                    if (uv.size() != positions.size()) throw core::Error(file + ": TEXCOORD_0 count differs from POSITION");
                    for (std::size_t i = 0; i < uv.size(); ++i) mesh.vertices[i].uv = uv[i];
                }
                if (auto it = prim.attributes.find("TANGENT"); it != prim.attributes.end()) {
                    auto t = read_floats<4>(gm, it->second, file);
                    if (t.size() == positions.size()) {
                        for (std::size_t i = 0; i < t.size(); ++i) mesh.vertices[i].tangent = t[i];
                        has_tangents = true;
                    }
                }
                if (prim.indices >= 0) {
                    mesh.indices = read_indices(gm, prim.indices, file);
                } else {
                    for (std::uint32_t i = 0; i < positions.size(); ++i) mesh.indices.push_back(i);
                }
                for (std::uint32_t i : mesh.indices) {
                    if (i >= positions.size()) throw core::Error(file + ": an index points past the last vertex");
                }
                if (mesh.indices.size() % 3 != 0) throw core::Error(file + ": index count is not a multiple of 3");
                if (!has_normals) {
                    for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
                        Vertex &a = mesh.vertices[mesh.indices[i]], &b = mesh.vertices[mesh.indices[i + 1]],
                               &c = mesh.vertices[mesh.indices[i + 2]];
                        glm::vec3 n = glm::cross(b.position - a.position, c.position - a.position);
                        a.normal += n;
                        b.normal += n;
                        c.normal += n;
                    }
                    for (Vertex& v : mesh.vertices) v.normal = glm::length(v.normal) > 0 ? glm::normalize(v.normal) : glm::vec3(0, 1, 0);
                }
                transform_mesh(mesh, world);
                if (!has_tangents) compute_tangents(mesh);
                compute_bounds(mesh);
                std::uint32_t material = default_material;
                if (prim.material >= 0 && std::size_t(prim.material) < model.materials.size()) {
                    material = static_cast<std::uint32_t>(prim.material);
                } else {
                    need_default = true;
                }
                model.meshes.push_back(std::move(mesh));
                model.parts.push_back({static_cast<std::uint32_t>(model.meshes.size() - 1), material});
            }
        }
        for (int child : node.children) visit(child, world, depth + 1);
    };
    int scene_index = gm.defaultScene >= 0 ? gm.defaultScene : 0;
    if (gm.scenes.empty()) {
        for (std::size_t i = 0; i < gm.nodes.size(); ++i) visit(static_cast<int>(i), glm::mat4(1.0f), 0);
    } else {
        for (int root : gm.scenes.at(static_cast<std::size_t>(scene_index)).nodes) visit(root, glm::mat4(1.0f), 0);
    }
    if (need_default) model.materials.push_back(Material{});
    if (model.parts.empty()) throw core::Error(file + ": holds no triangle meshes");
    model.bounds = model.meshes[0].bounds;
    for (const Mesh& m : model.meshes) {
        model.bounds.min = glm::min(model.bounds.min, m.bounds.min);
        model.bounds.max = glm::max(model.bounds.max, m.bounds.max);
    }
    return model;
}

Model placeholder_model(const std::string& name, float size) {
    Model m;
    m.name = name;
    m.placeholder = true;
    Mesh box = make_box(glm::vec3(size), 1.0f / size);
    transform_mesh(box, glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, size * 0.5f, 0.0f)));
    compute_tangents(box);
    m.meshes.push_back(std::move(box));
    m.textures.push_back({"missing", missing_texture_image(), true, false, true});
    Material mat;
    mat.name = "missing model";
    mat.base_color_texture = 0;
    mat.emissive = glm::vec3(0.35f); // stays visible in a dark scene
    mat.emissive_texture = 0;
    mat.roughness = 0.8f;
    m.materials.push_back(std::move(mat));
    m.parts.push_back({0, 0});
    m.bounds = m.meshes[0].bounds;
    return m;
}

Model load_model_or_placeholder(const fs::path& path, core::Diagnostics* diag) {
    try {
        return load_model(path);
    } catch (const std::exception& e) {
        std::string file = core::display_path(path);
        core::log_error("scene", "model {} not loaded, showing a placeholder box: {}", file, e.what());
        if (diag) diag->add({file, "", e.what()});
        return placeholder_model(file);
    }
}

std::vector<ModelPart> add_model(SceneAssets& assets, const Model& model) {
    std::int32_t texture_base = static_cast<std::int32_t>(assets.textures.size());
    std::uint32_t material_base = static_cast<std::uint32_t>(assets.materials.size());
    std::uint32_t mesh_base = static_cast<std::uint32_t>(assets.meshes.size());
    for (const Texture& t : model.textures) assets.textures.push_back(t);
    for (Material m : model.materials) {
        for (std::int32_t* t : {&m.base_color_texture, &m.normal_texture, &m.metallic_roughness_texture,
                                &m.emissive_texture, &m.occlusion_texture}) {
            if (*t >= 0) *t += texture_base;
        }
        assets.materials.push_back(std::move(m));
    }
    for (const Mesh& mesh : model.meshes) assets.meshes.push_back(mesh);
    std::vector<ModelPart> parts;
    for (const ModelPart& p : model.parts) parts.push_back({p.mesh + mesh_base, p.material + material_base});
    return parts;
}

} // namespace qx::scene
