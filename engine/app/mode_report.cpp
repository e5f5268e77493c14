// qingxing report: a resident's charts, CSV and JSON of every event, and one HTML page, from the
// records.
#include "app/cli.h"
#include "app/cli_options.h"
#include "app/modes.h"
#include "app/records_unlock.h"
#include "app/report_data.h"
#include "app/strings.h"
#include "core/platform.h"
#include "core/file.h"
#include "core/i18n.h"
#include "store/resident_code.h"
#include "store/sealed_export.h"
#include "core/clock.h"
#include "store/store.h"
#include "ui/font.h"
#include "ui/report_writer.h"

#include <cstdio>
#include <memory>

namespace qx::app {
namespace {

struct ReportOptions {
    std::string resident;
    std::string out;
    std::string db;
    std::string secret_file;
    std::string lang = "zh-CN";
    bool with_notes = false;
    bool with_frames = false;
    std::string sealed;          // seal the report into this file instead of writing a folder
    std::string passphrase_file; // the sealing passphrase (else asked at the terminal)
};

// Writes the report into a private temporary folder, seals it into `o.sealed`, removes the folder:
// no plaintext copy is left on the disk.
int write_sealed(const ReportOptions& o, const ui::ReportData& data, core::Lang lang, const std::string& secret) {
    const std::filesystem::path work =
        core::user_data_dir() / "tmp" / fmt::format("sealing-{}-{}", o.resident, core::wall_unix_ms());
    struct Cleanup {
        std::filesystem::path p;
        ~Cleanup() {
            std::error_code ec;
            std::filesystem::remove_all(p, ec);
        }
    } cleanup{work};
    ui::write_report(data, work, lang, ui::Font::load_cjk());
    store::seal_folder(work, core::utf8_path(o.sealed), secret);
    say(app::trf("app.seal.written", lang, fmt::arg("resident", o.resident), fmt::arg("path", core::display_path(core::utf8_path(o.sealed)))));
    return k_exit_ok;
}

int run_report(const ReportOptions& o) {
    const core::Lang lang = core::parse_lang(o.lang).value_or(core::Lang::zh_CN);
    if (std::string problem = store::resident_code_problem(o.resident); !problem.empty()) {
        std::fprintf(stderr, "qingxing report: %s\n", problem.c_str());
        return k_exit_usage;
    }
    for (const std::string& problem : {db_option_problem(o.db, lang), out_option_problem(o.out, lang)}) {
        if (problem.empty()) continue;
        std::fprintf(stderr, "qingxing report: %s\n", problem.c_str());
        return k_exit_usage;
    }
    if (o.out.empty() == o.sealed.empty()) {
        std::fprintf(stderr, "qingxing report: %s\n", std::string(app::tr("app.seal.out_or_sealed", lang)).c_str());
        return k_exit_usage;
    }
    std::optional<std::string> seal_with;
    if (!o.sealed.empty()) {
        seal_with = ask_passphrase(o.passphrase_file, true, lang, "report");
        if (!seal_with) return k_exit_usage;
        if (!store::passphrase_problem(*seal_with).empty()) {
            std::fprintf(stderr, "qingxing report: %s\n",
                         app::trf("app.seal.weak", lang, fmt::arg("chars", store::k_min_passphrase_chars)).c_str());
            return k_exit_usage;
        }
    }
    std::filesystem::path db = o.db.empty() ? store::Store::default_path() : core::utf8_path(o.db);
    if (!std::filesystem::exists(db)) {
        std::fprintf(
            stderr, "%s\n",
            app::trf("app.report.no_records", lang, fmt::arg("db", core::display_path(db))).c_str());
        return k_exit_failure;
    }
    Unlocked unlocked = unlock_records(db, o.secret_file, lang);
    if (!unlocked.records) {
        std::fprintf(stderr, "qingxing report: %s\n", unlocked.problem.c_str());
        return k_exit_records;
    }
    auto store_owner = open_unlocked(unlocked, [](const store::RecordsFile& r) { return std::make_unique<store::Store>(r); });
    store::Store& store = *store_owner;
    for (const std::string& line : encryption_notices(db, store.encrypted_backup(), lang)) say(line);
    store.recover_interrupted(); // a session whose process died is reported as interrupted, not running
    if (!store.find_resident(o.resident)) {
        std::fprintf(stderr, "%s\n",
                     app::trf("app.report.no_resident", lang, fmt::arg("resident", o.resident),
                               fmt::arg("db", core::display_path(db)))
                         .c_str());
        return k_exit_failure;
    }
    ui::ReportData data = report_data_from_store(store, o.resident, ReportContents{o.with_notes, o.with_frames});
    store.audit(std::nullopt, "report_exported", o.resident,
                fmt::format("from the terminal{}{}", o.with_notes ? ", with notes" : "", seal_with ? ", sealed" : ""));
    if (seal_with) return write_sealed(o, data, lang, *seal_with);
    ui::ReportFiles files = ui::write_report(data, core::utf8_path(o.out), lang, ui::Font::load_cjk());
    std::printf("%s\n", app::trf("app.report.written", lang, fmt::arg("resident", o.resident),
                                  fmt::arg("sessions", data.sessions.size()),
                                  fmt::arg("path", core::display_path(files.html)))
                            .c_str());
    return k_exit_ok;
}

} // namespace

ModeMain add_report_mode(CLI::App& sub) {
    auto o = std::make_shared<ReportOptions>();
    sub.add_option("--resident", o->resident, "the resident's code, e.g. R-0007")->required();
    sub.add_option("--out", o->out, "folder for the report (created if needed)");
    sub.add_option("--sealed", o->sealed,
                   "instead of --out: seal the report into this one file with a passphrase, to carry it to another "
                   "machine (open it there with qingxing unseal); no plaintext copy is left");
    sub.add_option("--passphrase-file", o->passphrase_file,
                   "with --sealed: a file (readable by its owner only) whose first line is the passphrase; else asked");
    sub.add_option("--db", o->db, "records database (default: <data folder>/qingxing.db)");
    add_secret_option(sub, o->secret_file);
    sub.add_flag("--with-notes", o->with_notes, "include the therapists' free-text notes (left out unless asked)");
    sub.add_flag("--with-frames", o->with_frames,
                 "write frames.csv: every frame's head pose, gaze ray, area looked at and cue level (large)");
    add_lang_option(sub, o->lang);
    return [o] { return run_report(*o); };
}

} // namespace qx::app
