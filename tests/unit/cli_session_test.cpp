// The session, run, report and bench modes through the real binary, and the crash test: a session
// killed with SIGKILL loses no acknowledged report, shows as interrupted and can be resumed or
// closed.
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/test_records.h"

#include "core/file.h"
#include "core/json.h"
#include "store/store.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <algorithm>
#include <cinttypes>
#include <csignal>
#include <fstream>
#include <map>
#include <sstream>

using namespace qx::test;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

namespace {

// What `--display desktop` says with no screen: Linux sees no DISPLAY; Windows always has a desktop,
// so there (under Wine with no X display, in the tests) the window system fails to start.
#ifdef _WIN32
constexpr const char* k_no_screen = "the window system could not be started";
#else
constexpr const char* k_no_screen = "there is no screen to open a window on";
#endif

void write_text(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// A secret or passphrase file as the program demands it: readable by its owner only.
void write_private(const fs::path& p, const std::string& text) {
    write_text(p, text);
    fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
}

bool is_png(const fs::path& p) {
    auto bytes = qx::core::read_binary_file(p);
    return bytes.size() > 1000 && bytes[0] == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
}

struct Ack {
    std::int64_t session = 0;
    std::int64_t seq = 0;
    double t = 0;
    double rating = 0;
};

// "ack session=1 seq=12 t=130.250 rating=4"
std::optional<Ack> parse_ack(const std::string& line) {
    Ack a;
    if (std::sscanf(line.c_str(), "ack session=%" SCNd64 " seq=%" SCNd64 " t=%lf rating=%lf", &a.session, &a.seq, &a.t,
                    &a.rating) != 4) {
        return std::nullopt;
    }
    return a;
}

std::vector<std::string> session_args(const fs::path& db, const fs::path& out,
                                      std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        QX_QINGXING_EXE, "-q",        "session", "--resident", "R-0100", "--protocol", "meth-standard",
        "--db",          db.string(), "--out",   out.string(), "--lang", "en"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

} // namespace

TEST_CASE("a session killed mid-way loses no acknowledged report, then resumes to completion",
          "[cli][crash]") {
    TempDir dir("crash-resume");
    fs::path db = dir.path() / "records.db";
    fs::path out = dir.path() / "report";

    std::vector<Ack> acks;
    {
        ChildProcess child(session_args(db, out, {"--speed", "400", "--print-reports"}));
        while (acks.size() < 5) {
            auto line = child.read_line(60);
            REQUIRE(line.has_value()); // the session printed acknowledgements before it could end
            if (auto a = parse_ack(*line)) acks.push_back(*a);
        }
        child.kill(SIGKILL);
        CHECK(child.wait() == 128 + SIGKILL);
    }
    const std::int64_t id = acks.front().session;

    {
        qx::store::Store store(qx::test::test_records(db)); // opens the killed session's database as it was left
        auto before = store.session(id);
        REQUIRE(before);
        CHECK(before->status == qx::store::SessionStatus::running); // nobody has looked yet
        auto recovered = store.recover_interrupted();
        REQUIRE(recovered.size() == 1);
        CHECK(recovered[0].id == id);
        CHECK(store.session(id)->status == qx::store::SessionStatus::interrupted);

        std::map<std::int64_t, qx::store::EventRecord> by_seq;
        for (auto& e : store.events(id))
            by_seq[e.seq] = e;
        for (const Ack& a : acks) {
            INFO("acknowledged report seq " << a.seq);
            REQUIRE(by_seq.count(a.seq) == 1);
            const auto& e = by_seq[a.seq];
            CHECK(e.type == "report");
            CHECK(std::abs(e.t - a.t) < 1e-3);
            auto payload = qx::core::Json::parse(e.payload);
            CHECK(payload["args"]["rating"].get<double>() == a.rating);
        }
    }

    // The next start names the interrupted session; --resume continues it at its last step.
    ProcessResult resumed = run_process(session_args(db, out, {"--resume", std::to_string(id)}));
    INFO(resumed.out << resumed.err);
    CHECK(resumed.exit_code == 0);
    CHECK_THAT(resumed.out,
               ContainsSubstring("Resuming the interrupted session (record " + std::to_string(id)));
    CHECK_THAT(resumed.out, ContainsSubstring("Session finished"));
    qx::store::Store store(qx::test::test_records(db));
    auto record = store.session(id);
    CHECK(record->status == qx::store::SessionStatus::completed);
    CHECK(record->resumed_count == 1);
    auto events = store.events(id);
    std::int64_t previous_seq = 0;
    double last_t_before_resume = 0;
    bool seen_resume = false;
    for (const auto& e : events) {
        CHECK(e.seq > previous_seq);
        previous_seq = e.seq;
        if (e.type == "session_resumed") {
            seen_resume = true;
            CHECK(e.t > last_t_before_resume); // the session's clock continues, never repeats
        } else if (!seen_resume) {
            last_t_before_resume = std::max(last_t_before_resume, e.t);
        }
    }
    CHECK(seen_resume);
    CHECK(store.sessions_of("R-0100").size() == 1);
    CHECK(fs::exists(out / "index.html"));
}

TEST_CASE("an interrupted session is named on the next start and can be closed instead", "[cli][crash]") {
    TempDir dir("crash-close");
    fs::path db = dir.path() / "records.db";
    fs::path out = dir.path() / "report";
    std::int64_t id = 0;
    {
        ChildProcess child(session_args(db, out, {"--speed", "400", "--print-reports"}));
        while (id == 0) {
            auto line = child.read_line(60);
            REQUIRE(line.has_value());
            if (auto a = parse_ack(*line)) id = a->session;
        }
        child.kill(SIGKILL);
        child.wait();
    }
    ProcessResult report = run_process({QX_QINGXING_EXE, "-q", "report", "--resident", "R-0100", "--db",
                                        db.string(), "--out", (dir.path() / "r1").string(), "--lang", "en"});
    CHECK(report.exit_code == 0);
    CHECK_THAT(qx::core::read_text_file(dir.path() / "r1" / "index.html"), ContainsSubstring("interrupted"));

    // The report opened the records first and marked the session interrupted; the resident's next
    // start still names it (as does every start until it is resumed or closed). Another resident's
    // start does not.
    ProcessResult other = run_process({QX_QINGXING_EXE, "-q", "session", "--resident", "R-0200", "--display",
                                       "headless", "--db", db.string(), "--out", (dir.path() / "r2").string(),
                                       "--lang", "en"});
    CHECK(other.exit_code == 0);
    CHECK_THAT(other.out, !ContainsSubstring("R-0100"));
    ProcessResult named = run_process(session_args(db, out, {"--display", "headless"}));
    CHECK_THAT(named.out, ContainsSubstring("R-0100 has an interrupted session (record " + std::to_string(id)));

    ProcessResult closed = run_process(session_args(db, out, {"--close", std::to_string(id)}));
    CHECK(closed.exit_code == 0);
    CHECK_THAT(closed.out, ContainsSubstring("Closed the interrupted session (record " + std::to_string(id)));
    qx::store::Store store(qx::test::test_records(db));
    CHECK(store.session(id)->status == qx::store::SessionStatus::closed);
}

TEST_CASE("qingxing session runs a whole headless session and says where the record and report are",
          "[cli]") {
    TempDir dir("cli-session");
    fs::path db = dir.path() / "records.db";
    fs::path out = dir.path() / "report";
    // No headset runtime and no screen: `auto` says why it passed over each, then runs headless.
    const std::vector<std::string> no_display = {"DISPLAY=", "WAYLAND_DISPLAY=",
                                                 "XR_RUNTIME_JSON=/nonexistent/openxr_runtime.json"};
    ProcessResult r = run_process(session_args(db, out), no_display);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, ContainsSubstring("Not used: No OpenXR runtime is active"));
    CHECK_THAT(r.out, ContainsSubstring(std::string("Not used: ") + k_no_screen));
    CHECK_THAT(r.out, ContainsSubstring("Headless: a simulated resident (habituating) answers"));
    CHECK_THAT(r.out, ContainsSubstring("Session 1 for R-0100 started"));
    CHECK_THAT(r.out, ContainsSubstring("all saved"));
    CHECK_THAT(r.out, ContainsSubstring("Record: ") && ContainsSubstring("records.db"));
    CHECK_THAT(r.out, ContainsSubstring("Report: ") && ContainsSubstring("index.html"));
    CHECK(is_png(out / "session-01.png"));

    // The second session starts where the first one safely ended.
    ProcessResult second = run_process(session_args(db, out));
    CHECK(second.exit_code == 0);
    CHECK_THAT(second.out, ContainsSubstring("Session 2 for R-0100 started"));
    qx::store::Store store(qx::test::test_records(db));
    auto sessions = store.sessions_of("R-0100");
    REQUIRE(sessions.size() == 2);
    CHECK(sessions[0].status == qx::store::SessionStatus::completed);
    CHECK(sessions[1].start_step == std::max(0, sessions[0].safe_step));
    CHECK(sessions[0].frames.frames > 100000); // 90 frames a session second, headless
    CHECK(sessions[0].frames.p99_ms.has_value());

    // Asked for a window where there is no screen: a clear error, and no session is begun.
    ProcessResult desktop = run_process(session_args(db, out, {"--display", "desktop"}), no_display);
    CHECK(desktop.exit_code == 1);
    CHECK_THAT(desktop.err, ContainsSubstring(k_no_screen) && ContainsSubstring("--display headless"));
    CHECK(qx::store::Store(qx::test::test_records(db)).sessions_of("R-0100").size() == 2);

    ProcessResult bad =
        run_process({QX_QINGXING_EXE, "-q", "session", "--resident", "Zhang San", "--db", db.string()});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, ContainsSubstring("like R-0007"));
}

TEST_CASE("records and reports go into folders whose names are Chinese, named on the command line and in "
          "the environment",
          "[cli][utf8]") {
    TempDir dir("cli-utf8");
    // A centre's data folder and a Windows user name in Chinese.
    const fs::path home = dir.path() / fs::path(u8"康复中心 数据");
    const fs::path db = home / fs::path(u8"记录.db");
    const fs::path out = home / fs::path(u8"报告 R-0100");
    fs::create_directories(home);
    ProcessResult r = run_process(session_args(db, out), {"QINGXING_HOME=" + home.string()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fs::exists(db));
    CHECK(fs::exists(qx::store::key_file_path(db)));
    CHECK(is_png(out / "session-01.png"));
    // What the program prints names the folders in UTF-8, as given.
    CHECK_THAT(r.out, ContainsSubstring(reinterpret_cast<const char*>(u8"记录.db")));
    CHECK_THAT(r.out, ContainsSubstring(reinterpret_cast<const char*>(u8"报告 R-0100")));
    // Its log went into the Chinese-named data folder.
    CHECK(fs::exists(home / "logs" / "qingxing.log"));

    // The report mode reads the same records back from the same path.
    const fs::path again = home / fs::path(u8"第二份报告");
    ProcessResult report = run_process({QX_QINGXING_EXE, "-q", "report", "--resident", "R-0100", "--db",
                                        db.string(), "--out", again.string(), "--lang", "zh-CN"},
                                       {"QINGXING_HOME=" + home.string()});
    INFO(report.out << report.err);
    CHECK(report.exit_code == 0);
    CHECK(fs::exists(again / "index.html"));
    CHECK(is_png(again / "course.png"));
}

TEST_CASE("qingxing report writes charts, CSV, JSON and HTML; a foreign database is refused untouched",
          "[cli]") {
    TempDir dir("cli-report");
    fs::path db = dir.path() / "records.db";
    REQUIRE(run_process(session_args(db, dir.path() / "first")).exit_code == 0);
    fs::path out = dir.path() / "out";
    ProcessResult r = run_process({QX_QINGXING_EXE, "-q", "report", "--resident", "R-0100", "--db",
                                   db.string(), "--out", out.string(), "--lang", "zh-CN"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, ContainsSubstring("已写出 R-0100 的报告"));
    CHECK(is_png(out / "course.png"));
    CHECK(is_png(out / "session-01.png"));
    std::string html = qx::core::read_text_file(out / "index.html");
    CHECK_THAT(html, ContainsSubstring("<img src=\"course.png\"") && ContainsSubstring("session-01.png") &&
                         ContainsSubstring("渴求暴露训练报告") && ContainsSubstring("疗程渴求下降"));
    std::string csv = qx::core::read_text_file(out / "events.csv");
    CHECK(csv.rfind("\xEF\xBB\xBFsession,session_id,seq,t_s,type", 0) == 0);
    CHECK_THAT(csv, ContainsSubstring(",report,") && ContainsSubstring(",decision,"));
    auto json = qx::core::Json::parse(qx::core::read_text_file(out / "report.json"));
    REQUIRE(json["sessions"].size() == 1);
    CHECK(json["sessions"][0]["status"] == "completed");
    CHECK(json["sessions"][0]["events"].size() > 50);
    CHECK(json["sessions"][0]["outcome"]["tonic"].is_number());
    // The simulated resident wears a strap: its readings, the resting rate and each step's rise.
    CHECK(json["sessions"][0]["outcome"]["hr_baseline_bpm"].is_number());
    CHECK(json["sessions"][0]["outcome"]["steps"][0]["hr_mean_rise_bpm"].is_number());
    CHECK_THAT(html, ContainsSubstring("心率（第 1 级）：平均"));
    std::string heart = qx::core::read_text_file(out / "heart-rate.csv");
    CHECK(heart.rfind("session,session_id,t_s,bpm,contact,rr_ms\r\n1,", 0) == 0);
    CHECK(std::count(heart.begin(), heart.end(), '\n') > 600); // a reading a second
    CHECK_THAT(csv, ContainsSubstring(",heart_rate_readings,") && ContainsSubstring(",heart_rate,"));

    ProcessResult missing = run_process({QX_QINGXING_EXE, "-q", "report", "--resident", "R-0999", "--db",
                                         db.string(), "--out", out.string(), "--lang", "en"});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, ContainsSubstring("There is no resident R-0999"));

    fs::path foreign = dir.path() / "photos.db";
    write_text(foreign, std::string("\x89PNG not a database at all", 26));
    auto before = qx::core::read_binary_file(foreign);
    ProcessResult refused = run_process({QX_QINGXING_EXE, "-q", "report", "--resident", "R-0100", "--db",
                                         foreign.string(), "--out", out.string(), "--lang", "en"});
    // Without a key file beside it, a file that is not plaintext SQLite may be encrypted records
    // whose key is lost, or something else: the message says both, and nothing is created.
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, ContainsSubstring("photos.db cannot be read") &&
                                ContainsSubstring("or it is not a records database at all"));
    CHECK(qx::core::read_binary_file(foreign) == before);
    CHECK_FALSE(fs::exists(qx::store::key_file_path(foreign)));
    ProcessResult refused_session = run_process(session_args(foreign, out));
    CHECK(refused_session.exit_code == 3);
    CHECK(qx::core::read_binary_file(foreign) == before);
}

TEST_CASE("qingxing run prints a course's metrics, as text or JSON, and writes its report", "[cli]") {
    TempDir dir("cli-run");
    ProcessResult r = run_process({QX_QINGXING_EXE, "-q", "run", "--headless", "--resident-model",
                                   "habituating", "--sessions", "4", "--protocol", "meth-standard", "--lang",
                                   "en", "--out", (dir.path() / "out").string()});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, ContainsSubstring("simulated resident habituating (seed 1) · 4 sessions"));
    CHECK_THAT(r.out, ContainsSubstring("Session 4: step"));
    CHECK_THAT(r.out, ContainsSubstring("Course craving reduction"));
    CHECK(is_png(dir.path() / "out" / "course.png"));
    CHECK(is_png(dir.path() / "out" / "session-04.png"));

    ProcessResult j = run_process({QX_QINGXING_EXE, "-q", "run", "--headless", "--resident-model", "volatile",
                                   "--sessions", "2", "--seed", "7", "--json"});
    CHECK(j.exit_code == 0);
    auto json = qx::core::Json::parse(j.out);
    REQUIRE(json["sessions"].size() == 2);
    CHECK(json["protocol"] == "meth-standard");
    const auto& decisions = json["sessions"][0]["decisions"];
    REQUIRE(decisions.size() > 10);
    CHECK(decisions[0]["rule"].is_string());
    CHECK_FALSE(decisions[0]["text"]["zh-CN"].get<std::string>().empty());
    CHECK_FALSE(decisions[0]["text"]["en"].get<std::string>().empty());
    CHECK(json["sessions"][0]["outcome"].contains("highest_step_under_ceiling"));
    // The same seed, the same course.
    ProcessResult again = run_process({QX_QINGXING_EXE, "-q", "run", "--headless", "--resident-model",
                                       "volatile", "--sessions", "2", "--seed", "7", "--json"});
    CHECK(again.out == j.out);

    ProcessResult neither = run_process({QX_QINGXING_EXE, "-q", "run", "--headless"});
    CHECK(neither.exit_code == 2);
    ProcessResult unknown =
        run_process({QX_QINGXING_EXE, "-q", "run", "--headless", "--resident-model", "stoic"});
    CHECK(unknown.exit_code == 2);
}

TEST_CASE("qingxing run replays scripted reports, and names every bad line with file:line", "[cli]") {
    TempDir dir("cli-replay");
    fs::path good = dir.path() / "session1.csv";
    std::ostringstream script;
    script << "seconds,rating,source\n121,2,headset\n";
    for (int t = 160; t < 2400; t += 45)
        script << t << "," << (t < 600 ? 6 : 3) << ",headset\n";
    write_text(good, script.str());
    ProcessResult r = run_process({QX_QINGXING_EXE, "-q", "run", "--headless", "--reports", good.string(),
                                   good.string(), "--protocol", "meth-standard", "--lang", "en"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, ContainsSubstring("replay of") && ContainsSubstring("2 sessions"));
    CHECK_THAT(r.out, ContainsSubstring("Session 1: step 1"));

    fs::path bad = dir.path() / "bad.csv";
    write_text(bad, "seconds,rating\n10,5\n20,11\n30,x\n");
    ProcessResult b =
        run_process({QX_QINGXING_EXE, "-q", "run", "--headless", "--reports", good.string(), bad.string()});
    CHECK(b.exit_code == 1);
    CHECK_THAT(b.err, ContainsSubstring("bad.csv:3: rating 11 is out of range"));
    CHECK_THAT(b.err, ContainsSubstring("bad.csv:4: rating 'x' is not a number"));
}

TEST_CASE("qingxing bench --suite session writes sessions per second", "[cli]") {
    TempDir dir("cli-bench");
    fs::path out = dir.path() / "bench.json";
    ProcessResult r = run_process({QX_QINGXING_EXE, "-q", "bench", "--suite", "session", "--sessions", "20",
                                   "--runs", "3", "--out", out.string()});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    auto json = qx::core::Json::parse(qx::core::read_text_file(out));
    REQUIRE(json.contains("session"));
    CHECK(json["session"]["runs_sessions_per_s"].size() == 3);
    CHECK(json["session"]["median_sessions_per_s"].get<double>() > 0);
    CHECK(json["session"]["all_sessions_closed"] == true);
    CHECK_FALSE(json.contains("render"));
}

TEST_CASE("qingxing check validates the shipped protocols against the scenes and names a broken one",
          "[cli]") {
    ProcessResult r = run_process({QX_QINGXING_EXE, "-q", "check"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    // Named with the system's separator (protocols\meth-standard.json on Windows).
    CHECK_THAT(r.out, ContainsSubstring((fs::path("protocols") / "meth-standard.json").string()));
    CHECK_THAT(r.out, ContainsSubstring((fs::path("protocols") / "meth-gentle.json").string()));
    CHECK_THAT(r.out, !ContainsSubstring("PROBLEM"));

    TempDir dir("cli-check");
    fs::create_directories(dir.path() / "protocols");
    fs::path broken = dir.path() / "protocols" / "broken.json";
    auto j = qx::core::Json::parse(
        qx::core::read_text_file(qx::core::data_root() / "scenes" / "protocols" / "meth-standard.json"));
    j["ladder"][2]["scene"] = "karaoke";
    write_text(broken, j.dump(2));
    ProcessResult b = run_process({QX_QINGXING_EXE, "-q", "check", broken.string()});
    CHECK(b.exit_code == 1);
    CHECK_THAT(b.err, ContainsSubstring("broken.json: /ladder/2/scene: unknown scene 'karaoke'"));
}

TEST_CASE("bad arguments are refused before anything is written: NaN numbers, a mistyped --db folder, "
          "a system folder for --out",
          "[cli]") {
    TempDir dir("cli-args");
    fs::path db = dir.path() / "records.db";
    fs::path out = dir.path() / "report";
    for (const char* option : {"--tick-hz", "--speed"}) {
        ProcessResult r = run_process(session_args(db, out, {"--display", "headless", option, "nan"}));
        INFO(option << ": " << r.out << r.err);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, ContainsSubstring("'nan' is not a finite number"));
    }
    CHECK_FALSE(fs::exists(db)); // no interrupted 0-second session was written

    fs::path typo = dir.path() / "recrods" / "records.db";
    ProcessResult missing = run_process(session_args(typo, out, {"--display", "headless"}));
    INFO(missing.out << missing.err);
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, ContainsSubstring("does not exist (mistyped?)"));
    CHECK_FALSE(fs::exists(typo.parent_path())); // not created: no empty history

#ifdef _WIN32
    const auto system_folders = {"C:\\", "C:\\Windows\\System32", "C:\\Program Files\\Qingxing"};
#else
    const auto system_folders = {"/", "/usr/share", "/etc/qingxing"};
#endif
    for (const char* system : system_folders) {
        ProcessResult r = run_process(session_args(db, system, {"--display", "headless"}));
        INFO(system << ": " << r.out << r.err);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, ContainsSubstring("Reports are not written into the system folder"));
    }
    CHECK_FALSE(fs::exists(db));

    // A heart-rate source that is no source, or a recording that cannot be read: refused first.
    write_text(dir.path() / "strap.csv", "seconds,bpm,rr_ms\n1,72,833\n2,x,\n");
    const std::pair<std::string, const char*> sources[] = {
        {"bluetooth", "--heart-rate takes ble"},
        {"replay:" + (dir.path() / "none.csv").string(), "cannot be read"},
        {"replay:" + (dir.path() / "strap.csv").string(), "strap.csv:3"}};
    for (const auto& [source, says] : sources) {
        ProcessResult r = run_process(session_args(db, out, {"--display", "headless", "--heart-rate", source}));
        INFO(source << ": " << r.out << r.err);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, ContainsSubstring(says));
    }
    CHECK_FALSE(fs::exists(db));
}

TEST_CASE("session records are encrypted: the sqlite3 tool cannot read them, a wrong secret is refused",
          "[cli][encryption]") {
    TempDir dir("cli-encrypted");
    fs::path db = dir.path() / "records.db";
    ProcessResult first = run_process(session_args(db, dir.path() / "report"));
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(fs::exists(qx::store::key_file_path(db)));

#ifndef _WIN32 // (the Windows build has no sqlite3 tool beside it)
    // The plain SQLite tool sees no database at all, and the file holds no resident code.
    ProcessResult plain = run_process({"/usr/bin/sqlite3", db.string(), "SELECT code FROM residents"});
    CHECK(plain.exit_code != 0);
    CHECK_THAT(plain.err, ContainsSubstring("not a database"));
#endif
    auto bytes = qx::core::read_binary_file(db);
    CHECK(std::search(bytes.begin(), bytes.end(), std::begin("R-0100"), std::end("R-0100") - 1) == bytes.end());

#ifndef _WIN32 // Windows: who may open them is the records folder's access list (the installer's)
    // Records, reports and the key file are this account's alone.
    for (const fs::path& p : {db, qx::store::key_file_path(db), dir.path() / "report" / "index.html"}) {
        INFO(p);
        CHECK((fs::status(p).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    }
#endif

    const fs::path wrong = dir.path() / "wrong-secret";
    write_private(wrong, "not the centre secret\n");
    const auto before = qx::core::read_binary_file(db);
    ProcessResult refused = run_process(session_args(db, dir.path() / "r2"), {"QINGXING_SECRET_FILE=" + wrong.string()});
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, ContainsSubstring("The centre secret is wrong"));
    CHECK(qx::core::read_binary_file(db) == before);

    // No secret and no terminal to ask at: a plain sentence saying how to give it.
    ProcessResult none = run_process(session_args(db, dir.path() / "r3"), {"QINGXING_SECRET_FILE="});
    CHECK(none.exit_code == 3);
    CHECK_THAT(none.err, ContainsSubstring("need the centre secret"));

#ifndef _WIN32
    // A secret file other accounts can read is not used.
    fs::permissions(wrong, fs::perms::group_read, fs::perm_options::add);
    ProcessResult open = run_process(session_args(db, dir.path() / "r4"), {"QINGXING_SECRET_FILE=" + wrong.string()});
    CHECK(open.exit_code == 3);
    CHECK_THAT(open.err, ContainsSubstring("chmod 600"));
    CHECK(qx::core::read_binary_file(db) == before);
#endif
}

TEST_CASE("plaintext records from the previous version are encrypted at the first start, with a backup",
          "[cli][encryption]") {
    TempDir dir("cli-migrate");
    fs::path db = dir.path() / "records.db";
    {
        qx::store::Store plain(db); // as the previous version left them
        qx::store::NewSession n;
        n.resident_code = "R-0100";
        n.protocol = "meth-standard";
        n.protocol_json = "{}";
        n.display = "headless";
        std::int64_t id = plain.begin_session(n);
        qx::store::SessionEnd end;
        end.session_id = id;
        plain.finish_session(end);
    }
    ProcessResult report = run_process({QX_QINGXING_EXE, "-q", "report", "--resident", "R-0100", "--db", db.string(),
                                        "--out", (dir.path() / "report").string(), "--lang", "en"});
    INFO(report.out << report.err);
    REQUIRE(report.exit_code == 0);
    CHECK_THAT(report.out, ContainsSubstring("A new encryption key"));
    CHECK_THAT(report.out, ContainsSubstring("are now all encrypted"));
    CHECK_THAT(report.out, ContainsSubstring("Report for R-0100"));
    auto backups = qx::store::unencrypted_backups(db);
    REQUIRE(backups.size() == 1);

    // The next start reminds the therapist that the plaintext backup is still there.
    ProcessResult again = run_process(session_args(db, dir.path() / "r2"));
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.out, ContainsSubstring("Reminder: the unencrypted backup"));
    CHECK(qx::store::Store(qx::test::test_records(db)).sessions_of("R-0100").size() == 2);
}

TEST_CASE("a report sealed for another machine leaves no plaintext and opens there with its passphrase",
          "[cli][encryption][sealed]") {
    TempDir dir("cli-sealed");
    fs::path db = dir.path() / "records.db";
    REQUIRE(run_process(session_args(db, dir.path() / "report")).exit_code == 0);
    const fs::path pass = dir.path() / "passphrase";
    write_private(pass, "carried to the case conference\n");
    const fs::path sealed = dir.path() / "stick" / "R-0100.qxsealed";
    ProcessResult seal = run_process({QX_QINGXING_EXE, "-q", "report", "--resident", "R-0100", "--db", db.string(),
                                      "--sealed", sealed.string(), "--passphrase-file", pass.string(), "--lang", "en"});
    INFO(seal.out << seal.err);
    REQUIRE(seal.exit_code == 0);
    CHECK_THAT(seal.out, ContainsSubstring("report is sealed into"));
    CHECK(fs::exists(sealed));
    // Only the sealed file: no report folder beside it, no working copy left in the data folder.
    CHECK(std::distance(fs::directory_iterator(sealed.parent_path()), fs::directory_iterator{}) == 1);
    const char* home = std::getenv("QINGXING_HOME");
    if (home && fs::exists(fs::path(home) / "tmp")) {
        for (const auto& e : fs::directory_iterator(fs::path(home) / "tmp"))
            CHECK(e.path().filename().string().rfind("sealing-R-0100", 0) != 0);
    }

    ProcessResult open = run_process({QX_QINGXING_EXE, "-q", "unseal", sealed.string(), "--out",
                                      (dir.path() / "opened").string(), "--passphrase-file", pass.string(), "--lang", "en"});
    INFO(open.out << open.err);
    CHECK(open.exit_code == 0);
    CHECK(fs::exists(dir.path() / "opened" / "index.html"));
    CHECK(fs::exists(dir.path() / "opened" / "events.csv"));

    write_text(pass, "not the passphrase at all\n");
    ProcessResult wrong = run_process({QX_QINGXING_EXE, "-q", "unseal", sealed.string(), "--out",
                                       (dir.path() / "wrong").string(), "--passphrase-file", pass.string(), "--lang", "en"});
    CHECK(wrong.exit_code != 0);
    CHECK_THAT(wrong.err, ContainsSubstring("the passphrase is wrong or the file is damaged"));
    CHECK_FALSE(fs::exists(dir.path() / "wrong" / "index.html"));
}

TEST_CASE("the centre secret can be changed: the old one stops working, the records stay", "[cli][encryption]") {
    TempDir dir("cli-secret");
    fs::path db = dir.path() / "records.db";
    REQUIRE(run_process(session_args(db, dir.path() / "report")).exit_code == 0);
    const fs::path fresh = dir.path() / "new-secret";
    write_private(fresh, "the new centre secret 新的\n");

    ProcessResult changed = run_process({QX_QINGXING_EXE, "-q", "secret", "--db", db.string(), "--new-secret-file",
                                         fresh.string(), "--lang", "en"});
    INFO(changed.out << changed.err);
    REQUIRE(changed.exit_code == 0);
    CHECK_THAT(changed.out, ContainsSubstring("The centre secret is changed"));

    ProcessResult old = run_process(session_args(db, dir.path() / "r2"));
    CHECK(old.exit_code == 3);
    CHECK_THAT(old.err, ContainsSubstring("The centre secret is wrong"));
    ProcessResult with_new =
        run_process(session_args(db, dir.path() / "r3"), {"QINGXING_SECRET_FILE=" + fresh.string()});
    INFO(with_new.out << with_new.err);
    CHECK(with_new.exit_code == 0);
    CHECK_THAT(with_new.out, ContainsSubstring("Session 2 for R-0100"));

    const fs::path weak_file = dir.path() / "weak-secret";
    write_private(weak_file, "short\n");
    ProcessResult weak = run_process({QX_QINGXING_EXE, "-q", "secret", "--db", db.string(), "--secret-file",
                                      fresh.string(), "--new-secret-file", weak_file.string(), "--lang", "en"});
    CHECK(weak.exit_code == 2);
    CHECK_THAT(weak.err, ContainsSubstring("at least 10 characters"));
}

#ifndef _WIN32 // POSIX permissions; on Windows the installer sets the records folder's access list
TEST_CASE("the data folder an earlier version left open to everyone is closed to other accounts", "[cli][encryption]") {
    TempDir dir("cli-data-folder");
    const fs::path home = dir.path() / "home";
    fs::create_directories(home / "reports" / "R-0100");
    write_text(home / "reports" / "R-0100" / "index.html", "old report");
    fs::permissions(home, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec,
                    fs::perm_options::replace);
    ProcessResult r = run_process({QX_QINGXING_EXE, "-q", "check"}, {"QINGXING_HOME=" + home.string()});
    CHECK(r.exit_code == 0);
    CHECK((fs::status(home).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
}
#endif
