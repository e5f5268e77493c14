#include "sensors/ble_heart_rate.h"

#include "core/clock.h"
#include "core/log.h"

#include <sdbus-c++/sdbus-c++.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fmt/format.h>
#include <map>
#include <poll.h>

namespace qx::sensors {
namespace {

constexpr const char* k_bluez = "org.bluez";
constexpr const char* k_object_manager = "org.freedesktop.DBus.ObjectManager";
constexpr const char* k_properties = "org.freedesktop.DBus.Properties";
constexpr const char* k_adapter = "org.bluez.Adapter1";
constexpr const char* k_device = "org.bluez.Device1";
constexpr const char* k_battery = "org.bluez.Battery1";
constexpr const char* k_characteristic = "org.bluez.GattCharacteristic1";
constexpr const char* k_heart_rate_service = "0000180d-0000-1000-8000-00805f9b34fb";
constexpr const char* k_heart_rate_measurement = "00002a37-0000-1000-8000-00805f9b34fb";
// A queue the frame loop has not polled for this long is not growing further (a minute of a strap).
constexpr std::size_t k_max_queued = 600;

using Properties = std::map<std::string, sdbus::Variant>;
using Interfaces = std::map<std::string, Properties>;
using Objects = std::map<sdbus::ObjectPath, Interfaces>;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

template <typename T>
T property(const Properties& props, const char* name, T fallback) {
    auto it = props.find(name);
    if (it == props.end()) return fallback;
    try {
        return it->second.get<T>();
    } catch (const sdbus::Error&) {
        return fallback; // a property of another type than BlueZ documents: not ours to trust
    }
}

const Properties* interface_of(const Interfaces& ifaces, const char* name) {
    auto it = ifaces.find(name);
    return it == ifaces.end() ? nullptr : &it->second;
}

} // namespace

// The D-Bus side, on the source's thread: one connection, processed by this thread alone, so
// signal handlers run here too and need no locks of their own.
class BleHeartRateSource::Worker {
public:
    explicit Worker(BleHeartRateSource& s) : m_s(s) {}

    void run() {
        while (!m_s.m_stop.load()) {
            try {
                if (!m_bus) open_bus();
                step();
            } catch (const sdbus::Error& e) {
                lose(fmt::format("{} ({})", e.getMessage(), e.getName()));
            }
            pump();
        }
        close();
    }

private:
    enum class Phase { find, resolve, stream };

    void open_bus() {
        m_bus = sdbus::createSystemBusConnection();
        m_root = sdbus::createProxy(*m_bus, k_bluez, "/");
        m_root->finishRegistration();
    }

    Objects objects() {
        Objects out;
        m_root->callMethod("GetManagedObjects").onInterface(k_object_manager).storeResultsTo(out);
        return out;
    }

    void step() {
        const double now = core::mono_seconds();
        if (m_phase == Phase::stream) {
            if (m_lost) lose("the device disconnected");
            return;
        }
        if (now < m_next_try) return;
        m_next_try = now + m_s.m_o.retry_s;
        const Objects all = objects();
        if (m_phase == Phase::find) find(all);
        if (m_phase == Phase::resolve) resolve(all, now);
    }

    // The device: the address asked for, or the first offering the Heart Rate Service.
    void find(const Objects& all) {
        std::string adapter;
        for (const auto& [path, ifaces] : all) {
            if (adapter.empty() && interface_of(ifaces, k_adapter)) adapter = path;
            const Properties* dev = interface_of(ifaces, k_device);
            if (!dev) continue;
            const std::string address = property<std::string>(*dev, "Address", "");
            const auto uuids = property<std::vector<std::string>>(*dev, "UUIDs", {});
            const bool wanted = m_s.m_o.address.empty()
                                    ? std::any_of(uuids.begin(), uuids.end(),
                                                  [](const std::string& u) { return lower(u) == k_heart_rate_service; })
                                    : lower(address) == lower(m_s.m_o.address);
            if (!wanted) continue;
            connect(path, fmt::format("{} ({})", property<std::string>(*dev, "Alias", "?"), address));
            return;
        }
        if (adapter.empty()) {
            say_problem("no Bluetooth adapter (is bluetoothd running?)");
            return;
        }
        say_problem(m_s.m_o.address.empty() ? "no heart-rate device found yet: is the strap on and awake?"
                                            : fmt::format("{} not found yet: is the strap on and awake?", m_s.m_o.address));
        if (!m_discovering) {
            auto a = sdbus::createProxy(*m_bus, k_bluez, adapter);
            try {
                a->callMethod("StartDiscovery").onInterface(k_adapter);
            } catch (const sdbus::Error& e) {
                if (e.getName() != "org.bluez.Error.InProgress") throw;
            }
            m_discovering = true;
        }
    }

    void connect(const std::string& path, std::string name) {
        {
            std::lock_guard lock(m_s.m_mutex);
            m_s.m_device = std::move(name);
        }
        m_device_path = path;
        m_lost = false;
        m_device = sdbus::createProxy(*m_bus, k_bluez, path);
        m_device->uponSignal("PropertiesChanged")
            .onInterface(k_properties)
            .call([this](const std::string& iface, const Properties& changed, const std::vector<std::string>&) {
                if (iface == k_device && !property<bool>(changed, "Connected", true)) m_lost = true;
                if (iface == k_battery && changed.count("Percentage"))
                    m_s.m_battery = property<std::uint8_t>(changed, "Percentage", 255);
            });
        m_device->finishRegistration();
        try {
            m_device->callMethod("Connect")
                .onInterface(k_device)
                .withTimeout(std::chrono::microseconds(std::int64_t(m_s.m_o.connect_timeout_s * 1e6)));
        } catch (const sdbus::Error& e) {
            if (e.getName() != "org.bluez.Error.AlreadyConnected") throw;
        }
        m_phase = Phase::resolve;
        m_resolve_until = core::mono_seconds() + m_s.m_o.connect_timeout_s;
        m_next_try = 0; // look for its services at once
    }

    // Its Heart Rate Measurement characteristic, once BlueZ has resolved the services.
    void resolve(const Objects& all, double now) {
        for (const auto& [path, ifaces] : all) {
            const Properties* ch = interface_of(ifaces, k_characteristic);
            if (!ch || path.rfind(m_device_path + "/", 0) != 0) continue;
            if (lower(property<std::string>(*ch, "UUID", "")) != k_heart_rate_measurement) continue;
            if (auto it = all.find(sdbus::ObjectPath(m_device_path)); it != all.end()) {
                if (const Properties* b = interface_of(it->second, k_battery))
                    m_s.m_battery = property<std::uint8_t>(*b, "Percentage", 255);
            }
            subscribe(path);
            return;
        }
        if (now > m_resolve_until) lose("connected, but it offers no heart-rate measurement");
    }

    void subscribe(const std::string& path) {
        m_measurement = sdbus::createProxy(*m_bus, k_bluez, path);
        // Subscribed before StartNotify, so the first notification is not missed.
        m_measurement->uponSignal("PropertiesChanged")
            .onInterface(k_properties)
            .call([this](const std::string& iface, const Properties& changed, const std::vector<std::string>&) {
                if (iface != k_characteristic) return;
                auto it = changed.find("Value");
                if (it == changed.end()) return;
                std::vector<std::uint8_t> bytes;
                try {
                    bytes = it->second.get<std::vector<std::uint8_t>>();
                } catch (const sdbus::Error&) {
                    return;
                }
                receive(bytes);
            });
        m_measurement->finishRegistration();
        m_measurement->callMethod("StartNotify").onInterface(k_characteristic);
        m_phase = Phase::stream;
        m_s.m_connections += 1;
        m_s.m_state = SourceState::connected;
        say_problem({});
        std::lock_guard lock(m_s.m_mutex);
        core::log_info("sensors", "heart rate: receiving from {}", m_s.m_device);
    }

    void receive(const std::vector<std::uint8_t>& bytes) {
        HeartRateParse p = parse_heart_rate_measurement(bytes);
        if (!p.value) {
            if (m_bad_logged++ < 3) core::log_warn("sensors", "heart rate: a reading was not understood: {}", p.problem);
            return;
        }
        std::lock_guard lock(m_s.m_mutex);
        if (m_s.m_queue.size() < k_max_queued) m_s.m_queue.push_back({core::mono_seconds(), *p.value});
    }

    // The device (or the bus) went away: say so, drop what belonged to it, and look again.
    void lose(const std::string& why) {
        if (m_s.m_state.load() == SourceState::connected) {
            m_s.m_state = SourceState::disconnected;
            core::log_warn("sensors", "heart rate: {}; connecting again", why);
        }
        say_problem(why);
        // Everything goes, the bus connection too (BlueZ may have restarted): all is found again.
        m_measurement.reset();
        m_device.reset();
        m_root.reset();
        m_bus.reset();
        m_discovering = false;
        m_phase = Phase::find;
        m_next_try = core::mono_seconds() + m_s.m_o.retry_s;
    }

    void say_problem(std::string problem) {
        std::lock_guard lock(m_s.m_mutex);
        m_s.m_problem = std::move(problem);
    }

    // Waits up to 100 ms for the bus, then handles what came (signals run their handlers here).
    void pump() {
        if (!m_bus) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            return;
        }
        sdbus::IConnection::PollData d = m_bus->getEventLoopPollData();
        pollfd fd{d.fd, d.events, 0};
        int timeout_ms = 100;
        if (d.timeout_usec != UINT64_MAX) {
            const double left = double(d.timeout_usec) / 1e6 - core::mono_seconds();
            timeout_ms = std::clamp(int(left * 1000.0), 0, 100);
        }
        ::poll(&fd, 1, timeout_ms);
        while (m_bus->processPendingRequest()) {
        }
    }

    void close() {
        try {
            if (m_measurement) m_measurement->callMethod("StopNotify").onInterface(k_characteristic);
        } catch (const sdbus::Error&) {
            // the device is gone already
        }
        m_measurement.reset();
        m_device.reset();
        m_root.reset();
        m_bus.reset();
    }

    BleHeartRateSource& m_s;
    std::unique_ptr<sdbus::IConnection> m_bus;
    std::unique_ptr<sdbus::IProxy> m_root, m_device, m_measurement;
    std::string m_device_path;
    Phase m_phase = Phase::find;
    double m_next_try = 0;
    double m_resolve_until = 0;
    bool m_discovering = false;
    bool m_lost = false;
    int m_bad_logged = 0;
};

BleHeartRateSource::BleHeartRateSource(BleOptions options) : m_o(std::move(options)) {
    m_thread = std::thread([this] { run(); });
}

BleHeartRateSource::~BleHeartRateSource() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
}

void BleHeartRateSource::run() {
    try {
        Worker(*this).run();
    } catch (const std::exception& e) {
        // Never out of the thread: the session goes on without a sensor, and the panel says so.
        core::log_error("sensors", "heart rate: Bluetooth stopped: {}", e.what());
        std::lock_guard lock(m_mutex);
        m_problem = e.what();
        m_state = SourceState::disconnected;
    }
}

std::string BleHeartRateSource::describe() const {
    std::lock_guard lock(m_mutex);
    std::string what = m_device.empty() ? std::string("Bluetooth heart-rate sensor") : "Bluetooth " + m_device;
    return m_problem.empty() ? what : fmt::format("{}: {}", what, m_problem);
}

void BleHeartRateSource::poll(double now, std::vector<HeartRateSample>& out) {
    {
        // The two buffers trade places, so neither side allocates once both have grown.
        std::lock_guard lock(m_mutex);
        m_taken.clear();
        m_taken.swap(m_queue);
    }
    // Each reading at the session time it arrived: now, less how long it waited in the queue.
    const double mono_now = core::mono_seconds();
    for (const Queued& q : m_taken)
        out.push_back({now - std::max(0.0, mono_now - q.mono_s), q.measurement});
}

std::optional<int> BleHeartRateSource::battery_percent() const {
    const int b = m_battery.load();
    if (b < 0 || b > 100) return std::nullopt;
    return b;
}

} // namespace qx::sensors
