// support/process.h on Windows: CreateProcessW with pipes; a kill is TerminateProcess, whose exit
// status is made to read like the signal's (128 + 9 for SIGKILL), as on Linux.
#include "support/process.h"

#include "core/platform.h"

#include <chrono>
#include <stdexcept>
#include <thread>

#include <windows.h>

namespace qx::test {
namespace {

// One argument quoted the way the C runtime's command-line parser reads it back.
void append_quoted(std::wstring& line, const std::wstring& arg) {
    if (!line.empty()) line += L' ';
    if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
        line += arg;
        return;
    }
    line += L'"';
    for (std::size_t i = 0;; ++i) {
        std::size_t backslashes = 0;
        while (i < arg.size() && arg[i] == L'\\') {
            ++i;
            ++backslashes;
        }
        if (i == arg.size()) {
            line.append(backslashes * 2, L'\\');
            break;
        }
        if (arg[i] == L'"') line.append(backslashes * 2 + 1, L'\\');
        else line.append(backslashes, L'\\');
        line += arg[i];
    }
    line += L'"';
}

// This process's environment with `extra` ("NAME=VALUE") added or replaced, as CreateProcessW
// takes it (sorted is not required for a Unicode block).
std::wstring environment_block(const std::vector<std::string>& extra) {
    std::vector<std::wstring> entries;
    if (wchar_t* block = GetEnvironmentStringsW()) {
        for (const wchar_t* p = block; *p; p += wcslen(p) + 1) entries.emplace_back(p);
        FreeEnvironmentStringsW(block);
    }
    for (const std::string& kv : extra) {
        std::wstring w = qx::core::utf16_from_utf8(kv);
        std::wstring name = w.substr(0, w.find(L'=') + 1);
        std::erase_if(entries, [&](const std::wstring& e) { return _wcsnicmp(e.c_str(), name.c_str(), name.size()) == 0; });
        entries.push_back(w);
    }
    std::wstring out;
    for (const std::wstring& e : entries) {
        out += e;
        out += L'\0';
    }
    out += L'\0';
    return out;
}

struct Pipe {
    HANDLE read = nullptr, write = nullptr;
    Pipe() {
        SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
        if (!CreatePipe(&read, &write, &sa, 0)) throw std::runtime_error("CreatePipe failed");
        SetHandleInformation(read, HANDLE_FLAG_INHERIT, 0); // only the child's end is inherited
    }
};

HANDLE start(const std::vector<std::string>& argv, const std::vector<std::string>& env, HANDLE out, HANDLE err) {
    std::wstring line;
    for (const std::string& a : argv) append_quoted(line, qx::core::utf16_from_utf8(a));
    std::wstring block = environment_block(env);
    STARTUPINFOW si{};
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = out;
    si.hStdError = err;
    PROCESS_INFORMATION pi{};
    std::wstring program = qx::core::utf16_from_utf8(argv.at(0));
    if (!CreateProcessW(program.c_str(), line.data(), nullptr, nullptr, TRUE, CREATE_UNICODE_ENVIRONMENT,
                        block.data(), nullptr, &si, &pi))
        throw std::runtime_error("CreateProcessW failed for " + argv.at(0));
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

// Whatever `pipe` holds now, without waiting; false once its writers have all closed it.
bool read_available(HANDLE pipe, std::string& sink) {
    for (;;) {
        DWORD available = 0;
        if (!PeekNamedPipe(pipe, nullptr, 0, nullptr, &available, nullptr)) return false;
        if (available == 0) return true;
        char buf[4096];
        DWORD n = 0;
        if (!ReadFile(pipe, buf, std::min<DWORD>(available, sizeof buf), &n, nullptr) || n == 0) return false;
        sink.append(buf, n);
    }
}

int exit_status(HANDLE process) {
    WaitForSingleObject(process, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(process, &code);
    return static_cast<int>(code);
}

} // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    Pipe out, err;
    HANDLE process = start(argv, env, out.write, err.write);
    CloseHandle(out.write);
    CloseHandle(err.write);
    ProcessResult result;
    // Read until the program has ended, not until its pipes close: a process it started (Wine's
    // desktop window, once a window was tried) may hold them open long after.
    bool out_open = true, err_open = true;
    while (WaitForSingleObject(process, 2) == WAIT_TIMEOUT) {
        if (out_open) out_open = read_available(out.read, result.out);
        if (err_open) err_open = read_available(err.read, result.err);
    }
    if (out_open) read_available(out.read, result.out);
    if (err_open) read_available(err.read, result.err);
    CloseHandle(out.read);
    CloseHandle(err.read);
    result.exit_code = exit_status(process);
    CloseHandle(process);
    return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    Pipe out;
    m_process = start(argv, env, out.write, GetStdHandle(STD_ERROR_HANDLE));
    CloseHandle(out.write);
    m_out = out.read;
}

ChildProcess::~ChildProcess() {
    if (!m_status) {
        TerminateProcess(m_process, 128 + SIGKILL);
        wait();
    }
    if (m_out) CloseHandle(m_out);
    if (m_process) CloseHandle(m_process);
}

std::optional<std::string> ChildProcess::read_line(double timeout_s) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    while (true) {
        if (auto line = take_line()) return line;
        if (m_eof) return std::nullopt;
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        const bool ended = WaitForSingleObject(m_process, 0) == WAIT_OBJECT_0;
        const std::size_t before = m_buffer.size();
        if (!read_available(m_out, m_buffer)) m_eof = true; // every writer has closed its end
        // Ended and nothing more to read: the end of its output (see run_process).
        if (ended && m_buffer.size() == before) m_eof = true;
        if (!m_eof && m_buffer.size() == before) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void ChildProcess::kill(int signal) {
    if (!m_status) TerminateProcess(m_process, static_cast<UINT>(128 + signal));
}

int ChildProcess::wait() {
    if (m_status) return *m_status;
    m_status = exit_status(m_process);
    return *m_status;
}

} // namespace qx::test
