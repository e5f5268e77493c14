#version 460
#extension GL_EXT_multiview : require

layout(set = 0, binding = 0, std140) uniform OverlayView {
    mat4 view_proj[2];
} view;

layout(push_constant) uniform Quad {
    mat4 model;   // maps the unit quad (x, y in -0.5..0.5, facing +Z) into the world
    vec4 tint;    // rgb multiplier, a opacity
    ivec4 misc;   // x texture index, y eye offset, z 1 when the target is UNORM
} quad;

layout(location = 0) out vec2 v_uv;

void main() {
    // Two triangles from six vertex indices: 0 1 2, 2 1 3 over corners (0,0) (1,0) (0,1) (1,1).
    const int corner[6] = int[6](0, 1, 2, 2, 1, 3);
    int c = corner[gl_VertexIndex];
    vec2 p = vec2(c & 1, c >> 1);
    v_uv = vec2(p.x, 1.0 - p.y);
    int eye = int(gl_ViewIndex) + quad.misc.y;
    gl_Position = view.view_proj[eye] * quad.model * vec4(p - 0.5, 0.0, 1.0);
}
