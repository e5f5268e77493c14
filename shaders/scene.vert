#version 460
#extension GL_EXT_multiview : require
#include "frame.glsl"

layout(location = 0) in vec3 in_position;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_tangent;
layout(location = 3) in vec2 in_uv;

layout(location = 0) out vec3 v_world;
layout(location = 1) out vec3 v_normal;
layout(location = 2) out vec4 v_tangent;
layout(location = 3) out vec2 v_uv;
layout(location = 4) flat out uint v_draw;

void main() {
    DrawData d = draws[gl_InstanceIndex];
    vec4 world = d.model * vec4(in_position, 1.0);
    v_world = world.xyz;
    v_normal = mat3(d.normal_matrix) * in_normal;
    v_tangent = vec4(mat3(d.model) * in_tangent.xyz, in_tangent.w);
    v_uv = in_uv;
    v_draw = gl_InstanceIndex;
    gl_Position = frame.view_proj[eye_index()] * world;
}
