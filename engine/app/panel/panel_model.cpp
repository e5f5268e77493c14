#include "app/panel/panel_model.h"

#include "app/strings.h"
#include "live/event_codec.h"
#include "app/report_data.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "core/log.h"
#include "store/resident_code.h"
#include "ui/font.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

namespace qx::app {
namespace {

std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    std::size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Characters, not bytes: a Chinese reason of two characters is six bytes.
std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

bool is_safety_rule(std::string_view rule) {
    return rule == "ceiling" || rule == "sharp_rise" || rule == "heart_rate";
}

constexpr std::size_t k_max_reason = 200;
constexpr std::size_t k_max_note = 2000;

} // namespace

PanelModel::PanelModel(store::Recorder& recorder, PanelOptions options)
    : m_recorder(recorder), m_options(std::move(options)) {
    // Every offered protocol is read and checked now, so a broken file is named at once and
    // choosing one later reads nothing.
    for (const std::string& id : m_options.protocols) {
        try {
            load_protocol(id);
        } catch (const core::Error& e) {
            notify(true, app::trf("panel.error.protocol", lang(), fmt::arg("why", core::describe(e))));
        }
    }
    auto count = std::make_shared<std::size_t>(0);
    post([count](store::Store& s) { *count = s.therapists().size(); },
         [this, count] { m_page = *count == 0 ? PanelPage::first_account : PanelPage::sign_in; },
         "panel.error.store");
}

PanelModel::~PanelModel() {
    // A session still running when the panel goes (the window closed): its records are kept and
    // it can be resumed.
    if (m_runner && !m_runner->closed() && m_page == PanelPage::live) {
        if (m_options.session_ending) m_options.session_ending(*m_runner);
        m_runner->record_app_event(m_runner->controller().now(), live::k_ended_now_type,
                                   {{"state", std::string(session::to_string(m_runner->controller().state()))}});
        m_runner->finish();
    }
    for (Job& j : m_jobs) {
        if (j.done.valid()) j.done.wait();
    }
}

// ------------------------------------------------------------------------------ the frame

void PanelModel::post(std::function<void(store::Store&)> job, std::function<void()> then, std::string failed_key,
                      std::function<void()> otherwise) {
    m_jobs.push_back({m_recorder.post(std::move(job)), std::move(then), std::move(failed_key), std::move(otherwise)});
}

void PanelModel::notify(bool error, std::string text) {
    if (error) core::log_warn("panel", "{}", text);
    m_notices.push_back({error, std::move(text), m_now});
    if (m_notices.size() > 6) m_notices.erase(m_notices.begin());
}

void PanelModel::update(double now) {
    m_now = now;
    // Store jobs finish in the order they were posted (one store thread).
    while (!m_jobs.empty() && m_jobs.front().done.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        try {
            job.done.get();
            if (job.then) job.then();
        } catch (const std::exception& e) {
            notify(true, app::trf(job.failed_key, lang(), fmt::arg("why", core::describe(e))));
            if (job.otherwise) job.otherwise();
        }
    }
    // Notices fade after a while; errors stay longer.
    std::erase_if(m_notices, [&](const Notice& n) { return now - n.at > (n.error ? 20.0 : 8.0); });

    if (!m_runner || m_page != PanelPage::live) return;
    m_session_t = (now - m_session_start) * m_options.speed;
    m_runner->tick(m_session_t);
    m_snapshot = m_runner->controller().snapshot();
    const session::Snapshot& s = m_snapshot;
    if (m_bands.empty() || m_bands.back().state != s.state || m_bands.back().step != s.step) {
        if (!m_bands.empty()) m_bands.back().t1 = s.t;
        int level = s.step >= 0 ? m_runner->controller().protocol().ladder[std::size_t(s.step)].cue_level : 0;
        m_bands.push_back({s.t, s.t, s.step, level, s.state});
    } else {
        m_bands.back().t1 = s.t;
    }
    if (m_runner->closed()) finish_session();
}

void PanelModel::settle() {
    while (!m_jobs.empty()) {
        m_jobs.front().done.wait();
        update(m_now);
    }
}

void PanelModel::set_tab(PanelTab tab) {
    m_tab = tab;
    if (tab == PanelTab::history && !m_resident.empty()) refresh_history();
}

void PanelModel::set_lang(core::Lang lang) {
    m_options.lang = lang;
    core::set_current_lang(lang);
}

// ------------------------------------------------------------------------------ accounts

std::string PanelModel::create_first_account(const std::string& username, const std::string& password,
                                             const std::string& repeated) {
    if (m_page != PanelPage::first_account) return tr("panel.error.accounts_exist");
    std::string name = trim(username);
    if (!store::is_valid_username(name)) return tr("panel.error.username");
    if (code_points(password) < 8) return tr("panel.error.password_short");
    if (password != repeated) return tr("panel.error.password_mismatch");
    store::PasswordCost cost = m_options.password_cost;
    post([name, password, cost](store::Store& s) { s.add_therapist(name, password, store::TherapistRole::administrator, cost); },
         [this, name] {
             m_page = PanelPage::sign_in;
             notify(false, app::trf("panel.account_created", lang(), fmt::arg("name", name)));
         },
         "panel.error.account_not_made");
    return {};
}

std::string PanelModel::sign_in(const std::string& username, const std::string& password) {
    if (m_page != PanelPage::sign_in) return {};
    std::string name = trim(username);
    if (name.empty() || password.empty()) return tr("panel.error.sign_in_empty");
    auto found = std::make_shared<std::optional<store::TherapistRecord>>();
    post([name, password, found](store::Store& s) { *found = s.verify_therapist(name, password); },
         [this, found] {
             if (!*found) {
                 notify(true, tr("panel.error.sign_in"));
                 return;
             }
             m_therapist = **found;
             m_page = PanelPage::prepare;
             m_tab = PanelTab::session;
             notify(false, app::trf("panel.signed_in", lang(), fmt::arg("name", m_therapist->username)));
             load_residents();
             if (is_administrator()) {
                 auto accounts = std::make_shared<std::vector<store::TherapistRecord>>();
                 post([accounts](store::Store& s) { *accounts = s.therapists(); },
                      [this, accounts] { m_accounts = std::move(*accounts); }, "panel.error.store");
             }
         },
         "panel.error.store");
    return {};
}

void PanelModel::sign_out() {
    if (m_runner && !m_runner->closed()) {
        notify(true, tr("panel.error.session_running"));
        return;
    }
    m_runner.reset();
    m_therapist.reset();
    m_resident.clear();
    m_resident_sessions.clear();
    m_interrupted.clear();
    m_notes.clear();
    m_history.clear();
    m_accounts.clear();
    m_checklist = {};
    m_ssq_before.reset();
    m_outcome.reset();
    m_report_html.reset();
    m_export_path.reset();
    m_page = PanelPage::sign_in;
    m_tab = PanelTab::session;
}

bool PanelModel::is_administrator() const {
    return m_therapist && m_therapist->role == store::TherapistRole::administrator;
}

// ------------------------------------------------------------------------------ resident, protocol

void PanelModel::load_residents() {
    auto list = std::make_shared<std::vector<store::ResidentRecord>>();
    post([list](store::Store& s) { *list = s.residents(); }, [this, list] { m_residents = std::move(*list); },
         "panel.error.store");
}

std::vector<const store::ResidentRecord*> PanelModel::search_residents(const std::string& text, std::size_t limit) const {
    std::string needle = lower(trim(text));
    std::vector<const store::ResidentRecord*> out;
    for (const store::ResidentRecord& r : m_residents) {
        if (out.size() >= limit) break;
        if (needle.empty() || lower(r.code).find(needle) != std::string::npos) out.push_back(&r);
    }
    return out;
}

std::string PanelModel::add_resident(const std::string& code_text) {
    if (!m_therapist) return {};
    std::string code = trim(code_text);
    for (char& c : code) c = char(std::toupper(static_cast<unsigned char>(c)));
    if (!store::is_valid_resident_code(code)) return tr("panel.error.resident_code");
    for (const store::ResidentRecord& r : m_residents) {
        if (r.code == code) {
            choose_resident(code);
            return {};
        }
    }
    post([code](store::Store& s) { s.ensure_resident(code); },
         [this, code] {
             notify(false, app::trf("panel.resident_added", lang(), fmt::arg("code", code)));
             load_residents();
             choose_resident(code);
         },
         "panel.error.store");
    return {};
}

void PanelModel::choose_resident(const std::string& code) {
    // During a session and on its after page the resident is the session's.
    if (m_page == PanelPage::live || m_page == PanelPage::after || m_page == PanelPage::loading) return;
    m_resident = code;
    m_checklist = {};
    m_ssq_before.reset();
    m_ssq = {};
    m_notes.clear();
    m_history.clear();
    m_export_path.reset();
    load_resident_details();
}

void PanelModel::load_resident_details() {
    struct Details {
        std::vector<store::SessionRecord> sessions, interrupted;
        std::vector<store::NoteRecord> notes;
    };
    auto d = std::make_shared<Details>();
    std::string code = m_resident;
    post([d, code](store::Store& s) {
             d->sessions = s.sessions_of(code);
             d->interrupted = s.interrupted_sessions(code);
             d->notes = s.notes_of(code);
         },
         [this, d, code] {
             if (code != m_resident) return; // another resident was chosen meanwhile
             m_resident_sessions = std::move(d->sessions);
             m_interrupted = std::move(d->interrupted);
             m_notes = std::move(d->notes);
             update_course_position();
         },
         "panel.error.store");
    refresh_history();
}

std::string PanelModel::choose_protocol(const std::string& id) {
    if (m_page == PanelPage::live) return {};
    try {
        const LoadedProtocol& loaded = load_protocol(id);
        m_protocol = loaded.protocol;
        m_protocol_json = loaded.json;
    } catch (const core::Error& e) {
        m_protocol.reset();
        std::string problem = app::trf("panel.error.protocol", lang(), fmt::arg("why", core::describe(e)));
        notify(true, problem);
        return problem;
    }
    update_course_position();
    return {};
}

const PanelModel::LoadedProtocol& PanelModel::load_protocol(const std::string& id) {
    if (auto it = m_loaded.find(id); it != m_loaded.end()) return it->second;
    std::filesystem::path file = session::protocol_path(id);
    LoadedProtocol loaded;
    loaded.protocol = std::make_shared<const session::Protocol>(session::load_protocol_or_throw(file, m_options.scenes));
    loaded.json = core::read_text_file(file);
    return m_loaded.emplace(id, std::move(loaded)).first->second;
}

std::vector<std::string> PanelModel::protocol_texts() const {
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

void PanelModel::update_course_position() {
    if (!m_protocol) return;
    live::CoursePosition course = live::course_position(*m_protocol, m_resident_sessions);
    m_previous = course.previous;
    m_start_step = course.start_step;
}

void PanelModel::close_interrupted(std::int64_t id) {
    std::string resident = m_resident;
    post([id, resident](store::Store& s) { live::close_interrupted_session(s, id, resident); },
         [this, id] {
             notify(false, app::trf("app.session.closed_interrupted", lang(), fmt::arg("id", id)));
             load_resident_details();
         },
         "panel.error.store");
}

// ------------------------------------------------------------------------------ before a session

std::string PanelModel::take_ssq_before() {
    try {
        store::SsqScores scores = store::score_ssq(m_ssq);
        m_ssq_before = m_ssq;
        m_checklist.ssq_before_taken = true;
        m_ssq = {};
        notify(false, app::trf("panel.ssq.taken_before", lang(), fmt::arg("total", ui::format_value(scores.total))));
        return {};
    } catch (const core::Error&) {
        return tr("panel.error.ssq");
    }
}

std::vector<std::string> PanelModel::start_blockers() const {
    std::vector<std::string> out;
    if (!m_therapist) out.push_back(tr("panel.blocker.sign_in"));
    if (m_resident.empty()) out.push_back(tr("panel.blocker.resident"));
    if (!m_protocol) out.push_back(tr("panel.blocker.protocol"));
    if (!m_checklist.seated) out.push_back(tr("panel.blocker.seated"));
    if (!m_checklist.space_clear) out.push_back(tr("panel.blocker.space"));
    if (!m_checklist.ssq_before_taken) out.push_back(tr("panel.blocker.ssq"));
    if (m_runner && !m_runner->closed()) out.push_back(tr("panel.error.session_running"));
    if (busy()) out.push_back(tr("panel.blocker.busy"));
    return out;
}

std::string PanelModel::start() {
    if (m_page != PanelPage::prepare) return {};
    if (std::vector<std::string> b = start_blockers(); !b.empty()) return b.front();
    live::SessionRequest request = session_request();
    request.ssq_before = *m_ssq_before;
    auto plan = std::make_shared<live::SessionPlan>();
    m_page = PanelPage::loading; // nothing more to press until the session exists
    post([request, plan](store::Store& s) { *plan = live::plan_new_session(s, request); },
         [this, request, plan] {
             m_previous = plan->course.previous;
             m_start_step = plan->course.start_step;
             begin_live(request, *plan);
             notify(false, app::trf("app.session.started", lang(), fmt::arg("number", m_previous + 1),
                                     fmt::arg("resident", m_resident),
                                     fmt::arg("protocol", m_protocol->title.in(lang())),
                                     fmt::arg("step", m_start_step + 1), fmt::arg("id", plan->start.session_id)));
         },
         "panel.error.session_not_begun",
         // When beginning fails, the checklist is where the therapist was.
         [this] { m_page = PanelPage::prepare; });
    return {};
}

live::SessionRequest PanelModel::session_request() const {
    live::SessionRequest r;
    r.resident = m_resident;
    r.protocol = m_protocol;
    r.protocol_json = m_protocol_json;
    r.display = m_options.display_kind;
    if (m_therapist) r.therapist_id = m_therapist->id;
    r.respondent_model = m_options.resident_model;
    r.seed = 1;
    return r;
}

void PanelModel::begin_live(const live::SessionRequest& request, const live::SessionPlan& plan) {
    m_session_id = plan.start.session_id;
    m_points.clear();
    m_bands.clear();
    m_markers.clear();
    m_reports_saved = 0;
    m_outcome.reset();
    m_report_html.reset();
    m_ssq_after_taken = false;
    m_session_start = m_now;
    m_session_t = 0;
    m_page = PanelPage::live;
    m_runner = live::start_session(m_recorder, request, plan);
    m_runner->on_event([this](const session::Event& e) { on_event(e); });
    m_snapshot = m_runner->controller().snapshot();
    if (m_options.session_begun) m_options.session_begun(*m_runner, m_resident, lang());
}

std::string PanelModel::resume_interrupted(std::int64_t id) {
    if (m_page != PanelPage::prepare) return {};
    auto it = std::find_if(m_interrupted.begin(), m_interrupted.end(),
                           [&](const store::SessionRecord& r) { return r.id == id; });
    if (it == m_interrupted.end()) return tr("panel.error.no_session");
    // The checklist's safety items hold for a resumed session too; its SSQ before was taken
    // when it first began.
    if (!m_checklist.seated) return tr("panel.blocker.seated");
    if (!m_checklist.space_clear) return tr("panel.blocker.space");
    if (std::string p = choose_protocol(it->protocol); !p.empty()) return p;
    auto plan = std::make_shared<live::SessionPlan>();
    m_page = PanelPage::loading;
    live::SessionRequest request = session_request();
    post([id, plan, request](store::Store& s) { *plan = live::plan_resumed_session(s, id, request); },
         [this, plan, request] {
             m_previous = plan->course.previous;
             m_start_step = plan->start.controller.start_step;
             begin_live(request, *plan);
             notify(false, app::trf("app.session.resumed", lang(), fmt::arg("id", plan->record.id),
                                     fmt::arg("step", plan->record.current_step + 1)));
         },
         "panel.error.session_not_begun", [this] { m_page = PanelPage::prepare; });
    return {};
}

// ------------------------------------------------------------------------------ the live session

void PanelModel::on_event(const session::Event& e) {
    using K = session::EventKind;
    switch (e.kind) {
    case K::report:
        m_points.push_back({e.t, e.number("rating").value_or(0),
                            session::parse_report_source(e.text_arg("source")).value_or(session::ReportSource::headset)});
        break;
    case K::command:
    case K::override_rule: m_markers.push_back({e.t, ChartMarker::Kind::command, e.text(lang())}); break;
    case K::decision:
        if (is_safety_rule(e.rule)) m_markers.push_back({e.t, ChartMarker::Kind::safety, e.text(lang())});
        break;
    case K::alert: m_markers.push_back({e.t, ChartMarker::Kind::alert, e.text(lang())}); break;
    case K::prompt_missed: m_markers.push_back({e.t, ChartMarker::Kind::missed, e.text(lang())}); break;
    default: break;
    }
}

std::string PanelModel::command(session::CommandKind kind) {
    if (!m_runner || m_runner->closed() || m_page != PanelPage::live) return tr("panel.error.no_session");
    session::CommandResult r = m_runner->submit({kind, tr("panel.reason.panel"), session::CommandSource::therapist});
    return r.accepted ? std::string() : r.event.text(lang());
}

bool PanelModel::needs_reason(session::CommandKind kind) {
    using K = session::CommandKind;
    return kind == K::level_up || kind == K::level_down || kind == K::hold || kind == K::release;
}

std::string PanelModel::reason_problem(const std::string& reason, core::Lang lang) {
    std::string r = trim(reason);
    if (r.empty()) return std::string(app::tr("panel.error.reason_empty", lang));
    if (code_points(r) > k_max_reason) return std::string(app::tr("panel.error.reason_long", lang));
    return {};
}

std::string PanelModel::command_with_reason(session::CommandKind kind, const std::string& reason) {
    if (!m_runner || m_runner->closed() || m_page != PanelPage::live) return tr("panel.error.no_session");
    if (std::string p = reason_problem(reason, lang()); !p.empty()) return p;
    session::CommandResult r = m_runner->submit({kind, trim(reason), session::CommandSource::therapist});
    return r.accepted ? std::string() : r.event.text(lang());
}

std::string PanelModel::rating_problem(const std::string& text, core::Lang lang) {
    std::string t = trim(text);
    double v = -1;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !(v >= 0.0 && v <= 10.0)) {
        return std::string(app::tr("panel.error.rating", lang));
    }
    return {};
}

std::string PanelModel::enter_rating(const std::string& text) {
    if (!m_runner || m_runner->closed() || m_page != PanelPage::live) return tr("panel.error.no_session");
    if (std::string p = rating_problem(text, lang()); !p.empty()) return p;
    double v = std::stod(trim(text));
    session::ReportResult r = m_runner->report({m_session_t, v, session::ReportSource::therapist});
    return r.accepted ? std::string() : r.event.text(lang());
}

std::string PanelModel::add_note(const std::string& text) {
    if (m_resident.empty()) return tr("panel.blocker.resident");
    std::string t = trim(text);
    if (t.empty()) return tr("panel.error.note_empty");
    if (code_points(t) > k_max_note) return tr("panel.error.note_long");
    store::NoteRecord n;
    n.resident_code = m_resident;
    if (m_runner && m_session_id) {
        n.session_id = m_session_id;
        n.t = m_session_t;
    }
    if (m_therapist) n.therapist_id = m_therapist->id;
    n.wall_ms = core::wall_unix_ms();
    n.text = t;
    auto id = std::make_shared<std::int64_t>(0);
    post([n, id](store::Store& s) { *id = s.add_note(n); },
         [this, n, id] {
             store::NoteRecord saved = n;
             saved.id = *id;
             m_notes.push_back(saved);
             if (saved.t && m_page == PanelPage::live) m_markers.push_back({*saved.t, ChartMarker::Kind::note, saved.text});
             notify(false, tr("panel.note_saved"));
         },
         "panel.error.note_not_saved");
    return {};
}

std::string PanelModel::state_text() const {
    if (!m_runner) return {};
    return std::string(app::tr("session.state." + std::string(session::to_string(m_snapshot.state)), lang()));
}

std::string PanelModel::rule_text() const {
    if (!m_runner) return {};
    if (m_snapshot.last_decision) return m_snapshot.last_decision->text(lang());
    return tr("panel.rule.none");
}

std::string PanelModel::end_now() {
    if (!m_runner || m_runner->closed() || m_page != PanelPage::live) return tr("panel.error.no_session");
    m_runner->record_app_event(m_runner->controller().now(), live::k_ended_now_type,
                               {{"state", std::string(session::to_string(m_runner->controller().state()))}});
    notify(false, app::trf("app.session.ended_now", lang(), fmt::arg("id", m_session_id)));
    finish_session();
    return {};
}

void PanelModel::finish_session() {
    if (m_options.session_ending) m_options.session_ending(*m_runner);
    // Waits for the last records to be on disk: once, as the session ends, never while it runs.
    m_runner->finish();
    if (!m_bands.empty()) m_bands.back().t1 = m_runner->controller().now();
    m_snapshot = m_runner->controller().snapshot();
    m_page = PanelPage::after;
    load_summary();
}

// ------------------------------------------------------------------------------ after

void PanelModel::load_summary() {
    struct Summary {
        std::optional<session::SessionOutcome> outcome;
        std::optional<std::filesystem::path> html;
        std::vector<HistoryRow> rows;
        std::string report_problem;
    };
    auto out = std::make_shared<Summary>();
    std::string code = m_resident;
    std::int64_t id = m_session_id;
    std::filesystem::path folder = m_options.reports_dir / code;
    core::Lang l = lang();
    post([out, code, id, folder, l](store::Store& s) {
             ui::ReportData data = report_data_from_store(s, code);
             for (const ui::ReportSession& r : data.sessions) {
                 if (r.id == id) out->outcome = r.outcome;
             }
             try {
                 out->html = ui::write_report(data, folder, l, ui::Font::load_cjk()).html;
             } catch (const core::Error& e) {
                 out->report_problem = core::describe(e);
             }
         },
         [this, out, code] {
             if (code != m_resident) return;
             m_outcome = out->outcome;
             m_report_html = out->html;
             if (!out->report_problem.empty()) {
                 notify(true, app::trf("app.session.report_failed", lang(), fmt::arg("why", out->report_problem),
                                        fmt::arg("resident", code)));
             }
             refresh_history();
         },
         "panel.error.store");
}

std::string PanelModel::take_ssq_after() {
    if (!m_session_id || m_page != PanelPage::after) return tr("panel.error.no_session");
    store::SsqItems items = m_ssq;
    try {
        store::score_ssq(items);
    } catch (const core::Error&) {
        return tr("panel.error.ssq");
    }
    std::int64_t id = m_session_id;
    post([id, items](store::Store& s) { s.record_ssq(id, store::SsqPhase::after, items); },
         [this, items] {
             m_ssq_after_taken = true;
             m_ssq = {};
             notify(false, app::trf("panel.ssq.taken_after", lang(),
                                     fmt::arg("total", ui::format_value(store::score_ssq(items).total))));
             load_summary(); // the report again, now with the SSQ after
         },
         "panel.error.store");
    return {};
}

void PanelModel::new_session() {
    if (m_page != PanelPage::after) return;
    m_runner.reset();
    m_session_id = 0;
    m_checklist = {};
    m_ssq_before.reset();
    m_ssq = {};
    m_page = PanelPage::prepare;
    load_resident_details();
}

// ------------------------------------------------------------------------------ history, admin

void PanelModel::refresh_history() {
    if (m_resident.empty()) return;
    auto rows = std::make_shared<std::vector<HistoryRow>>();
    std::string code = m_resident;
    post([rows, code](store::Store& s) {
             ui::ReportData data = report_data_from_store(s, code);
             for (const ui::ReportSession& r : data.sessions) {
                 HistoryRow h;
                 h.id = r.id;
                 h.number = r.number;
                 h.status = r.status;
                 h.started_ms = r.started_ms;
                 h.protocol = r.protocol ? r.protocol->id : std::string();
                 h.minutes = r.outcome.duration_s / 60.0;
                 h.highest_step = r.outcome.highest_step_reached;
                 h.safe_step = r.outcome.safe_step;
                 h.peak = r.outcome.peak;
                 h.final_craving = r.outcome.final_craving;
                 if (r.ssq_before) h.ssq_before = r.ssq_before->total;
                 if (r.ssq_after) h.ssq_after = r.ssq_after->total;
                 rows->push_back(std::move(h));
             }
         },
         [this, rows, code] {
             if (code == m_resident) m_history = std::move(*rows);
         },
         "panel.error.store");
}

std::string PanelModel::add_account(const std::string& username, const std::string& password, bool administrator) {
    if (!is_administrator()) return tr("panel.error.not_admin");
    std::string name = trim(username);
    if (!store::is_valid_username(name)) return tr("panel.error.username");
    if (code_points(password) < 8) return tr("panel.error.password_short");
    for (const store::TherapistRecord& t : m_accounts) {
        if (t.username == name) return tr("panel.error.account_exists");
    }
    store::PasswordCost cost = m_options.password_cost;
    auto accounts = std::make_shared<std::vector<store::TherapistRecord>>();
    store::TherapistRole role = administrator ? store::TherapistRole::administrator : store::TherapistRole::therapist;
    post([name, password, role, cost, accounts](store::Store& s) {
             s.add_therapist(name, password, role, cost);
             *accounts = s.therapists();
         },
         [this, name, accounts] {
             m_accounts = std::move(*accounts);
             notify(false, app::trf("panel.account_created", lang(), fmt::arg("name", name)));
         },
         "panel.error.account_not_made");
    return {};
}

std::string PanelModel::export_report() {
    if (m_resident.empty()) return tr("panel.blocker.resident");
    auto path = std::make_shared<std::filesystem::path>();
    std::string code = m_resident;
    std::filesystem::path folder = m_options.reports_dir / code;
    core::Lang l = lang();
    post([path, code, folder, l](store::Store& s) {
             ui::ReportData data = report_data_from_store(s, code);
             *path = ui::write_report(data, folder, l, ui::Font::load_cjk()).html;
         },
         [this, path] {
             m_export_path = *path;
             notify(false, app::trf("app.session.report_at", lang(), fmt::arg("path", core::display_path(*path))));
         },
         "panel.error.export");
    return {};
}

} // namespace qx::app
