// The records the program wrote in a test, opened with the test centre secret
// ($QINGXING_SECRET_FILE, set for every test by tests/CMakeLists.txt).
#pragma once

#include "store/store.h"

#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <fstream>
#include <string>

namespace qx::test {

inline std::string test_secret() {
    const char* file = std::getenv("QINGXING_SECRET_FILE");
    REQUIRE(file != nullptr);
    std::ifstream in(file);
    std::string secret;
    std::getline(in, secret);
    REQUIRE(!secret.empty());
    return secret;
}

inline store::RecordsFile test_records(const std::filesystem::path& db) {
    store::UnwrapResult r = store::unwrap_key_file(store::key_file_path(db), test_secret());
    INFO(r.detail);
    REQUIRE(r.key);
    return {db, r.key};
}

} // namespace qx::test
