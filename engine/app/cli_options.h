// The options several modes share, defined once so they read and check the same everywhere, and
// the terminal's one way of saying a line.
#pragma once

#include "stage/frame_loop.h"

#include "core/i18n.h"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace qx::app {

// A line for the person at the terminal, at once (stdout is flushed: tests and logs read it live).
void say(const std::string& line);

// --display: which display shows the scene. `headless` is offered where the mode can run without
// pictures.
void add_display_option(CLI::App& sub, std::string& display, bool headless_allowed);
// --lang zh-CN|zh|en.
void add_lang_option(CLI::App& sub, std::string& lang, const char* help = "zh-CN or en");
// --width/--height: the render size of one eye in a window or offscreen.
void add_eye_size_options(CLI::App& sub, std::uint32_t& width, std::uint32_t& height);
// Refuses NaN and infinities (CLI::Range lets NaN through: every comparison with it is false).
const CLI::Validator& finite_number();

// What is wrong with a --db given on the command line, in `lang`; empty when nothing is. Its folder
// must exist: a mistyped folder would otherwise start an empty history without a word.
std::string db_option_problem(const std::string& db, core::Lang lang);
// What is wrong with an --out folder given on the command line: a system folder (/, /etc, /usr,
// C:\Windows, ...) is refused; anything else is created if needed.
std::string out_option_problem(const std::string& out, core::Lang lang);

// --resident-model NAME: one of the simulated residents' profiles (the choices are listed in the help).
CLI::Option* add_resident_model_option(CLI::App& sub, std::string& model, const std::string& help);
// --heart-rate SOURCE (ble, ble:ADDRESS, replay:FILE.csv).
void add_heart_rate_option(CLI::App& sub, std::string& source);
// What is wrong with it, in `lang` (a replay file is read to find out); empty when it is usable.
std::string heart_rate_option_problem(const std::string& source, core::Lang lang);
// --quality, --msaa, --shadow-map, --mute: how scenes are drawn and heard.
void add_view_options(CLI::App& sub, stage::ViewOptions& view);

} // namespace qx::app
