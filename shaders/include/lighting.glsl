// Physically based shading (glTF metallic-roughness): GGX distribution, Smith-GGX visibility,
// Schlick Fresnel, Lambert diffuse; KHR_lights_punctual falloff; hemisphere ambient; fog.

const float PI = 3.14159265359;

float d_ggx(float n_dot_h, float a) {
    float a2 = a * a;
    float d = n_dot_h * n_dot_h * (a2 - 1.0) + 1.0;
    return a2 / (PI * d * d);
}

float v_smith_ggx(float n_dot_v, float n_dot_l, float a) {
    float a2 = a * a;
    float gv = n_dot_l * sqrt(n_dot_v * n_dot_v * (1.0 - a2) + a2);
    float gl = n_dot_v * sqrt(n_dot_l * n_dot_l * (1.0 - a2) + a2);
    return 0.5 / max(gv + gl, 1e-5);
}

vec3 f_schlick(vec3 f0, float v_dot_h) {
    return f0 + (1.0 - f0) * pow(1.0 - v_dot_h, 5.0);
}

struct Surface {
    vec3 albedo;
    vec3 f0;
    float roughness; // perceptual
    float metallic;
    vec3 n;
    vec3 v;
};

// Light reflected towards the eye from one light arriving from direction l with radiance c.
vec3 shade(Surface s, vec3 l, vec3 c) {
    float n_dot_l = clamp(dot(s.n, l), 0.0, 1.0);
    if (n_dot_l <= 0.0) return vec3(0.0);
    vec3 h = normalize(l + s.v);
    float n_dot_v = clamp(abs(dot(s.n, s.v)), 1e-4, 1.0);
    float n_dot_h = clamp(dot(s.n, h), 0.0, 1.0);
    float v_dot_h = clamp(dot(s.v, h), 0.0, 1.0);
    float a = max(s.roughness * s.roughness, 0.002);
    vec3 f = f_schlick(s.f0, v_dot_h);
    vec3 specular = f * d_ggx(n_dot_h, a) * v_smith_ggx(n_dot_v, n_dot_l, a);
    vec3 diffuse = (1.0 - f) * (1.0 - s.metallic) * s.albedo / PI;
    return (diffuse + specular) * c * n_dot_l;
}

// Smooth window to zero at the light's range (KHR_lights_punctual recommendation).
float range_falloff(float dist, float range) {
    float r = dist / max(range, 1e-3);
    float w = clamp(1.0 - r * r * r * r, 0.0, 1.0);
    return w * w / max(dist * dist, 1e-4);
}

// Specular reflectance integrated over the hemisphere (Karis' analytic fit), for ambient light.
vec3 env_brdf_approx(vec3 f0, float roughness, float n_dot_v) {
    const vec4 c0 = vec4(-1.0, -0.0275, -0.572, 0.022);
    const vec4 c1 = vec4(1.0, 0.0425, 1.04, -0.04);
    vec4 r = roughness * c0 + c1;
    float a004 = min(r.x * r.x, exp2(-9.28 * n_dot_v)) * r.x + r.y;
    vec2 ab = vec2(-1.04, 1.04) * a004 + r.zw;
    return f0 * ab.x + ab.y;
}

// The sky's colour in direction d (linear, before exposure).
vec3 sky_color(vec3 d) {
    float up = d.y;
    vec3 above = mix(frame.sky_horizon.rgb, frame.sky_zenith.rgb, pow(clamp(up, 0.0, 1.0), 0.6));
    vec3 below = mix(frame.sky_horizon.rgb, frame.sky_ground.rgb, pow(clamp(-up, 0.0, 1.0), 0.4));
    return up >= 0.0 ? above : below;
}

// Fraction of a surface at `world`, seen from `eye`, hidden by fog.
float fog_amount(vec3 world, vec3 eye) {
    float density = frame.fog.w;
    if (density <= 0.0 || feature_off(OFF_FOG)) return 0.0;
    float dist = max(length(world - eye) - frame.fog_params.y, 0.0);
    float falloff = frame.fog_params.x;
    float optical = density * dist;
    if (falloff > 0.0) {
        // Height fog: density decays exponentially above the base height; integrate along the ray.
        float h0 = eye.y - frame.fog_params.w, h1 = world.y - frame.fog_params.w;
        float dh = h1 - h0;
        float avg = abs(dh) > 1e-3 ? (exp(-falloff * h0) - exp(-falloff * h1)) / (falloff * dh) : exp(-falloff * h0);
        optical *= avg;
    }
    return min(1.0 - exp(-optical), frame.fog_params.z);
}
