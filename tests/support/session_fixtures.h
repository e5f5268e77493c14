// A small protocol with round numbers and a harness that drives a Controller through a script,
// so controller tests read as a therapist would describe the session.
#pragma once

#include "session/session.h"

#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

namespace qx::test {

// Three steps; numbers chosen so each rule can be hit on purpose. Tests that need a variant
// edit the returned struct.
inline session::Protocol test_protocol() {
    static const char* k_json = R"({
      "format": "qingxing-protocol-1",
      "title": {"zh-CN": "测试方案", "en": "Test protocol"},
      "substance": "methamphetamine",
      "course_sessions": 6,
      "session": {"length_s": 1200, "baseline_s": 60},
      "calm_scene": "calm-room",
      "ladder": [
        {"scene": "street-night", "level": 1},
        {"scene": "rented-room", "level": 2},
        {"scene": "ktv-room", "level": 3}
      ],
      "prompts": {"interval_s": 30, "repeat_after_s": 10, "max_repeats": 1, "alert_after_missed": 2, "invariant_after": 5},
      "dwell": {"min_s": 60, "max_s": 200, "at_max": "step_down"},
      "intensity": {"ramp_from": 0.4, "ramp_s": 20, "scene_fade_s": 2, "calm_fade_s": 0.5},
      "habituation": {"fraction_of_peak": 0.6, "consecutive_reports": 2, "or_at_most": 1, "or_within_baseline": 0, "ready_at_most": 5},
      "safety": {"ceiling": 8, "max_exposure_above_ceiling_s": 1,
                 "sharp_rise": {"points": 3, "action": "step_down"},
                 "heart_rate": {"max_bpm": 130, "sustained_s": 10, "action": "calm_room"}},
      "calm_room": {"min_s": 30, "max_s": 120, "return_at_most": 4, "return_step_offset": -1, "prompt_interval_s": 20},
      "cool_down": {"end_at_most": 3, "max_s": 120, "prompt_interval_s": 20},
      "next_session": {"start_offset": 0}
    })";
    core::Diagnostics diag;
    auto p = session::parse_protocol(k_json, "test-protocol.json", "test", {}, diag);
    for (const auto& problem : diag.problems())
        UNSCOPED_INFO(problem.to_string());
    REQUIRE(p.has_value());
    return *p;
}

inline const std::vector<std::string>& known_scenes() {
    static const std::vector<std::string> k_scenes = {"calm-room", "street-night", "rented-room", "ktv-room",
                                                      "offer"};
    return k_scenes;
}

// Drives a controller in 0.5 s ticks and keeps every event.
class Harness {
public:
    explicit Harness(session::Protocol protocol, session::StartOptions options = {}, bool start = true)
        : m_controller(std::move(protocol), options) {
        if (start) command(session::CommandKind::start);
    }

    session::Controller& controller() { return m_controller; }
    const std::vector<session::Event>& log() const { return m_log; }
    double now() const { return m_controller.now(); }

    // Advances to `t` (absolute session seconds) in small ticks, as a frame loop would.
    void to(double t) {
        double x = m_controller.now();
        while (x + 0.5 <= t + 1e-9) {
            x += 0.5;
            m_controller.update(x);
            pump();
        }
        if (x < t) {
            m_controller.update(t);
            pump();
        }
    }
    void wait(double seconds) { to(now() + seconds); }

    session::ReportResult report(double rating,
                                 session::ReportSource source = session::ReportSource::headset) {
        return report_at(now(), rating, source);
    }
    session::ReportResult report_at(double t, double rating,
                                    session::ReportSource source = session::ReportSource::headset) {
        auto r = m_controller.report({t, rating, source});
        pump();
        return r;
    }
    session::CommandResult command(session::CommandKind kind, std::string reason = "test",
                                   session::CommandSource source = session::CommandSource::therapist) {
        auto r = m_controller.submit({kind, std::move(reason), source});
        pump();
        return r;
    }
    void heart_rate(double bpm) {
        m_controller.heart_rate(now(), bpm);
        pump();
    }
    // A rate-only sensor's reading each second (at `now()`, then waiting 1 s) until `t`.
    void heart_rate_until(double t, double bpm) {
        while (now() < t - 1e-9) {
            heart_rate(bpm);
            wait(1);
        }
    }
    void reading(const sensors::HeartRateSample& sample) {
        m_controller.heart_rate(sample);
        pump();
    }

    // From the baseline into exposure at the start step: wait for the tonic prompt, answer it.
    void through_baseline(double tonic = 2) {
        to(m_controller.protocol().baseline_s);
        REQUIRE(m_controller.snapshot().prompt_pending);
        report(tonic);
        REQUIRE(session::is_exposed(m_controller.state()));
    }

    // Events since `mark` (an index into log()).
    std::size_t mark() const { return m_log.size(); }
    std::vector<session::Event> since(std::size_t mark) const {
        return {m_log.begin() + static_cast<std::ptrdiff_t>(mark), m_log.end()};
    }
    int count(session::EventKind kind, std::string_view rule = {}, std::size_t from = 0) const {
        int n = 0;
        for (std::size_t i = from; i < m_log.size(); ++i) {
            if (m_log[i].kind == kind && (rule.empty() || m_log[i].rule == rule)) ++n;
        }
        return n;
    }
    const session::Event* last(session::EventKind kind, std::string_view rule = {}) const {
        for (auto it = m_log.rbegin(); it != m_log.rend(); ++it) {
            if (it->kind == kind && (rule.empty() || it->rule == rule)) return &*it;
        }
        return nullptr;
    }
    std::string last_decision_text(core::Lang lang = core::Lang::en) const {
        const session::Event* e = last(session::EventKind::decision);
        return e ? e->text(lang) : std::string();
    }

private:
    void pump() { m_controller.drain_events_into(m_log); }

    session::Controller m_controller;
    std::vector<session::Event> m_log;
};

} // namespace qx::test
