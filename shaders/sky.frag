#version 460
#extension GL_EXT_multiview : require
#include "frame.glsl"
#include "lighting.glsl"
#include "color.glsl"
#include "finish.glsl"

layout(location = 0) in vec2 v_ndc;
layout(location = 0) out vec4 out_color;

void main() {
    int eye = eye_index();
    // A point on the near plane (depth 1 with reversed Z) along this pixel's ray.
    vec4 p = frame.inv_view_proj[eye] * vec4(v_ndc, 1.0, 1.0);
    vec3 dir = normalize(p.xyz / p.w - frame.eye_position[eye].xyz);
    vec3 color = sky_color(dir);
    vec3 to_sun = -normalize(frame.sun_direction.xyz);
    float sun = smoothstep(0.9995, 0.9998, dot(dir, to_sun));
    color += frame.sun_color.rgb * sun * 4.0;
    if (frame.fog.w > 0.0 && !feature_off(OFF_FOG)) {
        // The horizon dissolves into the fog colour.
        color = mix(color, frame.fog.rgb, frame.fog_params.z * (1.0 - smoothstep(0.0, 0.35, abs(dir.y))));
    }
    out_color = vec4(finish(color), 1.0);
}
