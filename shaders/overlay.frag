#version 460
#extension GL_EXT_multiview : require
#include "color.glsl"

#define MAX_OVERLAY_TEXTURES 16 // = render::k_max_overlay_textures

layout(set = 0, binding = 1) uniform sampler2D overlay_textures[MAX_OVERLAY_TEXTURES];

layout(push_constant) uniform Quad {
    mat4 model;
    vec4 tint;
    ivec4 misc;
} quad;

layout(location = 0) in vec2 v_uv;
layout(location = 0) out vec4 out_color;

// In-headset UI drawn after tone mapping, so its colours are exactly as authored.
void main() {
    vec4 c = texture(overlay_textures[quad.misc.x], v_uv) * vec4(quad.tint.rgb, 1.0);
    c.a *= quad.tint.a;
    if (quad.misc.z == 1) c.rgb = linear_to_srgb(c.rgb);
    out_color = c;
}
