#include "store/process_identity.h"

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace qx::store {
namespace {

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

} // namespace

ProcessIdentity ProcessIdentity::current() {
    ProcessIdentity id;
    id.pid = ::getpid();
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
