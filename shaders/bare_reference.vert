#version 460
#extension GL_EXT_multiview : require
#include "frame.glsl"

// The bench's bare reference (see bare_reference.frag): position and texture coordinates only.
layout(location = 0) in vec3 in_position;
layout(location = 3) in vec2 in_uv;

layout(location = 0) out vec2 v_uv;
layout(location = 1) flat out uint v_draw;

void main() {
    v_uv = in_uv;
    v_draw = gl_InstanceIndex;
    gl_Position = frame.view_proj[eye_index()] * (draws[gl_InstanceIndex].model * vec4(in_position, 1.0));
}
