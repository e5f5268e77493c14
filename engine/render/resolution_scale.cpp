#include "render/resolution_scale.h"

#include <algorithm>
#include <cmath>

namespace qx::render {

ResolutionScaler::ResolutionScaler(const ResolutionScaleOptions& options) : m_o(options) {
    m_o.min_scale = std::clamp(m_o.min_scale, 0.25f, 1.0f);
    m_o.max_scale = std::clamp(m_o.max_scale, m_o.min_scale, 1.0f);
    m_scale = m_o.max_scale;
}

float ResolutionScaler::quantize_down(float s) const {
    // A hair over, so 0.7 / 0.05 lands on 14 steps and not 13.999.
    float q = std::floor(s / m_o.step + 1e-3f) * m_o.step;
    return std::clamp(q, m_o.min_scale, m_o.max_scale);
}

bool ResolutionScaler::scene_shown(std::string_view scene) {
    if (scene == m_scene) return false;
    if (!m_scene.empty()) m_scene_scales.insert_or_assign(m_scene, m_scale);
    m_scene = std::string(scene);
    auto it = m_scene_scales.find(scene);
    if (it == m_scene_scales.end() || it->second == m_scale) return false;
    m_scale = it->second;
    m_overs = m_room = 0;
    m_settle = m_o.settle_frames; // the next frames' timings may still be the last scene's
    ++m_recalls;
    return true;
}

void ResolutionScaler::recall(const std::map<std::string, float, std::less<>>& scales) {
    for (const auto& [scene, scale] : scales) {
        if (!(scale > 0.0f)) continue;
        m_scene_scales.emplace(scene, quantize_down(std::clamp(scale, m_o.min_scale, m_o.max_scale)));
    }
}

std::map<std::string, float, std::less<>> ResolutionScaler::scene_scales() const {
    std::map<std::string, float, std::less<>> out = m_scene_scales;
    if (!m_scene.empty()) out.insert_or_assign(m_scene, m_scale);
    return out;
}

bool ResolutionScaler::update(double gpu_ms, bool steady) {
    if (!(gpu_ms > 0.0) || !(m_o.budget_ms > 0.0)) return false;
    if (m_settle > 0) {
        --m_settle; // still the old size's frames
        return false;
    }
    const float before = m_scale;
    if (gpu_ms > m_o.budget_ms * m_o.over) {
        m_room = 0;
        if (++m_overs >= m_o.overs_to_drop && m_scale > m_o.min_scale) {
            // The cost of a frame goes with its pixels, the square of the scale: aim below the budget.
            const double fit = double(m_scale) * std::sqrt(m_o.budget_ms * m_o.room / gpu_ms);
            m_scale = std::min(quantize_down(float(fit)), quantize_down(m_scale - m_o.step));
            ++m_drops;
        }
    } else if (!steady) {
        m_overs = m_room = 0; // neither a trend of overruns nor lasting room
    } else {
        m_overs = 0;
        const float up = std::min(m_scale + m_o.step, m_o.max_scale);
        const double predicted = gpu_ms * double(up * up) / double(m_scale * m_scale);
        if (up > m_scale && predicted < m_o.budget_ms * m_o.room) {
            if (++m_room >= m_o.room_frames_to_climb) {
                m_scale = up;
                ++m_climbs;
            }
        } else {
            m_room = 0;
        }
    }
    if (m_scale == before) return false;
    m_overs = m_room = 0;
    m_settle = m_o.settle_frames;
    return true;
}

} // namespace qx::render
