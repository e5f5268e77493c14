#include "app/cli.h"
#include "core/error.h"
#include "core/log.h"

#include "core/platform.h"

#include <cstdio>

int main(int argc, char** argv) {
    // Everything this program writes (the records and their write-ahead log, reports, exports,
    // logs, demo counts) concerns residents' health: readable by this account only, folders 0700.
    qx::core::restrict_new_files();
    qx::core::console_utf8();
    try {
        std::vector<std::string> args = qx::core::utf8_arguments(argc, argv);
        std::vector<char*> pointers;
        for (std::string& arg : args) pointers.push_back(arg.data());
        pointers.push_back(nullptr);
        return qx::app::run(int(args.size()), pointers.data());
    } catch (const std::exception& e) {
        qx::core::log_error("app", "{}", qx::core::describe(e));
        qx::core::Logger::instance().flush();
        std::fprintf(stderr, "qingxing: %s\n", qx::core::describe(e).c_str());
        return qx::app::k_exit_failure;
    }
}
