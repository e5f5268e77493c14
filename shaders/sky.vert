#version 460
#extension GL_EXT_multiview : require

layout(location = 0) out vec2 v_ndc;

// One triangle covering the screen, at the far plane (depth 0 with reversed Z).
void main() {
    vec2 p = vec2((gl_VertexIndex << 1) & 2, gl_VertexIndex & 2);
    v_ndc = p * 2.0 - 1.0;
    gl_Position = vec4(v_ndc, 0.0, 1.0);
}
