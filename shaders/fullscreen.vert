#version 460
#extension GL_EXT_multiview : require

layout(location = 0) out vec2 v_uv;

// One triangle covering the target; uv (0,0) at the top left.
void main() {
    vec2 p = vec2((gl_VertexIndex << 1) & 2, gl_VertexIndex & 2);
    v_uv = p;
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
