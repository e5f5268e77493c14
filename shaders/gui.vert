#version 460
// The control panel's triangles (Dear ImGui's draw lists), in window pixels.
#include "color.glsl"

layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color; // sRGB-encoded, as ImGui's colours are

layout(push_constant) uniform Gui {
    vec2 scale;     // pixels to clip space
    vec2 translate;
    ivec4 misc;     // x: 1 when the target is sRGB (the colours are decoded so they land as given)
} gui;

layout(location = 0) out vec2 v_uv;
layout(location = 1) out vec4 v_color;

void main() {
    v_uv = a_uv;
    v_color = a_color;
    if (gui.misc.x == 1) v_color.rgb = srgb_to_linear(a_color.rgb);
    gl_Position = vec4(a_pos * gui.scale + gui.translate, 0.0, 1.0);
}
