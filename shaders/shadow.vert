#version 460
#extension GL_EXT_multiview : require
#include "frame.glsl"

layout(location = 0) in vec3 in_position;
layout(location = 3) in vec2 in_uv;
layout(location = 0) out vec2 v_uv;
layout(location = 1) flat out uint v_draw;

void main() {
    DrawData d = draws[gl_InstanceIndex];
    v_uv = in_uv;
    v_draw = gl_InstanceIndex;
    gl_Position = frame.shadow_view_proj * d.model * vec4(in_position, 1.0);
}
