#include "scene/mesh.h"

#include <cmath>

namespace qx::scene {
namespace {

constexpr float k_pi = 3.14159265358979f;

void add_quad(Mesh& m, glm::vec3 origin, glm::vec3 u, glm::vec3 v, glm::vec2 uv_size) {
    glm::vec3 n = glm::normalize(glm::cross(u, v));
    std::uint32_t base = static_cast<std::uint32_t>(m.vertices.size());
    glm::vec4 t(glm::normalize(u), 1.0f);
    m.vertices.push_back({origin, n, t, {0.0f, uv_size.y}});
    m.vertices.push_back({origin + u, n, t, {uv_size.x, uv_size.y}});
    m.vertices.push_back({origin + u + v, n, t, {uv_size.x, 0.0f}});
    m.vertices.push_back({origin + v, n, t, {0.0f, 0.0f}});
    m.indices.insert(m.indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
}

} // namespace

void compute_bounds(Mesh& mesh) {
    if (mesh.vertices.empty()) {
        mesh.bounds = {};
        return;
    }
    mesh.bounds.min = mesh.bounds.max = mesh.vertices[0].position;
    for (const Vertex& v : mesh.vertices) {
        mesh.bounds.min = glm::min(mesh.bounds.min, v.position);
        mesh.bounds.max = glm::max(mesh.bounds.max, v.position);
    }
}

void compute_tangents(Mesh& mesh) {
    std::vector<glm::vec3> tan(mesh.vertices.size(), glm::vec3(0.0f));
    std::vector<glm::vec3> bitan(mesh.vertices.size(), glm::vec3(0.0f));
    for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
        std::uint32_t a = mesh.indices[i], b = mesh.indices[i + 1], c = mesh.indices[i + 2];
        const Vertex &va = mesh.vertices[a], &vb = mesh.vertices[b], &vc = mesh.vertices[c];
        glm::vec3 e1 = vb.position - va.position, e2 = vc.position - va.position;
        glm::vec2 d1 = vb.uv - va.uv, d2 = vc.uv - va.uv;
        float det = d1.x * d2.y - d2.x * d1.y;
        if (std::abs(det) < 1e-12f) continue;
        float r = 1.0f / det;
        glm::vec3 t = (e1 * d2.y - e2 * d1.y) * r;
        glm::vec3 bt = (e2 * d1.x - e1 * d2.x) * r;
        for (std::uint32_t idx : {a, b, c}) {
            tan[idx] += t;
            bitan[idx] += bt;
        }
    }
    for (std::size_t i = 0; i < mesh.vertices.size(); ++i) {
        glm::vec3 n = mesh.vertices[i].normal;
        glm::vec3 t = tan[i] - n * glm::dot(n, tan[i]);
        if (glm::dot(t, t) < 1e-12f) {
            // No usable UV gradient: any vector perpendicular to the normal.
            t = std::abs(n.x) < 0.9f ? glm::cross(n, glm::vec3(1, 0, 0)) : glm::cross(n, glm::vec3(0, 1, 0));
        }
        t = glm::normalize(t);
        // glTF: bitangent = cross(normal, tangent) * w points to "up" in the image, which is
        // decreasing v (v runs down the image), the opposite of the UV gradient computed above.
        float w = glm::dot(glm::cross(n, t), bitan[i]) > 0.0f ? -1.0f : 1.0f;
        mesh.vertices[i].tangent = glm::vec4(t, w);
    }
}

void transform_mesh(Mesh& mesh, const glm::mat4& m) {
    glm::mat3 normal_matrix = glm::transpose(glm::inverse(glm::mat3(m)));
    for (Vertex& v : mesh.vertices) {
        v.position = glm::vec3(m * glm::vec4(v.position, 1.0f));
        v.normal = glm::normalize(normal_matrix * v.normal);
        v.tangent = glm::vec4(glm::normalize(glm::mat3(m) * glm::vec3(v.tangent)), v.tangent.w);
    }
    compute_bounds(mesh);
}

void append_mesh(Mesh& dst, const Mesh& src) {
    std::uint32_t base = static_cast<std::uint32_t>(dst.vertices.size());
    dst.vertices.insert(dst.vertices.end(), src.vertices.begin(), src.vertices.end());
    for (std::uint32_t i : src.indices) dst.indices.push_back(base + i);
    compute_bounds(dst);
}

Mesh make_box(glm::vec3 s, float uv_scale) {
    Mesh m;
    m.name = "box";
    glm::vec3 h = s * 0.5f;
    auto uv = [&](float a, float b) { return glm::vec2(a, b) * uv_scale; };
    add_quad(m, {-h.x, -h.y, h.z}, {s.x, 0, 0}, {0, s.y, 0}, uv(s.x, s.y));   // +Z
    add_quad(m, {h.x, -h.y, -h.z}, {-s.x, 0, 0}, {0, s.y, 0}, uv(s.x, s.y));  // -Z
    add_quad(m, {h.x, -h.y, h.z}, {0, 0, -s.z}, {0, s.y, 0}, uv(s.z, s.y));   // +X
    add_quad(m, {-h.x, -h.y, -h.z}, {0, 0, s.z}, {0, s.y, 0}, uv(s.z, s.y));  // -X
    add_quad(m, {-h.x, h.y, h.z}, {s.x, 0, 0}, {0, 0, -s.z}, uv(s.x, s.z));   // +Y
    add_quad(m, {-h.x, -h.y, -h.z}, {s.x, 0, 0}, {0, 0, s.z}, uv(s.x, s.z));  // -Y
    compute_bounds(m);
    return m;
}

Mesh make_plane(glm::vec2 size, float uv_scale) {
    Mesh m;
    m.name = "plane";
    add_quad(m, {-size.x * 0.5f, 0, size.y * 0.5f}, {size.x, 0, 0}, {0, 0, -size.y}, size * uv_scale);
    compute_bounds(m);
    return m;
}

Mesh make_quad(glm::vec2 size) {
    Mesh m;
    m.name = "quad";
    add_quad(m, {-size.x * 0.5f, -size.y * 0.5f, 0}, {size.x, 0, 0}, {0, size.y, 0}, {1, 1});
    compute_bounds(m);
    return m;
}

Mesh make_sphere(float radius, int segments, int rings) {
    Mesh m;
    m.name = "sphere";
    for (int r = 0; r <= rings; ++r) {
        float v = float(r) / float(rings);
        float theta = v * k_pi;
        for (int s = 0; s <= segments; ++s) {
            float u = float(s) / float(segments);
            float phi = u * 2.0f * k_pi;
            glm::vec3 n(std::sin(theta) * std::cos(phi), std::cos(theta), -std::sin(theta) * std::sin(phi));
            glm::vec3 t(-std::sin(phi), 0.0f, -std::cos(phi));
            m.vertices.push_back({n * radius, n, glm::vec4(t, 1.0f), {u, v}});
        }
    }
    for (int r = 0; r < rings; ++r) {
        for (int s = 0; s < segments; ++s) {
            std::uint32_t a = std::uint32_t(r * (segments + 1) + s), b = a + std::uint32_t(segments + 1);
            m.indices.insert(m.indices.end(), {a, b, a + 1, a + 1, b, b + 1});
        }
    }
    compute_bounds(m);
    return m;
}

Mesh make_cylinder(float radius, float height, int segments, bool caps) {
    Mesh m;
    m.name = "cylinder";
    for (int s = 0; s <= segments; ++s) {
        float u = float(s) / float(segments);
        float phi = u * 2.0f * k_pi;
        glm::vec3 n(std::cos(phi), 0.0f, -std::sin(phi));
        glm::vec3 t(-std::sin(phi), 0.0f, -std::cos(phi));
        float circumference = 2.0f * k_pi * radius;
        m.vertices.push_back({n * radius, n, glm::vec4(t, 1.0f), {u * circumference, height}});
        m.vertices.push_back({n * radius + glm::vec3(0, height, 0), n, glm::vec4(t, 1.0f), {u * circumference, 0.0f}});
    }
    for (int s = 0; s < segments; ++s) {
        std::uint32_t a = std::uint32_t(s * 2);
        m.indices.insert(m.indices.end(), {a, a + 2, a + 1, a + 1, a + 2, a + 3});
    }
    if (caps) {
        for (int cap = 0; cap < 2; ++cap) {
            float y = cap ? height : 0.0f;
            glm::vec3 n(0, cap ? 1.0f : -1.0f, 0);
            std::uint32_t centre = static_cast<std::uint32_t>(m.vertices.size());
            m.vertices.push_back({{0, y, 0}, n, {1, 0, 0, 1}, {0.5f, 0.5f}});
            for (int s = 0; s <= segments; ++s) {
                float phi = float(s) / float(segments) * 2.0f * k_pi;
                glm::vec3 p(std::cos(phi) * radius, y, -std::sin(phi) * radius);
                m.vertices.push_back({p, n, {1, 0, 0, 1}, {0.5f + std::cos(phi) * 0.5f, 0.5f + std::sin(phi) * 0.5f}});
            }
            for (int s = 0; s < segments; ++s) {
                std::uint32_t a = centre + 1 + std::uint32_t(s);
                if (cap) {
                    m.indices.insert(m.indices.end(), {centre, a, a + 1});
                } else {
                    m.indices.insert(m.indices.end(), {centre, a + 1, a});
                }
            }
        }
    }
    compute_bounds(m);
    return m;
}

Mesh make_cone(float radius, float height, int segments) {
    Mesh m;
    m.name = "cone";
    float slant = std::sqrt(radius * radius + height * height);
    for (int s = 0; s <= segments; ++s) {
        float u = float(s) / float(segments);
        float phi = u * 2.0f * k_pi;
        glm::vec3 radial(std::cos(phi), 0.0f, -std::sin(phi));
        glm::vec3 n = glm::normalize(radial * height / slant + glm::vec3(0, radius / slant, 0));
        glm::vec3 t(-std::sin(phi), 0.0f, -std::cos(phi));
        m.vertices.push_back({radial * radius, n, glm::vec4(t, 1.0f), {u, 1.0f}});
        m.vertices.push_back({{0, height, 0}, n, glm::vec4(t, 1.0f), {u, 0.0f}});
    }
    for (int s = 0; s < segments; ++s) {
        std::uint32_t a = std::uint32_t(s * 2);
        m.indices.insert(m.indices.end(), {a, a + 2, a + 1});
    }
    std::uint32_t centre = static_cast<std::uint32_t>(m.vertices.size());
    m.vertices.push_back({{0, 0, 0}, {0, -1, 0}, {1, 0, 0, 1}, {0.5f, 0.5f}});
    for (int s = 0; s <= segments; ++s) {
        float phi = float(s) / float(segments) * 2.0f * k_pi;
        m.vertices.push_back({{std::cos(phi) * radius, 0, -std::sin(phi) * radius}, {0, -1, 0}, {1, 0, 0, 1},
                              {0.5f + std::cos(phi) * 0.5f, 0.5f + std::sin(phi) * 0.5f}});
    }
    for (int s = 0; s < segments; ++s) {
        std::uint32_t a = centre + 1 + std::uint32_t(s);
        m.indices.insert(m.indices.end(), {centre, a + 1, a});
    }
    compute_bounds(m);
    return m;
}

Mesh make_lathe(const std::vector<glm::vec2>& profile, int segments, bool cap_bottom, bool cap_top) {
    Mesh m;
    m.name = "lathe";
    if (profile.size() < 2) return m;
    // Arc length along the profile for v; normals from the profile's slope.
    std::vector<float> arc(profile.size(), 0.0f);
    for (std::size_t i = 1; i < profile.size(); ++i) arc[i] = arc[i - 1] + glm::length(profile[i] - profile[i - 1]);
    for (std::size_t i = 0; i < profile.size(); ++i) {
        glm::vec2 d = profile[std::min(i + 1, profile.size() - 1)] - profile[i > 0 ? i - 1 : 0];
        glm::vec2 n2 = glm::length(d) > 0 ? glm::normalize(glm::vec2(d.y, -d.x)) : glm::vec2(1, 0);
        for (int s = 0; s <= segments; ++s) {
            float u = float(s) / float(segments);
            float phi = u * 2.0f * k_pi;
            glm::vec3 radial(std::cos(phi), 0.0f, -std::sin(phi));
            glm::vec3 t(-std::sin(phi), 0.0f, -std::cos(phi));
            glm::vec3 n = glm::normalize(radial * n2.x + glm::vec3(0, n2.y, 0));
            m.vertices.push_back({radial * profile[i].x + glm::vec3(0, profile[i].y, 0), n, glm::vec4(t, 1.0f),
                                  {u, 1.0f - arc[i] / std::max(arc.back(), 1e-6f)}});
        }
    }
    for (std::size_t i = 0; i + 1 < profile.size(); ++i) {
        for (int s = 0; s < segments; ++s) {
            std::uint32_t a = std::uint32_t(i * std::size_t(segments + 1) + std::size_t(s)), b = a + std::uint32_t(segments + 1);
            m.indices.insert(m.indices.end(), {a, a + 1, b, a + 1, b + 1, b});
        }
    }
    auto cap = [&](glm::vec2 p, bool top) {
        if (p.x <= 1e-5f) return;
        glm::vec3 n(0, top ? 1.0f : -1.0f, 0);
        std::uint32_t centre = static_cast<std::uint32_t>(m.vertices.size());
        m.vertices.push_back({{0, p.y, 0}, n, {1, 0, 0, 1}, {0.5f, 0.5f}});
        for (int s = 0; s <= segments; ++s) {
            float phi = float(s) / float(segments) * 2.0f * k_pi;
            m.vertices.push_back({{std::cos(phi) * p.x, p.y, -std::sin(phi) * p.x}, n, {1, 0, 0, 1},
                                  {0.5f + 0.5f * std::cos(phi), 0.5f + 0.5f * std::sin(phi)}});
        }
        for (int s = 0; s < segments; ++s) {
            std::uint32_t a = centre + 1 + std::uint32_t(s);
            if (top) {
                m.indices.insert(m.indices.end(), {centre, a, a + 1});
            } else {
                m.indices.insert(m.indices.end(), {centre, a + 1, a});
            }
        }
    };
    if (cap_bottom) cap(profile.front(), false);
    if (cap_top) cap(profile.back(), true);
    compute_bounds(m);
    return m;
}

Mesh make_height_grid(glm::vec2 size, int cells, const std::function<float(float, float)>& height) {
    Mesh m;
    m.name = "height grid";
    for (int y = 0; y <= cells; ++y) {
        for (int x = 0; x <= cells; ++x) {
            float u = float(x) / float(cells), v = float(y) / float(cells);
            glm::vec3 p((u - 0.5f) * size.x, height(u, v), (v - 0.5f) * size.y);
            m.vertices.push_back({p, {0, 1, 0}, {1, 0, 0, 1}, {u, v}});
        }
    }
    for (int y = 0; y < cells; ++y) {
        for (int x = 0; x < cells; ++x) {
            std::uint32_t a = std::uint32_t(y * (cells + 1) + x), b = a + std::uint32_t(cells + 1);
            m.indices.insert(m.indices.end(), {a, b, a + 1, a + 1, b, b + 1});
        }
    }
    // Normals from the displaced triangles.
    for (Vertex& v : m.vertices) v.normal = glm::vec3(0.0f);
    for (std::size_t i = 0; i + 2 < m.indices.size(); i += 3) {
        Vertex &a = m.vertices[m.indices[i]], &b = m.vertices[m.indices[i + 1]], &c = m.vertices[m.indices[i + 2]];
        glm::vec3 n = glm::cross(b.position - a.position, c.position - a.position);
        a.normal += n;
        b.normal += n;
        c.normal += n;
    }
    for (Vertex& v : m.vertices) v.normal = glm::length(v.normal) > 0 ? glm::normalize(v.normal) : glm::vec3(0, 1, 0);
    compute_tangents(m);
    compute_bounds(m);
    return m;
}

Mesh make_capsule(float radius, float height, int segments, int rings) {
    Mesh m;
    m.name = "capsule";
    float body = std::max(height - 2.0f * radius, 0.0f);
    // Rings from the bottom pole to the top pole: a lower hemisphere, the body, an upper hemisphere.
    int total = rings * 2 + 1;
    for (int r = 0; r <= total; ++r) {
        float y_center, theta;
        if (r <= rings) {
            theta = k_pi - float(r) / float(rings) * (k_pi * 0.5f); // from pi (bottom) to pi/2
            y_center = radius;
        } else {
            theta = (k_pi * 0.5f) - float(r - rings - 1) / float(rings) * (k_pi * 0.5f);
            y_center = radius + body;
        }
        float v = 1.0f - float(r) / float(total);
        for (int s = 0; s <= segments; ++s) {
            float u = float(s) / float(segments);
            float phi = u * 2.0f * k_pi;
            glm::vec3 n(std::sin(theta) * std::cos(phi), std::cos(theta), -std::sin(theta) * std::sin(phi));
            glm::vec3 t(-std::sin(phi), 0.0f, -std::cos(phi));
            m.vertices.push_back({n * radius + glm::vec3(0, y_center, 0), n, glm::vec4(t, 1.0f), {u, v}});
        }
    }
    for (int r = 0; r < total; ++r) {
        for (int s = 0; s < segments; ++s) {
            std::uint32_t a = std::uint32_t(r * (segments + 1) + s), b = a + std::uint32_t(segments + 1);
            m.indices.insert(m.indices.end(), {a, a + 1, b, a + 1, b + 1, b});
        }
    }
    compute_bounds(m);
    return m;
}

Mesh make_torus(float major_radius, float minor_radius, int segments, int sides) {
    Mesh m;
    m.name = "torus";
    for (int s = 0; s <= segments; ++s) {
        float u = float(s) / float(segments);
        float phi = u * 2.0f * k_pi;
        glm::vec3 ring(std::cos(phi), 0.0f, -std::sin(phi));
        glm::vec3 t(-std::sin(phi), 0.0f, -std::cos(phi));
        for (int k = 0; k <= sides; ++k) {
            float v = float(k) / float(sides);
            float theta = v * 2.0f * k_pi;
            glm::vec3 n = ring * std::cos(theta) + glm::vec3(0, std::sin(theta), 0);
            m.vertices.push_back({ring * major_radius + n * minor_radius, n, glm::vec4(t, 1.0f), {u * 4.0f, v}});
        }
    }
    for (int s = 0; s < segments; ++s) {
        for (int k = 0; k < sides; ++k) {
            std::uint32_t a = std::uint32_t(s * (sides + 1) + k), b = a + std::uint32_t(sides + 1);
            m.indices.insert(m.indices.end(), {a, b, a + 1, a + 1, b, b + 1});
        }
    }
    compute_bounds(m);
    return m;
}

} // namespace qx::scene
