// qingxing unseal and qingxing secret: opening a sealed report on another machine, and changing
// the centre secret. (Sealing itself is qingxing report --sealed.)
#include "app/cli.h"
#include "app/cli_options.h"
#include "app/modes.h"
#include "app/records_unlock.h"
#include "app/strings.h"
#include "core/platform.h"
#include "core/file.h"
#include "core/i18n.h"
#include "store/records_key.h"
#include "store/sealed_export.h"
#include "store/store.h"

#include <cstdio>
#include <memory>

namespace qx::app {

// qingxing secret: the centre secret changes (a holder left, or it was written down where it should
// not be). The records' key stays; only its seal changes, so nothing in the database is rewritten.
ModeMain add_secret_mode(CLI::App& sub) {
    struct SecretOptions {
        std::string db, secret_file, new_secret_file, lang = "zh-CN";
    };
    auto o = std::make_shared<SecretOptions>();
    sub.add_option("--db", o->db, "records database (default: <data folder>/qingxing.db)");
    add_secret_option(sub, o->secret_file);
    sub.add_option("--new-secret-file", o->new_secret_file,
                   "a file (readable by its owner only) whose first line is the new secret; else asked twice");
    add_lang_option(sub, o->lang);
    return [o] {
        const core::Lang lang = core::parse_lang(o->lang).value_or(core::Lang::zh_CN);
        const std::filesystem::path db = o->db.empty() ? store::Store::default_path() : std::filesystem::path(o->db);
        if (records_lock(db) != RecordsLock::locked) {
            std::fprintf(stderr, "qingxing secret: %s\n",
                         app::trf("app.records.no_key_yet", lang, fmt::arg("db", core::display_path(db))).c_str());
            return int(k_exit_records);
        }
        Unlocked unlocked = unlock_records(db, o->secret_file, lang);
        if (!unlocked.records) {
            std::fprintf(stderr, "qingxing secret: %s\n", unlocked.problem.c_str());
            return int(k_exit_records);
        }
        std::string problem;
        std::optional<std::string> fresh;
        if (!o->new_secret_file.empty()) {
            fresh = read_private_line(core::utf8_path(o->new_secret_file), lang, problem);
        } else {
            say(app::trf("app.records.first_start_loss", lang));
            fresh = ask_hidden(std::string(app::tr("app.records.ask_new", lang)));
            if (fresh && ask_hidden(std::string(app::tr("app.records.ask_again", lang))) != fresh) {
                problem = std::string(app::tr("app.records.secrets_differ", lang));
                fresh.reset();
            } else if (!fresh) {
                problem = app::trf("app.records.no_secret", lang, fmt::arg("db", core::display_path(db)));
            }
        }
        if (fresh) problem = new_secret_problem(*fresh, lang);
        if (!problem.empty()) {
            std::fprintf(stderr, "qingxing secret: %s\n", problem.c_str());
            return int(k_exit_usage);
        }
        store::write_key_file(store::key_file_path(db), *unlocked.records->key, *fresh);
        {
            store::Store s(*unlocked.records);
            s.audit(std::nullopt, "secret_changed", {}, "from the terminal");
        }
        say(app::trf("app.records.secret_changed", lang, fmt::arg("key", core::display_path(store::key_file_path(db)))));
        return int(k_exit_ok);
    };
}

ModeMain add_unseal_mode(CLI::App& sub) {
    struct UnsealOptions {
        std::string file, out, passphrase_file, lang = "zh-CN";
    };
    auto o = std::make_shared<UnsealOptions>();
    sub.add_option("file", o->file, "the sealed export (from qingxing report --sealed)")->required();
    sub.add_option("--out", o->out, "folder to open it into (created if needed)")->required();
    sub.add_option("--passphrase-file", o->passphrase_file,
                   "a file (readable by its owner only) whose first line is the passphrase; else asked");
    add_lang_option(sub, o->lang);
    return [o] {
        const core::Lang lang = core::parse_lang(o->lang).value_or(core::Lang::zh_CN);
        if (std::string problem = out_option_problem(o->out, lang); !problem.empty()) {
            std::fprintf(stderr, "qingxing unseal: %s\n", problem.c_str());
            return int(k_exit_usage);
        }
        std::optional<std::string> secret = ask_passphrase(o->passphrase_file, false, lang, "unseal");
        if (!secret) return int(k_exit_usage);
        std::vector<std::filesystem::path> files = store::unseal_to_folder(core::utf8_path(o->file), *secret, core::utf8_path(o->out));
        say(app::trf("app.seal.opened", lang, fmt::arg("files", files.size()), fmt::arg("path", core::display_path(core::utf8_path(o->out)))));
        return int(k_exit_ok);
    };
}

} // namespace qx::app
