// The control panel's page models without ImGui: accounts and sign-in, residents, the checklist,
// commands sent to the controller (and their reasons), ratings said aloud, notes, the chart, the
// session's end and what the records hold afterwards.
#include "app/panel/panel_model.h"
#include "core/error.h"
#include "core/file.h"
#include "scene/scene_library.h"
#include "store/store.h"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>

using namespace qx;
using app::LiveModel;
using app::PanelModel;
using app::PanelPage;
using session::CommandKind;
using session::State;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const char* name) {
    fs::path dir = fs::temp_directory_path() / fmt::format("qx-panel-{}-{}", name, getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

app::PanelOptions options(const fs::path& dir, core::Lang lang = core::Lang::en) {
    app::PanelOptions o;
    o.lang = lang;
    o.protocols = {"meth-standard", "meth-gentle"};
    o.scenes = scene::list_scenes();
    o.reports_dir = dir / "reports";
    o.resident_model = "habituating";
    o.password_cost = store::PasswordCost::minimum;
    return o;
}

// Runs the panel's clock forward in steps of `dt` panel seconds until `done` or `limit`.
template <typename Done>
bool run_until(PanelModel& m, double& now, Done done, double limit = 4000, double dt = 0.1) {
    for (double end = now + limit; now < end; now += dt) {
        m.update(now);
        if (done()) return true;
    }
    return false;
}

// Signs in as a fresh administrator and chooses a new resident, the standard protocol and a
// completed checklist.
void ready_to_start(PanelModel& m, double& now, const char* code = "R-0701") {
    m.update(now);
    m.settle();
    REQUIRE(m.page() == PanelPage::first_account);
    REQUIRE(m.accounts().create_first_account("admin", "correct-horse", "correct-horse").empty());
    m.settle();
    REQUIRE(m.page() == PanelPage::sign_in);
    REQUIRE(m.accounts().sign_in("admin", "correct-horse").empty());
    m.settle();
    REQUIRE(m.page() == PanelPage::prepare);
    REQUIRE(m.prepare().add_resident(code).empty());
    m.settle();
    REQUIRE(m.prepare().resident() == code);
    REQUIRE(m.prepare().choose_protocol("meth-standard").empty());
    m.prepare().set_seated(true);
    m.prepare().set_space_clear(true);
    m.prepare().ssq_items()[0] = 1;
    REQUIRE(m.prepare().take_ssq_before().empty());
    REQUIRE(m.prepare().start_blockers().empty());
}

void start(PanelModel& m) {
    REQUIRE(m.prepare().start().empty());
    m.settle();
    REQUIRE(m.page() == PanelPage::live);
    REQUIRE(m.live().controller() != nullptr);
}

} // namespace

TEST_CASE("the first start asks for an administrator account, checks it, and signs in with it", "[panel]") {
    fs::path dir = fresh_dir("accounts");
    store::Recorder recorder(dir / "records.db");
    PanelModel m(recorder, options(dir));
    m.update(0);
    m.settle();
    REQUIRE(m.page() == PanelPage::first_account);

    CHECK_THAT(m.accounts().create_first_account("A", "correct-horse", "correct-horse"), ContainsSubstring("login name"));
    CHECK_THAT(m.accounts().create_first_account("admin", "short", "short"), ContainsSubstring("8 characters"));
    CHECK_THAT(m.accounts().create_first_account("admin", "correct-horse", "correct-hose"), ContainsSubstring("differ"));
    CHECK(m.accounts().create_first_account("admin", "correct-horse", "correct-horse").empty());
    m.settle();
    REQUIRE(m.page() == PanelPage::sign_in);

    CHECK(m.accounts().sign_in("admin", "wrong-password").empty()); // goes to the store thread...
    m.settle();
    CHECK(m.page() == PanelPage::sign_in); // ...and comes back refused, with a notice
    REQUIRE_FALSE(m.notices().empty());
    CHECK(m.notices().back().error);
    CHECK_THAT(m.notices().back().text, ContainsSubstring("Wrong login name or password"));

    CHECK(m.accounts().sign_in("admin", "correct-horse").empty());
    m.settle();
    CHECK(m.page() == PanelPage::prepare);
    REQUIRE(m.accounts().therapist());
    CHECK(m.accounts().is_administrator());
    REQUIRE(m.admin().accounts().size() == 1);

    // An administrator adds a therapist; a therapist account is not an administrator.
    CHECK_THAT(m.admin().add_account("admin", "another-pass", false), ContainsSubstring("exists"));
    CHECK(m.admin().add_account("therapist.li", "another-pass", false).empty());
    m.settle();
    REQUIRE(m.admin().accounts().size() == 2);
    m.accounts().sign_out();
    CHECK(m.page() == PanelPage::sign_in);
    CHECK_FALSE(m.accounts().therapist());
    CHECK(m.accounts().sign_in("therapist.li", "another-pass").empty());
    m.settle();
    CHECK(m.page() == PanelPage::prepare);
    CHECK_FALSE(m.accounts().is_administrator());
    CHECK_THAT(m.admin().add_account("x.y", "another-pass", false), ContainsSubstring("administrator"));
}

TEST_CASE("a later start goes straight to sign-in, in Chinese by default", "[panel]") {
    fs::path dir = fresh_dir("second-start");
    {
        store::Store s(dir / "records.db");
        s.add_therapist("admin", "correct-horse", store::TherapistRole::administrator, store::PasswordCost::minimum);
    }
    store::Recorder recorder(dir / "records.db");
    PanelModel m(recorder, options(dir, core::Lang::zh_CN));
    m.settle();
    CHECK(m.page() == PanelPage::sign_in);
    CHECK(m.accounts().sign_in("", "").find("请输入") != std::string::npos);
    m.set_lang(core::Lang::en);
    CHECK_THAT(m.accounts().sign_in("", ""), ContainsSubstring("Enter a login name"));
}

TEST_CASE("residents are codes only; search finds them; a session needs the whole checklist", "[panel]") {
    fs::path dir = fresh_dir("residents");
    store::Recorder recorder(dir / "records.db");
    PanelModel m(recorder, options(dir));
    double now = 0;
    m.update(now);
    m.settle();
    REQUIRE(m.accounts().create_first_account("admin", "correct-horse", "correct-horse").empty());
    m.settle();
    REQUIRE(m.accounts().sign_in("admin", "correct-horse").empty());
    m.settle();

    CHECK_THAT(m.prepare().add_resident("Zhang San"), ContainsSubstring("Never a name"));
    CHECK(m.prepare().add_resident(" r-0007 ").empty()); // trimmed and upper-cased
    CHECK(m.prepare().add_resident("GZ-001234").empty());
    m.settle();
    REQUIRE(m.prepare().residents().size() == 2);
    CHECK(m.prepare().resident() == "GZ-001234");
    CHECK(m.prepare().search_residents("r-00").size() == 1);
    CHECK(m.prepare().search_residents("").size() == 2);
    CHECK(m.prepare().search_residents("9999").empty());
    // Adding a code that exists chooses it.
    CHECK(m.prepare().add_resident("R-0007").empty());
    m.settle();
    CHECK(m.prepare().resident() == "R-0007");
    CHECK(m.prepare().residents().size() == 2);

    // Every missing item is named; each one cleared takes its line away.
    CHECK(m.prepare().start_blockers().size() == 4); // protocol, seated, space, SSQ
    CHECK_FALSE(m.prepare().start().empty());
    CHECK(m.prepare().choose_protocol("meth-gentle").empty());
    CHECK(m.prepare().protocol()->id == "meth-gentle");
    CHECK_THAT(m.prepare().choose_protocol("no-such-protocol"), ContainsSubstring("cannot be used"));
    CHECK(m.prepare().protocol() == nullptr);
    REQUIRE(m.prepare().choose_protocol("meth-standard").empty());
    m.prepare().set_seated(true);
    m.prepare().set_space_clear(true);
    REQUIRE(m.prepare().start_blockers().size() == 1);
    m.prepare().ssq_items()[3] = 4; // out of range
    CHECK_THAT(m.prepare().take_ssq_before(), ContainsSubstring("0–3"));
    m.prepare().ssq_items()[3] = 2;
    CHECK(m.prepare().take_ssq_before().empty());
    CHECK(m.prepare().checklist().ssq_before_taken);
    CHECK(m.prepare().start_blockers().empty());
    CHECK(m.prepare().start_step() == 0);
    CHECK(m.prepare().previous_sessions() == 0);
}

TEST_CASE("commands from the panel reach the controller; level changes need a reason, which is logged",
          "[panel]") {
    fs::path dir = fresh_dir("commands");
    fs::path db = dir / "records.db";
    std::int64_t session_id = 0;
    {
        store::Recorder recorder(db);
        auto o = options(dir);
        o.speed = 1.0;
        PanelModel m(recorder, o);
        double now = 0;
        ready_to_start(m, now);
        start(m);
        session_id = m.live().session_id();
        CHECK(m.live().controller()->state() == State::baseline);
        // Nothing but a reason will do for a level change.
        CHECK(LiveModel::needs_reason(CommandKind::level_up));
        CHECK(LiveModel::needs_reason(CommandKind::hold));
        CHECK_FALSE(LiveModel::needs_reason(CommandKind::calm_room));
        CHECK_THAT(m.live().command_with_reason(CommandKind::hold, "   "), ContainsSubstring("short reason"));
        CHECK_THAT(m.live().command_with_reason(CommandKind::hold, std::string(201, 'x')), ContainsSubstring("200"));
        CHECK(LiveModel::reason_problem(std::string(200, 'x'), core::Lang::en).empty());
        // 200 Chinese characters are 600 bytes and still a short reason.
        std::string chinese;
        for (int i = 0; i < 200; ++i) chinese += "静";
        CHECK(LiveModel::reason_problem(chinese, core::Lang::en).empty());

        REQUIRE(run_until(m, now, [&] { return session::is_exposed(m.live().snapshot().state); }));
        CHECK(m.live().command_with_reason(CommandKind::hold, "  he talks about the lighter  ").empty());
        m.update(now += 0.1);
        CHECK(m.live().snapshot().held);
        CHECK(m.live().command_with_reason(CommandKind::release, "calm again").empty());
        m.update(now += 0.1);
        CHECK_FALSE(m.live().snapshot().held);
        // The calm room at once, then back.
        CHECK(m.live().command(CommandKind::calm_room).empty());
        m.update(now += 0.1);
        CHECK(m.live().snapshot().state == State::calm_room);
        CHECK_FALSE(m.live().command(CommandKind::calm_room).empty()); // already there: refused, with why
        CHECK(m.live().command(CommandKind::leave_calm).empty());
        m.update(now += 0.1);
        CHECK(m.live().snapshot().state != State::calm_room);
        CHECK(m.live().command(CommandKind::pause).empty());
        m.update(now += 0.1);
        CHECK(m.live().snapshot().state == State::paused);
        CHECK(m.live().command(CommandKind::resume).empty());

        // A rating said aloud: checked, then recorded as the therapist's.
        CHECK_THAT(m.live().enter_rating("eleven"), ContainsSubstring("0 to 10"));
        CHECK_THAT(m.live().enter_rating("10.5"), ContainsSubstring("0 to 10"));
        CHECK_THAT(m.live().enter_rating("-1"), ContainsSubstring("0 to 10"));
        CHECK_THAT(m.live().enter_rating(""), ContainsSubstring("0 to 10"));
        std::size_t points = m.live().chart_points().size();
        CHECK(m.live().enter_rating(" 6.5 ").empty());
        REQUIRE(m.live().chart_points().size() == points + 1);
        CHECK(m.live().chart_points().back().rating == 6.5);
        CHECK(m.live().chart_points().back().source == session::ReportSource::therapist);

        CHECK_THAT(m.live().add_note("   "), ContainsSubstring("empty"));
        CHECK(m.live().add_note("breathing slowly, hands relaxed").empty());
        m.settle();
        REQUIRE_FALSE(m.live().notes().empty());
        CHECK(m.live().notes().back().session_id == session_id);

        // The chart has bands for each stretch and markers for the commands.
        CHECK(m.live().chart_bands().size() >= 4); // baseline, exposure..., calm room, paused
        bool calm_band = false, paused_band = false;
        for (const app::ChartBand& b : m.live().chart_bands()) {
            calm_band = calm_band || b.state == State::calm_room;
            paused_band = paused_band || b.state == State::paused;
            CHECK(b.t1 >= b.t0);
        }
        CHECK(calm_band);
        CHECK(paused_band);
        int commands = 0, notes = 0;
        for (const app::ChartMarker& mk : m.live().chart_markers()) {
            commands += mk.kind == app::ChartMarker::Kind::command;
            notes += mk.kind == app::ChartMarker::Kind::note;
        }
        CHECK(commands >= 6);
        CHECK(notes == 1);
        CHECK_FALSE(m.live().rule_text().empty());
        CHECK_FALSE(m.live().state_text().empty());
        // The simulated resident's strap: its rate under the chart, a point a second, and in words
        // with the resting rate and the protocol's rule.
        REQUIRE(m.live().heart_trace().size() > 10);
        const auto& trace = m.live().heart_trace();
        CHECK(std::all_of(trace.begin(), trace.end(), [](const app::HeartTracePoint& p) { return p.bpm > 40; }));
        for (std::size_t i = 1; i < trace.size(); ++i) CHECK(trace[i].t - trace[i - 1].t >= 1.0);
        CHECK_THAT(m.live().heart_text(), ContainsSubstring("Heart rate ") && ContainsSubstring(" bpm · resting "));
        CHECK_FALSE(m.live().heart_signal_lost());
        CHECK_THAT(m.live().heart_rule_text(), ContainsSubstring("Heart-rate rule: ≥ 130 bpm or 30 bpm over resting for 20 s"));

        // Stop: cool-down, the final report (the simulated resident answers), closed.
        CHECK(m.live().command(CommandKind::stop).empty());
        REQUIRE(run_until(m, now, [&] { return m.page() == PanelPage::after; }));
        m.settle();
        REQUIRE(m.after().outcome());
        CHECK(m.after().outcome()->closed);
        REQUIRE(m.after().report_html());
        CHECK(fs::exists(*m.after().report_html()));
        CHECK_FALSE(m.after().ssq_after_taken());
        m.after().ssq_items()[0] = 1;
        CHECK(m.after().take_ssq_after().empty());
        m.settle();
        CHECK(m.after().ssq_after_taken());
        REQUIRE(m.history().rows().size() == 1);
        CHECK(m.history().rows()[0].status == "completed");
        CHECK(m.history().rows()[0].ssq_before.has_value());
        CHECK(m.history().rows()[0].ssq_after.has_value());
        m.after().new_session();
        CHECK(m.page() == PanelPage::prepare);
        CHECK_FALSE(m.prepare().checklist().seated); // a new checklist for each session
        m.settle();
        CHECK(m.prepare().previous_sessions() == 1);
    }

    // What the records hold: the session is the therapist's, the reasons are logged word for
    // word, the therapist's rating and the note are there, and both SSQs.
    store::Store s(db);
    auto record = s.session(session_id);
    REQUIRE(record);
    CHECK(record->status == store::SessionStatus::completed);
    CHECK(record->therapist_id.has_value());
    bool hold_reason = false, release_reason = false, therapist_rating = false;
    for (const store::EventRecord& e : s.events(session_id)) {
        hold_reason = hold_reason || (e.type == "command" && e.payload.find("he talks about the lighter") != std::string::npos);
        release_reason = release_reason || (e.type == "command" && e.payload.find("calm again") != std::string::npos);
        therapist_rating = therapist_rating || (e.type == "report" && e.payload.find("therapist") != std::string::npos &&
                                                e.payload.find("6.5") != std::string::npos);
    }
    CHECK(hold_reason);
    CHECK(release_reason);
    CHECK(therapist_rating);
    CHECK(s.ssq_of(session_id).size() == 2);
    CHECK(s.notes_of("R-0701").size() == 1);
}

TEST_CASE("ending a session at once keeps its records; the panel resumes it where it stopped", "[panel]") {
    fs::path dir = fresh_dir("end-now");
    fs::path db = dir / "records.db";
    std::int64_t id = 0;
    {
        store::Recorder recorder(db);
        PanelModel m(recorder, options(dir));
        double now = 0;
        ready_to_start(m, now, "R-0702");
        start(m);
        id = m.live().session_id();
        REQUIRE(run_until(m, now, [&] { return session::is_exposed(m.live().snapshot().state); }));
        double active_before = m.live().snapshot().active_s;
        CHECK(m.live().end_now().empty());
        CHECK(m.page() == PanelPage::after);
        CHECK_FALSE(m.live().command(CommandKind::pause).empty()); // nothing left to command
        m.settle();
        {
            store::Store s(db);
            CHECK(s.session(id)->status == store::SessionStatus::interrupted);
        }

        // Back to the checklist: the interrupted session is offered, and resumes only once the
        // resident is seated and the space is clear.
        m.after().new_session();
        m.settle();
        REQUIRE(m.prepare().interrupted().size() == 1);
        CHECK(m.prepare().interrupted()[0].id == id);
        CHECK_THAT(m.prepare().resume_interrupted(id), ContainsSubstring("seated"));
        m.prepare().set_seated(true);
        m.prepare().set_space_clear(true);
        CHECK_FALSE(m.prepare().resume_interrupted(id + 100).empty());
        CHECK(m.prepare().resume_interrupted(id).empty());
        m.settle();
        REQUIRE(m.page() == PanelPage::live);
        CHECK(m.live().session_id() == id);
        m.update(now += 0.1);
        CHECK(m.live().snapshot().active_s >= active_before - 1.0); // its earlier time still counts
        CHECK(m.live().command(CommandKind::stop).empty());
        REQUIRE(run_until(m, now, [&] { return m.page() == PanelPage::after; }));
        m.settle();
    }
    store::Store s(db);
    CHECK(s.session(id)->status == store::SessionStatus::completed);
    CHECK(s.session(id)->resumed_count == 1);
    bool ended_now = false, resumed = false;
    double last_t = -1;
    bool in_order = true;
    for (const store::EventRecord& e : s.events(id)) {
        ended_now = ended_now || e.type == "ended_now";
        resumed = resumed || e.type == "session_resumed";
        in_order = in_order && e.t >= last_t - 1e-9;
        last_t = e.t;
    }
    CHECK(ended_now);
    CHECK(resumed);
    CHECK(in_order); // the resumed part continues the record's clock
}

TEST_CASE("closing the panel mid-session keeps the records and leaves the session resumable", "[panel]") {
    fs::path dir = fresh_dir("closed-mid-session");
    fs::path db = dir / "records.db";
    std::int64_t id = 0;
    {
        store::Recorder recorder(db);
        PanelModel m(recorder, options(dir));
        double now = 0;
        ready_to_start(m, now, "R-0703");
        start(m);
        id = m.live().session_id();
        REQUIRE(run_until(m, now, [&] { return m.live().chart_points().size() >= 2; }));
        CHECK_FALSE(m.busy());
        m.accounts().sign_out(); // refused while a session runs
        CHECK(m.accounts().therapist());
    }
    store::Store s(db);
    CHECK(s.session(id)->status == store::SessionStatus::interrupted);
    int reports = 0;
    for (const store::EventRecord& e : s.events(id)) reports += e.type == "report";
    CHECK(reports >= 2);
}

TEST_CASE("the audit log's details are said in the administrator's language", "[panel][accounts]") {
    using app::audit_detail_text;
    using core::Lang;
    CHECK(audit_detail_text("session 12 from the terminal", Lang::zh_CN) == "训练记录 12，在终端");
    CHECK(audit_detail_text("session 12 from the terminal", Lang::en) == "session record 12, at the terminal");
    CHECK(audit_detail_text("3 in a row", Lang::zh_CN) == "连续第 3 次");
    CHECK(audit_detail_text("account 2", Lang::zh_CN) == "账号 2");
    CHECK(audit_detail_text("history", Lang::zh_CN) == "训练历史");
    CHECK(audit_detail_text("unknown login name", Lang::zh_CN) == "未知的登录名");
    CHECK(audit_detail_text("from the terminal, with notes, sealed", Lang::en) == "at the terminal, with notes, sealed");
    CHECK(audit_detail_text("reports/R-0001, with notes", Lang::zh_CN) == "reports/R-0001，含治疗师笔记");
    CHECK(audit_detail_text("something a later version writes", Lang::zh_CN) == "something a later version writes");
    CHECK(audit_detail_text("", Lang::en).empty());
}

TEST_CASE("a heart-rate sensor chosen for the session: the panel says it is looked for until it is heard, "
          "then shows its rate", "[panel][heart_rate]") {
    fs::path dir = fresh_dir("heart-source");
    // A recording whose first reading comes 30 s into the session.
    std::string csv = "seconds,bpm,rr_ms\n";
    for (int s = 30; s < 200; ++s) csv += fmt::format("{},75,800\n", s);
    qx::core::write_file_atomic(dir / "strap.csv", csv);
    store::Recorder recorder(dir / "records.db");
    auto o = options(dir);
    o.heart_rate = "replay:" + (dir / "strap.csv").string();
    PanelModel m(recorder, o);
    double now = 0;
    ready_to_start(m, now);
    start(m);
    REQUIRE(run_until(m, now, [&] { return m.live().session_seconds() > 5; }));
    CHECK_THAT(m.live().heart_text(), ContainsSubstring("looking for the strap"));
    CHECK(m.live().heart_trace().empty());
    REQUIRE(run_until(m, now, [&] { return m.live().session_seconds() > 40; }));
    CHECK_THAT(m.live().heart_text(), ContainsSubstring("Heart rate 75 bpm"));
    CHECK_FALSE(m.live().heart_signal_lost());
    CHECK(m.live().heart_trace().size() >= 8);
}
