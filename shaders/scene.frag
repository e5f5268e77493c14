#version 460
#extension GL_EXT_multiview : require
#include "frame.glsl"
#include "lighting.glsl"
#include "color.glsl"
#include "finish.glsl"

layout(location = 0) in vec3 v_world;
layout(location = 1) in vec3 v_normal;
layout(location = 2) in vec4 v_tangent;
layout(location = 3) in vec2 v_uv;
layout(location = 4) flat in uint v_draw;

layout(location = 0) out vec4 out_color;

// 3x3 percentage-closer filtering; 1 = lit, 0 = in shadow.
float sun_visibility(vec3 world, vec3 n) {
    if (frame.sun_color.w < 0.5 || feature_off(OFF_SHADOWS)) return 1.0;
    float texel = 1.0 / float(textureSize(shadow_map, 0).x);
    // Normal offset: push the lookup off the surface by a texel and a half (in metres) to stop acne.
    vec3 offset_world = world + n * (frame.sun_direction.w * 1.5);
    vec4 clip = frame.shadow_view_proj * vec4(offset_world, 1.0);
    vec3 ndc = clip.xyz / clip.w;
    vec2 uv = ndc.xy * 0.5 + 0.5;
    if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0))) || ndc.z > 1.0) return 1.0;
    float ref = ndc.z - 0.0015;
    // The quality tier's lookups, each a hardware-filtered 2x2 comparison: one (standalone), a
    // 3x3 grid a texel apart (pc) or a 4x4 grid at half-texel offsets (high, the softest edge).
    int taps = frame.counts.w;
    if (taps <= 1) return texture(shadow_map, vec3(uv, ref));
    float lit = 0.0;
    if (taps >= 16) {
        for (int y = 0; y < 4; ++y) {
            for (int x = 0; x < 4; ++x) {
                lit += texture(shadow_map, vec3(uv + (vec2(x, y) - 1.5) * texel, ref));
            }
        }
        return lit / 16.0;
    }
    for (int y = -1; y <= 1; ++y) {
        for (int x = -1; x <= 1; ++x) {
            lit += texture(shadow_map, vec3(uv + vec2(x, y) * texel, ref));
        }
    }
    return lit / 9.0;
}

// Whether the material has the texture of this MAT_HAS_* bit (or the bench asks for every lookup).
bool has(MaterialData m, uint bit) { return (m.flags & bit) != 0u || feature_off(OFF_TEXTURE_SKIP); }

void main() {
    DrawData d = draws[v_draw];
    MaterialData m = materials[d.material];

    vec4 base = m.base_color;
    // Lookups only for the textures a material has: without one the default is white (or flat).
    if (has(m, MAT_HAS_BASE_COLOR_TEX) && !feature_off(OFF_BASE_COLOR_TEX)) {
        base *= texture(textures[m.base_color_tex], v_uv);
    }
    float alpha = base.a * d.opacity;
    if (m.alpha_mode == 1u && alpha < m.alpha_cutoff) discard;
    if (m.alpha_mode != 2u || feature_off(OFF_BLEND)) alpha = 1.0;

    int eye = eye_index();
    vec3 eye_pos = frame.eye_position[eye].xyz;
    vec3 color;
    if ((m.flags & MAT_UNLIT) != 0u) {
        color = base.rgb;
    } else {
        vec3 n = normalize(v_normal);
        if (!gl_FrontFacing) n = -n;
        if (has(m, MAT_HAS_NORMAL_TEX) && !feature_off(OFF_NORMAL_TEX)) {
            vec3 t = v_tangent.xyz - n * dot(n, v_tangent.xyz);
            if (dot(t, t) > 1e-8) {
                t = normalize(t);
                vec3 b = cross(n, t) * (v_tangent.w < 0.0 ? -1.0 : 1.0);
                vec3 tn = texture(textures[m.normal_tex], v_uv).xyz * 2.0 - 1.0;
                tn.xy *= m.normal_scale;
                n = normalize(mat3(t, b, n) * tn);
            }
        }
        float metallic = m.metallic, roughness = m.roughness;
        if (has(m, MAT_HAS_METALLIC_ROUGHNESS_TEX) && !feature_off(OFF_METALLIC_ROUGHNESS_TEX)) {
            vec4 mr = texture(textures[m.metallic_roughness_tex], v_uv);
            roughness *= mr.g;
            metallic *= mr.b;
        }
        roughness = clamp(roughness, 0.03, 1.0);
        float occlusion = 1.0;
        if (has(m, MAT_HAS_OCCLUSION_TEX) && !feature_off(OFF_OCCLUSION_TEX)) {
            occlusion = mix(1.0, texture(textures[m.occlusion_tex], v_uv).r, m.occlusion_strength);
        }

        Surface s;
        s.albedo = base.rgb;
        s.metallic = metallic;
        s.roughness = roughness;
        s.f0 = mix(vec3(0.04), base.rgb, metallic);
        s.n = n;
        s.v = normalize(eye_pos - v_world);

        color = vec3(0.0);
        vec3 to_sun = -normalize(frame.sun_direction.xyz);
        color += shade(s, to_sun, frame.sun_color.rgb) * sun_visibility(v_world, normalize(v_normal));

        if (!feature_off(OFF_PUNCTUAL_LIGHTS)) {
            // Only the lights that may reach this draw (culled on the CPU by range and cone), and
            // the BRDF only where this pixel is inside the light's range and cone.
            uint mask = d.light_mask;
            while (mask != 0u) {
                int i = findLSB(mask);
                mask &= mask - 1u;
                Light light = frame.lights[i];
                vec3 to_light = light.position_range.xyz - v_world;
                float dist = length(to_light);
                vec3 l = to_light / max(dist, 1e-4);
                float attenuation = range_falloff(dist, light.position_range.w);
                if (light.direction_type.w > 0.5) {
                    float cd = dot(normalize(light.direction_type.xyz), -l);
                    float spot = clamp((cd - light.cone.x) * light.cone.y, 0.0, 1.0);
                    attenuation *= spot * spot;
                }
                if (attenuation <= 0.0) continue;
                color += shade(s, l, light.color_intensity.rgb * light.color_intensity.w * attenuation);
            }
        }

        // Ambient: a hemisphere from ground to sky, and the sky reflected in glossy surfaces.
        float n_dot_v = clamp(abs(dot(n, s.v)), 1e-4, 1.0);
        vec3 hemi = mix(frame.sky_ground.rgb, frame.sky_zenith.rgb, n.y * 0.5 + 0.5);
        vec3 ambient_light = frame.ambient.rgb * (0.5 + hemi);
        vec3 spec_color = env_brdf_approx(s.f0, roughness, n_dot_v);
        // Glossy surfaces mirror the sky outdoors and the room's own light indoors.
        vec3 reflected = mix(sky_color(reflect(-s.v, n)) + ambient_light, ambient_light, roughness);
        color += (ambient_light * s.albedo * (1.0 - metallic) + spec_color * reflected) * occlusion;
    }

    if (!feature_off(OFF_EMISSIVE) && any(greaterThan(m.emissive.rgb, vec3(0.0)))) {
        vec3 emissive = m.emissive.rgb;
        if (has(m, MAT_HAS_EMISSIVE_TEX)) emissive *= texture(textures[m.emissive_tex], v_uv).rgb;
        color += emissive;
    }

    color = mix(color, frame.fog.rgb, fog_amount(v_world, eye_pos));
    out_color = vec4(finish(color), alpha);
}
