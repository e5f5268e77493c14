// The environment every test program gives the records it opens and the programs it starts: the
// test centre secret (tests/CMakeLists.txt writes it, readable by its owner only), and for the
// render and audio tests their drivers' settings. Set before main, unless the test run names
// others. (catch_discover_tests keeps only the first NAME=VALUE of an ENVIRONMENT property.)
#include "core/platform.h"

namespace {

const bool k_environment_set = [] {
    qx::core::set_env("QINGXING_SECRET_FILE", QX_TEST_SECRET_FILE, false);
#ifdef QX_TEST_VULKAN_VALIDATION
    qx::core::set_env("QX_VULKAN_VALIDATION", "1", false); // the render tests: any validation message fails
#endif
#ifdef QX_TEST_ALSOFT_NULL
    qx::core::set_env("ALSOFT_DRIVERS", "null", false); // the audio tests: no sound card needed
#endif
    return true;
}();

} // namespace
