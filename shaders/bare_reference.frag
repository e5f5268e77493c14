#version 460
#extension GL_EXT_multiview : require
#include "frame.glsl"

// The bench's bare reference: the same geometry as the scene pass, unlit, its base colour texture
// and nothing else. The least any renderer of these scenes does per pixel, so every cost the bench
// measures can also be read as a ratio to it.
layout(location = 0) in vec2 v_uv;
layout(location = 1) flat in uint v_draw;

layout(location = 0) out vec4 out_color;

void main() {
    MaterialData m = materials[draws[v_draw].material];
    out_color = vec4((m.base_color * texture(textures[m.base_color_tex], v_uv)).rgb, 1.0);
}
