// qingxing demo: the open-day drug-education tour. In a headset or a window (kiosk: full screen),
// visitor after visitor; headless, simulated visitors take turns in accelerated time (tests).
// Nothing personal is recorded: only counts per day (app/demo_stats.h). Cue-exposure scenes and
// protocols cannot be reached from here.
#include "app/cli.h"
#include "app/cli_options.h"
#include "app/console_control.h"
#include "app/demo/demo_stats.h"
#include "app/demo/demo_tour.h"
#include "app/demo/demo_view.h"
#include "app/strings.h"
#include "stage/frame_loop.h"
#include "app/modes.h"
#include "core/platform.h"
#include "core/error.h"
#include "core/file.h"
#include "core/i18n.h"

#include <cstdio>
#include <memory>

namespace qx::app {
namespace {

struct DemoOptions {
    std::string display = "auto";
    std::string lang = "zh-CN";
    bool younger = false;
    float volume = 0.8f;
    bool fullscreen = false;
    int turns = 0;
    double speed = 0;
    bool auto_visitor = false;
    std::uint64_t seed = 1;
    std::string stats;
    std::string screenshot_dir;
    stage::ViewOptions view;
    std::uint32_t width = 1024, height = 1024;
    std::string scene, protocol; // refused: present only to say why
};

// Simulated visitors, back to back, in fixed 0.1 s ticks: the tour's logic and the counts, no
// pictures or sound.
int run_headless(const DemoOptions& o, DemoStats& stats, core::Lang lang) {
    DemoTour tour(make_demo_script(load_demo_exhibits(), o.younger));
    SimulatedVisitor visitor(o.seed);
    const int turns = o.turns > 0 ? o.turns : 3;
    int finished = 0;
    install_stop_handlers();
    for (double t = 0; finished < turns && !stop_requested(); t += 0.1) {
        DemoInput in = visitor.act(tour, t);
        DemoTour::Events ev = tour.update(t, in);
        const std::string day = local_day();
        if (ev.turn_started) {
            stats.turn_started(day);
            stats.save();
        }
        if (ev.turn_completed) {
            ++finished;
            stats.turn_completed(day, *ev.turn_completed);
            stats.save();
            say(app::trf("demo.staff.turn_completed", lang, fmt::arg("score", *ev.turn_completed),
                          fmt::arg("count", tour.script().quiz.size())) +
                fmt::format(" ({:.0f} s)", t));
        }
    }
    return k_exit_ok;
}

int run_demo(const DemoOptions& o) {
    const core::Lang lang = core::parse_lang(o.lang).value_or(core::Lang::zh_CN);
    if (!o.scene.empty() || !o.protocol.empty()) {
        std::fprintf(stderr, "qingxing demo: %s\n", std::string(app::tr("demo.no_cue_scenes", lang)).c_str());
        return k_exit_usage;
    }
    DemoStats stats(o.stats.empty() ? DemoStats::default_path() : core::utf8_path(o.stats));
    if (const auto& aside = stats.set_aside()) {
        say(app::trf("demo.staff.stats_set_aside", lang, fmt::arg("file", aside->file),
                     fmt::arg("reason", aside->reason), fmt::arg("kept_as", aside->kept_as)));
    }

    std::unique_ptr<xr::Display> display;
    xr::DisplayOptions d;
    d.lang = lang;
    if (o.display != "headless") {
        d.kind = xr::parse_display_kind(o.display);
        d.window_title = "Qingxing 清醒 — " + std::string(app::tr("demo.title", lang));
        d.fullscreen = o.fullscreen;
        d.one_eye_fills_window = o.fullscreen; // the stand's screen: one picture, not a stereo pair
        d.eye_width = o.width;
        d.eye_height = o.height;
        display = stage::open_visible_display(d, lang);
        if (display) d.kind = display->kind(); // a lost GPU is rebuilt on the same kind of display
    }
    if (!display) {
        say(app::trf("demo.staff.stats", lang, fmt::arg("path", core::display_path(stats.file()))));
        return run_headless(o, stats, lang);
    }
    say(app::trf("app.session.display", lang, fmt::arg("name", display->name())));
    DemoViewOptions v;
    v.lang = lang;
    v.younger = o.younger;
    v.volume = o.volume;
    v.speed = o.speed > 0 ? o.speed : 1.0;
    v.turns = o.turns;
    v.auto_visitor = o.auto_visitor;
    v.seed = o.seed;
    v.view = o.view;
    v.screenshot_dir = o.screenshot_dir;
    DemoViewResult r = run_demo_view(display, d, stats, v);
    say(fmt::format("turns: {} started, {} finished, {} ended early", r.turns_started, r.turns_completed,
                    r.turns_abandoned));
    if (r.validation_messages > 0) {
        say(fmt::format("vulkan validation: {} problem(s)", r.validation_messages));
        return k_exit_failure;
    }
    return r.device_lost ? k_exit_failure : k_exit_ok;
}

} // namespace

ModeMain add_demo_mode(CLI::App& sub) {
    auto o = std::make_shared<DemoOptions>();
    add_display_option(sub, o->display, true);
    add_lang_option(sub, o->lang, "zh-CN or en (staff can switch with l)");
    sub.add_flag("--younger", o->younger, "younger-audience mode: leaves out the most distressing narration");
    sub.add_option("--volume", o->volume, "0-1 (staff: + and -)")->check(finite_number())->check(CLI::Range(0.0f, 1.0f))->capture_default_str();
    sub.add_flag("--kiosk,--fullscreen", o->fullscreen, "desktop: full screen, for a plain screen at the stand");
    sub.add_option("--turns", o->turns, "stop after this many turns (headless default 3; else until quit)")
        ->check(CLI::Range(0, 100000));
    sub.add_option("--speed", o->speed, "tour seconds per real second (tests)")
        ->check(finite_number())
        ->check(CLI::Range(0.0, 1000.0));
    sub.add_flag("--auto-visitor", o->auto_visitor, "a simulated visitor starts turns and answers the quiz");
    sub.add_option("--seed", o->seed, "the simulated visitor's seed")->capture_default_str();
    sub.add_option("--stats", o->stats, "the counts file (default: <data folder>/demo-stats.json)");
    sub.add_option("--screenshot-dir", o->screenshot_dir, "save the window at the tour's main moments here");
    add_view_options(sub, o->view);
    add_eye_size_options(sub, o->width, o->height);
    // Not options of this mode: they are here to say plainly why not.
    sub.add_option("--scene", o->scene)->group("");
    sub.add_option("--protocol", o->protocol)->group("");
    return [o] { return run_demo(*o); };
}

} // namespace qx::app
