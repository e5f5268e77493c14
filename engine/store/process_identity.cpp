#include "store/process_identity.h"

#include "core/platform.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <fstream>
#include <sstream>
#endif

namespace qx::store {
namespace {

#ifdef _WIN32
constexpr const char* k_windows_boot = "windows";

// The creation time of process `pid` while it runs; 0 when it has ended or cannot be asked.
std::int64_t read_start_ticks(std::int64_t pid) {
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
    if (!process) return 0;
    FILETIME created{}, exited{}, kernel{}, user{};
    DWORD code = 0;
    std::int64_t ticks = 0;
    if (GetProcessTimes(process, &created, &exited, &kernel, &user) && GetExitCodeProcess(process, &code) &&
        code == STILL_ACTIVE)
        ticks = (std::int64_t(created.dwHighDateTime) << 32) | created.dwLowDateTime;
    CloseHandle(process);
    return ticks;
}

std::string read_boot_id() { return k_windows_boot; }
#else

std::string read_boot_id() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return id;
}

// Field 22 of /proc/<pid>/stat (start time in clock ticks after boot); 0 when unreadable.
std::int64_t read_start_ticks(std::int64_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return 0;
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    std::size_t close = line.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22; ++i) {
        if (!(rest >> field)) return 0;
    }
    try {
        return std::stoll(field);
    } catch (...) {
        return 0;
    }
}
#endif

} // namespace

ProcessIdentity ProcessIdentity::current() {
    ProcessIdentity id;
    id.pid = core::process_id();
    id.boot_id = read_boot_id();
    id.start_ticks = read_start_ticks(id.pid);
    return id;
}

bool ProcessIdentity::alive() const {
    if (pid <= 0 || boot_id.empty() || boot_id != read_boot_id()) return false;
    std::int64_t ticks = read_start_ticks(pid);
    return ticks != 0 && ticks == start_ticks;
}

} // namespace qx::store
