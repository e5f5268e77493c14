#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace qx::app {

// Runs a mode after the command line was parsed; returns the exit status (see cli.h).
using ModeMain = std::function<int()>;

// Each mode adds its options to its subcommand and returns the function that runs it. The
// options live in the returned closure, so a mode's state stays in its own file.
using AddMode = ModeMain (*)(CLI::App& sub);

ModeMain add_render_mode(CLI::App& sub);
ModeMain add_bench_mode(CLI::App& sub);
ModeMain add_check_mode(CLI::App& sub);
ModeMain add_preview_mode(CLI::App& sub);
ModeMain add_run_mode(CLI::App& sub);
ModeMain add_report_mode(CLI::App& sub);
ModeMain add_unseal_mode(CLI::App& sub);
ModeMain add_secret_mode(CLI::App& sub);
ModeMain add_session_mode(CLI::App& sub);
ModeMain add_demo_mode(CLI::App& sub);
ModeMain add_panel_mode(CLI::App& sub);

} // namespace qx::app
