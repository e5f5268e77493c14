#include "app/panel/prepare_model.h"
#include "app/strings.h"

#include "app/panel/panel_model.h"
#include "app/panel/panel_text.h"
#include "core/error.h"
#include "core/file.h"
#include "store/resident_code.h"
#include "ui/report_writer.h"

#include <algorithm>
#include <cctype>

namespace qx::app {

using panel_text::lower;
using panel_text::trim;

void PrepareModel::load_offered_protocols() {
    for (const std::string& id : m_ctx.options().protocols) {
        try {
            load_protocol(id);
        } catch (const core::Error& e) {
            m_ctx.notify(true,
                         app::trf("panel.error.protocol", m_ctx.lang(), fmt::arg("why", core::describe(e))));
        }
    }
}

// ------------------------------------------------------------------------------ the resident

void PrepareModel::load_residents() {
    auto list = std::make_shared<std::vector<store::ResidentRecord>>();
    m_ctx.post([list](store::Store& s) { *list = s.residents(); },
               [this, list] { m_residents = std::move(*list); }, "panel.error.store");
}

std::vector<const store::ResidentRecord*> PrepareModel::search_residents(const std::string& text,
                                                                         std::size_t limit) const {
    std::string needle = lower(trim(text));
    std::vector<const store::ResidentRecord*> out;
    for (const store::ResidentRecord& r : m_residents) {
        if (out.size() >= limit) break;
        if (needle.empty() || lower(r.code).find(needle) != std::string::npos) out.push_back(&r);
    }
    return out;
}

std::string PrepareModel::add_resident(const std::string& code_text) {
    if (!m_ctx.therapist()) return {};
    std::string code = trim(code_text);
    for (char& c : code)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    if (!store::is_valid_resident_code(code)) return m_ctx.tr("panel.error.resident_code");
    for (const store::ResidentRecord& r : m_residents) {
        if (r.code == code) {
            choose_resident(code);
            return {};
        }
    }
    m_ctx.post([code](store::Store& s) { s.ensure_resident(code); },
               [this, code] {
                   m_ctx.notify(false,
                                app::trf("panel.resident_added", m_ctx.lang(), fmt::arg("code", code)));
                   load_residents();
                   choose_resident(code);
               },
               "panel.error.store");
    return {};
}

void PrepareModel::choose_resident(const std::string& code) {
    // During a session and on its after page the resident is the session's.
    PanelPage page = m_ctx.page();
    if (page == PanelPage::live || page == PanelPage::after || page == PanelPage::loading) return;
    m_ctx.set_resident(code);
    reset_checklist();
    m_panel.live().replace_notes({});
    m_panel.history().clear();
    m_panel.admin().forget_export();
    load_resident_details();
}

void PrepareModel::load_resident_details() {
    struct Details {
        std::vector<store::SessionRecord> sessions, interrupted;
        std::vector<store::NoteRecord> notes;
    };
    auto d = std::make_shared<Details>();
    std::string code = m_ctx.resident();
    m_ctx.post(
        [d, code](store::Store& s) {
            d->sessions = s.sessions_of(code);
            d->interrupted = s.interrupted_sessions(code);
            d->notes = s.notes_of(code);
        },
        [this, d, code] {
            if (code != m_ctx.resident()) return; // another resident was chosen meanwhile
            m_resident_sessions = std::move(d->sessions);
            m_interrupted = std::move(d->interrupted);
            m_panel.live().replace_notes(std::move(d->notes));
            update_course_position();
        },
        "panel.error.store");
    m_panel.history().refresh();
}

void PrepareModel::forget_resident() {
    m_resident_sessions.clear();
    m_interrupted.clear();
    m_checklist = {};
    m_ssq_before.reset();
}

// ------------------------------------------------------------------------------ the protocol

std::string PrepareModel::choose_protocol(const std::string& id) {
    if (m_ctx.page() == PanelPage::live) return {};
    try {
        const LoadedProtocol& loaded = load_protocol(id);
        m_protocol = loaded.protocol;
        m_protocol_json = loaded.json;
    } catch (const core::Error& e) {
        m_protocol.reset();
        std::string problem =
            app::trf("panel.error.protocol", m_ctx.lang(), fmt::arg("why", core::describe(e)));
        m_ctx.notify(true, problem);
        return problem;
    }
    update_course_position();
    return {};
}

const PrepareModel::LoadedProtocol& PrepareModel::load_protocol(const std::string& id) {
    if (auto it = m_loaded.find(id); it != m_loaded.end()) return it->second;
    std::filesystem::path file = session::protocol_path(id);
    LoadedProtocol loaded;
    loaded.protocol = std::make_shared<const session::Protocol>(
        session::load_protocol_or_throw(file, m_ctx.options().scenes));
    loaded.json = core::read_text_file(file);
    return m_loaded.emplace(id, std::move(loaded)).first->second;
}

std::string PrepareModel::protocol_title(const std::string& id, core::Lang lang) const {
    auto it = m_loaded.find(id);
    return it == m_loaded.end() ? id : it->second.protocol->title.in(lang);
}

std::vector<std::string> PrepareModel::protocol_texts() const {
    std::vector<std::string> out;
    for (const auto& [id, loaded] : m_loaded) {
        out.push_back(loaded.protocol->title.zh_cn);
        out.push_back(loaded.protocol->title.en);
        for (const session::Step& step : loaded.protocol->ladder) {
            out.push_back(step.label.zh_cn);
            out.push_back(step.label.en);
        }
    }
    return out;
}

void PrepareModel::update_course_position() {
    if (!m_protocol) return;
    live::CoursePosition course = live::course_position(*m_protocol, m_resident_sessions);
    m_previous = course.previous;
    m_start_step = course.start_step;
}

void PrepareModel::close_interrupted(std::int64_t id) {
    std::string resident = m_ctx.resident();
    m_ctx.post([id, resident](store::Store& s) { live::close_interrupted_session(s, id, resident); },
               [this, id] {
                   m_ctx.notify(
                       false, app::trf("app.session.closed_interrupted", m_ctx.lang(), fmt::arg("id", id)));
                   load_resident_details();
               },
               "panel.error.store");
}

// ------------------------------------------------------------------------------ the checklist, start

std::string PrepareModel::take_ssq_before() {
    try {
        store::SsqScores scores = store::score_ssq(m_ctx.ssq_form());
        m_ssq_before = m_ctx.ssq_form();
        m_checklist.ssq_before_taken = true;
        m_ctx.ssq_form() = {};
        m_ctx.notify(false, app::trf("panel.ssq.taken_before", m_ctx.lang(),
                                      fmt::arg("total", ui::format_value(scores.total))));
        return {};
    } catch (const core::Error&) {
        return m_ctx.tr("panel.error.ssq");
    }
}

void PrepareModel::reset_checklist() {
    m_checklist = {};
    m_ssq_before.reset();
    m_ctx.ssq_form() = {};
}

std::vector<std::string> PrepareModel::start_blockers() const {
    std::vector<std::string> out;
    if (!m_ctx.therapist()) out.push_back(m_ctx.tr("panel.blocker.sign_in"));
    if (m_ctx.resident().empty()) out.push_back(m_ctx.tr("panel.blocker.resident"));
    if (!m_protocol) out.push_back(m_ctx.tr("panel.blocker.protocol"));
    if (!m_checklist.seated) out.push_back(m_ctx.tr("panel.blocker.seated"));
    if (!m_checklist.space_clear) out.push_back(m_ctx.tr("panel.blocker.space"));
    if (!m_checklist.ssq_before_taken) out.push_back(m_ctx.tr("panel.blocker.ssq"));
    if (m_panel.live().running()) out.push_back(m_ctx.tr("panel.error.session_running"));
    if (m_ctx.busy()) out.push_back(m_ctx.tr("panel.blocker.busy"));
    return out;
}

std::string PrepareModel::start() {
    if (m_ctx.page() != PanelPage::prepare) return {};
    if (std::vector<std::string> b = start_blockers(); !b.empty()) return b.front();
    live::SessionRequest request = session_request();
    request.ssq_before = *m_ssq_before;
    auto plan = std::make_shared<live::SessionPlan>();
    m_ctx.set_page(PanelPage::loading); // nothing more to press until the session exists
    m_ctx.post([request, plan](store::Store& s) { *plan = live::plan_new_session(s, request); },
               [this, request, plan] {
                   m_previous = plan->course.previous;
                   m_start_step = plan->course.start_step;
                   m_panel.live().begin(request, *plan);
                   core::Lang lang = m_ctx.lang();
                   m_ctx.notify(false,
                                app::trf("app.session.started", lang, fmt::arg("number", m_previous + 1),
                                          fmt::arg("resident", m_ctx.resident()),
                                          fmt::arg("protocol", m_protocol->title.in(lang)),
                                          fmt::arg("step", m_start_step + 1),
                                          fmt::arg("id", plan->start.session_id)));
               },
               "panel.error.session_not_begun",
               // When beginning fails, the checklist is where the therapist was.
               [this] { m_ctx.set_page(PanelPage::prepare); });
    return {};
}

live::SessionRequest PrepareModel::session_request() const {
    live::SessionRequest r;
    r.resident = m_ctx.resident();
    r.protocol = m_protocol;
    r.protocol_json = m_protocol_json;
    r.display = m_ctx.options().display_kind;
    if (m_ctx.therapist()) r.therapist_id = m_ctx.therapist()->id;
    r.respondent_model = m_ctx.options().resident_model;
    r.heart_rate = m_ctx.options().heart_rate;
    r.seed = 1;
    return r;
}

std::string PrepareModel::resume_interrupted(std::int64_t id) {
    if (m_ctx.page() != PanelPage::prepare) return {};
    auto it = std::find_if(m_interrupted.begin(), m_interrupted.end(),
                           [&](const store::SessionRecord& r) { return r.id == id; });
    if (it == m_interrupted.end()) return m_ctx.tr("panel.error.no_session");
    // The checklist's safety items hold for a resumed session too; its SSQ before was taken
    // when it first began.
    if (!m_checklist.seated) return m_ctx.tr("panel.blocker.seated");
    if (!m_checklist.space_clear) return m_ctx.tr("panel.blocker.space");
    if (std::string p = choose_protocol(it->protocol); !p.empty()) return p;
    auto plan = std::make_shared<live::SessionPlan>();
    m_ctx.set_page(PanelPage::loading);
    live::SessionRequest request = session_request();
    m_ctx.post([id, plan, request](store::Store& s) { *plan = live::plan_resumed_session(s, id, request); },
               [this, plan, request] {
                   m_previous = plan->course.previous;
                   m_start_step = plan->start.controller.start_step;
                   m_panel.live().begin(request, *plan);
                   m_ctx.notify(false, app::trf("app.session.resumed", m_ctx.lang(),
                                                 fmt::arg("id", plan->record.id),
                                                 fmt::arg("step", plan->record.current_step + 1)));
               },
               "panel.error.session_not_begun", [this] { m_ctx.set_page(PanelPage::prepare); });
    return {};
}

} // namespace qx::app
