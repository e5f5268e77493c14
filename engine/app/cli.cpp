#include "app/cli.h"

#include "app/modes.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "core/log.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace qx::app {
namespace {

struct Mode {
    const char* name;
    const char* summary;
    AddMode add;
};

constexpr Mode k_modes[] = {
    {"panel", "the therapist's control panel: sign in, run sessions, history, reports (needs a screen)", add_panel_mode},
    {"session", "run an exposure session for a resident (headset, desktop window or headless)", add_session_mode},
    {"demo", "run the open-day drug-education tour (exhibits, narration, quiz; records only counts)", add_demo_mode},
    {"run", "simulate whole courses of sessions with a simulated resident or scripted reports", add_run_mode},
    {"render", "render a scene at a cue level to a PNG (offscreen)", add_render_mode},
    {"preview", "show a scene at a level on the headset, in a window or headless", add_preview_mode},
    {"report", "write a resident's charts, CSV, JSON and HTML report (or seal it into one file)", add_report_mode},
    {"unseal", "open a report sealed with qingxing report --sealed, on another machine", add_unseal_mode},
    {"secret", "change the centre secret that unlocks the records (the records stay as they are)", add_secret_mode},
    {"check", "validate scene and protocol files and list every problem", add_check_mode},
    {"bench", "measure rendering and simulation speed; write JSON", add_bench_mode},
};

struct GlobalOptions {
    std::string log_level = "info";
    bool quiet = false;
};

// The data folder holds the records, reports, logs and demo counts: this account's alone. An
// earlier version left it 0755 with 0644 files in it; closing the folder closes them all.
void restrict_data_folder() {
#ifndef _WIN32
    std::error_code ec;
    const std::filesystem::path dir = core::user_data_dir();
    if (std::filesystem::is_directory(dir, ec))
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
#endif
}

void setup_logging(const GlobalOptions& options) {
    auto& logger = core::Logger::instance();
    auto level = core::parse_log_level(options.log_level).value_or(core::LogLevel::info);
    logger.set_level(level);
    if (!options.quiet) logger.add_sink(std::make_shared<core::StderrSink>());
    try {
        auto file = core::user_data_dir() / "logs" / "qingxing.log";
        logger.add_sink(std::make_shared<core::RotatingFileSink>(file, 5u << 20, 5));
    } catch (const core::Error& e) {
        core::log_warn("app", "no log file: {}", core::describe(e));
    }
}

std::string mode_list() {
    std::string out;
    for (const Mode& m : k_modes) out += (out.empty() ? "" : ", ") + std::string(m.name);
    return out;
}

} // namespace

int run(int argc, char** argv) {
    CLI::App cli{"Qingxing (清醒) — VR exposure–desensitization training for drug rehabilitation.\n"
                 "Qingxing 清醒 — 戒毒康复 VR 暴露脱敏训练系统。",
                 "qingxing"};
    // Options are spelled --name everywhere; on Windows CLI11 would also take /name as one, and a
    // path such as /data/records.db (Wine, scripts) would then be refused as an unknown option.
    cli.allow_windows_style_options(false);
    cli.set_version_flag("--version", std::string("qingxing ") + QX_VERSION);
    cli.require_subcommand(1, 1);
    cli.fallthrough();

    GlobalOptions global;
    cli.add_option("--log-level", global.log_level, "trace, debug, info, warn or error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "warning", "error"}));
    cli.add_flag("-q,--quiet", global.quiet, "no log lines on stderr (the log file still gets them)");

    std::vector<CLI::App*> subs;
    std::vector<ModeMain> mains;
    for (const Mode& m : k_modes) {
        CLI::App* sub = cli.add_subcommand(m.name, m.summary);
        subs.push_back(sub);
        mains.push_back(m.add(*sub));
    }

    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return cli.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return cli.exit(e);
    } catch (const CLI::ParseError& e) {
        // A word where a mode belongs that is not a mode, or no mode at all, gets a message
        // naming the modes; any other mistake gets CLI11's own description.
        std::vector<std::string> extras = cli.remaining();
        bool no_mode = cli.get_subcommands().empty() && (e.get_name() == "ExtrasError" || e.get_name() == "RequiredError");
        if (no_mode && !extras.empty() && extras.front().front() != '-') {
            std::fprintf(stderr, "qingxing: unknown mode '%s'. The modes are: %s. See qingxing --help.\n",
                         extras.front().c_str(), mode_list().c_str());
        } else if (no_mode && extras.empty()) {
            std::fprintf(stderr, "qingxing: no mode given. The modes are: %s. See qingxing --help.\n",
                         mode_list().c_str());
        } else {
            std::fprintf(stderr, "qingxing: %s\n", e.what());
        }
        return k_exit_usage;
    }

    restrict_data_folder();
    setup_logging(global);
    for (std::size_t i = 0; i < subs.size(); ++i) {
        if (subs[i]->parsed()) return mains[i]();
    }
    return k_exit_usage;
}

} // namespace qx::app
