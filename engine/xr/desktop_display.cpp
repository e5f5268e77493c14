// The desktop simulator: a window showing what a seated resident would see, with the head
// turned by the mouse (right button held) and the craving prompt answered with keys.
#include "core/clock.h"
#include "core/log.h"
#include "gpu/offscreen_target.h"
#include "xr/desktop_window.h"
#include "xr/display.h"
#include "xr/simulated_head.h"

#include <GLFW/glfw3.h>
#include <thread>

namespace qx::xr {
namespace {

class DesktopDisplay final : public Display {
public:
    explicit DesktopDisplay(const DisplayOptions& o) : m_options(o) {
        m_window = std::make_unique<DesktopWindow>(o);
        gpu::ContextOptions copts;
        copts.device_name = o.gpu;
        copts.validation = o.validation;
        copts.instance_extensions = m_window->instance_extensions();
        copts.device_extensions = {VK_KHR_SWAPCHAIN_EXTENSION_NAME};
        copts.make_surface = [this](VkInstance instance) { return m_window->make_surface(instance); };
        m_ctx = std::make_unique<gpu::Context>(copts);
        m_window->create_swapchain(*m_ctx, true); // desktop mode paces on the screen's refresh
        if (o.one_eye_fills_window && m_window->extent().width > 0 && m_window->extent().height > 0) {
            // One eye, its shape the window's, so it fills the screen with no bars.
            m_options.eye_width = m_window->extent().width;
            m_options.eye_height = m_window->extent().height;
            m_window->show_eye(gpu::MirrorEye::left);
        }
        m_target = std::make_unique<gpu::OffscreenTarget>(*m_ctx, VkExtent2D{m_options.eye_width, m_options.eye_height});
        m_last = core::mono_seconds();
    }

    ~DesktopDisplay() override {
        // Swapchain, then the context (which destroys the surface), then the window itself.
        if (m_ctx) vkDeviceWaitIdle(m_ctx->device());
        m_target.reset();
        m_window->destroy_swapchain();
        m_ctx.reset();
        m_window.reset();
    }

    DisplayKind kind() const override { return DisplayKind::desktop; }
    std::string name() const override { return "desktop window (simulated head: right mouse button to look)"; }
    gpu::Context& context() override { return *m_ctx; }
    VkExtent2D eye_extent() const override { return {m_options.eye_width, m_options.eye_height}; }
    std::optional<double> refresh_hz() const override { return 1.0 / m_window->refresh_period(); }

    FrameBegin begin_frame() override {
        FrameBegin f;
        m_window->poll_events();
        if (m_window->should_close()) {
            f.status = FrameBegin::Status::quit;
            return f;
        }
        m_pending_input = merge(m_pending_input, m_window->take_input());
        if (m_pending_input.recenter) m_head.recenter();
        glm::vec2 look = m_window->take_look_delta();
        m_head.look(look.x, look.y);
        double now = core::mono_seconds();
        if (m_window->minimised()) {
            // Nothing to show: keep the session's clock running at a gentle pace.
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
            f.status = FrameBegin::Status::skip;
            f.display_time = now;
            return f;
        }
        f.status = FrameBegin::Status::render;
        f.period = m_window->refresh_period();
        f.display_time = now + f.period; // shown at the next refresh
        gpu::Fov fov = gpu::symmetric_fov(100.0f, float(m_options.eye_width) / float(m_options.eye_height));
        f.view = m_head.view(fov);
        f.target = m_target->target();
        f.target.render_extent = scaled(f.target.extent);
        m_drawn = f.target.render_extent;
        m_stats.frame(f.display_time, f.period, f.period, m_cpu_ms, m_gpu_ms, m_render_scale);
        m_frame_start = now;
        return f;
    }

    void record_after_render(gpu::Frame& frame, SubmitSync& sync) override {
        m_acquired = false;
        if (m_window->acquire(UINT64_MAX, sync.wait, sync.signal)) {
            gpu::StereoTarget drawn = m_target->target();
            drawn.render_extent = m_drawn;
            m_window->record_mirror(frame, drawn, m_window->mirror_eye());
            m_acquired = true;
        }
    }

    void end_frame() override {
        if (m_acquired) {
            m_window->present();
            m_stats.delivered();
        }
    }

    ResidentInput poll_input() override {
        ResidentInput in = m_pending_input;
        m_pending_input = {};
        return in;
    }
    std::string state() const override { return "running in the desktop window"; }
    void set_status(const std::string& text) override {
        if (m_window) m_window->set_status(text);
    }
    bool request_screenshot(const std::string& path) override {
        if (!m_window) return false;
        m_window->request_screenshot(path);
        return true;
    }
    GLFWwindow* window() override { return m_window->handle(); }
    bool set_window_overlay(WindowOverlay* overlay) override {
        m_window->set_overlay(overlay);
        return true;
    }
    bool quit_requested() const override { return m_window->should_close(); }

    DesktopWindow& desktop_window() { return *m_window; }

private:
    static ResidentInput merge(ResidentInput a, const ResidentInput& b) {
        a.slider_rate = b.slider_rate;
        if (b.slider_absolute) a.slider_absolute = b.slider_absolute;
        if (b.typed_rating) a.typed_rating = b.typed_rating;
        a.confirm = a.confirm || b.confirm;
        a.need_break = a.need_break || b.need_break;
        a.recenter = a.recenter || b.recenter;
        return a;
    }

    DisplayOptions m_options;
    std::unique_ptr<DesktopWindow> m_window;
    std::unique_ptr<gpu::Context> m_ctx;
    std::unique_ptr<gpu::OffscreenTarget> m_target;
    SimulatedHead m_head;
    VkExtent2D m_drawn{}; // this frame's part of the target (the render scale)
    ResidentInput m_pending_input;
    bool m_acquired = false;
    double m_last = 0.0, m_frame_start = 0.0;
};

} // namespace

std::unique_ptr<Display> open_desktop(const DisplayOptions& options) { return std::make_unique<DesktopDisplay>(options); }

} // namespace qx::xr
