#include "app/cli.h"
#include "core/error.h"
#include "core/log.h"

#include <cstdio>

int main(int argc, char** argv) {
    try {
        return qx::app::run(argc, argv);
    } catch (const std::exception& e) {
        qx::core::log_error("app", "{}", qx::core::describe(e));
        qx::core::Logger::instance().flush();
        std::fprintf(stderr, "qingxing: %s\n", qx::core::describe(e).c_str());
        return qx::app::k_exit_failure;
    }
}
