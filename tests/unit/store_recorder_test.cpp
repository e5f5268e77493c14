// The store thread: records queue without waiting, a ticket becomes durable only once committed,
// a record the database refuses does not hold up the others, and nothing queued is lost on exit.
#include "support/temp_dir.h"

#include "core/clock.h"
#include "store/recorder.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <fstream>
#include <future>
#include <thread>

using namespace qx::store;
using Catch::Matchers::ContainsSubstring;
using qx::test::TempDir;

namespace {

NewSession new_session() {
    NewSession n;
    n.resident_code = "R-0042";
    n.protocol = "meth-standard";
    n.protocol_json = "{}";
    n.display = "headless";
    return n;
}

EventRecord event(std::int64_t session, std::int64_t seq, std::string payload = R"({"rating":5})") {
    return {session, seq, static_cast<double>(seq), qx::core::wall_unix_ms(), "report", std::move(payload)};
}

// Polls like a frame loop would, up to `seconds`.
bool wait_durable(const Recorder& r, Ticket t, double seconds = 10) {
    qx::core::Stopwatch w;
    while (!r.is_durable(t)) {
        if (w.seconds() > seconds) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

} // namespace

TEST_CASE("a queued report becomes durable, and is then on disk for any reader", "[store][recorder]") {
    TempDir dir("recorder-durable");
    auto db = dir.path() / "r.db";
    Recorder rec(db);
    std::int64_t id = rec.begin_session(new_session());
    std::vector<Ticket> tickets;
    for (int i = 1; i <= 20; ++i)
        tickets.push_back(rec.record(event(id, i)));
    CHECK(tickets.back() == tickets.front() + 19);
    CHECK_FALSE(rec.is_durable(tickets.back() + 1)); // nothing was queued under that ticket yet
    REQUIRE(wait_durable(rec, tickets.back()));
    for (Ticket t : tickets)
        CHECK(rec.is_durable(t));

    Store reader(db); // a second connection, as after a crash
    CHECK(reader.events(id).size() == 20);
    CHECK(rec.stats().records >= 20);
    CHECK(rec.stats().commits >= 1);
    CHECK_FALSE(rec.failure().has_value());
}

TEST_CASE("queueing never waits for the store thread, even while it is busy", "[store][recorder]") {
    TempDir dir("recorder-busy");
    Recorder rec(dir.path() / "b.db");
    std::int64_t id = rec.begin_session(new_session());
    std::promise<void> started;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::thread busy([&] {
        rec.run_on_store([&](Store&) {
            started.set_value();
            released.wait(); // the store thread is stuck, as on a slow disk
        });
    });
    started.get_future().wait();
    qx::core::Stopwatch w;
    Ticket last = 0;
    for (int i = 1; i <= 200; ++i)
        last = rec.record(event(id, i));
    double queued_ms = w.millis();
    CHECK(queued_ms < 100); // 200 records queued while the disk side is blocked
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK_FALSE(rec.is_durable(last)); // not acknowledged: not written yet
    release.set_value();
    busy.join();
    CHECK(wait_durable(rec, last));
}

TEST_CASE("a record the database refuses is dropped and logged; the others are written",
          "[store][recorder]") {
    TempDir dir("recorder-refused");
    auto db = dir.path() / "p.db";
    Recorder rec(db);
    std::int64_t id = rec.begin_session(new_session());
    rec.record(event(id, 1));
    rec.record(event(id, 2, "this is not JSON"));
    Ticket last = rec.record(event(id, 3));
    REQUIRE(wait_durable(rec, last));
    CHECK(rec.stats().rejected_records == 1);
    Store reader(db);
    auto events = reader.events(id);
    REQUIRE(events.size() == 2);
    CHECK(events[0].seq == 1);
    CHECK(events[1].seq == 3);
}

TEST_CASE("everything queued is written before the recorder goes", "[store][recorder]") {
    TempDir dir("recorder-exit");
    auto db = dir.path() / "x.db";
    std::int64_t id = 0;
    {
        Recorder rec(db);
        id = rec.begin_session(new_session());
        for (int i = 1; i <= 500; ++i)
            rec.record(event(id, i));
        rec.update_progress({id, 2, 1, 100, 110});
        rec.finish_session({id, SessionStatus::completed, 2, 1, 100, 110, {}});
    }
    Store reader(db);
    CHECK(reader.events(id).size() == 500);
    CHECK(reader.session(id)->status == SessionStatus::completed);
}

TEST_CASE("flush waits for the disk; the recorder lists interrupted sessions and can resume or close them",
          "[store][recorder]") {
    TempDir dir("recorder-recover");
    auto db = dir.path() / "i.db";
    std::int64_t a = 0, b = 0;
    {
        Store s(db);
        a = s.begin_session(new_session());
        b = s.begin_session(new_session());
        s.update_progress({a, 2, 1, 500, 520});
        s.database().exec("UPDATE sessions SET owner_boot = 'a boot long ago'");
    }
    Recorder rec(db);
    REQUIRE(rec.recovered().size() == 2);
    CHECK(rec.recovered()[0].current_step == 2);
    SessionRecord resumed = rec.resume_session(a);
    CHECK(resumed.status == SessionStatus::running);
    CHECK(resumed.current_step == 2);
    CHECK(rec.next_event_seq(a) == 1);
    Ticket t = rec.record(event(a, 1));
    CHECK(rec.flush());
    CHECK(rec.is_durable(t));
    CHECK(rec.next_event_seq(a) == 2);
    rec.close_session(b);
    CHECK_THROWS_WITH(rec.close_session(b), ContainsSubstring("not interrupted"));
    Store reader(db);
    CHECK(reader.session(b)->status == SessionStatus::closed);
}

TEST_CASE("a foreign file at the path fails when the recorder opens, before any thread starts",
          "[store][recorder]") {
    TempDir dir("recorder-foreign");
    auto db = dir.path() / "f.db";
    {
        std::ofstream out(db);
        out << "not a database";
    }
    CHECK_THROWS_WITH(Recorder(db), ContainsSubstring("is not a Qingxing records database"));
}
