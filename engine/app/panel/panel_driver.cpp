#include "app/panel/panel_driver.h"

#include "core/error.h"
#include "core/file.h"
#include "core/log.h"
#include "stage/frame_loop.h"

#include <imgui.h>

#include <GLFW/glfw3.h>

#include <charconv>
#include <cstdio>
#include <sstream>

namespace qx::app {
namespace {

// How long any one step may wait before the script fails (lavapipe is slow; a person is slower).
constexpr double k_step_timeout_s = 180.0;

const char* page_name(PanelPage p) {
    switch (p) {
    case PanelPage::loading: return "loading";
    case PanelPage::first_account: return "first_account";
    case PanelPage::sign_in: return "sign_in";
    case PanelPage::prepare: return "prepare";
    case PanelPage::live: return "live";
    case PanelPage::after: return "after";
    }
    return "?";
}

int key_code(std::string_view name) {
    if (name == "F1") return GLFW_KEY_F1;
    if (name == "Enter") return GLFW_KEY_ENTER;
    if (name == "Tab") return GLFW_KEY_TAB;
    if (name == "Escape") return GLFW_KEY_ESCAPE;
    if (name == "Backspace") return GLFW_KEY_BACKSPACE;
    return 0;
}

bool known_verb(std::string_view v) {
    for (const char* k : {"click", "type", "key", "wait", "wait_page", "wait_state", "wait_prompt", "wait_idle",
                          "wait_view", "expect_notice", "screenshot", "quit", "say", "lose_gpu"}) {
        if (v == k) return true;
    }
    return false;
}

} // namespace

PanelDriver PanelDriver::load(const std::filesystem::path& path, const std::filesystem::path& shots_dir) {
    PanelDriver d;
    d.m_path = path;
    d.m_shots_dir = shots_dir;
    std::istringstream in(core::read_text_file(path));
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::size_t b = line.find_first_not_of(" \t");
        if (b == std::string::npos || line[b] == '#') continue;
        line = line.substr(b);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
        std::size_t sp = line.find(' ');
        Step s{number, line.substr(0, sp), sp == std::string::npos ? std::string() : line.substr(sp + 1)};
        auto bad = [&](const std::string& why) {
            throw core::Error(fmt::format("{}:{}: {}", core::display_path(path), number, why),
                              "see app/panel_driver.h for the commands a panel script may use");
        };
        if (!known_verb(s.verb)) bad(fmt::format("unknown command '{}'", s.verb));
        bool needs_arg = s.verb != "wait_prompt" && s.verb != "wait_idle" && s.verb != "wait_view" && s.verb != "quit" && s.verb != "lose_gpu";
        if (needs_arg && s.arg.empty()) bad(fmt::format("'{}' needs an argument", s.verb));
        if (s.verb == "key" && key_code(s.arg) == 0) bad(fmt::format("unknown key '{}'", s.arg));
        if (s.verb == "wait") {
            double v = 0;
            auto [end, ec] = std::from_chars(s.arg.data(), s.arg.data() + s.arg.size(), v);
            if (ec != std::errc() || end != s.arg.data() + s.arg.size() || v < 0) bad("'wait' needs seconds");
        }
        if (s.verb == "wait_state" && s.arg != "exposed" && !session::parse_state(s.arg)) {
            bad(fmt::format("unknown state '{}'", s.arg));
        }
        d.m_steps.push_back(std::move(s));
    }
    return d;
}

void PanelDriver::fail(const Step& s, const std::string& why) {
    m_failure = fmt::format("{}:{}: {} {}: {}", core::display_path(m_path), s.line, s.verb, s.arg, why);
    core::log_error("panel", "{}", m_failure);
    // What the panel showed when the script gave up, for whoever reads the failure.
    m_screenshot = ((m_shots_dir.empty() ? std::filesystem::path(".") : m_shots_dir) / "script-failure.png").string();
    m_quit = true;
}

std::string PanelDriver::Subject::page() const { return model ? page_name(model->page()) : "unlock"; }

bool PanelDriver::Subject::busy() const { return model ? model->busy() : unlock->busy(); }

std::vector<std::string> PanelDriver::Subject::notices() const {
    std::vector<std::string> out;
    if (model) {
        for (const Notice& n : model->notices()) out.push_back(n.text);
    } else if (!unlock->problem().empty()) {
        out.push_back(unlock->problem());
    }
    return out;
}

void PanelDriver::feed(ImGuiIO& io, const ItemMap& items, const PanelModel& model, double now) {
    run_steps(io, items, Subject{&model, nullptr}, now);
}

void PanelDriver::feed(ImGuiIO& io, const ItemMap& items, const UnlockModel& unlock, double now) {
    run_steps(io, items, Subject{nullptr, &unlock}, now);
}

void PanelDriver::run_steps(ImGuiIO& io, const ItemMap& items, const Subject& subject, double now) {
    const PanelModel* model = subject.model;
    io.MousePos = {m_mouse_x, m_mouse_y};
    for (bool& down : io.MouseDown) down = false;
    if (m_key) {
        io.KeysDown[m_key] = false; // a key is down for one frame
        m_key = 0;
    }
    while (m_next < m_steps.size() && m_failure.empty()) {
        const Step& s = m_steps[m_next];
        if (m_step_since < 0) m_step_since = now;
        if (now - m_step_since > k_step_timeout_s) {
            fail(s, fmt::format("nothing happened for {:.0f} s (page {})", k_step_timeout_s, subject.page()));
            return;
        }
        auto next = [&] {
            ++m_next;
            m_phase = 0;
            m_step_since = -1;
        };
        if (s.verb == "click") {
            auto it = items.find(s.arg);
            if (it == items.end() || !it->second.enabled) return; // not shown (or not usable) yet
            const ItemRect& r = it->second;
            // Only onto a widget that stayed put for a frame (a tab bar lays out a frame late
            // after the language changes).
            bool moved = r.x0 != m_rect.x0 || r.y0 != m_rect.y0 || r.x1 != m_rect.x1 || r.y1 != m_rect.y1;
            m_rect = r;
            if (moved && m_phase < 2) {
                m_phase = 0;
                return;
            }
            m_mouse_x = (r.x0 + r.x1) * 0.5f;
            m_mouse_y = (r.y0 + r.y1) * 0.5f;
            io.MousePos = {m_mouse_x, m_mouse_y};
            // One frame to hover, one pressed, released on the third (ImGui clicks on release).
            if (m_phase < 2) {
                io.MouseDown[0] = m_phase == 1;
                ++m_phase;
                return;
            }
            m_rect = {};
            next();
            return;
        }
        if (s.verb == "type") {
            io.AddInputCharactersUTF8(s.arg.c_str());
            next();
            return;
        }
        if (s.verb == "key") {
            m_key = key_code(s.arg);
            io.KeysDown[m_key] = true;
            next();
            return;
        }
        if (s.verb == "wait") {
            if (now - m_step_since < std::stod(s.arg)) return;
            next();
            continue;
        }
        if (s.verb == "wait_page") {
            if (s.arg != subject.page()) return;
            next();
            continue;
        }
        if (s.verb == "wait_state") {
            if (!model || !model->live().controller()) return;
            session::State now_in = model->live().controller()->state();
            bool there = s.arg == "exposed" ? session::is_exposed(now_in) : now_in == *session::parse_state(s.arg);
            if (!there) return;
            next();
            continue;
        }
        if (s.verb == "wait_prompt") {
            if (!model || !model->live().controller() || !model->live().controller()->prompt_pending()) return;
            next();
            continue;
        }
        if (s.verb == "wait_view") {
            // Only a report made after this step began: the one before may describe the target
            // of a moment ago (the calm room of the baseline, when the step follows wait_state).
            if (m_phase == 0) {
                m_view_reports_at_start = m_view_reports;
                m_phase = 1;
            }
            if (m_view_reports == m_view_reports_at_start || !m_view_clear) return;
            next();
            continue;
        }
        if (s.verb == "wait_idle") {
            if (subject.busy()) return;
            next();
            continue;
        }
        if (s.verb == "expect_notice") {
            bool seen = false;
            const std::vector<std::string> notices = subject.notices();
            for (const std::string& n : notices) seen = seen || n.find(s.arg) != std::string::npos;
            if (!seen) {
                std::string shown;
                for (const std::string& n : notices) shown += " [" + n + "]";
                fail(s, "not among the notices:" + (shown.empty() ? std::string(" none") : shown));
                return;
            }
            next();
            continue;
        }
        if (s.verb == "say") {
            std::printf("script: %s\n", s.arg.c_str());
            std::fflush(stdout);
            next();
            continue;
        }
        if (s.verb == "screenshot") {
            std::filesystem::path shot(s.arg);
            m_screenshot = (shot.is_relative() && !m_shots_dir.empty() ? m_shots_dir / shot : shot).string();
            next();
            return;
        }
        if (s.verb == "lose_gpu") {
            stage::lose_device_for_test();
            next();
            return;
        }
        if (s.verb == "quit") {
            m_quit = true;
            next();
            return;
        }
    }
}

} // namespace qx::app
