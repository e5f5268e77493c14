// The terminal a session was started from, as a control until the panel is open: Ctrl-C (or
// SIGTERM) ends the session at once with its records kept, and single-letter lines give the
// therapist's most needed commands. Nothing here blocks the frame loop.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qx::app {

// Ctrl-C and SIGTERM set a flag instead of killing the process, so the session can record its
// end (as interrupted, resumable) and write its report.
void install_stop_handlers();
bool stop_requested();

enum class ConsoleCommand { end_now, calm_room, leave_calm, pause_resume, level_up, level_down, prompt_now, help };

// "q" end now, "c" calm room, "r" return from it, "p" pause / resume, "+" / "-" step up / down,
// "n" ask for a rating now, "h" or "?" help. Case and surrounding blanks do not matter.
std::optional<ConsoleCommand> parse_console_command(std::string_view line);

// Whole lines typed on standard input since the last call (never waits; nothing after end of input).
class ConsoleInput {
public:
    std::vector<std::string> poll();

private:
    std::string m_partial;
    bool m_closed = false;
};

} // namespace qx::app
