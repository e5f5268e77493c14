// app — the `qingxing` executable: parses the command line and runs one mode; owns no engine state
// beyond what a mode creates.
#pragma once

namespace qx::app {

// Exit statuses shared by every mode.
enum ExitCode : int {
    k_exit_ok = 0,
    k_exit_failure = 1,     // the mode ran and failed (a check found problems, a session could not start)
    k_exit_usage = 2,       // the command line is wrong
    k_exit_records = 3,     // the records cannot be unlocked (no or wrong centre secret, key file missing)
};

// Parses argv, sets up logging and runs the chosen mode. Returns the process exit status.
int run(int argc, char** argv);

} // namespace qx::app
