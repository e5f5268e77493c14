// The craving prompt as the resident sees it in the headset: a panel floating a little below eye
// level in front of the seat, a 0–10 scale with words at both ends, and a numbered handle that
// moves with the thumbstick. Every picture is drawn once at start-up (text with the CJK font)
// and uploaded; a frame only picks textures and places quads, so nothing is made per frame.
#pragma once

#include "core/i18n.h"
#include "gpu/resources.h"
#include "render/renderer.h"
#include "session/craving_prompt.h"
#include "ui/font.h"

#include <array>
#include <span>
#include <vector>

namespace qx::stage {

class PromptPanel {
public:
    static constexpr std::uint32_t k_slots = 15; // overlay texture slots used, from `first_slot`
    static constexpr std::uint32_t k_cannot_save = 14; // the picture shown while records cannot be saved

    // Draws and uploads the pictures (waits for the GPU: for start-up, not the frame loop).
    PromptPanel(render::Renderer& renderer, const ui::Font& font, core::Lang lang, std::uint32_t first_slot = 0);

    // The quads showing `view`, in seat space (origin at the seated eye point, facing −Z); empty
    // when the prompt is hidden. Valid until the next call.
    std::span<const render::OverlayQuad> quads(const session::PromptView& view);

    // Instead of the prompt while the records cannot be saved: "please wait, your therapist knows".
    std::span<const render::OverlayQuad> cannot_save_quads();

    // The pictures, for tests and screenshots: asking, recorded, break; handles 0..10; cannot save.
    static std::vector<scene::Image> draw(const ui::Font& font, core::Lang lang);

private:
    std::vector<gpu::Image> m_images;
    std::uint32_t m_first_slot;
    std::array<render::OverlayQuad, 2> m_quads{};
};

} // namespace qx::stage
