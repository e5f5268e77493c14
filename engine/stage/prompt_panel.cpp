#include "stage/prompt_panel.h"

#include "render/gpu_scene.h"
#include "stage/strings.h"
#include "ui/canvas.h"

#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace qx::stage {
namespace {

using ui::Canvas;
using ui::Color;

// The panel: 1024 × 512 pixels shown 0.8 m wide, 1.1 m ahead and 0.14 m below the eyes, tilted
// to face them (a comfortable reading distance that never blocks the scene's middle).
constexpr int k_width = 1024, k_height = 512;
constexpr float k_panel_m = 0.80f;
constexpr float k_panel_h_m = k_panel_m * k_height / k_width;
constexpr float k_distance_m = 1.10f, k_drop_m = 0.14f;
// The scale: from x 112 to 912 at y 300.
constexpr double k_scale_x0 = 112, k_scale_x1 = 912, k_scale_y = 300;
constexpr int k_handle_px = 128;
constexpr float k_handle_m = 0.075f;

const Color k_back{22, 36, 40, 236};
const Color k_frame{96, 150, 150, 255};
const Color k_text{240, 244, 240, 255};
const Color k_quiet{170, 188, 186, 255};
const Color k_bar{120, 140, 140, 255};
const Color k_amber{246, 178, 64, 255}; // the handle only: the one thing to look for
const Color k_blue{110, 170, 220, 255};
const Color k_green{110, 200, 140, 255};

core::Lang other(core::Lang l) { return l == core::Lang::zh_CN ? core::Lang::en : core::Lang::zh_CN; }

Canvas background(Color accent) {
    Canvas c(k_width, k_height, k_back);
    c.fill_rect(0, 0, k_width, 6, accent);
    c.fill_rect(0, k_height - 6, k_width, k_height, accent);
    c.fill_rect(0, 0, 6, k_height, k_frame);
    c.fill_rect(k_width - 6, 0, k_width, k_height, k_frame);
    return c;
}

// The question in the session's language, with the other language small beneath it.
void heading(Canvas& c, const ui::Font& font, std::string_view key, core::Lang lang, Color color) {
    font.draw_centred(c, k_width / 2.0, 78, stage::tr(key, lang), 46, color);
    font.draw_centred(c, k_width / 2.0, 130, stage::tr(key, other(lang)), 26, k_quiet);
}

void scale(Canvas& c, const ui::Font& font, core::Lang lang) {
    c.line({k_scale_x0, k_scale_y}, {k_scale_x1, k_scale_y}, 10, k_bar);
    for (int i = 0; i <= 10; ++i) {
        double x = k_scale_x0 + (k_scale_x1 - k_scale_x0) * i / 10.0;
        c.line({x, k_scale_y - 16}, {x, k_scale_y + 16}, i % 5 == 0 ? 5 : 3, k_bar);
        font.draw_centred(c, x, k_scale_y + 48, std::to_string(i), 28, k_quiet);
    }
    font.draw(c, k_scale_x0 - 40, k_scale_y + 104, stage::tr("stage.prompt.none", lang), 28, k_text);
    font.draw_right(c, k_scale_x1 + 40, k_scale_y + 104, stage::tr("stage.prompt.extreme", lang), 28, k_text);
}

scene::Image asking(const ui::Font& font, core::Lang lang) {
    Canvas c = background(k_blue);
    heading(c, font, "stage.prompt.question", lang, k_text);
    scale(c, font, lang);
    font.draw_centred(c, k_width / 2.0, 200, stage::tr("stage.prompt.hint", lang), 28, k_quiet);
    font.draw_centred(c, k_width / 2.0, 466, stage::tr("stage.prompt.break_hint", lang), 28, k_quiet);
    return c.to_image();
}

scene::Image recorded(const ui::Font& font, core::Lang lang) {
    Canvas c = background(k_green);
    heading(c, font, "stage.prompt.recorded", lang, k_green);
    scale(c, font, lang);
    return c.to_image();
}

// A panel that says something instead of asking: a heading and a line beneath it, both in the
// session's language with the other one small, in `accent`.
scene::Image notice(const ui::Font& font, core::Lang lang, std::string_view heading_key, std::string_view line_key,
                    Color accent) {
    Canvas c = background(accent);
    heading(c, font, heading_key, lang, k_text);
    font.draw_centred(c, k_width / 2.0, 300, stage::tr(line_key, lang), 36, accent);
    font.draw_centred(c, k_width / 2.0, 350, stage::tr(line_key, other(lang)), 22, k_quiet);
    return c.to_image();
}

scene::Image taking_a_break(const ui::Font& font, core::Lang lang) {
    return notice(font, lang, "stage.prompt.break", "stage.prompt.break_sub", k_green);
}

// While the records cannot be written: the resident is told to wait, and that the therapist knows
// (exposure is paused meanwhile; no rating could be kept).
scene::Image cannot_save(const ui::Font& font, core::Lang lang) {
    return notice(font, lang, "stage.prompt.cannot_save", "stage.prompt.cannot_save_sub", k_amber);
}

scene::Image handle(const ui::Font& font, int value) {
    const double r = k_handle_px / 2.0;
    Canvas c(k_handle_px, k_handle_px, k_amber.with_alpha(0));
    c.fill_circle({r, r}, r - 2, k_amber);
    c.ring({r, r}, r - 6, 5, {255, 240, 210, 255});
    font.draw_centred(c, r, r, std::to_string(value), value == 10 ? 52 : 64, {30, 24, 16, 255});
    return c.to_image();
}

// Seat space: the panel's centre, tilted back to face the eyes.
glm::mat4 panel_transform() {
    glm::mat4 m = glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, -k_drop_m, -k_distance_m));
    m = glm::rotate(m, std::atan2(k_drop_m, k_distance_m), glm::vec3(1.0f, 0.0f, 0.0f));
    return m;
}

} // namespace

std::vector<scene::Image> PromptPanel::draw(const ui::Font& font, core::Lang lang) {
    std::vector<scene::Image> images;
    images.push_back(asking(font, lang));
    images.push_back(recorded(font, lang));
    images.push_back(taking_a_break(font, lang));
    for (int v = 0; v <= 10; ++v) images.push_back(handle(font, v));
    images.push_back(cannot_save(font, lang));
    return images;
}

PromptPanel::PromptPanel(render::Renderer& renderer, const ui::Font& font, core::Lang lang, std::uint32_t first_slot)
    : m_first_slot(first_slot) {
    gpu::Context& ctx = renderer.context();
    gpu::Uploader up(ctx);
    std::vector<scene::Image> pictures = draw(font, lang);
    m_images.reserve(pictures.size());
    for (std::size_t i = 0; i < pictures.size(); ++i) {
        // Mipmapped: in a headset the 1024-pixel panel covers a few hundred pixels, and text
        // minified without mips shimmers as the head moves.
        m_images.push_back(render::upload_texture(ctx, up, pictures[i], true, true,
                                                  i < 3 || i == k_cannot_save ? "craving prompt panel"
                                                                              : "craving prompt handle"));
    }
    up.submit_and_wait();
    for (std::uint32_t i = 0; i < m_images.size(); ++i) renderer.set_overlay_texture(first_slot + i, m_images[i]);
}

std::span<const render::OverlayQuad> PromptPanel::cannot_save_quads() {
    render::OverlayQuad& back = m_quads[0];
    back.transform = glm::scale(panel_transform(), glm::vec3(k_panel_m, k_panel_h_m, 1.0f));
    back.texture = m_first_slot + k_cannot_save;
    back.tint = {1.0f, 1.0f, 1.0f, 1.0f};
    return {m_quads.data(), 1};
}

std::span<const render::OverlayQuad> PromptPanel::quads(const session::PromptView& view) {
    using Kind = session::PromptView::Kind;
    if (view.kind == Kind::hidden || view.opacity <= 0.0f) return {};
    const glm::mat4 panel = panel_transform();
    render::OverlayQuad& back = m_quads[0];
    back.transform = glm::scale(panel, glm::vec3(k_panel_m, k_panel_h_m, 1.0f));
    back.texture = m_first_slot + (view.kind == Kind::asking ? 0u : view.kind == Kind::recorded ? 1u : 2u);
    back.tint = {1.0f, 1.0f, 1.0f, view.opacity};
    if (view.kind == Kind::break_requested) return {m_quads.data(), 1};

    // The handle rides the scale, a few millimetres in front of the panel.
    float px = float(k_scale_x0 + (k_scale_x1 - k_scale_x0) * double(std::clamp(view.position, 0.0f, 1.0f)));
    glm::vec3 at{(px / k_width - 0.5f) * k_panel_m, (0.5f - float(k_scale_y) / k_height) * k_panel_h_m, 0.004f};
    render::OverlayQuad& knob = m_quads[1];
    knob.transform = glm::scale(glm::translate(panel, at), glm::vec3(k_handle_m, k_handle_m, 1.0f));
    knob.texture = m_first_slot + 3u + std::uint32_t(std::clamp(view.value, 0, 10));
    // Dimmed until an answer can be given, so the resident sees when confirming will count.
    float bright = view.kind == Kind::asking && !view.can_confirm ? 0.6f : 1.0f;
    knob.tint = {bright, bright, bright, view.opacity};
    return {m_quads.data(), 2};
}

} // namespace qx::stage
