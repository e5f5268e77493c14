// Runs a program and captures what it printed: for tests of the command line.
#pragma once

#include <string>
#include <vector>

namespace qx::test {

struct ProcessResult {
    int exit_code = -1; // the exit status, or 128 + signal number when killed
    std::string out;    // stdout
    std::string err;    // stderr
};

// Runs `argv[0]` with `argv` and extra "NAME=VALUE" environment entries; waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

} // namespace qx::test
