// Per-frame data shared by the scene, sky and shadow shaders. Layout matches
// engine/render/gpu_types.h (std140 / std430); change both together.

#define MAX_LIGHTS 16
#define MAX_TEXTURES 256

// MaterialData.flags: which textures the material has; without one the shader skips the lookup
// (the default it would read is white, or the flat normal).
#define MAT_UNLIT (1u << 0)
#define MAT_HAS_BASE_COLOR_TEX (1u << 2)
#define MAT_HAS_NORMAL_TEX (1u << 3)
#define MAT_HAS_METALLIC_ROUGHNESS_TEX (1u << 4)
#define MAT_HAS_OCCLUSION_TEX (1u << 5)
#define MAT_HAS_EMISSIVE_TEX (1u << 6)

// Feature switches (FrameUniforms.counts.z bits set = feature OFF), for image tests and debug views.
#define OFF_BASE_COLOR_TEX (1 << 0)
#define OFF_NORMAL_TEX (1 << 1)
#define OFF_METALLIC_ROUGHNESS_TEX (1 << 2)
#define OFF_EMISSIVE (1 << 3)
#define OFF_OCCLUSION_TEX (1 << 4)
#define OFF_SHADOWS (1 << 5)
#define OFF_FOG (1 << 6)
#define OFF_BLEND (1 << 7)
#define OFF_PUNCTUAL_LIGHTS (1 << 8)
#define OFF_FADE (1 << 9)
#define OFF_TEXTURE_SKIP (1 << 12) // every texture looked up, a material's defaults too (bench)

struct Light {
    vec4 position_range;  // xyz position (m), w range (m)
    vec4 color_intensity; // rgb colour, w intensity
    vec4 direction_type;  // xyz spot direction, w 0 point / 1 spot
    vec4 cone;            // x cos(outer), y 1 / (cos(inner) - cos(outer))
};

layout(set = 0, binding = 0, std140) uniform FrameUniforms {
    mat4 view_proj[2];
    mat4 inv_view_proj[2];
    vec4 eye_position[2];
    mat4 shadow_view_proj;
    vec4 sun_direction;  // xyz direction the light travels, w size of a shadow-map texel in metres
    vec4 sun_color;      // rgb * intensity, w 1 when shadows are on
    vec4 sky_zenith;     // rgb * sky intensity
    vec4 sky_horizon;
    vec4 sky_ground;
    vec4 ambient;        // rgb * intensity
    vec4 fog;            // rgb colour, w density per metre
    vec4 fog_params;     // x height falloff, y start distance, z max opacity, w base height
    ivec4 counts;        // x light count, y eye offset (two-pass rendering), z OFF_* bits,
                         // w sun shadow lookups a pixel (1, 9 or 16: the quality tier's)
    vec4 time;           // x seconds
    // Finishing in the scene pass (no post pass follows), else unused:
    vec4 finish_fade;    // rgb colour faded to (linear), a amount 0..1
    vec4 finish_params;  // x exposure, y vignette 0..1, z vignette radius, w FINISH_* output
    vec4 finish_extent;  // xy the drawn part's size in pixels
    Light lights[MAX_LIGHTS];
} frame;

struct DrawData {
    mat4 model;
    mat4 normal_matrix;
    uint material;
    float opacity;
    uint light_mask; // bit i: frame.lights[i] may reach this draw
    uint pad1;
};

layout(set = 0, binding = 1, std430) readonly buffer Draws {
    DrawData draws[];
};

layout(set = 0, binding = 2) uniform sampler2DShadow shadow_map;

struct MaterialData {
    vec4 base_color;
    vec4 emissive;      // rgb * strength
    float metallic;
    float roughness;
    float normal_scale;
    float occlusion_strength;
    int base_color_tex; // always valid: missing textures point at defaults
    int normal_tex;
    int metallic_roughness_tex;
    int emissive_tex;
    int occlusion_tex;
    float alpha_cutoff;
    uint alpha_mode;    // 0 opaque, 1 mask, 2 blend
    uint flags;         // bit 0 unlit, bit 1 double-sided, bits 2..6 MAT_HAS_*: textures given
};

layout(set = 1, binding = 0, std430) readonly buffer Materials {
    MaterialData materials[];
};

layout(set = 1, binding = 1) uniform sampler2D textures[MAX_TEXTURES];

// This eye's index: gl_ViewIndex under multiview; the pass's eye when rendering one eye per pass.
int eye_index() { return int(gl_ViewIndex) + frame.counts.y; }

bool feature_off(int bit) { return (frame.counts.z & bit) != 0; }
