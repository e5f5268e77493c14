// The control panel's shared core: what every page of the panel needs whichever it is — the
// recorder and its store-job queue, the notices, the language, where the panel is (page and tab),
// who is signed in and which resident is chosen. The page models (accounts_model.h,
// prepare_model.h, live_model.h, after_model.h, history_model.h, admin_model.h) hold the rest.
// No drawing here (app/panel/panel_view.* draws).
#pragma once

#include "core/i18n.h"
#include "app/strings.h"
#include "live/session_host.h"
#include "store/recorder.h"
#include "store/ssq.h"
#include "store/store.h"

#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qx::app {

// Where the panel is in a therapist's day.
enum class PanelPage {
    loading,       // looking at the records for the first time
    first_account, // no account exists yet: make the administrator's
    sign_in,
    prepare, // resident, protocol, checklist, SSQ before
    live,    // a session is running
    after,   // SSQ after, summary, report
};

enum class PanelTab { session, history, admin };

// What the therapist is told after something they did: a catalogue text, already filled.
struct Notice {
    bool error = false;
    std::string text;
    double at = 0; // panel seconds
};

struct PanelOptions {
    core::Lang lang = core::Lang::zh_CN;
    std::vector<std::string> protocols;   // protocol ids offered
    std::vector<std::string> scenes;      // scene names that exist (protocols are checked against them)
    std::string display_kind = "desktop"; // recorded with each session
    std::filesystem::path reports_dir;    // <reports_dir>/<resident>/ gets each report
    double speed = 1.0;                   // session seconds per panel second (demonstrations and tests)
    // A simulated resident answers in the headset instead of a person (demonstrations and
    // tests); empty: a person answers.
    std::string resident_model;
    std::string heart_rate; // the sensor every session uses (live::SessionRequest::heart_rate)
    store::PasswordCost password_cost = store::PasswordCost::interactive; // tests use the minimum
    // Called once a session has begun (or resumed) and is running, so the display can show it
    // to the resident.
    std::function<void(live::SessionRunner&, const std::string& resident, core::Lang lang)> session_begun;
    // Called just before a session is finished, for what the display adds to the record (how
    // its frames went); the display stops showing it.
    std::function<void(live::SessionRunner&)> session_ending;
};

class PanelContext {
public:
    PanelContext(store::Recorder& recorder, PanelOptions options);
    // Waits for the store jobs still out (their results are dropped).
    ~PanelContext();
    PanelContext(const PanelContext&) = delete;
    PanelContext& operator=(const PanelContext&) = delete;

    // Runs `job` on the recorder's store thread; `then` runs on the frame thread in a later
    // collect() when it succeeded, else a notice from `failed_key` and `otherwise`.
    void post(std::function<void(store::Store&)> job, std::function<void()> then, std::string failed_key,
              std::function<void()> otherwise = {});
    // Work that must hold up neither the frame loop nor the store thread (hashing or checking a
    // password: a noticeable fraction of a second): `work` runs on a thread of its own; its result
    // reaches `then` on the frame thread in a later collect(), or a notice from `failed_key`.
    void off_thread(std::function<std::string()> work, std::function<void(std::string)> then, std::string failed_key);
    // Once a frame: applies the store jobs that came back, in the order posted, then finished
    // off-thread work, and lets old notices fade.
    void collect(double now);
    // Waits for the oldest store job still out, else the oldest off-thread work (tests and
    // shutdown; not the frame loop).
    void wait_oldest();
    bool busy() const { return !m_jobs.empty() || !m_background.empty(); } // a look-up or save is on its way

    void notify(bool error, std::string text);
    const std::vector<Notice>& notices() const { return m_notices; }
    void dismiss_notices() { m_notices.clear(); }

    double now() const { return m_now; } // panel seconds at the last collect()
    PanelPage page() const { return m_page; }
    void set_page(PanelPage page) { m_page = page; }
    PanelTab tab() const { return m_tab; }
    void set_tab(PanelTab tab) { m_tab = tab; }
    core::Lang lang() const { return m_options.lang; }
    void set_lang(core::Lang lang);
    std::string tr(std::string_view key) const { return std::string(app::tr(key, m_options.lang)); }
    const PanelOptions& options() const { return m_options; }
    store::Recorder& recorder() { return m_recorder; }

    // Who is signed in (set by AccountsModel) and the resident chosen (set by PrepareModel).
    const std::optional<store::TherapistRecord>& therapist() const { return m_therapist; }
    // For the audit log: who is signed in (none before sign-in).
    std::optional<std::int64_t> therapist_id() const {
        return m_therapist ? std::optional<std::int64_t>(m_therapist->id) : std::nullopt;
    }
    void set_therapist(std::optional<store::TherapistRecord> t) { m_therapist = std::move(t); }
    const std::string& resident() const { return m_resident; }
    void set_resident(std::string code) { m_resident = std::move(code); }
    // The SSQ form on screen: filled on the prepare page (before) and on the after page (after).
    store::SsqItems& ssq_form() { return m_ssq; }

private:
    struct Job {
        std::future<void> done;
        std::function<void()> then;      // on the frame thread, when the job succeeded
        std::string failed_key;          // catalogue key for the notice when it threw
        std::function<void()> otherwise; // on the frame thread, when it threw
    };

    store::Recorder& m_recorder;
    PanelOptions m_options;
    double m_now = 0;
    PanelPage m_page = PanelPage::loading;
    PanelTab m_tab = PanelTab::session;
    std::deque<Job> m_jobs;
    struct Background {
        std::shared_future<std::string> result;
        std::function<void(std::string)> then;
        std::string failed_key;
    };
    std::vector<Background> m_background;
    std::vector<Notice> m_notices;
    std::optional<store::TherapistRecord> m_therapist;
    std::string m_resident;
    store::SsqItems m_ssq{};
};

} // namespace qx::app
