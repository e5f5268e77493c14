// The live-session host: a session begins where the resident's course stands, an interrupted one
// resumes on its own clock, another resident's session can be neither resumed nor closed, and the
// simulated respondent is the same whoever starts the session.
#include "support/live_fixtures.h"
#include "support/temp_dir.h"

#include "core/error.h"
#include "live/event_codec.h"
#include "live/session_host.h"
#include "store/recorder.h"

#include <algorithm>
#include <cmath>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

using namespace qx;
using Catch::Matchers::ContainsSubstring;
using test::begin_session;
using test::request_for;
using test::Started;
using test::TempDir;

namespace {

// Runs a live session until the controller closes it (or the time runs out), then finishes it.
void run_to_end(live::SessionRunner& runner, double limit_s = 6000) {
    for (double t = 0.05; t < limit_s && !runner.closed(); t += 0.05) runner.tick(t);
    runner.finish();
}

} // namespace

TEST_CASE("a new session begins at the resident's place in the course, with its SSQ before", "[live]") {
    TempDir dir("live-new");
    store::Recorder recorder(dir.path() / "r.db");
    live::SessionRequest request = request_for("R-0101");
    request.ssq_before = store::SsqItems{};
    (*request.ssq_before)[0] = 2;

    live::SessionPlan first;
    recorder.run_on_store([&](store::Store& s) { first = live::plan_new_session(s, request); });
    CHECK_FALSE(first.resumed);
    CHECK(first.course.previous == 0);
    CHECK(first.course.start_step == 0);
    CHECK(first.record.resident_code == "R-0101");
    CHECK(first.record.status == store::SessionStatus::running);
    std::unique_ptr<live::SessionRunner> runner = live::start_session(recorder, request, first);
    CHECK(runner->controller().state() == session::State::baseline);
    run_to_end(*runner);
    REQUIRE(runner->closed());

    live::SessionPlan second;
    recorder.run_on_store([&](store::Store& s) {
        second = live::plan_new_session(s, request);
        CHECK(s.ssq_of(first.start.session_id).size() == 1);
    });
    CHECK(second.course.previous == 1);
    CHECK(second.start.session_id != first.start.session_id);
    // The next session starts where the last one safely ended.
    std::optional<store::SessionRecord> done;
    recorder.run_on_store([&](store::Store& s) { done = s.session(first.start.session_id); });
    REQUIRE(done);
    CHECK(second.course.start_step ==
          session::next_start_step(*request.protocol, done->start_step, done->safe_step));
    CHECK(second.start.controller.start_step == second.course.start_step);
}

TEST_CASE("an interrupted session resumes on its own clock; another resident's cannot be resumed or closed",
          "[live]") {
    TempDir dir("live-resume");
    store::Recorder recorder(dir.path() / "r.db");
    live::SessionRequest request = request_for("R-0102");
    Started first = begin_session(recorder, request);
    for (double t = 0.05; t < 400; t += 0.05) first.runner->tick(t);
    first.runner->finish(); // not closed by the controller: left interrupted
    REQUIRE_FALSE(first.runner->closed());
    first.runner.reset();
    const std::int64_t id = first.plan.start.session_id;

    live::SessionRequest stranger = request_for("R-0999");
    recorder.run_on_store([&](store::Store& s) {
        CHECK_THROWS_WITH(live::plan_resumed_session(s, id, stranger), ContainsSubstring("belongs to R-0102"));
        CHECK_THROWS_WITH(live::close_interrupted_session(s, id, "R-0999"), ContainsSubstring("belongs to R-0102"));
        // Refused, and nothing changed.
        CHECK(s.session(id)->status == store::SessionStatus::interrupted);
    });

    live::SessionPlan resumed;
    recorder.run_on_store([&](store::Store& s) { resumed = live::plan_resumed_session(s, id, request); });
    CHECK(resumed.resumed);
    CHECK(resumed.start.session_id == id);
    CHECK(resumed.start.controller.resumed);
    CHECK(resumed.start.time_offset > 399.0); // after its last record, on the same clock
    CHECK(resumed.start.first_seq > 1);
    CHECK(resumed.course.previous == 0); // the session itself does not count as finished

    live::SessionRequest other = request_for("R-0102");
    Started closing = begin_session(recorder, other);
    closing.runner->tick(1.0);
    closing.runner->finish();
    closing.runner.reset();
    const std::int64_t closed_id = closing.plan.start.session_id;
    recorder.run_on_store([&](store::Store& s) {
        live::close_interrupted_session(s, closed_id, "R-0102");
        CHECK(s.session(closed_id)->status == store::SessionStatus::closed);
    });
}

TEST_CASE("the simulated respondent answers the same whoever starts the session", "[live]") {
    TempDir dir("live-same");
    auto reports_of = [&](const char* file) {
        store::Recorder recorder(dir.path() / file);
        live::SessionRequest request = request_for("R-0103");
        std::unique_ptr<live::SessionRunner> runner = begin_session(recorder, request).runner;
        std::vector<double> ratings;
        runner->on_event([&](const session::Event& e) {
            if (e.kind == session::EventKind::report) ratings.push_back(e.number("rating").value_or(-1));
        });
        run_to_end(*runner);
        return ratings;
    };
    std::vector<double> a = reports_of("a.db");
    std::vector<double> b = reports_of("b.db");
    CHECK(a.size() > 10);
    CHECK(a == b);
}

TEST_CASE("an event record whose payload is nested too deep or too large is skipped, not parsed",
          "[live][limits]") {
    store::EventRecord record;
    record.session_id = 4;
    record.seq = 12;
    record.type = "decision";
    record.payload = R"({"seq": 12, "t": 3.0, "kind": "decision", "args": )" + std::string(100'000, '[') +
                     std::string(100'000, ']') + "}";
    CHECK_FALSE(live::from_record(record));
    record.payload = R"({"seq": 12, "t": 1e999})";
    CHECK_FALSE(live::from_record(record));
    record.payload = std::string(1024 * 1024, ' ');
    CHECK_FALSE(live::from_record(record));
}

TEST_CASE("a simulated resident's heart-rate readings are recorded in batches, every reading kept, beside "
          "the controller's heart-rate figures", "[live][heart_rate]") {
    TempDir dir("live-heart");
    store::Recorder recorder(dir.path() / "r.db");
    live::SessionRequest request = request_for("R-0104");
    Started started = begin_session(recorder, request);
    const live::SessionPlan& plan = started.plan;
    live::SessionRunner* runner = started.runner.get();
    run_to_end(*runner);
    REQUIRE(runner->closed());
    const double duration = runner->controller().now();

    std::vector<store::EventRecord> records;
    recorder.run_on_store([&](store::Store& s) { records = s.events(plan.start.session_id); });
    std::vector<sensors::HeartRateSample> readings;
    std::size_t batches = 0, bytes = 0, stretches = 0;
    for (const store::EventRecord& r : records) {
        if (r.type == live::k_heart_rate_readings_type) {
            ++batches;
            bytes += r.payload.size();
            auto batch = live::heart_readings_from_json(core::Json::parse(r.payload), "test");
            REQUIRE_FALSE(batch.empty());
            CHECK(r.t >= batch.back().seconds - 0.5); // recorded after its readings, on the same clock
            readings.insert(readings.end(), batch.begin(), batch.end());
        }
        if (auto e = live::from_record(r); e && e->key == "session.hr.stretch") ++stretches;
    }
    INFO(readings.size() << " readings in " << batches << " records over " << duration << " s, " << bytes
                         << " bytes (" << bytes / (duration / 60) << " a minute)");
    // A strap notifies once a second: every reading is there, in order, in batches of about 10 s.
    CHECK(readings.size() >= static_cast<std::size_t>(duration) - 2);
    CHECK(readings.size() <= static_cast<std::size_t>(duration) + 1);
    CHECK(batches >= readings.size() / 12);
    CHECK(batches <= readings.size() / 9 + 1);
    for (std::size_t i = 1; i < readings.size(); ++i)
        CHECK(readings[i].seconds > readings[i - 1].seconds);
    // Nearly every reading carries its beats' intervals (a second with a missed beat may have none).
    const auto with_rr =
        std::count_if(readings.begin(), readings.end(), [](const auto& r) { return r.measurement.rr_count > 0; });
    CHECK(double(with_rr) > 0.95 * double(readings.size()));
    CHECK(bytes / (duration / 60) < 4000); // compact: a 40-minute session well under 200 kB
    CHECK(stretches >= 3);                 // baseline, steps, cool-down
}

TEST_CASE("heart-rate readings survive their record, and a damaged record gives what it can",
          "[live][heart_rate]") {
    std::vector<sensors::HeartRateSample> in(3);
    for (std::size_t i = 0; i < in.size(); ++i) {
        in[i].seconds = 10.0 + double(i);
        in[i].measurement.bpm = static_cast<std::uint16_t>(70 + i);
        in[i].measurement.contact = i == 1 ? sensors::Contact::lost : sensors::Contact::detected;
        if (i != 1) in[i].measurement.add_rr_ms(850.0 - double(i));
    }
    core::Json j = live::heart_readings_to_json(in, 100.0);
    auto out = live::heart_readings_from_json(j, "test");
    REQUIRE(out.size() == 3);
    CHECK(out[0].seconds == 110.0);
    CHECK(out[2].measurement.bpm == 72);
    CHECK(out[1].measurement.contact == sensors::Contact::lost);
    CHECK(out[1].measurement.rr_count == 0);
    CHECK(out[2].measurement.rr_count == 1);
    CHECK(std::abs(out[2].measurement.rr_ms(0) - in[2].measurement.rr_ms(0)) < 1.0);

    j["bpm"][1] = "x";
    CHECK(live::heart_readings_from_json(j, "test").size() == 2);
    j["t"].push_back(1.0); // arrays of different lengths
    CHECK(live::heart_readings_from_json(j, "test").empty());
    CHECK(live::heart_readings_from_json(core::Json::array(), "test").empty());
}
