#version 460
#extension GL_EXT_multiview : require
#include "color.glsl"

layout(set = 0, binding = 0) uniform sampler2DArray hdr;

layout(push_constant) uniform Post {
    vec4 fade;   // rgb colour (linear), a amount 0..1
    vec4 params; // x exposure, y vignette strength 0..1, z vignette radius, w 1 when the target is UNORM
    ivec4 misc;  // x eye offset (one eye per pass), y 1 = fade switched off (tests)
    vec4 uv_scale; // xy: one HDR texel in uv; zw: the size of the part drawn this frame (render scale)
} pc;
layout(location = 0) out vec4 out_color;

void main() {
    float eye = float(int(gl_ViewIndex) + pc.misc.x);
    // The guard band past the drawn part (render scale below 1) repeats its edge.
    vec2 px = min(gl_FragCoord.xy, pc.uv_scale.zw - 0.5);
    vec2 v_uv = px / pc.uv_scale.zw; // 0..1 over the drawn part, for the vignette
    vec3 scene = texture(hdr, vec3(px * pc.uv_scale.xy, eye)).rgb;
    vec4 fade = pc.misc.y == 0 ? pc.fade : vec4(0.0);
    vec3 c = finish_display(scene, pc.params.x, v_uv, pc.params.y, pc.params.z, fade);
    if (pc.params.w > 0.5) c = linear_to_srgb(c);
    out_color = vec4(c, 1.0);
}
