// Offscreen frames at a chosen size and rate, with deterministic time steps and a scripted
// head: for tests, benchmarks and simulated-resident runs.
#include "core/clock.h"
#include "core/log.h"
#include "gpu/offscreen_target.h"
#include "xr/display.h"
#include "xr/simulated_head.h"

#include <thread>

namespace qx::xr {
namespace {

class HeadlessDisplay final : public Display {
public:
    explicit HeadlessDisplay(const DisplayOptions& o) : m_options(o) {
        gpu::ContextOptions copts;
        copts.device_name = o.gpu;
        copts.validation = o.validation;
        m_ctx = std::make_unique<gpu::Context>(copts);
        m_target = std::make_unique<gpu::OffscreenTarget>(*m_ctx, VkExtent2D{o.eye_width, o.eye_height});
        m_period = 1.0 / std::max(o.headless_rate_hz, 1.0);
        m_start = core::mono_seconds();
        core::log_info("xr", "headless display: {}x{} per eye at {:.0f} Hz{}", o.eye_width, o.eye_height,
                       o.headless_rate_hz, o.headless_realtime ? " (real time)" : " (as fast as possible)");
    }

    DisplayKind kind() const override { return DisplayKind::headless; }
    std::string name() const override {
        return fmt::format("headless {}x{} per eye, {:.0f} Hz", m_options.eye_width, m_options.eye_height,
                           m_options.headless_rate_hz);
    }
    gpu::Context& context() override { return *m_ctx; }
    VkExtent2D eye_extent() const override { return {m_options.eye_width, m_options.eye_height}; }
    std::optional<double> refresh_hz() const override { return m_options.headless_rate_hz; }

    FrameBegin begin_frame() override {
        FrameBegin f;
        // Frame n is shown at n periods after the start: the same run gives the same times.
        double t = double(m_frame) * m_period;
        if (m_options.headless_realtime) {
            double wait = m_start + t - core::mono_seconds();
            if (wait > 0.0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
        }
        ++m_frame;
        f.status = FrameBegin::Status::render;
        f.display_time = t;
        f.period = m_period;
        gpu::Fov fov = gpu::symmetric_fov(100.0f, float(m_options.eye_width) / float(m_options.eye_height));
        f.view = SimulatedHead::scripted(t).view(fov);
        f.target = m_target->target();
        m_stats.frame(t, m_period, m_period, 0.0, 0.0);
        return f;
    }
    void record_after_render(gpu::Frame&, SubmitSync&) override {}
    void end_frame() override { m_stats.delivered(); }
    ResidentInput poll_input() override { return {}; }
    std::string state() const override { return "running headless"; }
    bool quit_requested() const override { return false; }

    gpu::OffscreenTarget& target() { return *m_target; }

private:
    DisplayOptions m_options;
    std::unique_ptr<gpu::Context> m_ctx;
    std::unique_ptr<gpu::OffscreenTarget> m_target;
    double m_period = 1.0 / 90.0;
    double m_start = 0.0;
    std::uint64_t m_frame = 0;
};

} // namespace

std::unique_ptr<Display> open_headless(const DisplayOptions& options) { return std::make_unique<HeadlessDisplay>(options); }

} // namespace qx::xr
