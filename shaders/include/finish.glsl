// The scene pass finishing its own colour when it draws straight into the target (the headset
// path: FrameInput::single_pass), exactly as the post pass would; otherwise HDR unchanged.
// Needs frame.glsl and color.glsl.

#define FINISH_HDR 0
#define FINISH_SRGB_TARGET 1
#define FINISH_UNORM_TARGET 2

vec3 finish(vec3 hdr) {
    int output_kind = int(frame.finish_params.w + 0.5);
    if (output_kind == FINISH_HDR) return hdr;
    vec2 uv = gl_FragCoord.xy / frame.finish_extent.xy;
    vec4 fade = feature_off(OFF_FADE) ? vec4(0.0) : frame.finish_fade;
    vec3 c = finish_display(hdr, frame.finish_params.x, uv, frame.finish_params.y, frame.finish_params.z, fade);
    return output_kind == FINISH_UNORM_TARGET ? linear_to_srgb(c) : c;
}
