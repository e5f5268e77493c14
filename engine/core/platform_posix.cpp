// core/platform.h on Linux (and other POSIX systems).
#include "core/platform.h"

#include "core/file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qx::core {
namespace fs = std::filesystem;

fs::path utf8_path(std::string_view text) { return fs::path(text); }

std::FILE* open_file(const fs::path& path, const char* mode) { return std::fopen(path.c_str(), mode); }

std::optional<std::string> env(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) return std::nullopt;
    return std::string(value);
}

void set_env(const char* name, const std::string& value, bool overwrite) {
    ::setenv(name, value.c_str(), overwrite ? 1 : 0);
}

std::vector<std::string> utf8_arguments(int argc, char** argv) { return {argv, argv + argc}; }

fs::path executable_path() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe;
}

std::int64_t process_id() { return ::getpid(); }

fs::path default_user_data_dir() {
    if (auto xdg = env("XDG_DATA_HOME")) return fs::path(*xdg) / "qingxing";
    if (auto home = env("HOME")) return fs::path(*home) / ".local" / "share" / "qingxing";
    return fs::current_path() / ".qingxing";
}

fs::path default_reports_dir() { return default_user_data_dir() / "reports"; }

bool write_and_flush(const fs::path& path, std::span<const std::uint8_t> bytes, std::string& error) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = std::strerror(errno);
        return false;
    }
    const std::uint8_t* data = bytes.data();
    std::size_t size = bytes.size();
    bool ok = true;
    while (ok && size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ok = false;
        else {
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    }
    ok = ok && ::fsync(fd) == 0;
    if (!ok) error = std::strerror(errno);
    ::close(fd);
    return ok;
}

namespace {
void sync_folder(const fs::path& dir) {
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}
} // namespace

bool replace_file(const fs::path& from, const fs::path& to, std::string& error) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
        error = std::strerror(errno);
        return false;
    }
    // Make the rename itself durable.
    sync_folder(to.has_parent_path() ? to.parent_path() : fs::path("."));
    return true;
}

void fsync_directory(const fs::path& dir) { sync_folder(dir); }

void restrict_new_files() { ::umask(0077); }

void console_utf8() {}

} // namespace qx::core
