// The environment every test program gives the records it opens and the programs it starts: the
// test centre secret (tests/CMakeLists.txt writes it, readable by its owner only), and for the
// render and audio tests their drivers' settings. Set before main, unless the test run names
// others. (catch_discover_tests keeps only the first NAME=VALUE of an ENVIRONMENT property.)
#include <cstdlib>

namespace {

const bool k_environment_set = [] {
    const char* given = std::getenv("QINGXING_SECRET_FILE");
    if (!given || !*given) ::setenv("QINGXING_SECRET_FILE", QX_TEST_SECRET_FILE, 1);
#ifdef QX_TEST_VULKAN_VALIDATION
    ::setenv("QX_VULKAN_VALIDATION", "1", 0); // the render tests: any validation message fails
#endif
#ifdef QX_TEST_ALSOFT_NULL
    ::setenv("ALSOFT_DRIVERS", "null", 0); // the audio tests: no sound card needed
#endif
    return true;
}();

} // namespace
