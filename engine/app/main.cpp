#include "app/cli.h"
#include "core/error.h"
#include "core/log.h"

#include <cstdio>
#ifndef _WIN32
#include <sys/stat.h>
#endif

int main(int argc, char** argv) {
#ifndef _WIN32
    // Everything this program writes (the records and their write-ahead log, reports, exports,
    // logs, demo counts) concerns residents' health: readable by this account only, folders 0700.
    ::umask(0077);
#endif
    try {
        return qx::app::run(argc, argv);
    } catch (const std::exception& e) {
        qx::core::log_error("app", "{}", qx::core::describe(e));
        qx::core::Logger::instance().flush();
        std::fprintf(stderr, "qingxing: %s\n", qx::core::describe(e).c_str());
        return qx::app::k_exit_failure;
    }
}
