#include "app/console_control.h"

#include <atomic>
#include <cctype>
#include <csignal>

#ifdef _WIN32
#include <mutex>
#include <thread>
#include <windows.h>
#else
#include <poll.h>
#include <unistd.h>
#endif

namespace qx::app {
namespace {

#ifdef _WIN32
std::atomic<bool> g_stop{false};

// Ctrl-C, Ctrl-Break, the console window closed, log-off, shut-down. Windows ends the process soon
// after this returns for the last three, so it waits a little for the session to record its end.
BOOL WINAPI on_console_event(DWORD event) {
    g_stop = true;
    if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT) Sleep(4000);
    return TRUE;
}
#else
volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_stop_signal(int) { g_stop = 1; }
#endif

} // namespace

void install_stop_handlers() {
#ifdef _WIN32
    SetConsoleCtrlHandler(on_console_event, TRUE);
#else
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
#endif
}

bool stop_requested() { return g_stop != 0; }

std::optional<ConsoleCommand> parse_console_command(std::string_view line) {
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    if (line.size() != 1) return std::nullopt;
    switch (std::tolower(static_cast<unsigned char>(line[0]))) {
    case 'q': return ConsoleCommand::end_now;
    case 'c': return ConsoleCommand::calm_room;
    case 'r': return ConsoleCommand::leave_calm;
    case 'p': return ConsoleCommand::pause_resume;
    case '+': return ConsoleCommand::level_up;
    case '-': return ConsoleCommand::level_down;
    case 'n': return ConsoleCommand::prompt_now;
    case 'h':
    case '?': return ConsoleCommand::help;
    default: return std::nullopt;
    }
}

#ifdef _WIN32
namespace {
// Windows has no poll() on a console or a pipe: one thread reads standard input as it comes and
// the frame loop takes what it has read.
struct StdinReader {
    std::mutex mutex;
    std::string pending;
    bool closed = false;

    StdinReader() {
        std::thread([this] {
            HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
            char buffer[256];
            for (;;) {
                DWORD n = 0;
                if (in == nullptr || in == INVALID_HANDLE_VALUE || !ReadFile(in, buffer, sizeof buffer, &n, nullptr) || n == 0) {
                    std::lock_guard lock(mutex);
                    closed = true;
                    return;
                }
                std::lock_guard lock(mutex);
                pending.append(buffer, n);
            }
        }).detach();
    }
};
} // namespace

std::vector<std::string> ConsoleInput::poll() {
    static StdinReader reader; // started by the first session that looks at its console
    std::vector<std::string> lines;
    {
        std::lock_guard lock(reader.mutex);
        m_partial += reader.pending;
        reader.pending.clear();
        m_closed = reader.closed;
    }
    for (std::size_t cr; (cr = m_partial.find('\r')) != std::string::npos;) m_partial.erase(cr, 1);
#else
std::vector<std::string> ConsoleInput::poll() {
    std::vector<std::string> lines;
    while (!m_closed) {
        pollfd p{STDIN_FILENO, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) break;
        char buffer[256];
        ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            m_closed = true; // end of input (or /dev/null): stop looking
            break;
        }
        m_partial.append(buffer, static_cast<std::size_t>(n));
    }
#endif
    for (std::size_t nl; (nl = m_partial.find('\n')) != std::string::npos;) {
        lines.push_back(m_partial.substr(0, nl));
        m_partial.erase(0, nl + 1);
    }
    return lines;
}

} // namespace qx::app
