// Therapist (and resident) commands. The therapist always wins: a command that goes against a rule
// is carried out and logged as an override naming the rule and its numbers.
#include "session/controller.h"

#include <array>
#include <fmt/format.h>

namespace qx::session {
namespace {

// A command's reason as logged: the therapist's words, or a dash when they gave none.
std::string reason_text(const Command& c) {
    return c.reason.empty() ? "—" : c.reason;
}

constexpr std::array<std::string_view, 11> k_command_names = {
    "start",    "pause",      "resume", "stop",    "calm_room", "leave_calm",
    "level_up", "level_down", "hold",   "release", "prompt_now"};

} // namespace

std::string_view to_string(CommandKind kind) {
    return k_command_names[static_cast<std::size_t>(kind)];
}

std::optional<CommandKind> parse_command_kind(std::string_view text) {
    for (std::size_t i = 0; i < k_command_names.size(); ++i) {
        if (k_command_names[i] == text) return static_cast<CommandKind>(i);
    }
    return std::nullopt;
}

std::string_view to_string(ReportSource source) {
    switch (source) {
    case ReportSource::headset:
        return "headset";
    case ReportSource::therapist:
        return "therapist";
    case ReportSource::late:
        return "late";
    }
    return "headset";
}

std::optional<ReportSource> parse_report_source(std::string_view text) {
    if (text == "headset") return ReportSource::headset;
    if (text == "therapist") return ReportSource::therapist;
    if (text == "late") return ReportSource::late;
    return std::nullopt;
}

CommandResult Controller::reject(const Command& c, std::string_view reason_key) {
    Event e = make(EventKind::command_rejected, reason_key, "command");
    e.str("command", std::string(to_string(c.kind))).str("reason", reason_text(c));
    e.str("source", c.source == CommandSource::therapist ? "therapist" : "resident");
    CommandResult result{false, e};
    push(std::move(e));
    return result;
}

CommandResult Controller::accept(const Command& c) {
    Event e = make(EventKind::command, fmt::format("session.command.{}", to_string(c.kind)), "command");
    e.str("command", std::string(to_string(c.kind))).str("reason", reason_text(c));
    e.str("source", c.source == CommandSource::therapist ? "therapist" : "resident");
    CommandResult result{true, e};
    push(std::move(e));
    return result;
}

void Controller::override_rule(const Command& c, std::string_view rule, std::string_view key, Event details) {
    details.kind = EventKind::override_rule;
    details.rule = rule;
    details.key = key;
    details.str("command", std::string(to_string(c.kind))).str("reason", reason_text(c));
    push(std::move(details));
}

CommandResult Controller::submit(const Command& c) {
    if (c.source == CommandSource::resident && c.kind != CommandKind::calm_room) {
        return reject(c, "session.command.rejected.resident_calm_only");
    }
    if (m_state == State::closed) return reject(c, "session.command.rejected.closed");
    const auto& safety = m_protocol.safety;
    auto therapist_decision = [&](std::string_view key) {
        Event d = make(EventKind::decision, key, "therapist");
        d.str("reason", reason_text(c));
        return d;
    };

    switch (c.kind) {
    case CommandKind::start: {
        if (m_state != State::ready) return reject(c, "session.command.rejected.already_started");
        m_started_at = m_now;
        CommandResult result = accept(c);
        set_state(State::baseline);
        if (m_options.resumed) {
            Event d = make(EventKind::decision, "session.rule.resumed", "resume");
            d.num("to_step", m_step).num("minutes", m_options.elapsed_s / 60.0);
            push(std::move(d));
        }
        return result;
    }
    case CommandKind::pause: {
        if (m_state == State::ready) return reject(c, "session.command.rejected.not_started");
        if (m_state == State::paused) return reject(c, "session.command.rejected.already_paused");
        CommandResult result = accept(c);
        m_paused_from = m_state;
        set_state(State::paused);
        return result;
    }
    case CommandKind::resume: {
        if (m_state != State::paused) return reject(c, "session.command.rejected.not_paused");
        CommandResult result = accept(c);
        end_pause();
        return result;
    }
    case CommandKind::stop: {
        if (m_state == State::ready) {
            CommandResult result = accept(c);
            push(therapist_decision("session.rule.stop_before_start"));
            close_session();
            return result;
        }
        State effective = m_state == State::paused ? m_paused_from : m_state;
        if (effective == State::cool_down) return reject(c, "session.command.rejected.already_closing");
        CommandResult result = accept(c);
        if (m_state == State::paused) end_pause();
        Event d = therapist_decision("session.rule.stop");
        d.num("craving", m_last_rating.value_or(-1)).num("end_at_most", m_protocol.cool_down.end_at_most);
        push(std::move(d));
        start_cool_down();
        return result;
    }
    case CommandKind::calm_room: {
        if (m_state == State::ready) return reject(c, "session.command.rejected.not_started");
        State effective = m_state == State::paused ? m_paused_from : m_state;
        if (!is_exposed(effective)) return reject(c, "session.command.rejected.already_calm");
        CommandResult result = accept(c);
        if (m_state == State::paused) end_pause();
        bool by_resident = c.source == CommandSource::resident;
        Event d = make(EventKind::decision,
                       by_resident ? "session.rule.calm_by_resident" : "session.rule.calm_by_therapist",
                       by_resident ? "resident" : "therapist");
        d.str("reason", reason_text(c));
        push(std::move(d));
        // The therapist decides when their calm room ends and the resident goes back to the same
        // step; a resident's own request returns, once settled, as after a safety rule.
        if (by_resident) {
            enter_calm_room(CalmCause::resident, m_step + m_protocol.calm_room.return_step_offset);
        } else {
            enter_calm_room(CalmCause::therapist, m_step);
        }
        return result;
    }
    case CommandKind::leave_calm: {
        if (m_state != State::calm_room) return reject(c, "session.command.rejected.not_in_calm");
        const auto& cr = m_protocol.calm_room;
        bool settled = m_calm_rating && *m_calm_rating <= cr.return_at_most && m_calm_time >= cr.min_s;
        if (m_calm_cause != CalmCause::therapist && !settled) {
            Event o = make(EventKind::override_rule, "", "");
            if (m_calm_rating) o.num("craving", *m_calm_rating);
            o.num("return_at_most", cr.return_at_most).num("time", m_calm_time).num("min_time", cr.min_s);
            override_rule(c, "calm_return",
                          m_calm_rating ? "session.override.leave_calm"
                                        : "session.override.leave_calm_no_report",
                          std::move(o));
        }
        CommandResult result = accept(c);
        Event d = therapist_decision("session.rule.leave_calm");
        d.num("to_step", m_calm_return_step);
        push(std::move(d));
        leave_calm_room();
        return result;
    }
    case CommandKind::level_up:
    case CommandKind::level_down: {
        bool up = c.kind == CommandKind::level_up;
        if (m_state == State::paused) return reject(c, "session.command.rejected.paused");
        if (!is_exposed(m_state) && m_state != State::calm_room)
            return reject(c, "session.command.rejected.not_exposing");
        int to = m_step + (up ? 1 : -1);
        if (up && to > m_protocol.top_step()) return reject(c, "session.command.rejected.at_top");
        if (!up && to < 0) return reject(c, "session.command.rejected.at_bottom");
        if (up) {
            // Name the strongest rule the command goes against.
            Event o = make(EventKind::override_rule, "", "");
            o.num("craving", m_last_rating.value_or(-1)).num("ceiling", safety.ceiling);
            o.num("dwell", m_dwell).num("min_dwell", m_protocol.min_dwell(m_step));
            o.num("count", m_streak).num("needed", m_protocol.habituation.consecutive_reports);
            if (m_last_rating && *m_last_rating >= safety.ceiling) {
                override_rule(c, "ceiling", "session.override.up_above_ceiling", std::move(o));
            } else if (m_state == State::calm_room && m_calm_cause != CalmCause::therapist) {
                override_rule(c, "calm_return", "session.override.up_from_calm", std::move(o));
            } else if (is_exposed(m_state) && m_dwell < m_protocol.min_dwell(m_step)) {
                override_rule(c, "min_dwell", "session.override.up_before_min_dwell", std::move(o));
            } else if (!habituation_met()) {
                override_rule(c, "habituation", "session.override.up_not_habituated", std::move(o));
            }
        } else if (habituation_met()) {
            Event o = make(EventKind::override_rule, "", "");
            o.num("craving", m_last_rating.value_or(-1)).num("count", m_streak);
            override_rule(c, "habituation", "session.override.down_habituated", std::move(o));
        }
        CommandResult result = accept(c);
        Event d = therapist_decision(up ? "session.rule.therapist_up" : "session.rule.therapist_down");
        d.num("to_step", to);
        push(std::move(d));
        enter_step(to, true, m_protocol.intensity.scene_fade_s);
        return result;
    }
    case CommandKind::hold: {
        if (m_state == State::ready) return reject(c, "session.command.rejected.not_started");
        if (m_held) return reject(c, "session.command.rejected.already_held");
        if (habituation_met() && m_step < m_protocol.top_step()) {
            Event o = make(EventKind::override_rule, "", "");
            o.num("craving", m_last_rating.value_or(-1)).num("count", m_streak);
            override_rule(c, "habituation", "session.override.hold_habituated", std::move(o));
        }
        CommandResult result = accept(c);
        m_held = true;
        push(therapist_decision("session.rule.hold"));
        return result;
    }
    case CommandKind::release: {
        if (!m_held) return reject(c, "session.command.rejected.not_held");
        CommandResult result = accept(c);
        m_held = false;
        push(therapist_decision("session.rule.release"));
        return result;
    }
    case CommandKind::prompt_now: {
        if (m_state == State::ready) return reject(c, "session.command.rejected.not_started");
        if (m_state == State::paused) return reject(c, "session.command.rejected.paused");
        if (m_prompt.pending) return reject(c, "session.command.rejected.prompt_pending");
        CommandResult result = accept(c);
        issue_prompt(m_cool_time >= m_protocol.cool_down.max_s && m_state == State::cool_down
                         ? PromptPurpose::final_report
                         : PromptPurpose::regular);
        return result;
    }
    }
    return reject(c, "session.command.rejected.unknown");
}

} // namespace qx::session
