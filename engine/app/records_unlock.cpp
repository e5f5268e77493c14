#include "app/records_unlock.h"

#include "app/cli_options.h"
#include "app/strings.h"
#include "core/file.h"
#include "core/log.h"
#include "core/platform.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#ifdef _WIN32
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace qx::app {
namespace fs = std::filesystem;

#ifndef _WIN32
std::optional<std::string> ask_hidden(const std::string& prompt) {
    if (!::isatty(STDIN_FILENO)) return std::nullopt;
    std::fprintf(stderr, "%s", prompt.c_str());
    std::fflush(stderr);
    termios old{};
    const bool have_tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (have_tty) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (have_tty) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    std::fprintf(stderr, "\n");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}
#else
std::optional<std::string> ask_hidden(const std::string& prompt) {
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    DWORD old_mode = 0;
    if (in == INVALID_HANDLE_VALUE || !GetConsoleMode(in, &old_mode)) return std::nullopt; // not a console
    std::fprintf(stderr, "%s", prompt.c_str());
    std::fflush(stderr);
    SetConsoleMode(in, (old_mode | ENABLE_LINE_INPUT) & ~DWORD(ENABLE_ECHO_INPUT));
    std::wstring line;
    wchar_t buffer[256];
    DWORD n = 0;
    while (ReadConsoleW(in, buffer, 256, &n, nullptr) && n > 0) {
        line.append(buffer, n);
        if (line.find(L'\n') != std::wstring::npos) break;
    }
    SetConsoleMode(in, old_mode);
    std::fprintf(stderr, "\n");
    while (!line.empty() && (line.back() == L'\n' || line.back() == L'\r')) line.pop_back();
    std::string text = core::utf8_from_utf16(line);
    SecureZeroMemory(line.data(), line.size() * sizeof(wchar_t));
    return text;
}
#endif

void add_secret_option(CLI::App& sub, std::string& secret_file) {
    sub.add_option("--secret-file", secret_file,
                   "file whose first line is the centre secret that unlocks the records (readable by its owner "
                   "only; default: $QINGXING_SECRET_FILE, else asked at the terminal)");
}

RecordsLock records_lock(const fs::path& db) {
    std::error_code ec;
    if (fs::exists(store::key_file_path(db), ec)) return RecordsLock::locked;
    return store::inspect_records_file(db) == store::RecordsFileKind::not_plaintext ? RecordsLock::key_missing
                                                                                   : RecordsLock::first_start;
}

std::string new_secret_problem(std::string_view secret, core::Lang lang) {
    if (store::secret_problem(secret).empty()) return {};
    return app::trf("app.records.secret_weak", lang, fmt::arg("chars", store::k_min_secret_chars));
}

namespace {

// unlock_with_secret once `lock` is known.
Unlocked unlock_as(const fs::path& db, RecordsLock lock, std::string_view secret, core::Lang lang) {
    Unlocked out;
    const fs::path key_file = store::key_file_path(db);
    switch (lock) {
    case RecordsLock::key_missing:
        out.problem = app::trf("app.records.key_missing", lang, fmt::arg("db", core::display_path(db)),
                               fmt::arg("key", core::display_path(key_file)));
        return out;
    case RecordsLock::first_start: {
        if (std::string weak = new_secret_problem(secret, lang); !weak.empty()) {
            out.problem = weak;
            return out;
        }
        try {
            auto key = std::make_shared<const store::DatabaseKey>(store::DatabaseKey::random());
            // Another program's file at the path is refused by the store with its own message:
            // no key file is left beside it.
            const store::RecordsFileKind kind = store::inspect_records_file(db);
            if (kind != store::RecordsFileKind::absent && kind != store::RecordsFileKind::plaintext_ours) {
                out.records = store::RecordsFile{db, key};
                return out;
            }
            store::write_key_file(key_file, *key, secret);
            out.records = store::RecordsFile{db, key};
            out.created = true;
        } catch (const core::Error& e) {
            out.problem = app::trf("app.records.key_not_written", lang, fmt::arg("why", core::describe(e)));
        }
        return out;
    }
    case RecordsLock::locked:
        break;
    }
    store::UnwrapResult r = store::unwrap_key_file(key_file, secret);
    switch (r.problem) {
    case store::KeyFileProblem::none:
        out.records = store::RecordsFile{db, r.key};
        break;
    case store::KeyFileProblem::wrong_secret:
        out.wrong_secret = true;
        out.problem = app::trf("app.records.wrong_secret", lang, fmt::arg("db", core::display_path(db)));
        break;
    default:
        out.problem = app::trf("app.records.key_unusable", lang, fmt::arg("key", core::display_path(key_file)),
                               fmt::arg("why", r.detail));
        break;
    }
    if (!out.problem.empty()) core::log_warn("store", "{}: {}", core::display_path(key_file), r.detail);
    return out;
}

} // namespace

Unlocked unlock_with_secret(const fs::path& db, std::string_view secret, core::Lang lang) {
    return unlock_as(db, records_lock(db), secret, lang);
}

std::optional<std::string> secret_from_file(const std::string& secret_file, core::Lang lang, std::string& problem) {
    std::string file = secret_file;
    if (file.empty()) {
        if (auto env = core::env("QINGXING_SECRET_FILE")) file = *env;
    }
    if (file.empty()) return std::nullopt;
    return read_private_line(core::utf8_path(file), lang, problem);
}

std::optional<std::string> read_private_line(const fs::path& path, core::Lang lang, std::string& problem) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::is_regular_file(status)) {
        problem = app::trf("app.records.secret_file_missing", lang, fmt::arg("file", core::display_path(path)));
        return std::nullopt;
    }
#ifndef _WIN32
    const fs::perms others = fs::perms::group_all | fs::perms::others_all;
    if ((status.permissions() & others) != fs::perms::none) {
        problem = app::trf("app.records.secret_file_open", lang, fmt::arg("file", core::display_path(path)));
        return std::nullopt;
    }
#endif
    std::ifstream in(path, std::ios::binary);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
        problem = app::trf("app.records.secret_file_empty", lang, fmt::arg("file", core::display_path(path)));
        return std::nullopt;
    }
    return line;
}

Unlocked unlock_records(const fs::path& db, const std::string& secret_file, core::Lang lang) {
    Unlocked out;
    const RecordsLock lock = records_lock(db);
    std::optional<std::string> secret = secret_from_file(secret_file, lang, out.problem);
    if (!out.problem.empty()) return out;
    if (!secret && lock == RecordsLock::first_start) {
        say(app::trf("app.records.first_start", lang, fmt::arg("db", core::display_path(db)),
                     fmt::arg("chars", store::k_min_secret_chars)));
        secret = ask_hidden(std::string(app::tr("app.records.ask_new", lang)));
        std::optional<std::string> again = secret ? ask_hidden(std::string(app::tr("app.records.ask_again", lang)))
                                                  : std::nullopt;
        if (secret && again != secret) {
            out.problem = std::string(app::tr("app.records.secrets_differ", lang));
            return out;
        }
    } else if (!secret && lock == RecordsLock::locked) {
        secret = ask_hidden(std::string(app::tr("app.records.ask", lang)));
    }
    if (!secret && lock != RecordsLock::key_missing) {
        out.problem = app::trf("app.records.no_secret", lang, fmt::arg("db", core::display_path(db)));
        return out;
    }
    out = unlock_as(db, lock, secret.value_or(std::string()), lang);
    if (out.created) {
        say(app::trf("app.records.key_created", lang, fmt::arg("db", core::display_path(db)),
                     fmt::arg("key", core::display_path(store::key_file_path(db)))));
    }
    return out;
}

std::optional<std::string> ask_passphrase(const std::string& file, bool twice, core::Lang lang, const char* mode) {
    std::string problem;
    std::optional<std::string> p;
    if (!file.empty()) {
        p = read_private_line(file, lang, problem);
    } else {
        p = ask_hidden(std::string(app::tr("app.seal.ask", lang)));
        if (p && twice && ask_hidden(std::string(app::tr("app.records.ask_again", lang))) != p) {
            problem = std::string(app::tr("app.seal.differ", lang));
            p.reset();
        } else if (!p) {
            problem = std::string(app::tr("app.seal.none", lang));
        }
    }
    if (!p) std::fprintf(stderr, "qingxing %s: %s\n", mode, problem.c_str());
    return p;
}

void discard_unused_key(const Unlocked& unlocked) {
    if (!unlocked.created || !unlocked.records ||
        store::inspect_records_file(unlocked.records->path) == store::RecordsFileKind::not_plaintext)
        return;
    std::error_code ec;
    fs::remove(store::key_file_path(unlocked.records->path), ec);
}

std::vector<std::string> encryption_notices(const fs::path& db, const std::optional<fs::path>& just_encrypted,
                                            core::Lang lang) {
    std::vector<std::string> lines;
    if (just_encrypted) {
        lines.push_back(app::trf("app.records.encrypted_now", lang, fmt::arg("db", core::display_path(db)),
                                 fmt::arg("backup", core::display_path(*just_encrypted))));
        return lines;
    }
    for (const fs::path& backup : store::unencrypted_backups(db)) {
        lines.push_back(app::trf("app.records.backup_remains", lang, fmt::arg("backup", core::display_path(backup))));
    }
    return lines;
}

} // namespace qx::app
