#version 460
// The control panel: vertex colour times the font atlas (white where ImGui draws solid shapes).

layout(set = 0, binding = 0) uniform sampler2D u_atlas;

layout(location = 0) in vec2 v_uv;
layout(location = 1) in vec4 v_color;
layout(location = 0) out vec4 o_color;

void main() {
    o_color = v_color * texture(u_atlas, v_uv);
}
