// Runs a program and captures what it printed: for tests of the command line.
#pragma once

#include <csignal>
#include <optional>
#include <string>
#include <vector>

#ifdef _WIN32
// Windows has no signals to send: a kill is TerminateProcess with exit status 128 + 9, as a
// SIGKILL reads on Linux (support/process_win.cpp).
#ifndef SIGKILL
#define SIGKILL 9
#endif
#else
#include <sys/types.h>
#endif

namespace qx::test {

struct ProcessResult {
    int exit_code = -1; // the exit status, or 128 + signal number when killed
    std::string out;    // stdout
    std::string err;    // stderr
};

// Runs `argv[0]` with `argv` and extra "NAME=VALUE" environment entries; waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

// A program running beside the test, read line by line as it prints: for tests that act while it
// runs (the crash test kills one mid-session). Its stderr goes to the test's stderr. The
// destructor kills it if it is still running.
class ChildProcess {
public:
    ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // The next line of stdout (without its newline); nothing at the end of output or after
    // `timeout_s` seconds.
    std::optional<std::string> read_line(double timeout_s);
    void kill(int signal);
    // Waits for it to end: the exit status, or 128 + the signal that ended it.
    int wait();

private:
    // The first whole line read so far, taken out of the buffer, without its line end (\n or \r\n).
    std::optional<std::string> take_line();

#ifdef _WIN32
    void* m_process = nullptr; // HANDLE
    void* m_out = nullptr;     // HANDLE of stdout's pipe
#else
    pid_t m_pid = -1;
    int m_out = -1;
#endif
    std::string m_buffer;
    bool m_eof = false;
    std::optional<int> m_status;
};

inline std::optional<std::string> ChildProcess::take_line() {
    std::size_t nl = m_buffer.find('\n');
    if (nl == std::string::npos) return std::nullopt;
    std::string line = m_buffer.substr(0, nl);
    m_buffer.erase(0, nl + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

} // namespace qx::test
