// What differs between Linux and Windows for the whole program, in one place: UTF-8 text to paths,
// the environment, the program's own location and process, durable file replacement, new files'
// permissions and the console's encoding. platform_posix.cpp and platform_win.cpp implement it.
//
// Text is UTF-8 everywhere in the program. On Windows a std::filesystem::path built from a
// std::string reads it in the C library's code page, not UTF-8, so every path made from text the
// program was given (arguments, the environment, files) goes through utf8_path(); path::string()
// gives UTF-8 on both systems.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qx::core {

std::filesystem::path utf8_path(std::string_view text);

// std::fopen for a path (Windows: _wfopen, so any file name opens).
std::FILE* open_file(const std::filesystem::path& path, const char* mode);

// An environment variable's value in UTF-8; nothing when it is unset or empty.
std::optional<std::string> env(const char* name);
// Sets an environment variable for this process and the programs it starts.
void set_env(const char* name, const std::string& value, bool overwrite = true);

// The command line's arguments in UTF-8 (Windows: read from the wide command line, so names in any
// script survive whatever the console's code page is).
std::vector<std::string> utf8_arguments(int argc, char** argv);

// The running program's own file; empty when the system does not say.
std::filesystem::path executable_path();
std::int64_t process_id();

// Where the records and logs live when nothing names a folder: Linux $XDG_DATA_HOME/qingxing or
// ~/.local/share/qingxing; Windows %ProgramData%\Qingxing (one for every therapist's account).
std::filesystem::path default_user_data_dir();
// Where reports go when nothing names a folder: Linux <default data folder>/reports; Windows the
// signed-in therapist's Documents\Qingxing (the records stay per machine, the reports are theirs).
// Empty when the system does not say (the caller then uses the data folder).
std::filesystem::path default_reports_dir();
// Writes `bytes` to a new file `path` (replacing any) and forces them to the disk. false with the
// system's reason in `error` on failure.
bool write_and_flush(const std::filesystem::path& path, std::span<const std::uint8_t> bytes, std::string& error);
// Renames `from` over `to` in one step (readers see one file or the other); durable on return.
bool replace_file(const std::filesystem::path& from, const std::filesystem::path& to, std::string& error);

// Files this process creates are readable by its account only (POSIX umask 077). Windows: new files
// take their folder's access list; the data folder's is set by the installer.
void restrict_new_files();
// The console prints UTF-8 (Windows: the console's output code page is set to UTF-8).
void console_utf8();

#ifdef _WIN32
// Text for and from Windows' wide (UTF-16) system calls.
std::wstring utf16_from_utf8(std::string_view text);
std::string utf8_from_utf16(std::wstring_view text);
#endif

} // namespace qx::core
