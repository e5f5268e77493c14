// A Bluetooth LE heart-rate strap (or watch) through BlueZ's D-Bus API, with sdbus-c++: find a
// device offering the Heart Rate Service (0x180D), or the one whose address was given, discovering
// if it is not known yet; connect; subscribe to the Heart Rate Measurement (0x2A37) notifications
// and read each Value; read the battery level; and when the device goes away, say so and connect
// again, for as long as the source lives. Linux only (BlueZ); not built for Windows, where a WinRT
// source is still to be written.
//
// All D-Bus work runs on the source's own thread (BlueZ calls such as Connect take seconds); the
// frame loop only calls poll(), which never blocks: it takes what the thread queued.
#pragma once

#include "sensors/heart_rate_source.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace qx::sensors {

struct BleOptions {
    std::string address;        // "AA:BB:CC:DD:EE:FF"; empty: the first device offering 0x180D
    double retry_s = 2.0;       // between attempts to find or connect
    double connect_timeout_s = 20.0;
};

class BleHeartRateSource final : public HeartRateSource {
public:
    // Starts the thread at once; nothing here throws for a missing adapter or device (the state
    // stays `connecting` and describe() says why).
    explicit BleHeartRateSource(BleOptions options = {});
    ~BleHeartRateSource() override;
    BleHeartRateSource(const BleHeartRateSource&) = delete;
    BleHeartRateSource& operator=(const BleHeartRateSource&) = delete;

    std::string describe() const override;
    void poll(double now, std::vector<HeartRateSample>& out) override;
    SourceState state() const override { return m_state.load(); }
    std::optional<int> battery_percent() const override;

    // How many times the device was connected (a reconnection counts again), for tests and logs.
    int connections() const { return m_connections.load(); }

private:
    struct Queued {
        double mono_s; // core::mono_seconds() when it arrived
        HeartRateMeasurement measurement;
    };
    class Worker; // the D-Bus side (ble_heart_rate.cpp)

    void run();

    BleOptions m_o;
    std::atomic<SourceState> m_state{SourceState::connecting};
    std::atomic<int> m_connections{0};
    std::atomic<int> m_battery{-1};
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex; // guards the queue and the words below
    std::vector<Queued> m_queue;
    std::vector<Queued> m_taken; // poll()'s side of the queue (the frame loop's thread only)
    std::string m_device;  // "Polar H10 (AA:BB:...)" once found
    std::string m_problem; // why there is no signal, in a log line
    std::thread m_thread;

    friend class Worker;
};

} // namespace qx::sensors
