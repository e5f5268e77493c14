// Dynamic resolution: the share of the eye size drawn each frame, kept to the GPU budget. A
// resident who sees dropped frames gets sick, so when the GPU's frame time overruns the budget the
// scale drops at once (to what should fit, as the cost of a frame goes with its pixels), and when
// there has been room for a while it climbs back a step at a time. The compositor (or the mirror)
// scales the drawn part up; the tier's min_render_scale bounds how far it may drop.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace qx::render {

struct ResolutionScaleOptions {
    double budget_ms = 11.1; // the GPU time a frame may take (the display's period less the compositor's share)
    float min_scale = 0.7f;
    float max_scale = 1.0f;
    float step = 0.05f;            // scales are multiples of this, so a frame's size settles
    double over = 0.95;            // of the budget: a frame above it is over
    int overs_to_drop = 2;         // consecutive frames over before dropping (one spike is not a trend)
    double room = 0.7;             // of the budget: predicted at the next step up, below it is room
    int room_frames_to_climb = 45; // consecutive frames with room before climbing a step
    int settle_frames = 3;         // frames after a change whose timings are of the old size
};

class ResolutionScaler {
public:
    explicit ResolutionScaler(const ResolutionScaleOptions& options);

    // The GPU time of a finished frame. Returns true when the scale changed. `steady` false: the
    // frame drew less than the scene (a fade: a fully faded frame draws nothing), so its time may
    // drop the scale but is no sign of room to climb.
    bool update(double gpu_ms, bool steady = true);
    // The scene drawn from this frame on (its name). On a change the scale the last scene had
    // settled at is kept for it, and a scene shown before starts at its own: a heavier scene does
    // not overrun at a lighter one's scale until two late frames drop it, and a lighter one does
    // not wait 45 frames a step to climb back. A scene not shown before keeps the current scale.
    // Returns true when the scale changed.
    bool scene_shown(std::string_view scene);
    // Scales scenes settled at before (an earlier session's, on the same GPU and display): a scene
    // among them starts at its own when first shown, as if shown before. Each is brought within
    // min_scale..max_scale and onto a step; the ones already known this session are kept.
    void recall(const std::map<std::string, float, std::less<>>& scales);
    // Where each scene shown settled, the current one at the current scale: what recall() takes.
    std::map<std::string, float, std::less<>> scene_scales() const;
    float scale() const { return m_scale; }
    const ResolutionScaleOptions& options() const { return m_o; }
    std::uint64_t drops() const { return m_drops; }
    std::uint64_t climbs() const { return m_climbs; }
    std::uint64_t recalls() const { return m_recalls; } // scene_shown() changes

private:
    float quantize_down(float s) const;

    ResolutionScaleOptions m_o;
    float m_scale = 1.0f;
    int m_overs = 0, m_room = 0, m_settle = 0;
    std::uint64_t m_drops = 0, m_climbs = 0, m_recalls = 0;
    std::string m_scene;
    std::map<std::string, float, std::less<>> m_scene_scales;
};

} // namespace qx::render
