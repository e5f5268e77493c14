#include "app/demo/demo_view.h"

#include "app/cli_options.h"

#include "app/console_control.h"
#include "app/strings.h"
#include "stage/frame_loop.h"
#include "core/platform.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/file.h"
#include "render/gpu_scene.h"
#include "scene/scene_library.h"
#include "ui/canvas.h"

#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

namespace qx::app {
namespace {

using ui::Canvas;
using ui::Color;

constexpr int k_width = 1024, k_height = 512;
constexpr int k_caption_h = 176;
// The panel: 0.9 m wide, 1.3 m ahead, a little below the eyes; captions lower and nearer.
constexpr float k_panel_m = 0.90f, k_panel_h_m = k_panel_m * k_height / k_width;
constexpr float k_caption_m = 0.80f, k_caption_h_m = k_caption_m * k_caption_h / k_width;
// Quiz options: rows of 62 px from y 236.
constexpr double k_option_y0 = 236, k_option_step = 62;

const Color k_back{20, 34, 44, 250}; // nearly opaque: the exhibits' own text must not show through
const Color k_text{242, 244, 240, 255};
const Color k_quiet{168, 186, 190, 255};
const Color k_accent{98, 170, 226, 255};
const Color k_good{110, 200, 140, 255};
const Color k_warn{240, 170, 90, 255};

core::Lang other(core::Lang l) { return l == core::Lang::zh_CN ? core::Lang::en : core::Lang::zh_CN; }

Canvas panel(Color accent) {
    Canvas c(k_width, k_height, k_back);
    c.fill_rect(0, 0, k_width, 8, accent);
    return c;
}

// Wrapped lines centred on the panel from `y`; returns the y below them.
double centred(Canvas& c, const ui::Font& font, std::string_view text, double y, double px, Color color,
               double width = k_width - 120) {
    for (const std::string& line : font.wrap(text, px, width)) {
        font.draw_centred(c, k_width / 2.0, y, line, px, color);
        y += px * 1.35;
    }
    return y;
}

std::string quiz_key(const QuizQuestion& q, const std::string& part) { return "demo.quiz." + q.id + "." + part; }

glm::mat4 facing(glm::vec3 at) {
    glm::mat4 m = glm::translate(glm::mat4(1.0f), at);
    return glm::rotate(m, std::atan2(-at.y, -at.z), glm::vec3(1.0f, 0.0f, 0.0f));
}

} // namespace

scene::Image DemoPanels::draw_attract(const ui::Font& font, core::Lang lang, bool worn) {
    Canvas c = panel(k_accent);
    font.draw_centred(c, k_width / 2.0, 92, app::tr("demo.title", lang), 64, k_text);
    font.draw_centred(c, k_width / 2.0, 152, app::tr("demo.title", other(lang)), 30, k_quiet);
    double y = centred(c, font, app::tr("demo.attract.line1", lang), 240, 36, k_accent);
    y = centred(c, font, app::tr(worn ? "demo.attract.line2" : "demo.attract.line2_screen", lang), y + 24, 30, k_text);
    centred(c, font, app::tr("demo.attract.line3", lang), y + 18, 26, k_quiet);
    return c.to_image();
}

scene::Image DemoPanels::draw_question(const ui::Font& font, core::Lang lang, const QuizQuestion& q, int number,
                                       int count) {
    Canvas c = panel(k_accent);
    font.draw(c, 40, 44, app::trf("demo.quiz.progress", lang, fmt::arg("number", number), fmt::arg("count", count)),
              24, k_accent);
    double y = centred(c, font, app::tr(quiz_key(q, "q"), lang), 104, 38, k_text);
    centred(c, font, app::tr(quiz_key(q, "q"), other(lang)), y - 10, 22, k_quiet);
    for (int i = 0; i < q.options; ++i) {
        double row = k_option_y0 + k_option_step * i;
        c.fill_rect(60, row - 26, k_width - 60, row + 26, {255, 255, 255, 18});
        font.draw(c, 84, row + 11, fmt::format("{}   {}", i + 1, app::tr(quiz_key(q, "a" + std::to_string(i)), lang)),
                  32, k_text);
    }
    centred(c, font, app::tr("demo.quiz.hint", lang), 470, 22, k_quiet);
    return c.to_image();
}

scene::Image DemoPanels::draw_feedback(const ui::Font& font, core::Lang lang, const QuizQuestion& q, bool correct) {
    Canvas c = panel(correct ? k_good : k_warn);
    std::string answer(app::tr(quiz_key(q, "a" + std::to_string(q.correct)), lang));
    std::string head = correct ? std::string(app::tr("demo.quiz.correct", lang))
                               : app::trf("demo.quiz.wrong", lang, fmt::arg("answer", answer));
    double y = centred(c, font, head, 110, correct ? 60 : 40, correct ? k_good : k_warn);
    y = centred(c, font, app::tr(quiz_key(q, "why"), lang), y + 30, 32, k_text);
    centred(c, font, app::tr(quiz_key(q, "why"), other(lang)), y + 14, 22, k_quiet);
    return c.to_image();
}

scene::Image DemoPanels::draw_score(const ui::Font& font, core::Lang lang, int score, int count, bool worn) {
    Canvas c = panel(k_good);
    font.draw_centred(c, k_width / 2.0, 120,
                      app::trf("demo.score.title", lang, fmt::arg("score", score), fmt::arg("count", count)), 60,
                      k_text);
    font.draw_centred(c, k_width / 2.0, 182,
                      app::trf("demo.score.title", other(lang), fmt::arg("score", score), fmt::arg("count", count)),
                      26, k_quiet);
    double y = centred(c, font, app::tr(score * 4 >= count * 3 ? "demo.score.good" : "demo.score.more", lang), 268,
                       34, k_good);
    centred(c, font, app::tr(worn ? "demo.score.thanks" : "demo.score.thanks_screen", lang), y + 40, 28, k_text);
    return c.to_image();
}

scene::Image DemoPanels::draw_caption(const ui::Font& font, const std::string& text) {
    Canvas c(k_width, k_caption_h, {10, 12, 14, 200});
    std::vector<std::string> lines = font.wrap(text, 34, k_width - 80);
    double y = k_caption_h / 2.0 - (double(lines.size()) - 1.0) * 34 * 1.35 / 2.0;
    for (const std::string& line : lines) {
        font.draw_centred(c, k_width / 2.0, y, line, 34, k_text);
        y += 34 * 1.35;
    }
    return c.to_image();
}

DemoPanels::DemoPanels(render::Renderer& renderer, const ui::Font& font, core::Lang lang,
                       const std::vector<scene::SceneDef>& scenes, const DemoScript& script, bool worn)
    : m_renderer(renderer) {
    gpu::Context& ctx = renderer.context();
    gpu::Uploader up(ctx);
    m_attract = render::upload_texture(ctx, up, draw_attract(font, lang, worn), true, true, "demo attract panel");
    up.submit_and_wait();
    // The worker gets copies of the texts: the staff may switch the audience (a new script) while
    // it draws. The font outlives every set of panels.
    std::vector<std::pair<std::string, std::string>> captions;
    for (const scene::SceneDef& s : scenes) {
        for (const scene::NarrationDef& n : s.narration) {
            captions.emplace_back(s.name + "/" + n.id, lang == core::Lang::zh_CN ? n.text.zh : n.text.en);
        }
    }
    m_drawing = std::async(std::launch::async, [&ctx, &font, lang, quiz = script.quiz, captions = std::move(captions), worn] {
        return draw_and_upload(ctx, font, lang, quiz, captions, worn);
    });
    // Both slots point at this set's pictures from the start, so a language switch (a new set)
    // never leaves a slot naming an image of the old one.
    show(0, &m_attract);
    show(1, &m_attract);
}

DemoPanels::Pictures DemoPanels::draw_and_upload(gpu::Context& ctx, const ui::Font& font, core::Lang lang,
                                                 const std::vector<QuizQuestion>& quiz,
                                                 const std::vector<std::pair<std::string, std::string>>& captions,
                                                 bool worn) {
    core::Stopwatch sw;
    Pictures p;
    gpu::Uploader up(ctx);
    const int count = int(quiz.size());
    for (int i = 0; i < count; ++i) {
        const QuizQuestion& q = quiz[std::size_t(i)];
        p.questions.push_back(render::upload_texture(ctx, up, draw_question(font, lang, q, i + 1, count), true, true, "demo question"));
        p.right.push_back(render::upload_texture(ctx, up, draw_feedback(font, lang, q, true), true, true, "demo feedback"));
        p.wrong.push_back(render::upload_texture(ctx, up, draw_feedback(font, lang, q, false), true, true, "demo feedback"));
    }
    for (int s = 0; s <= count; ++s) {
        p.scores.push_back(render::upload_texture(ctx, up, draw_score(font, lang, s, count, worn), true, true, "demo score"));
    }
    for (const auto& [key, text] : captions) {
        p.captions.emplace(key, render::upload_texture(ctx, up, draw_caption(font, text), true, true, "demo caption"));
    }
    up.submit_and_wait();
    core::log_info("demo", "{} quiz, score and caption pictures drawn in {:.0f} ms",
                   p.questions.size() + p.right.size() + p.wrong.size() + p.scores.size() + p.captions.size(), sw.millis());
    return p;
}

void DemoPanels::adopt(bool wait) {
    if (!m_drawing.valid()) return;
    if (!wait && m_drawing.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    Pictures p = m_drawing.get(); // rethrows what the worker threw (an upload on a lost GPU)
    m_questions = std::move(p.questions);
    m_right = std::move(p.right);
    m_wrong = std::move(p.wrong);
    m_scores = std::move(p.scores);
    m_captions = std::move(p.captions);
}

void DemoPanels::show(std::uint32_t slot, const gpu::Image* image) {
    if (!image || m_bound[slot] == image) return;
    m_bound[slot] = image;
    m_renderer.set_overlay_texture(slot, *image);
}

std::span<const render::OverlayQuad> DemoPanels::quads(const DemoTour& tour, const std::string& scene,
                                                       const scene::NarrationDef* caption) {
    using Phase = DemoTour::Phase;
    // Anything but the attract panel is the worker's: wait for it only when it is asked for.
    adopt(tour.phase() != Phase::attract && (tour.phase() != Phase::stop || caption));
    std::size_t n = 0;
    const gpu::Image* main = nullptr;
    const int q = std::clamp(tour.question(), 0, int(m_questions.size()) - 1);
    switch (tour.phase()) {
    case Phase::attract: main = &m_attract; break;
    case Phase::stop: break;
    case Phase::question: main = m_questions.empty() ? nullptr : &m_questions[std::size_t(q)]; break;
    case Phase::feedback:
        main = m_questions.empty() ? nullptr : tour.last_correct() ? &m_right[std::size_t(q)] : &m_wrong[std::size_t(q)];
        break;
    case Phase::score: main = &m_scores[std::size_t(std::clamp(tour.score(), 0, int(m_scores.size()) - 1))]; break;
    }
    const glm::mat4 panel_at = facing({0.0f, -0.05f, -1.3f});
    if (main) {
        show(0, main);
        m_quads[n++] = {glm::scale(panel_at, glm::vec3(k_panel_m, k_panel_h_m, 1.0f)), 0u, glm::vec4(1.0f)};
        if (tour.phase() == Phase::question) {
            // The chosen option: a soft highlight over its row (slot 2 is left white).
            double row = k_option_y0 + k_option_step * tour.selected();
            glm::vec3 at{0.0f, (0.5f - float(row) / k_height) * k_panel_h_m, 0.003f};
            glm::vec3 size{k_panel_m * (k_width - 120.0f) / k_width, k_panel_h_m * 56.0f / k_height, 1.0f};
            m_quads[n++] = {glm::scale(glm::translate(panel_at, at), size), 2u, glm::vec4(0.4f, 0.7f, 1.0f, 0.35f)};
        }
    }
    if (caption) {
        auto it = m_captions.find(scene + "/" + caption->id);
        if (it != m_captions.end()) {
            show(1, &it->second);
            glm::mat4 at = facing({0.0f, -0.46f, -1.15f});
            m_quads[n++] = {glm::scale(at, glm::vec3(k_caption_m, k_caption_h_m, 1.0f)), 1u, glm::vec4(1.0f)};
        }
    }
    return {m_quads.data(), n};
}

namespace {

// What an open day keeps across GPU lives: the tour and where the visitor is in it, the staff's
// settings, the counts, the clock.
struct DemoRun {
    DemoRun(DemoStats& st, const DemoViewOptions& options)
        : o(options), stats(st), lang(options.lang), younger(options.younger), volume(options.volume),
          exhibits(load_demo_exhibits()), tour(make_demo_script(exhibits, younger)), font(ui::Font::load_cjk()),
          visitor(options.seed) {}

    const DemoViewOptions& o;
    DemoStats& stats;
    core::Lang lang;
    bool younger;
    float volume;
    std::vector<scene::SceneDef> exhibits;
    DemoTour tour;
    ui::Font font;
    ConsoleInput console;
    SimulatedVisitor visitor;
    std::vector<std::string> shots_taken;
    DemoViewResult result;
    int last_move_sign = 0;
    bool quit = false;
    double clock_offset = 0.0; // display seconds shown by earlier GPU lives
    double last_seconds = 0.0;

    void say_state() const {
        say(app::trf("demo.staff.state", lang, fmt::arg("lang", core::lang_code(lang)),
                      fmt::arg("younger", app::tr(younger ? "demo.staff.on" : "demo.staff.off", lang)),
                      fmt::arg("volume", std::lround(volume * 100))));
    }
    // With screenshots being taken, the visitor waits for each moment's picture before moving on.
    bool pictured(const char* moment) const {
        return o.screenshot_dir.empty() || std::find(shots_taken.begin(), shots_taken.end(), moment) != shots_taken.end();
    }
};

// The staff's keys (in the window) and lines (in the terminal). Returns whether the panels must
// be drawn again (the language changed).
bool staff_keys(DemoRun& run, const std::string& keys, DemoInput& in, stage::ScenePlayer& player,
                audio::AudioEngine& sound) {
    bool redraw = false;
    for (char k : keys) {
        switch (k) {
        case 'n': in.start = true; break;
        case 's': in.stop = true; break;
        case 'q': run.quit = true; break;
        case 'l':
            run.lang = other(run.lang);
            core::set_current_lang(run.lang);
            redraw = true;
            run.say_state();
            break;
        case 'y':
            run.younger = !run.younger;
            player.set_younger_audience(run.younger);
            run.say_state();
            break;
        case '+':
        case '=':
            run.volume = std::min(1.0f, run.volume + 0.1f);
            sound.set_master_volume(run.volume);
            run.say_state();
            break;
        case '-':
            run.volume = std::max(0.0f, run.volume - 0.1f);
            sound.set_master_volume(run.volume);
            run.say_state();
            break;
        default: break;
        }
    }
    return redraw;
}

// The tour's turns into the counts file and the staff's terminal.
void count_turns(DemoRun& run, const DemoTour::Events& ev) {
    const std::string day = local_day();
    DemoViewResult& result = run.result;
    if (ev.turn_started) {
        ++result.turns_started;
        run.stats.turn_started(day);
        run.stats.save();
        say(app::trf("demo.staff.turn_started", run.lang, fmt::arg("number", result.turns_started),
                      fmt::arg("today", run.stats.days().at(day).turns_started)));
    }
    if (ev.turn_completed) {
        ++result.turns_completed;
        run.stats.turn_completed(day, *ev.turn_completed);
        run.stats.save();
        say(app::trf("demo.staff.turn_completed", run.lang, fmt::arg("score", *ev.turn_completed),
                      fmt::arg("count", run.tour.script().quiz.size())));
    }
    if (ev.turn_abandoned) {
        ++result.turns_abandoned;
        say(std::string(app::tr("demo.staff.turn_abandoned", run.lang)));
    }
}

// One GPU life of the open day: the view stack and panels on `display`'s device and the frame
// loop, until the staff quit, the turns asked for are done or the GPU is lost.
stage::FrameLoopResult show_demo_on(xr::Display& display, DemoRun& run) {
    const DemoViewOptions& o = run.o;
    DemoTour& tour = run.tour;
    stage::ViewStack view(display, o.view);
    render::Renderer& renderer = view.renderer;
    audio::AudioEngine& sound = view.sound;
    sound.set_master_volume(run.volume);
    view.scenes.request(tour.script().attract_scene);
    for (const DemoStop& s : tour.script().stops) view.scenes.request(s.scene);
    // In a headset the runtime gets frames from the first moment (the calm colour until the
    // attract scene is loaded, then it fades in); a window may wait for the calm room.
    const bool worn = display.kind() == xr::DisplayKind::openxr;
    stage::ScenePlayer player(renderer, view.scenes, &sound,
                              worn ? stage::ScenePlayer::Start::at_once : stage::ScenePlayer::Start::calm_room_loaded);
    player.set_younger_audience(run.younger);
    std::optional<DemoPanels> panels;
    panels.emplace(renderer, run.font, run.lang, run.exhibits, tour.script(), worn);

    stage::FrameLoopResult loop = stage::run_frame_loop(display, renderer, player, [&](const stage::FrameContext& f, session::Target& t) {
        run.last_seconds = run.clock_offset + f.seconds;
        const double now = run.last_seconds * o.speed;
        DemoInput in;
        // The visitor (controller or keys).
        int sign = f.input.slider_rate > 0.5f ? 1 : f.input.slider_rate < -0.5f ? -1 : 0;
        if (sign != 0 && sign != run.last_move_sign) in.move = sign; // one step per push
        run.last_move_sign = sign;
        if (f.input.typed_rating && *f.input.typed_rating >= 1) in.pick = *f.input.typed_rating - 1;
        in.confirm = f.input.confirm;
        if (o.auto_visitor) {
            DemoInput a = run.visitor.act(tour, now, [&](const char* moment) { return run.pictured(moment); });
            in.start = in.start || a.start;
            if (a.pick) in.pick = a.pick;
        }
        std::string keys = f.input.keys;
        for (const std::string& line : run.console.poll()) keys += line;
        if (staff_keys(run, keys, in, player, sound)) panels.emplace(renderer, run.font, run.lang, run.exhibits, tour.script(), worn);
        if (stop_requested()) run.quit = true;
        count_turns(run, tour.update(now, in));

        // Narration belongs to the exhibits: the attract loop and the quiz are quiet.
        player.set_narration_enabled(tour.phase() == DemoTour::Phase::stop);
        t = tour.target();
        const scene::NarrationDef* caption = tour.phase() == DemoTour::Phase::stop ? player.narration() : nullptr;
        player.set_seat_overlays(panels->quads(tour, player.showing(), caption));

        // Screenshots for the README: the attract panel, a caption, a question, feedback, the score.
        if (!o.screenshot_dir.empty() && f.rendering) {
            std::string moment = tour.phase() == DemoTour::Phase::stop ? (caption ? "caption" : "")
                                                                       : to_string(tour.phase());
            // A real second into the attract loop; other moments a little in, before the shorter
            // ones (feedback) are over even at test speeds. Either way only once the moment's scene
            // is on screen with its fade done: a slow frame can leave a change half-way (a flat
            // veil in the picture) after the tour's clock has moved on.
            double settle = tour.phase() == DemoTour::Phase::attract ? 1.0 * o.speed : std::min(1.0 * o.speed, 2.0);
            bool settled = tour.phase_seconds(now) >= settle && player.shows_clearly(t);
            if (!moment.empty() && settled && !run.pictured(moment.c_str())) {
                run.shots_taken.push_back(moment);
                std::filesystem::create_directories(o.screenshot_dir);
                display.request_screenshot((core::utf8_path(o.screenshot_dir) / ("demo-" + moment + ".png")).string());
            }
        }
        display.set_status(std::string(app::tr("demo.title", run.lang)) + " · " + to_string(tour.phase()));
        const DemoViewResult& r = run.result;
        bool done = o.turns > 0 && r.turns_completed + r.turns_abandoned >= o.turns &&
                    tour.phase() == DemoTour::Phase::attract;
        return !run.quit && !done && !display.quit_requested();
    }, view.loop);
    run.result.validation_messages += display.context().validation_message_count();
    say(fmt::format("frames: {}", display.stats().summary()));
    return loop;
}

} // namespace

DemoViewResult run_demo_view(std::unique_ptr<xr::Display>& display, const xr::DisplayOptions& reopen,
                             DemoStats& stats, const DemoViewOptions& o) {
    core::set_current_lang(o.lang);
    DemoRun run(stats, o);
    install_stop_handlers();
    say(std::string(app::tr("demo.staff.help", run.lang)));
    run.say_state();
    say(app::trf("demo.staff.stats", run.lang, fmt::arg("path", core::display_path(stats.file()))));

    // A lost GPU: the visitor sees nothing for a moment, then the tour carries on where it was on
    // a new device (its clock continuing); the counts are kept either way.
    stage::GpuLives lives;
    lives.wanted = [&] { return !run.quit; };
    lives.lost = [&](const std::string& why) { say(app::trf("demo.staff.gpu_lost", run.lang, fmt::arg("why", why))); };
    lives.reopened = [&](const std::string&, const std::string& problem) {
        if (!problem.empty()) {
            say(app::trf("demo.staff.gpu_not_rebuilt", run.lang, fmt::arg("why", problem)));
            return;
        }
        run.clock_offset = run.last_seconds;
        say(app::trf("demo.staff.gpu_rebuilt", run.lang, fmt::arg("display", display->name())));
    };
    stage::GpuLivesResult shown =
        stage::run_gpu_lives(display, reopen, [&](xr::Display& on) { return show_demo_on(on, run); }, lives);
    run.result.device_lost = shown.last.device_lost;
    run.result.gpu_rebuilds = shown.rebuilds;
    return run.result;
}

} // namespace qx::app
