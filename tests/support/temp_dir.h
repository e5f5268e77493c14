// A fresh, empty folder for one test under $QINGXING_HOME (ctest sets it to the build tree's test
// home), or the system's temporary folder when a test binary runs on its own; removed when the
// test ends. Never the user's own data folder.
#pragma once

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "core/platform.h"

namespace qx::test {

class TempDir {
public:
    explicit TempDir(const std::string& name) {
        static std::atomic<int> counter{0};
        auto home = core::env("QINGXING_HOME");
        std::filesystem::path base =
            home ? core::utf8_path(*home) / "tmp" : std::filesystem::temp_directory_path() / "qingxing-tests";
        m_path =
            base / (name + "-" + std::to_string(core::process_id()) + "-" + std::to_string(counter.fetch_add(1)));
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace qx::test
