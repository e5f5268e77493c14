#include "app/demo/demo_stats.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/log.h"

#include <ctime>

namespace qx::app {
namespace {

constexpr const char* k_format = "qingxing-demo-stats";

} // namespace

std::string local_day() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::filesystem::path DemoStats::default_path() { return core::user_data_dir() / "demo-stats.json"; }

DemoStats::DemoStats(std::filesystem::path file) : m_file(std::move(file)) {
    std::error_code ec;
    if (!std::filesystem::exists(m_file, ec)) return;
    try {
        core::Json j = core::Json::parse(core::read_text_file(m_file));
        if (!j.is_object() || j.value("format", "") != k_format) throw core::Error("it is not a demo statistics file");
        for (const auto& [day, d] : j.at("days").items()) {
            DemoDay& out = m_days[day];
            out.turns_started = d.at("turns_started").get<int>();
            out.turns_completed = d.at("turns_completed").get<int>();
            for (const auto& [score, n] : d.at("scores").items()) out.scores[std::stoi(score)] = n.get<int>();
        }
    } catch (const std::exception& e) {
        // Keep what is there for a person to look at; start counting afresh beside it.
        m_days.clear();
        std::filesystem::path aside = m_file;
        aside += ".unreadable-" + core::format_file_stamp(core::wall_unix_ms());
        std::filesystem::rename(m_file, aside, ec);
        m_set_aside = fmt::format("{} could not be read ({}); kept as {}", core::display_path(m_file), e.what(),
                                  core::display_path(aside));
        core::log_error("demo", "{}", *m_set_aside);
    }
}

void DemoStats::turn_started(const std::string& day) { ++m_days[day].turns_started; }

void DemoStats::turn_completed(const std::string& day, int score) {
    DemoDay& d = m_days[day];
    ++d.turns_completed;
    ++d.scores[score];
}

void DemoStats::save() const {
    core::Json days = core::Json::object();
    for (const auto& [day, d] : m_days) {
        core::Json scores = core::Json::object();
        for (const auto& [score, n] : d.scores) scores[std::to_string(score)] = n;
        days[day] = {{"turns_started", d.turns_started}, {"turns_completed", d.turns_completed}, {"scores", scores}};
    }
    core::Json j = {{"format", k_format}, {"version", 1}, {"days", days}};
    core::write_file_atomic(m_file, j.dump(2) + "\n");
}

} // namespace qx::app
