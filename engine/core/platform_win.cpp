// core/platform.h on Windows: wide (UTF-16) system calls, UTF-8 everywhere else.
#include "core/platform.h"

#include "core/file.h"

#include <fmt/format.h>

#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

namespace qx::core {
namespace fs = std::filesystem;

namespace {

// The system's message for an error code, in UTF-8, without the trailing line break.
std::string system_message(DWORD code) {
    wchar_t* buffer = nullptr;
    DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                             nullptr, code, 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
    std::string text = n ? utf8_from_utf16(std::wstring_view(buffer, n)) : fmt::format("Windows error {}", code);
    if (buffer) LocalFree(buffer);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == '.')) text.pop_back();
    return text;
}

} // namespace

std::wstring utf16_from_utf8(std::string_view text) {
    if (text.empty()) return {};
    int n = MultiByteToWideChar(CP_UTF8, 0, text.data(), int(text.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(n), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, text.data(), int(text.size()), out.data(), n);
    return out;
}

std::string utf8_from_utf16(std::wstring_view text) {
    if (text.empty()) return {};
    int n = WideCharToMultiByte(CP_UTF8, 0, text.data(), int(text.size()), nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text.data(), int(text.size()), out.data(), n, nullptr, nullptr);
    return out;
}

fs::path utf8_path(std::string_view text) { return fs::path(utf16_from_utf8(text)); }

std::FILE* open_file(const fs::path& path, const char* mode) { return _wfopen(path.c_str(), utf16_from_utf8(mode).c_str()); }

std::optional<std::string> env(const char* name) {
    std::wstring wname = utf16_from_utf8(name);
    DWORD n = GetEnvironmentVariableW(wname.c_str(), nullptr, 0);
    if (n <= 1) return std::nullopt;
    std::wstring value(n, L'\0');
    n = GetEnvironmentVariableW(wname.c_str(), value.data(), n);
    value.resize(n);
    if (value.empty()) return std::nullopt;
    return utf8_from_utf16(value);
}

void set_env(const char* name, const std::string& value, bool overwrite) {
    if (!overwrite && env(name)) return;
    std::wstring wname = utf16_from_utf8(name), wvalue = utf16_from_utf8(value);
    // The C library's call sets both its own copy (read by getenv, as OpenAL does) and the process's.
    _wputenv_s(wname.c_str(), wvalue.c_str());
}

std::vector<std::string> utf8_arguments(int argc, char** argv) {
    int count = 0;
    wchar_t** wargv = CommandLineToArgvW(GetCommandLineW(), &count);
    if (!wargv || count != argc) {
        if (wargv) LocalFree(wargv);
        return {argv, argv + argc};
    }
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) out.push_back(utf8_from_utf16(wargv[i]));
    LocalFree(wargv);
    return out;
}

fs::path executable_path() {
    std::wstring buffer(MAX_PATH, L'\0');
    for (;;) {
        DWORD n = GetModuleFileNameW(nullptr, buffer.data(), DWORD(buffer.size()));
        if (n == 0) return {};
        if (n < buffer.size()) {
            buffer.resize(n);
            return fs::path(buffer);
        }
        buffer.resize(buffer.size() * 2);
    }
}

std::int64_t process_id() { return static_cast<std::int64_t>(GetCurrentProcessId()); }

fs::path default_user_data_dir() {
    // Per machine, so every therapist's Windows account sees the same records.
    PWSTR folder = nullptr;
    fs::path dir;
    if (SUCCEEDED(SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &folder))) dir = fs::path(folder) / L"Qingxing";
    CoTaskMemFree(folder);
    if (dir.empty()) dir = fs::current_path() / L"Qingxing";
    return dir;
}

fs::path default_reports_dir() {
    PWSTR folder = nullptr;
    fs::path dir;
    if (SUCCEEDED(SHGetKnownFolderPath(FOLDERID_Documents, 0, nullptr, &folder))) dir = fs::path(folder) / L"Qingxing";
    CoTaskMemFree(folder);
    return dir;
}

bool write_and_flush(const fs::path& path, std::span<const std::uint8_t> bytes, std::string& error) {
    HANDLE file = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) {
        error = system_message(GetLastError());
        return false;
    }
    const std::uint8_t* data = bytes.data();
    std::size_t left = bytes.size();
    bool ok = true;
    while (ok && left > 0) {
        DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(left, 1u << 30)), written = 0;
        ok = WriteFile(file, data, chunk, &written, nullptr) && written > 0;
        data += written;
        left -= written;
    }
    ok = ok && FlushFileBuffers(file);
    if (!ok) error = system_message(GetLastError());
    CloseHandle(file);
    return ok;
}

bool replace_file(const fs::path& from, const fs::path& to, std::string& error) {
    // MOVEFILE_WRITE_THROUGH: returns once the rename is on the disk.
    if (!MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        error = system_message(GetLastError());
        return false;
    }
    return true;
}

void fsync_directory(const fs::path&) {} // NTFS journals renames; MoveFileEx above waits for it

void restrict_new_files() {}

void console_utf8() {
    SetConsoleOutputCP(CP_UTF8);
    SetConsoleCP(CP_UTF8);
}

} // namespace qx::core
