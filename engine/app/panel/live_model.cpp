#include "app/panel/live_model.h"
#include "app/strings.h"

#include "app/panel/panel_model.h"
#include "app/panel/panel_text.h"
#include "core/clock.h"
#include "live/event_codec.h"

#include <charconv>

namespace qx::app {
namespace {

using panel_text::code_points;
using panel_text::trim;

bool is_safety_rule(std::string_view rule) {
    return rule == "ceiling" || rule == "sharp_rise" || rule == "heart_rate";
}

constexpr std::size_t k_max_reason = 200;
constexpr std::size_t k_max_note = 2000;

} // namespace

LiveModel::~LiveModel() {
    if (m_runner && !m_runner->closed() && m_ctx.page() == PanelPage::live) {
        if (m_ctx.options().session_ending) m_ctx.options().session_ending(*m_runner);
        m_runner->record_app_event(
            m_runner->controller().now(), live::k_ended_now_type,
            {{"state", std::string(session::to_string(m_runner->controller().state()))}});
        m_runner->finish();
    }
}

// ------------------------------------------------------------------------------ begin, tick, end

void LiveModel::begin(const live::SessionRequest& request, const live::SessionPlan& plan) {
    m_session_id = plan.start.session_id;
    m_points.clear();
    m_bands.clear();
    m_markers.clear();
    m_heart.clear();
    m_reports_saved = 0;
    m_panel.after().clear();
    m_session_start = m_ctx.now();
    m_session_t = 0;
    m_ctx.set_page(PanelPage::live);
    live::RunnerOptions options;
    options.lang = m_ctx.lang();
    m_runner = live::start_session(m_ctx.recorder(), request, plan, options);
    audit("session_started");
    m_runner->on_event([this](const session::Event& e) { on_event(e); });
    m_snapshot = m_runner->controller().snapshot();
    if (m_ctx.options().session_begun)
        m_ctx.options().session_begun(*m_runner, m_ctx.resident(), m_ctx.lang());
}

void LiveModel::tick() {
    if (!m_runner || m_ctx.page() != PanelPage::live) return;
    m_session_t = (m_ctx.now() - m_session_start) * m_ctx.options().speed;
    m_runner->tick(m_session_t);
    // The records failing to be written (and coming back) is told at once, as an error while it lasts.
    if (std::string news = m_runner->take_storage_news(m_ctx.lang()); !news.empty()) {
        m_ctx.notify(m_runner->storage().fault != store::WriteFault::none, std::move(news));
    }
    if (m_runner->storage().given_up) {
        // Nothing more can be recorded: the session stops here (interrupted, resumable).
        finish_session();
        return;
    }
    m_snapshot = m_runner->controller().snapshot();
    const session::Snapshot& s = m_snapshot;
    if (m_bands.empty() || m_bands.back().state != s.state || m_bands.back().step != s.step) {
        if (!m_bands.empty()) m_bands.back().t1 = s.t;
        int level = s.step >= 0 ? m_runner->controller().protocol().ladder[std::size_t(s.step)].cue_level : 0;
        m_bands.push_back({s.t, s.t, s.step, level, s.state});
    } else {
        m_bands.back().t1 = s.t;
    }
    // A point a second once a sensor has been heard from; a lost signal is a gap.
    if (s.heart_rate_signal != sensors::SignalState::waiting && (m_heart.empty() || s.t - m_heart.back().t >= 1.0))
        m_heart.push_back({s.t, s.heart_rate_bpm.value_or(0.0)});
    if (m_runner->closed()) finish_session();
}

void LiveModel::drop_session() {
    m_runner.reset();
    m_session_id = 0;
}

std::string LiveModel::end_now() {
    if (!commandable()) return m_ctx.tr("panel.error.no_session");
    m_runner->record_app_event(m_runner->controller().now(), live::k_ended_now_type,
                               {{"state", std::string(session::to_string(m_runner->controller().state()))}});
    m_ctx.notify(false, app::trf("app.session.ended_now", m_ctx.lang(), fmt::arg("id", m_session_id)));
    finish_session();
    return {};
}

void LiveModel::audit(const char* action) {
    std::optional<std::int64_t> who = m_ctx.therapist_id();
    std::string code = m_ctx.resident();
    std::string detail = fmt::format("session {}", m_session_id);
    m_ctx.post([who, code, detail, action](store::Store& s) { s.audit(who, action, code, detail); }, {},
               "panel.error.store");
}

void LiveModel::finish_session() {
    if (m_ctx.options().session_ending) m_ctx.options().session_ending(*m_runner);
    audit("session_ended");
    // Waits for the last records to be on disk: once, as the session ends, never while it runs.
    m_runner->finish();
    if (!m_bands.empty()) m_bands.back().t1 = m_runner->controller().now();
    m_snapshot = m_runner->controller().snapshot();
    m_ctx.set_page(PanelPage::after);
    m_panel.after().load_summary();
}

// ------------------------------------------------------------------------------ what happened

void LiveModel::on_event(const session::Event& e) {
    using K = session::EventKind;
    core::Lang lang = m_ctx.lang();
    switch (e.kind) {
    case K::report:
        m_points.push_back(
            {e.t, e.number("rating").value_or(0),
             session::parse_report_source(e.text_arg("source")).value_or(session::ReportSource::headset)});
        break;
    case K::command:
    case K::override_rule:
        m_markers.push_back({e.t, ChartMarker::Kind::command, e.text(lang)});
        break;
    case K::decision:
        if (is_safety_rule(e.rule)) m_markers.push_back({e.t, ChartMarker::Kind::safety, e.text(lang)});
        break;
    case K::alert:
        m_markers.push_back({e.t, ChartMarker::Kind::alert, e.text(lang)});
        break;
    case K::prompt_missed:
        m_markers.push_back({e.t, ChartMarker::Kind::missed, e.text(lang)});
        break;
    default:
        break;
    }
}

std::string LiveModel::state_text() const {
    if (!m_runner) return {};
    return std::string(
        app::tr("session.state." + std::string(session::to_string(m_snapshot.state)), m_ctx.lang()));
}

std::string LiveModel::heart_text() const {
    if (!m_runner) return {};
    const session::Snapshot& s = m_snapshot;
    using sensors::SignalState;
    if (s.heart_rate_signal == SignalState::waiting) {
        // A strap chosen but not heard from yet: say it is being looked for (or why it is not there).
        const sensors::HeartRateSource* source = m_runner->heart_rate_source();
        if (!source) return {};
        return m_ctx.tr(source->state() == sensors::SourceState::disconnected ? "panel.live.heart.disconnected"
                                                                             : "panel.live.heart.searching");
    }
    if (s.heart_rate_signal != SignalState::ok || !s.heart_rate_bpm) {
        return m_ctx.tr(fmt::format("panel.live.heart.{}", sensors::to_string(s.heart_rate_signal)));
    }
    return app::trf("panel.live.heart", m_ctx.lang(), fmt::arg("bpm", std::lround(*s.heart_rate_bpm)),
                    fmt::arg("resting", s.heart_rate_baseline_bpm
                                            ? std::to_string(std::lround(*s.heart_rate_baseline_bpm))
                                            : std::string("—")));
}

std::string LiveModel::gaze_text() const {
    const session::Snapshot& s = m_snapshot;
    const session::Controller* c = controller();
    if (!c || s.gaze_source == session::GazeSource::none) return {};
    const core::Lang lang = m_ctx.lang();
    const std::string source = m_ctx.tr(fmt::format("panel.live.gaze.source.{}", session::to_string(s.gaze_source)));
    if (s.gaze_area.empty()) return app::trf("panel.live.gaze.nothing", lang, fmt::arg("source", source));
    const session::GazeArea* area = c->gaze_area(s.gaze_area);
    const std::string name = !area ? s.gaze_area : lang == core::Lang::en ? area->en : area->zh;
    return app::trf(s.gaze_kind == session::AreaKind::cue ? "panel.live.gaze.cue" : "panel.live.gaze.neutral", lang,
                    fmt::arg("source", source), fmt::arg("area", name));
}

bool LiveModel::heart_signal_lost() const {
    const sensors::SignalState s = m_snapshot.heart_rate_signal;
    if (s == sensors::SignalState::waiting) return m_runner && m_runner->heart_rate_source(); // chosen, not heard
    return s != sensors::SignalState::ok;
}

std::string LiveModel::heart_rule_text() const {
    const session::Controller* c = controller();
    if (!c || !c->protocol().safety.heart_rate) return {};
    const session::Protocol::HeartRate& r = *c->protocol().safety.heart_rate;
    const core::Lang lang = m_ctx.lang();
    std::string limits;
    if (r.max_bpm) limits = app::trf("panel.heart_rule.max", lang, fmt::arg("max", *r.max_bpm));
    if (r.rise_bpm) {
        if (!limits.empty()) limits += m_ctx.tr("panel.heart_rule.or");
        limits += app::trf("panel.heart_rule.rise", lang, fmt::arg("rise", *r.rise_bpm));
    }
    const std::string action =
        m_ctx.tr(r.acts ? fmt::format("panel.heart_rule.{}", session::to_string(r.action)) : "panel.heart_rule.alert");
    return app::trf("panel.heart_rule", lang, fmt::arg("limits", limits), fmt::arg("seconds", r.sustained_s),
                    fmt::arg("action", action));
}

std::string LiveModel::rule_text() const {
    if (!m_runner) return {};
    if (m_snapshot.last_decision) return m_snapshot.last_decision->text(m_ctx.lang());
    return m_ctx.tr("panel.rule.none");
}

// ------------------------------------------------------------------------------ the therapist's input

std::string LiveModel::command(session::CommandKind kind) {
    if (!commandable()) return m_ctx.tr("panel.error.no_session");
    session::CommandResult r =
        m_runner->submit({kind, m_ctx.tr("panel.reason.panel"), session::CommandSource::therapist});
    return r.accepted ? std::string() : r.event.text(m_ctx.lang());
}

bool LiveModel::needs_reason(session::CommandKind kind) {
    using K = session::CommandKind;
    return kind == K::level_up || kind == K::level_down || kind == K::hold || kind == K::release;
}

std::string LiveModel::reason_problem(const std::string& reason, core::Lang lang) {
    std::string r = trim(reason);
    if (r.empty()) return std::string(app::tr("panel.error.reason_empty", lang));
    if (code_points(r) > k_max_reason) return std::string(app::tr("panel.error.reason_long", lang));
    return {};
}

std::string LiveModel::command_with_reason(session::CommandKind kind, const std::string& reason) {
    if (!commandable()) return m_ctx.tr("panel.error.no_session");
    if (std::string p = reason_problem(reason, m_ctx.lang()); !p.empty()) return p;
    session::CommandResult r = m_runner->submit({kind, trim(reason), session::CommandSource::therapist});
    return r.accepted ? std::string() : r.event.text(m_ctx.lang());
}

std::string LiveModel::rating_problem(const std::string& text, core::Lang lang) {
    std::string t = trim(text);
    double v = -1;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !(v >= 0.0 && v <= 10.0)) {
        return std::string(app::tr("panel.error.rating", lang));
    }
    return {};
}

std::string LiveModel::enter_rating(const std::string& text) {
    if (!commandable()) return m_ctx.tr("panel.error.no_session");
    if (std::string p = rating_problem(text, m_ctx.lang()); !p.empty()) return p;
    double v = std::stod(trim(text));
    session::ReportResult r = m_runner->report({m_session_t, v, session::ReportSource::therapist});
    return r.accepted ? std::string() : r.event.text(m_ctx.lang());
}

std::string LiveModel::add_note(const std::string& text) {
    if (m_ctx.resident().empty()) return m_ctx.tr("panel.blocker.resident");
    std::string t = trim(text);
    if (t.empty()) return m_ctx.tr("panel.error.note_empty");
    if (code_points(t) > k_max_note) return m_ctx.tr("panel.error.note_long");
    store::NoteRecord n;
    n.resident_code = m_ctx.resident();
    if (m_runner && m_session_id) {
        n.session_id = m_session_id;
        n.t = m_session_t;
    }
    if (m_ctx.therapist()) n.therapist_id = m_ctx.therapist()->id;
    n.wall_ms = core::wall_unix_ms();
    n.text = t;
    auto id = std::make_shared<std::int64_t>(0);
    m_ctx.post([n, id](store::Store& s) { *id = s.add_note(n); },
               [this, n, id] {
                   store::NoteRecord saved = n;
                   saved.id = *id;
                   m_notes.push_back(saved);
                   if (saved.t && m_ctx.page() == PanelPage::live) {
                       m_markers.push_back({*saved.t, ChartMarker::Kind::note, saved.text});
                   }
                   m_ctx.notify(false, m_ctx.tr("panel.note_saved"));
               },
               "panel.error.note_not_saved");
    return {};
}

} // namespace qx::app
