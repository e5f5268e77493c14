#version 460
#include "color.glsl"

layout(set = 0, binding = 0) uniform sampler2DArray stereo;

layout(push_constant) uniform Mirror {
    ivec4 misc; // x eye layer, y 1 when the window is UNORM and the source holds sRGB-decoded values
    vec4 uv_scale; // xy: the part of the source drawn this frame (a render scale below 1); zw: half a texel
} pc;

layout(location = 0) in vec2 v_uv;
layout(location = 0) out vec4 out_color;

void main() {
    // Filtering stops half a texel inside the drawn part: nothing from beyond it bleeds in.
    vec2 uv = min(v_uv * pc.uv_scale.xy, pc.uv_scale.xy - pc.uv_scale.zw);
    vec3 c = texture(stereo, vec3(uv, float(pc.misc.x))).rgb;
    if (pc.misc.y == 1) c = linear_to_srgb(c);
    out_color = vec4(c, 1.0);
}
