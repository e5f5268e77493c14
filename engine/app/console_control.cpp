#include "app/console_control.h"

#include <csignal>
#include <cctype>

#include <poll.h>
#include <unistd.h>

namespace qx::app {
namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_stop_signal(int) { g_stop = 1; }

} // namespace

void install_stop_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
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
    for (std::size_t nl; (nl = m_partial.find('\n')) != std::string::npos;) {
        lines.push_back(m_partial.substr(0, nl));
        m_partial.erase(0, nl + 1);
    }
    return lines;
}

} // namespace qx::app
