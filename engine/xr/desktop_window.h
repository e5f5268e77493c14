#pragma once

#include "gpu/mirror.h"
#include "gpu/swapchain.h"
#include "xr/display.h"

#include <future>
#include <memory>
#include <vector>

namespace qx::xr {

// What the control panel needs from the window: room beside the mirror, a turn to draw after it,
// and the keyboard and mouse before the resident's keys see them.
class WindowOverlay {
public:
    virtual ~WindowOverlay() = default;
    // Where the mirror goes in a window image of `extent` pixels; an empty rectangle: no mirror.
    virtual VkRect2D mirror_area(VkExtent2D extent) = 0;
    // Draws over the window image, which is in COLOR_ATTACHMENT_OPTIMAL; leaves it in
    // `target.final_layout`.
    virtual void record(gpu::Frame& frame, const gpu::MirrorTarget& target) = 0;
    // Input from the window; true when the overlay keeps a key (someone is typing into a field),
    // so it is not also read as the resident's.
    virtual bool key(int key, int scancode, int action, int mods) = 0;
    virtual void character(unsigned int codepoint) = 0;
    virtual void mouse_button(int button, int action, int mods) = 0;
    virtual void scroll(double dx, double dy) = 0;
};

// The therapist's window: a GLFW window with a Vulkan swapchain, keyboard and mouse. The desktop
// display shows the simulated head's view in it; with a headset it shows the mirror (and, with
// the control panel, the panel).
class DesktopWindow {
public:
    // Starts GLFW and opens the window; throws core::Error with a plain-words reason when no
    // screen is available. The surface is made when the GPU context is created (make_surface).
    DesktopWindow(const DisplayOptions& options);
    ~DesktopWindow();
    DesktopWindow(const DesktopWindow&) = delete;
    DesktopWindow& operator=(const DesktopWindow&) = delete;

    // Instance extensions GLFW needs for a surface, and the hook that makes it.
    std::vector<std::string> instance_extensions() const;
    VkSurfaceKHR make_surface(VkInstance instance);
    // After the context exists: the swapchain. `wait_for_vblank` paces the desktop display.
    void create_swapchain(gpu::Context& ctx, bool wait_for_vblank);
    // Before the context goes (the surface dies with it, and the window after both).
    void destroy_swapchain() {
        m_mirror.reset();
        m_swapchain.reset();
    }

    GLFWwindow* handle() const { return m_window; }
    // The title: the program's name, then `status` (only set when it changed).
    void set_status(const std::string& status);
    bool should_close() const;
    bool minimised() const;
    void poll_events();

    // Input gathered since the last call.
    ResidentInput take_input();
    // Mouse movement while the right button is held, in pixels, since the last call.
    glm::vec2 take_look_delta();

    // Acquires a window image (0 timeout: returns false when none is free, so a mirror never
    // holds up the headset); records the mirror of `source`; end_frame() presents it.
    bool acquire(std::uint64_t timeout_ns, std::vector<VkSemaphoreSubmitInfo>& wait,
                 std::vector<VkSemaphoreSubmitInfo>& signal);
    gpu::MirrorTarget mirror_target() const;
    // Records the mirror of `source` into the acquired image, then the overlay (the control
    // panel) over it, then the screenshot if one was asked for.
    void record_mirror(gpu::Frame& frame, const gpu::StereoTarget& source, gpu::MirrorEye eye);
    void present();
    bool has_swapchain() const { return m_swapchain != nullptr; }
    // Where the mirror goes in the window image (the control panel owns the rest).
    VkRect2D mirror_area() const;
    // An image once mirrored is going away.
    void forget_mirror_source(VkImageView view) {
        if (m_mirror) m_mirror->forget(view);
    }
    // The control panel; null removes it. With a panel the mirror shows the left eye, in the
    // part of the window the panel leaves for it.
    void set_overlay(WindowOverlay* overlay) { m_overlay = overlay; }
    // Saves the window's next mirrored image as a PNG (encoded off the frame thread).
    void request_screenshot(const std::string& path) { m_screenshot_path = path; }
    // Called after the mirror is recorded: copies the image if a screenshot was asked for.
    void record_screenshot(gpu::Frame& frame);
    // Waits for screenshots still being written.
    void finish_screenshots();
    VkExtent2D extent() const;
    double refresh_period() const { return m_refresh_period; }
    gpu::MirrorEye mirror_eye() const { return m_mirror_eye; }
    void show_eye(gpu::MirrorEye eye) { m_mirror_eye = eye; }

private:
    static void key_callback(GLFWwindow* w, int key, int scancode, int action, int mods);
    static void button_callback(GLFWwindow* w, int button, int action, int mods);
    static void cursor_callback(GLFWwindow* w, double x, double y);
    static void char_callback(GLFWwindow* w, unsigned int codepoint);
    static void scroll_callback(GLFWwindow* w, double dx, double dy);

    GLFWwindow* m_window = nullptr;
    gpu::Context* m_ctx = nullptr;
    WindowOverlay* m_overlay = nullptr;
    std::unique_ptr<gpu::Swapchain> m_swapchain;
    std::unique_ptr<gpu::Mirror> m_mirror; // made with the swapchain, gone before the context
    std::uint32_t m_image = 0;
    bool m_acquired = false;
    bool m_resized = false;
    double m_refresh_period = 1.0 / 60.0;
    gpu::MirrorEye m_mirror_eye = gpu::MirrorEye::both;
    ResidentInput m_input;
    int m_slider_keys = 0; // +1 while up is held, −1 while down is held
    bool m_looking = false;
    glm::dvec2 m_last_cursor{0.0};
    glm::vec2 m_look{0.0f};
    std::string m_screenshot_path;
    std::string m_title, m_status;
    std::vector<std::future<void>> m_writes;
};

} // namespace qx::xr
