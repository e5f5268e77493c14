// The environment every test program gives the records it opens and the programs it starts: the
// test centre secret (tests/CMakeLists.txt writes it, readable by its owner only). Set before
// main, unless the test run names another.
#include <cstdlib>

namespace {

const bool k_secret_set = [] {
    const char* given = std::getenv("QINGXING_SECRET_FILE");
    if (!given || !*given) ::setenv("QINGXING_SECRET_FILE", QX_TEST_SECRET_FILE, 1);
    return true;
}();

} // namespace
