#pragma once

#include <cstdint>
#include <string>

namespace qx::store {

// Which process owns a running session: enough to tell, after a crash or a power cut, that the
// owner is gone (a reused pid has another start time; a reboot another boot id).
struct ProcessIdentity {
    std::int64_t pid = 0;
    std::string boot_id;
    // Linux: /proc/<pid>/stat field 22 (clock ticks after boot). Windows: the process's creation
    // time (100 ns units since 1601), which already tells one boot from another.
    std::int64_t start_ticks = 0;

    static ProcessIdentity current();
    // True when that very process is still running on this machine.
    bool alive() const;
};

} // namespace qx::store
