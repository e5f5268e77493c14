// The Bluetooth LE heart-rate source against a mock BlueZ on a private bus. Hidden ([.ble]): only
// tests/sensors/ble_test.sh runs it, after starting the bus and tests/sensors/ble_mock.py.
#include "support/live_fixtures.h"
#include "support/temp_dir.h"

#ifdef QX_HAVE_BLE

#include "core/clock.h"
#include "core/file.h"
#include "live/event_codec.h"
#include "live/session_host.h"
#include "sensors/ble_heart_rate.h"
#include "store/recorder.h"

#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <cstdlib>
#include <thread>

using namespace qx;

namespace {

// "sent N" once the mock has sent its whole script; -1 before.
int mock_sent() {
    const char* log = std::getenv("QX_BLE_MOCK_LOG");
    if (!log) return -1;
    std::string text = core::read_text_file(log);
    std::size_t at = text.find("sent ");
    return at == std::string::npos ? -1 : std::atoi(text.c_str() + at + 5);
}

} // namespace

TEST_CASE("a Bluetooth LE strap through BlueZ: 8- and 16-bit rates, intervals, no contact, a disconnect "
          "and reconnection; the session goes on and its record holds every reading",
          "[.ble]") {
    REQUIRE(std::getenv("DBUS_SYSTEM_BUS_ADDRESS"));
    test::TempDir dir("ble");
    store::Recorder recorder(dir.path() / "r.db");
    test::Started started = test::begin_session(recorder, test::request_for("R-0201", ""));
    const live::SessionPlan& plan = started.plan;
    live::SessionRunner* runner = started.runner.get();

    sensors::BleOptions options;
    options.retry_s = 0.3;
    sensors::BleHeartRateSource strap(options);
    std::vector<sensors::HeartRateSample> got, batch;
    std::vector<session::Event> events;
    runner->on_event([&](const session::Event& e) { events.push_back(e); });
    const double start = core::mono_seconds();
    sensors::SourceState was = strap.state();
    int sent = -1;
    double done_at = 0;
    // The app's frame loop, at 20 Hz in real time: the strap polled, the session ticked.
    for (double t = 0; t < 40; t = core::mono_seconds() - start) {
        runner->tick(t);
        batch.clear();
        strap.poll(t, batch);
        for (const auto& s : batch) runner->heart_rate(s);
        got.insert(got.end(), batch.begin(), batch.end());
        if (strap.state() != was) {
            was = strap.state();
            runner->heart_rate_connected(was == sensors::SourceState::connected);
        }
        if (sent < 0 && (sent = mock_sent()) >= 0) done_at = t;
        if (sent >= 0 && t > done_at + 1.0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    INFO(strap.describe());
    REQUIRE(sent == 18);
    CHECK(strap.connections() == 2); // connected, lost, connected again
    CHECK(strap.battery_percent() == 76);
    REQUIRE(got.size() == std::size_t(sent)); // every notification, none twice
    for (std::size_t i = 1; i < got.size(); ++i) CHECK(got[i].seconds >= got[i - 1].seconds);
    // 8-bit rates with one interval each; 16-bit ones with energy and two.
    CHECK(got[0].measurement.bpm == 70);
    CHECK(got[0].measurement.contact == sensors::Contact::detected);
    CHECK(got[0].measurement.rr_count == 1);
    CHECK(std::abs(got[0].measurement.rr_ms(0) - 857.1) < 1.0);
    CHECK(got[5].measurement.bpm == 80);
    CHECK(got[5].measurement.energy_kj == 16);
    CHECK(got[5].measurement.rr_count == 2);
    for (std::size_t i = 10; i < 13; ++i) CHECK(got[i].measurement.contact == sensors::Contact::lost);
    CHECK(got[13].measurement.bpm == 76);

    // The session went on: still running, told of the lost contact and the disconnection.
    CHECK_FALSE(runner->closed());
    auto has = [&](std::string_view key) {
        return std::any_of(events.begin(), events.end(), [&](const session::Event& e) { return e.key == key; });
    };
    CHECK(has("session.hr.signal.first"));
    CHECK(has("session.alert.hr_signal.no_contact"));
    CHECK((has("session.hr.signal.disconnected") || has("session.alert.hr_signal.disconnected")));
    CHECK(has("session.hr.signal.ok"));

    // The record holds every reading.
    runner->finish();
    std::size_t recorded = 0;
    recorder.run_on_store([&](store::Store& s) {
        for (const store::EventRecord& r : s.events(plan.start.session_id)) {
            if (r.type != live::k_heart_rate_readings_type) continue;
            recorded += live::heart_readings_from_json(core::Json::parse(r.payload), "test").size();
        }
    });
    CHECK(recorded == got.size());
}

#endif
