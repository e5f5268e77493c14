// The prepare page: the resident (list, search, add, choose), the protocol and where the
// resident's course stands with it, interrupted sessions (resume or close), the checklist and
// the SSQ before, and starting the session (LiveModel runs it from there).
#pragma once

#include "app/panel/panel_context.h"
#include "session/protocol.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qx::app {

class PanelModel;

class PrepareModel {
public:
    PrepareModel(PanelContext& ctx, PanelModel& panel) : m_ctx(ctx), m_panel(panel) {}

    // Reads and checks every offered protocol now, so a broken file is named at once (a notice)
    // and choosing one later reads nothing.
    void load_offered_protocols();

    // --- the resident
    const std::vector<store::ResidentRecord>& residents() const { return m_residents; }
    // Reads the residents list again.
    void load_residents();
    // Residents whose code contains `text` (case-insensitive), at most `limit`.
    std::vector<const store::ResidentRecord*> search_residents(const std::string& text,
                                                               std::size_t limit = 50) const;
    // Returns the problem in words (empty when it went to the store or the code exists).
    std::string add_resident(const std::string& code);
    void choose_resident(const std::string& code);
    const std::string& resident() const { return m_ctx.resident(); }
    // Reads the chosen resident's sessions, interrupted sessions and notes again.
    void load_resident_details();

    // --- the protocol
    const std::vector<std::string>& protocols() const { return m_ctx.options().protocols; }
    std::string choose_protocol(const std::string& id);
    // An offered protocol's title in `lang`; its id when the file could not be read.
    std::string protocol_title(const std::string& id, core::Lang lang) const;
    // The offered protocols' titles and step labels in both languages (the panel's font needs
    // their characters).
    std::vector<std::string> protocol_texts() const;
    const session::Protocol* protocol() const { return m_protocol.get(); }
    // The step this session starts at (from the resident's last session with this protocol) and
    // how many sessions they had with it.
    int start_step() const { return m_start_step; }
    int previous_sessions() const { return m_previous; }
    const std::vector<store::SessionRecord>& interrupted() const { return m_interrupted; }
    void close_interrupted(std::int64_t id);
    // Continues an interrupted session of this resident where it stopped (its protocol is
    // chosen; seated and space clear must be ticked). Returns the problem in words.
    std::string resume_interrupted(std::int64_t id);

    // --- the checklist before a session
    struct Checklist {
        bool seated = false;
        bool space_clear = false;
        bool ssq_before_taken = false;
    };
    const Checklist& checklist() const { return m_checklist; }
    void set_seated(bool yes) { m_checklist.seated = yes; }
    void set_space_clear(bool yes) { m_checklist.space_clear = yes; }
    // The SSQ form (shared with the after page: one form on screen).
    store::SsqItems& ssq_items() { return m_ctx.ssq_form(); }
    // Takes the SSQ form as this session's "before" (recorded when the session begins).
    std::string take_ssq_before();
    // A new checklist and SSQ form (the next session, or another resident).
    void reset_checklist();
    // Signed out: nothing of this resident's is kept.
    void forget_resident();

    // What still stands in the way of starting, in words; empty: ready.
    std::vector<std::string> start_blockers() const;
    std::string start();

private:
    // A protocol as read: the parsed file and its text (recorded with each session).
    struct LoadedProtocol {
        std::shared_ptr<const session::Protocol> protocol;
        std::string json;
    };

    // The protocol `id` from m_loaded, reading its file the first time; throws core::Error.
    const LoadedProtocol& load_protocol(const std::string& id);
    void update_course_position();
    live::SessionRequest session_request() const;

    PanelContext& m_ctx;
    PanelModel& m_panel;
    std::vector<store::ResidentRecord> m_residents;
    std::vector<store::SessionRecord> m_resident_sessions;
    std::vector<store::SessionRecord> m_interrupted;
    // Protocols read once (the offered ones at start-up), by id.
    std::map<std::string, LoadedProtocol> m_loaded;
    std::shared_ptr<const session::Protocol> m_protocol;
    std::string m_protocol_json;
    int m_start_step = 0;
    int m_previous = 0;
    Checklist m_checklist;
    std::optional<store::SsqItems> m_ssq_before;
};

} // namespace qx::app
