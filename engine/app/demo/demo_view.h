// The open-day tour on a display: the exhibits with their narration and captions, the quiz and
// the score as panels before the visitor, an attract panel between visitors, and the staff's
// keys (window or terminal). Only the aggregate counts are written.
#pragma once

#include "app/demo/demo_stats.h"
#include "stage/frame_loop.h"
#include "app/demo/demo_tour.h"
#include "core/i18n.h"
#include "gpu/resources.h"
#include "render/renderer.h"
#include "ui/font.h"
#include "xr/display.h"

#include <array>
#include <future>
#include <map>
#include <span>

namespace qx::app {

// The pictures of the tour (drawn once per language with the CJK font and uploaded) and where
// they float before the visitor. Slot 0 holds the panel on show, slot 1 the caption; the quiz's
// highlight is a tinted quad on a slot left white. The attract panel is drawn at once; the rest
// (about a second of CJK text on a slow PC) on a worker, so that a headset gets frames from the
// first moment; a picture asked for before the worker is done waits for it.
class DemoPanels {
public:
    // `worn`: the visitor wears a headset (what the panels ask them to put on and hand back);
    // otherwise they watch a plain screen.
    DemoPanels(render::Renderer& renderer, const ui::Font& font, core::Lang lang,
               const std::vector<scene::SceneDef>& scenes, const DemoScript& script, bool worn);

    // Quads in seat space for what the tour shows now, with the caption of the narration line
    // being spoken in `scene` (none: nullptr).
    std::span<const render::OverlayQuad> quads(const DemoTour& tour, const std::string& scene,
                                               const scene::NarrationDef* caption);

    // The pictures, for tests and screenshots.
    static scene::Image draw_attract(const ui::Font& font, core::Lang lang, bool worn);
    static scene::Image draw_question(const ui::Font& font, core::Lang lang, const QuizQuestion& q, int number,
                                      int count);
    static scene::Image draw_feedback(const ui::Font& font, core::Lang lang, const QuizQuestion& q, bool correct);
    static scene::Image draw_score(const ui::Font& font, core::Lang lang, int score, int count, bool worn);
    static scene::Image draw_caption(const ui::Font& font, const std::string& text);

private:
    struct Pictures {
        std::vector<gpu::Image> questions, right, wrong, scores;
        std::map<std::string, gpu::Image> captions; // "<scene>/<line id>"
    };
    static Pictures draw_and_upload(gpu::Context& ctx, const ui::Font& font, core::Lang lang,
                                    const std::vector<QuizQuestion>& quiz,
                                    const std::vector<std::pair<std::string, std::string>>& captions, bool worn);
    // Takes the worker's pictures: when it is done, or (`wait`) once it is.
    void adopt(bool wait);
    void show(std::uint32_t slot, const gpu::Image* image);

    render::Renderer& m_renderer;
    gpu::Image m_attract;
    std::vector<gpu::Image> m_questions, m_right, m_wrong, m_scores;
    std::map<std::string, gpu::Image> m_captions; // "<scene>/<line id>"
    std::future<Pictures> m_drawing;              // valid until adopted
    std::array<const gpu::Image*, 2> m_bound{};
    std::array<render::OverlayQuad, 3> m_quads{};
};

struct DemoViewOptions {
    core::Lang lang = core::Lang::zh_CN;
    bool younger = false;
    float volume = 0.8f;
    double speed = 1.0;           // tour seconds per display second (tests)
    int turns = 0;                // stop after this many finished or abandoned turns (0: until quit)
    bool auto_visitor = false;    // a simulated visitor starts turns and answers (tests, screenshots)
    std::uint64_t seed = 1;
    stage::ViewOptions view;
    std::string screenshot_dir;   // PNGs of a caption, a question, feedback and the score
};

struct DemoViewResult {
    int turns_started = 0, turns_completed = 0, turns_abandoned = 0;
    std::uint64_t validation_messages = 0;
    bool device_lost = false; // the GPU went away and the display could not be rebuilt
    int gpu_rebuilds = 0;     // times the display was rebuilt on a new device after a lost GPU
};

// Runs the open day on `display` until the staff quit or `options.turns` are done. When the GPU is
// lost the display is opened again with `reopen` (its kind fixed) and the tour carries on where it
// was (stage::run_gpu_lives); `display` then holds the new one, or null.
DemoViewResult run_demo_view(std::unique_ptr<xr::Display>& display, const xr::DisplayOptions& reopen,
                             DemoStats& stats, const DemoViewOptions& options);

} // namespace qx::app
