#include "core/file.h"

#include "core/error.h"
#include "core/platform.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace qx::core {
namespace fs = std::filesystem;

namespace {

std::string errno_text() { return std::strerror(errno); }

template <typename Container>
Container read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fmt::format("cannot read {}: {}", display_path(path), errno_text()));
    in.seekg(0, std::ios::end);
    std::streamoff size = in.tellg();
    if (size < 0) throw Error(fmt::format("cannot read {}: not a regular file", display_path(path)));
    in.seekg(0, std::ios::beg);
    Container out(static_cast<std::size_t>(size), {});
    in.read(reinterpret_cast<char*>(out.data()), size);
    if (!in) throw Error(fmt::format("cannot read {}: short read", display_path(path)));
    return out;
}

} // namespace

std::string read_text_file(const fs::path& path) {
    if (fs::is_directory(path)) throw Error(fmt::format("cannot read {}: it is a folder", display_path(path)));
    return read_whole<std::string>(path);
}

std::vector<std::uint8_t> read_binary_file(const fs::path& path) {
    if (fs::is_directory(path)) throw Error(fmt::format("cannot read {}: it is a folder", display_path(path)));
    return read_whole<std::vector<std::uint8_t>>(path);
}

void write_file_atomic(const fs::path& path, std::span<const std::uint8_t> bytes) {
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    fs::path tmp = path;
    tmp += fmt::format(".tmp{}", process_id());
    std::string reason;
    if (!write_and_flush(tmp, bytes, reason) || !replace_file(tmp, path, reason)) {
        fs::remove(tmp, ec);
        throw Error(fmt::format("cannot write {}: {}", display_path(path), reason));
    }
}

void write_file_atomic(const fs::path& path, std::string_view text) {
    write_file_atomic(path, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

fs::path data_root() {
    if (auto dir = env("QINGXING_DATA_DIR")) return utf8_path(*dir);
    std::error_code ec;
    if (fs::path exe = executable_path(); !exe.empty()) {
        // Installed on Linux: <prefix>/bin/qingxing with <prefix>/share/qingxing; on Windows the
        // data folders sit beside qingxing.exe.
        for (const fs::path& installed : {exe.parent_path().parent_path() / "share" / "qingxing", exe.parent_path()}) {
            if (fs::is_directory(installed / "scenes", ec)) return installed;
        }
    }
    return utf8_path(QX_SOURCE_DATA_DIR);
}

fs::path user_data_dir() {
    fs::path dir = [] {
        if (auto home = env("QINGXING_HOME")) return utf8_path(*home);
        return default_user_data_dir();
    }();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("cannot create the data folder {}: {}", dir.string(), ec.message()),
                        "set QINGXING_HOME to a writable folder");
    return dir;
}

fs::path reports_dir() {
    if (auto home = env("QINGXING_HOME")) return utf8_path(*home) / "reports";
    fs::path dir = default_reports_dir();
    return dir.empty() ? user_data_dir() / "reports" : dir;
}

std::string display_path(const fs::path& path) {
    std::error_code ec;
    fs::path cwd = fs::current_path(ec);
    if (!ec && path.is_absolute()) {
        fs::path rel = path.lexically_relative(cwd);
        if (!rel.empty() && *rel.begin() != "..") return rel.string();
    }
    return path.string();
}

} // namespace qx::core
