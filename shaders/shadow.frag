#version 460
#extension GL_EXT_multiview : require
#include "frame.glsl"

layout(location = 0) in vec2 v_uv;
layout(location = 1) flat in uint v_draw;

// Only alpha-masked materials need a fragment shader in the shadow pass: cut-outs cast cut-out shadows.
void main() {
    MaterialData m = materials[draws[v_draw].material];
    float alpha = m.base_color.a * texture(textures[m.base_color_tex], v_uv).a;
    if (alpha < m.alpha_cutoff) discard;
}
