#include "app/panel/panel_context.h"
#include "app/strings.h"

#include "core/error.h"
#include "core/log.h"

#include <chrono>

namespace qx::app {

PanelContext::PanelContext(store::Recorder& recorder, PanelOptions options)
    : m_recorder(recorder), m_options(std::move(options)) {}

PanelContext::~PanelContext() {
    for (Job& j : m_jobs) {
        if (j.done.valid()) j.done.wait();
    }
    for (Background& b : m_background) {
        if (b.result.valid()) b.result.wait();
    }
}

void PanelContext::off_thread(std::function<std::string()> work, std::function<void(std::string)> then,
                              std::string failed_key) {
    m_background.push_back({std::async(std::launch::async, std::move(work)).share(), std::move(then), std::move(failed_key)});
}

void PanelContext::post(std::function<void(store::Store&)> job, std::function<void()> then,
                        std::string failed_key, std::function<void()> otherwise) {
    m_jobs.push_back(
        {m_recorder.post(std::move(job)), std::move(then), std::move(failed_key), std::move(otherwise)});
}

void PanelContext::notify(bool error, std::string text) {
    if (error) core::log_warn("panel", "{}", text);
    m_notices.push_back({error, std::move(text), m_now});
    if (m_notices.size() > 6) m_notices.erase(m_notices.begin());
}

void PanelContext::collect(double now) {
    m_now = now;
    // Store jobs finish in the order they were posted (one store thread).
    while (!m_jobs.empty() &&
           m_jobs.front().done.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
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
    // Off-thread work, in whatever order it finishes (each result's `then` may post store jobs).
    for (std::size_t i = 0; i < m_background.size();) {
        if (m_background[i].result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            ++i;
            continue;
        }
        Background done = std::move(m_background[i]);
        m_background.erase(m_background.begin() + static_cast<std::ptrdiff_t>(i));
        try {
            std::string result = done.result.get();
            if (done.then) done.then(std::move(result));
        } catch (const std::exception& e) {
            notify(true, app::trf(done.failed_key, lang(), fmt::arg("why", core::describe(e))));
        }
    }
    // Notices fade after a while; errors stay longer.
    std::erase_if(m_notices, [&](const Notice& n) { return now - n.at > (n.error ? 20.0 : 8.0); });
}

void PanelContext::wait_oldest() {
    if (!m_jobs.empty()) {
        m_jobs.front().done.wait();
    } else if (!m_background.empty()) {
        m_background.front().result.wait();
    }
}

void PanelContext::set_lang(core::Lang lang) {
    m_options.lang = lang;
    core::set_current_lang(lang);
}

} // namespace qx::app
