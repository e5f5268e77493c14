// What demo mode keeps: counts per day, nothing per visitor. Turns started, turns finished and
// how many finished with each quiz score; no names, no pictures, no times of day, no answers.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace qx::app {

struct DemoDay {
    int turns_started = 0;
    int turns_completed = 0;
    std::map<int, int> scores; // quiz score → turns that finished with it
};

class DemoStats {
public:
    // Reads `file` if it exists. A file that is not ours, is damaged, or is beyond the limits
    // (core::k_json_file_limits; ten years of days; counts up to a million) is kept aside
    // (renamed to <file>.unreadable-<time>) with the reason in set_aside(), never overwritten.
    explicit DemoStats(std::filesystem::path file);

    static std::filesystem::path default_path(); // <data folder>/demo-stats.json

    void turn_started(const std::string& day);
    void turn_completed(const std::string& day, int score);
    // Writes the file (atomically): after each turn, so a crash loses at most the turn under way.
    void save() const;

    const std::map<std::string, DemoDay>& days() const { return m_days; }
    // A file that could not be used: where it was, why (its problems, each with the JSON
    // pointer), and what it is now called.
    struct SetAside {
        std::string file;
        std::string reason;
        std::string kept_as;
    };
    const std::optional<SetAside>& set_aside() const { return m_set_aside; }
    const std::filesystem::path& file() const { return m_file; }

private:
    std::filesystem::path m_file;
    std::map<std::string, DemoDay> m_days;
    std::optional<SetAside> m_set_aside;
};

// Today's date, local time: "2026-11-29".
std::string local_day();

} // namespace qx::app
