// Quality tiers: how much the renderer spends per pixel, chosen once per display from what the
// GPU is and how many pixels a second the display asks for (`--quality` overrides the choice).
// Each tier is sized so its frame fits the display's period on the class of GPU it names; the
// README's "Quality tiers" table states the budgets and what the render bench measured.
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qx::render {

enum class Quality {
    standalone, // an integrated, mobile-class or software GPU: the least work a pixel
    pc,         // a discrete PC GPU driving a current headset at 90 Hz: the default
    high,       // a discrete GPU with pixels to spare (a lower-resolution headset)
};

const char* to_string(Quality q);
std::optional<Quality> parse_quality(std::string_view text); // "standalone", "pc", "high"

// What a tier sets in the renderer. Explicit --msaa / --shadow-map given with a tier win over it.
struct QualitySettings {
    int msaa = 4;                       // samples per pixel (the nearest the GPU supports: RendererOptions::msaa)
    std::uint32_t shadow_map_size = 2048;
    float shadow_distance = 12.0f;      // metres around the head the sun's shadow map covers
    std::uint32_t shadow_taps = 9;      // 1 (one hardware-filtered lookup), 9 (3x3) or 16 (4x4)
    std::uint32_t features_off = 0;     // FeatureOff bits the tier leaves out
    // The least share of the eye size (each side) the resolution scaler may draw when the GPU
    // cannot keep to the display's rate: frame rate comes first in a headset (render/resolution_scale.h).
    float min_render_scale = 0.7f;
};
QualitySettings quality_settings(Quality q);

// What the automatic choice looks at.
struct QualityFacts {
    VkPhysicalDeviceType gpu_type = VK_PHYSICAL_DEVICE_TYPE_OTHER;
    std::uint32_t eye_width = 0, eye_height = 0; // the display's render size per eye
    std::optional<double> refresh_hz;            // nullopt: not reported (90 Hz is assumed)
};

struct QualityChoice {
    Quality quality = Quality::pc;
    bool automatic = true;
    double pixel_rate_mpx = 0.0; // both eyes, per second, in millions (0 when not computed)
    double refresh_hz = 90.0;    // what the budget was computed for
    std::string why;             // in English, for the log ("a software GPU (CPU)", ...)
};

// Above this pixel rate (both eyes) a discrete GPU gets the pc tier instead of high: 1440x1600
// per eye at 90 Hz, the Vive Pro / Index class of headset, with a little room.
inline constexpr double k_high_tier_max_mpx = 450.0;
// Above this, standalone's per-pixel work: a little more than Quest 3's 2064x2208 at 90 Hz (820).
inline constexpr double k_pc_tier_max_mpx = 1000.0;

// The GPU time a frame may take at `refresh_hz`: the display's period less the compositor's share
// (README, Quality tiers: 12.4 ms at 72 Hz, 9.6 ms at 90 Hz).
inline constexpr double k_compositor_ms = 1.5;
inline double frame_budget_ms(double refresh_hz) { return 1000.0 / refresh_hz - k_compositor_ms; }

// The tier for these facts: integrated, software and unknown GPUs get standalone; a discrete (or
// virtualised) GPU gets high, pc or standalone by the pixel rate the display asks for.
QualityChoice choose_quality(const QualityFacts& facts);

// `requested` when given (automatic = false), else choose_quality(facts).
QualityChoice resolve_quality(std::optional<Quality> requested, const QualityFacts& facts);

} // namespace qx::render
