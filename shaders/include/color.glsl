// Colour helpers for the post, mirror and panel passes, and the scene pass finishing itself.

// ACES filmic curve (Narkowicz's fit): HDR linear in, display-referred linear out.
vec3 tonemap_aces(vec3 x) {
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

vec3 linear_to_srgb(vec3 c) {
    vec3 lo = c * 12.92;
    vec3 hi = 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055;
    return mix(lo, hi, step(vec3(0.0031308), c));
}

vec3 srgb_to_linear(vec3 c) {
    vec3 lo = c / 12.92;
    vec3 hi = pow((c + 0.055) / 1.055, vec3(2.4));
    return mix(lo, hi, step(vec3(0.04045), c));
}

// HDR linear to display linear: exposure, tone mapping, the comfort vignette (it darkens the
// periphery, where motion is felt most; uv 0..1 over the drawn part) and the fade (rgb, amount).
// The one definition for the post pass and for a scene pass that draws straight into the target.
vec3 finish_display(vec3 hdr, float exposure, vec2 uv, float vignette, float vignette_radius, vec4 fade) {
    vec3 c = tonemap_aces(hdr * exposure);
    if (vignette > 0.0) {
        float r = length(uv - 0.5) * 1.41421;
        c *= 1.0 - vignette * smoothstep(vignette_radius, 1.0, r);
    }
    return mix(c, fade.rgb, clamp(fade.a, 0.0, 1.0));
}
