// qingxing report: a resident's charts, CSV and JSON of every event, and one HTML page, from the
// records.
#include "app/cli.h"
#include "app/cli_options.h"
#include "app/modes.h"
#include "app/records_unlock.h"
#include "app/report_data.h"
#include "app/strings.h"
#include "core/file.h"
#include "core/i18n.h"
#include "store/resident_code.h"
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
};

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
    std::filesystem::path db = o.db.empty() ? store::Store::default_path() : std::filesystem::path(o.db);
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
    ui::ReportData data = report_data_from_store(store, o.resident, ReportContents{o.with_notes});
    ui::ReportFiles files = ui::write_report(data, o.out, lang, ui::Font::load_cjk());
    store.audit(std::nullopt, "report_exported", o.resident,
                o.with_notes ? "from the terminal, with notes" : "from the terminal");
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
    sub.add_option("--out", o->out, "folder for the report (created if needed)")->required();
    sub.add_option("--db", o->db, "records database (default: <data folder>/qingxing.db)");
    add_secret_option(sub, o->secret_file);
    sub.add_flag("--with-notes", o->with_notes, "include the therapists' free-text notes (left out unless asked)");
    add_lang_option(sub, o->lang);
    return [o] { return run_report(*o); };
}

} // namespace qx::app
