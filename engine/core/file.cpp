#include "core/file.h"

#include "core/error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

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

bool write_all(int fd, const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
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
    tmp += fmt::format(".tmp{}", ::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(fmt::format("cannot write {}: {}", display_path(path), errno_text()));
    bool ok = write_all(fd, bytes.data(), bytes.size()) && ::fsync(fd) == 0;
    std::string reason = ok ? "" : errno_text();
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
        if (reason.empty()) reason = errno_text();
        ::unlink(tmp.c_str());
        throw Error(fmt::format("cannot write {}: {}", display_path(path), reason));
    }
    // Make the rename itself durable.
    fsync_directory(path.has_parent_path() ? path.parent_path() : fs::path("."));
}

void fsync_directory(const fs::path& dir) {
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void write_file_atomic(const fs::path& path, std::string_view text) {
    write_file_atomic(path, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

fs::path data_root() {
    if (const char* env = std::getenv("QINGXING_DATA_DIR"); env && *env) return fs::path(env);
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path installed = exe.parent_path().parent_path() / "share" / "qingxing";
        if (fs::is_directory(installed / "scenes", ec)) return installed;
    }
    return fs::path(QX_SOURCE_DATA_DIR);
}

fs::path user_data_dir() {
    fs::path dir;
    if (const char* env = std::getenv("QINGXING_HOME"); env && *env) {
        dir = env;
    } else if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
        dir = fs::path(xdg) / "qingxing";
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        dir = fs::path(home) / ".local" / "share" / "qingxing";
    } else {
        dir = fs::current_path() / ".qingxing";
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("cannot create the data folder {}: {}", dir.string(), ec.message()),
                        "set QINGXING_HOME to a writable folder");
    return dir;
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
