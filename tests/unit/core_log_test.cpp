#include "core/log.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace qx::core;
namespace fs = std::filesystem;

namespace {

// Collects what it is given, for assertions.
class MemorySink final : public LogSink {
public:
    void write(const LogRecord& r) override {
        std::lock_guard lock(m_mutex);
        records.push_back(r);
    }
    std::vector<LogRecord> records;

private:
    std::mutex m_mutex;
};

// Adds a sink for the test's duration and restores the logger's level after.
struct ScopedSink {
    ScopedSink(std::shared_ptr<LogSink> s, SinkMode mode = SinkMode::async) : sink(std::move(s)) {
        saved = Logger::instance().level();
        Logger::instance().add_sink(sink, mode);
    }
    ~ScopedSink() {
        Logger::instance().remove_sink(sink);
        Logger::instance().set_level(saved);
    }
    std::shared_ptr<LogSink> sink;
    LogLevel saved;
};

} // namespace

TEST_CASE("records below the level are not delivered", "[core][log]") {
    auto sink = std::make_shared<MemorySink>();
    ScopedSink scoped(sink);
    Logger::instance().set_level(LogLevel::warn);
    log_info("test", "hidden {}", 1);
    log_warn("test", "shown {}", 2);
    log_error("gpu", "also shown");
    Logger::instance().flush();
    REQUIRE(sink->records.size() == 2);
    CHECK(sink->records[0].message == "shown 2");
    CHECK(sink->records[0].module == "test");
    CHECK(sink->records[1].level == LogLevel::error);
    CHECK(sink->records[1].sequence > sink->records[0].sequence);
}

TEST_CASE("the in-memory ring keeps the newest records for the panel", "[core][log]") {
    auto ring = std::make_shared<RingSink>(4);
    ScopedSink scoped(ring, SinkMode::sync);
    Logger::instance().set_level(LogLevel::debug);
    for (int i = 0; i < 10; ++i) log_debug("ring", "message {}", i);
    auto all = ring->since(0);
    REQUIRE(all.size() == 4);
    CHECK(all.front().message == "message 6");
    CHECK(all.back().message == "message 9");
    CHECK(ring->since(all[2].sequence).size() == 1);
    CHECK(ring->since(all.back().sequence).empty());
}

TEST_CASE("records from many threads all arrive, each thread's in order", "[core][log]") {
    auto sink = std::make_shared<MemorySink>();
    ScopedSink scoped(sink);
    Logger::instance().set_level(LogLevel::info);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t] {
            for (int i = 0; i < 500; ++i) log_info("thread", "{} {}", t, i);
        });
    }
    for (auto& th : threads) th.join();
    Logger::instance().flush();
    REQUIRE(sink->records.size() == 2000);
    int next[4] = {0, 0, 0, 0};
    bool ordered = true;
    for (const LogRecord& r : sink->records) {
        int t = r.message[0] - '0';
        ordered = ordered && r.message == fmt::format("{} {}", t, next[t]);
        ++next[t];
    }
    CHECK(ordered);
}

TEST_CASE("the file sink rotates by size and keeps a bounded number of files", "[core][log]") {
    fs::path dir = fs::temp_directory_path() / ("qx-log-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::path file = dir / "logs" / "qingxing.log";
    {
        auto sink = std::make_shared<RotatingFileSink>(file, 2048, 2);
        ScopedSink scoped(sink);
        Logger::instance().set_level(LogLevel::info);
        for (int i = 0; i < 200; ++i) log_info("rotate", "line {:04} with some padding to fill the file", i);
        Logger::instance().flush();
    }
    CHECK(fs::exists(file));
    CHECK(fs::exists(file.string() + ".1"));
    CHECK(fs::exists(file.string() + ".2"));
    CHECK_FALSE(fs::exists(file.string() + ".3"));
    CHECK(fs::file_size(file) <= 2048);
    std::string last, line;
    {
        std::ifstream in(file);
        while (std::getline(in, line)) last = line;
    } // closed before the folder goes (Windows cannot remove an open file)
    CHECK_THAT(last, Catch::Matchers::ContainsSubstring("info  rotate: line 0199"));
    fs::remove_all(dir);
}

TEST_CASE("log levels parse from their names", "[core][log]") {
    CHECK(parse_log_level("debug") == LogLevel::debug);
    CHECK(parse_log_level("warning") == LogLevel::warn);
    CHECK_FALSE(parse_log_level("loud").has_value());
    CHECK(to_string(LogLevel::error) == "error");
}
