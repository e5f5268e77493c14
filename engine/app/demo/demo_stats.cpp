#include "app/demo/demo_stats.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/log.h"

#include <charconv>
#include <ctime>

namespace qx::app {
namespace {

constexpr const char* k_format = "qingxing-demo-stats";
// Beyond core::k_json_file_limits (4 MB, 64 levels): a year of open days is 365 entries, so ten
// years fit; a count above a million turns in one day is damage, not visitors.
constexpr std::size_t k_max_days = 3660;
constexpr std::int64_t k_max_count = 1'000'000;
constexpr std::int64_t k_max_score = 100;

// Reads the counts into `days`; returns why the file cannot be used ("" when it can), one
// problem per line with its JSON pointer.
std::string read_days(const std::filesystem::path& file, std::map<std::string, DemoDay>& days) {
    core::Diagnostics diag;
    core::JsonDocument doc = core::JsonDocument::load_file(file, diag);
    if (doc.parsed()) {
        core::JsonNode root = doc.root();
        root.allow_only({"format", "version", "days"});
        core::JsonNode format = root.required("format");
        if (format.is_string() && format.string() != k_format) format.problem("it is not a demo statistics file");
        format.string();
        root.optional("version").integer_in(1, 1, 1);
        core::JsonNode all = root.required("days");
        if (all.is_object() && all.raw()->size() > k_max_days) {
            all.problem(fmt::format("{} days, over the limit of {}", all.raw()->size(), k_max_days));
        } else {
            for (const auto& [day, d] : all.members()) {
                d.allow_only({"turns_started", "turns_completed", "scores"});
                DemoDay& out = days[day];
                out.turns_started = int(d.required("turns_started").integer_in(0, k_max_count, 0));
                out.turns_completed = int(d.required("turns_completed").integer_in(0, k_max_count, 0));
                core::JsonNode scores = d.required("scores");
                if (scores.is_object() && scores.raw()->size() > std::size_t(k_max_score + 1)) {
                    scores.problem(fmt::format("more scores than the {} a quiz can give", k_max_score + 1));
                    continue;
                }
                for (const auto& [score, n] : scores.members()) {
                    int value = 0;
                    auto [end, ec] = std::from_chars(score.data(), score.data() + score.size(), value);
                    if (ec != std::errc() || end != score.data() + score.size() || value < 0 || value > k_max_score) {
                        n.problem(fmt::format("'{}' is not a quiz score (0 to {})", score, k_max_score));
                        continue;
                    }
                    out.scores[value] = int(n.integer_in(0, k_max_count, 0));
                }
            }
        }
    }
    std::string reason;
    for (const core::Problem& p : diag.problems()) reason += (reason.empty() ? "" : "; ") + p.to_string();
    return reason;
}

} // namespace

std::string local_day() {
    return core::format_iso8601(core::wall_unix_ms(), false).substr(0, 10); // "2026-12-06T..." local
}

std::filesystem::path DemoStats::default_path() { return core::user_data_dir() / "demo-stats.json"; }

DemoStats::DemoStats(std::filesystem::path file) : m_file(std::move(file)) {
    std::error_code ec;
    if (!std::filesystem::exists(m_file, ec)) return;
    std::string reason;
    try {
        reason = read_days(m_file, m_days);
    } catch (const std::exception& e) {
        reason = e.what(); // a disk error: set aside like a damaged file, never end the open day
    }
    if (reason.empty()) return;
    // Keep what is there for a person to look at; start counting afresh beside it.
    m_days.clear();
    std::filesystem::path aside = m_file;
    aside += ".unreadable-" + core::format_file_stamp(core::wall_unix_ms());
    std::filesystem::rename(m_file, aside, ec);
    m_set_aside = SetAside{core::display_path(m_file), reason, core::display_path(aside)};
    core::log_error("demo", "{} could not be read ({}); kept as {}", m_set_aside->file, m_set_aside->reason,
                    m_set_aside->kept_as);
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
