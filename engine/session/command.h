#pragma once

#include "session/event.h"

#include <optional>
#include <string>
#include <string_view>

namespace qx::session {

// What the therapist (or, for the calm room only, the resident) asks the controller to do.
enum class CommandKind : std::uint8_t {
    start,      // begin the baseline
    pause,      // freeze the scene; paused time does not count toward dwell or session length
    resume,     // continue after a pause
    stop,       // end exposure: cool-down, final report, close
    calm_room,  // go to the calm room now
    leave_calm, // return from the calm room
    level_up,
    level_down,
    hold,       // stay at this step: no automatic step changes until `release` (safety rules still act)
    release,    // resume automatic stepping after a hold
    prompt_now, // ask for a craving report now
};

std::string_view to_string(CommandKind kind);
std::optional<CommandKind> parse_command_kind(std::string_view text);

enum class CommandSource : std::uint8_t { therapist, resident };

struct Command {
    CommandKind kind = CommandKind::start;
    std::string reason; // why, in the therapist's words; logged with the command
    CommandSource source = CommandSource::therapist;
};

// Whether the command was carried out; `event` is the command or rejection as logged.
struct CommandResult {
    bool accepted = false;
    Event event;
};

} // namespace qx::session
