#include "render/quality.h"

#include "render/gpu_types.h"

#include <fmt/format.h>

namespace qx::render {

const char* to_string(Quality q) {
    switch (q) {
    case Quality::standalone: return "standalone";
    case Quality::pc: return "pc";
    case Quality::high: return "high";
    }
    return "pc";
}

std::optional<Quality> parse_quality(std::string_view text) {
    for (Quality q : {Quality::standalone, Quality::pc, Quality::high}) {
        if (text == to_string(q)) return q;
    }
    return std::nullopt;
}

QualitySettings quality_settings(Quality q) {
    QualitySettings s;
    switch (q) {
    case Quality::standalone:
        // Fewer samples, a smaller map over a shorter reach, and one hardware-filtered shadow
        // lookup (a 2x2 comparison) instead of nine: the per-pixel costs that do not carry a cue.
        // Materials, lights, normal maps and fog stay: the foil's crinkle and the lighter's glow
        // are what the scene is for.
        s.msaa = 2;
        s.shadow_map_size = 1024;
        s.shadow_distance = 8.0f;
        s.shadow_taps = 1;
        // Swaying leaves cast no sun shadow: they are drawn into the map again every frame, and
        // an alpha-tested triangle is what a tiled mobile GPU (and lavapipe) charges most for.
        // The leaves lose their shade on each other; culms, rocks and lanterns keep theirs.
        s.features_off = k_off_swaying_cutout_shadows;
        s.min_render_scale = 0.6f; // what standalone headsets drop to under load
        break;
    case Quality::pc:
        break;
    case Quality::high:
        s.msaa = 8;
        s.shadow_map_size = 4096;
        s.shadow_distance = 16.0f;
        s.shadow_taps = 16;
        s.min_render_scale = 0.8f;
        break;
    }
    return s;
}

namespace {

// Why a GPU of this kind gets standalone whatever the display asks for; null for a discrete (or
// virtualised) GPU, whose tier the pixel rate decides.
const char* weak_gpu(VkPhysicalDeviceType type) {
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return nullptr;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "a software GPU (rasterised on the CPU)";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "an integrated GPU";
    default: return "a GPU of unknown kind";
    }
}

} // namespace

QualityChoice choose_quality(const QualityFacts& f) {
    QualityChoice c;
    c.refresh_hz = f.refresh_hz.value_or(90.0);
    c.pixel_rate_mpx = double(f.eye_width) * double(f.eye_height) * 2.0 * c.refresh_hz / 1e6;
    const std::string rate = fmt::format("{}x{} per eye at {:.0f} Hz{} = {:.0f} Mpx/s", f.eye_width, f.eye_height,
                                         c.refresh_hz, f.refresh_hz ? "" : " (assumed)", c.pixel_rate_mpx);
    if (const char* weak = weak_gpu(f.gpu_type)) {
        c.quality = Quality::standalone;
        c.why = weak;
        return c;
    }
    if (c.pixel_rate_mpx <= k_high_tier_max_mpx) {
        c.quality = Quality::high;
        c.why = fmt::format("a discrete GPU, {} (up to {:.0f} gets high)", rate, k_high_tier_max_mpx);
    } else if (c.pixel_rate_mpx <= k_pc_tier_max_mpx) {
        c.quality = Quality::pc;
        c.why = fmt::format("a discrete GPU, {} (up to {:.0f} gets pc)", rate, k_pc_tier_max_mpx);
    } else {
        c.quality = Quality::standalone;
        c.why = fmt::format("a discrete GPU, but {} (over {:.0f})", rate, k_pc_tier_max_mpx);
    }
    return c;
}

QualityChoice resolve_quality(std::optional<Quality> requested, const QualityFacts& facts) {
    QualityChoice c = choose_quality(facts);
    if (!requested) return c;
    c.quality = *requested;
    c.automatic = false;
    c.why = "asked for with --quality";
    return c;
}

} // namespace qx::render
