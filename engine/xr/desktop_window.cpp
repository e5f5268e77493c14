#include "xr/desktop_window.h"

#include "core/error.h"
#include "core/log.h"
#include "scene/image.h"
#include "xr/strings.h"

#include <cstring>

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>
#include <cstdlib>

namespace qx::xr {
namespace {

std::string glfw_error() {
    const char* text = nullptr;
    int code = glfwGetError(&text);
    return code ? (text ? text : "unknown GLFW error") : "no error reported";
}

} // namespace

DesktopWindow::DesktopWindow(const DisplayOptions& o) {
#ifndef _WIN32 // Windows always has its desktop
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((!display || !*display) && (!wayland || !*wayland)) {
        throw core::Error(std::string(xr::tr("xr.no_screen", o.lang)), std::string(xr::tr("xr.no_screen_hint", o.lang)));
    }
#endif
    const std::string use_headless(xr::tr("xr.use_headless", o.lang));
    if (!glfwInit()) throw core::Error(xr::trf("xr.no_window_system", o.lang, fmt::arg("why", glfw_error())), use_headless);
    if (!glfwVulkanSupported()) {
        glfwTerminate();
        throw core::Error(std::string(xr::tr("xr.no_vulkan_surface", o.lang)),
                          std::string(xr::tr("xr.no_vulkan_surface_hint", o.lang)));
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    GLFWmonitor* monitor = o.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    int w = int(o.window_width), h = int(o.window_height);
    if (monitor) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        w = mode->width;
        h = mode->height;
    }
    m_title = o.window_title;
    m_window = glfwCreateWindow(w, h, o.window_title.c_str(), monitor, nullptr);
    if (!m_window) {
        std::string why = glfw_error();
        glfwTerminate();
        throw core::Error(xr::trf("xr.no_window", o.lang, fmt::arg("why", why)), use_headless);
    }
    if (GLFWmonitor* primary = glfwGetPrimaryMonitor()) {
        if (const GLFWvidmode* mode = glfwGetVideoMode(primary); mode && mode->refreshRate > 0) {
            m_refresh_period = 1.0 / double(mode->refreshRate);
        }
    }
    glfwSetWindowUserPointer(m_window, this);
    glfwSetKeyCallback(m_window, &DesktopWindow::key_callback);
    glfwSetMouseButtonCallback(m_window, &DesktopWindow::button_callback);
    glfwSetCursorPosCallback(m_window, &DesktopWindow::cursor_callback);
    glfwSetCharCallback(m_window, &DesktopWindow::char_callback);
    glfwSetScrollCallback(m_window, &DesktopWindow::scroll_callback);
    glfwSetFramebufferSizeCallback(m_window, [](GLFWwindow* win, int, int) {
        static_cast<DesktopWindow*>(glfwGetWindowUserPointer(win))->m_resized = true;
    });
    core::log_info("xr", "desktop window {}x{}{}", w, h, monitor ? " (full screen)" : "");
}

DesktopWindow::~DesktopWindow() {
    finish_screenshots();
    m_swapchain.reset();
    if (m_window) glfwDestroyWindow(m_window);
    glfwTerminate();
}

std::vector<std::string> DesktopWindow::instance_extensions() const {
    std::uint32_t n = 0;
    const char** names = glfwGetRequiredInstanceExtensions(&n);
    return std::vector<std::string>(names, names + n);
}

VkSurfaceKHR DesktopWindow::make_surface(VkInstance instance) {
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    VK_CHECK(glfwCreateWindowSurface(instance, m_window, nullptr, &surface));
    return surface;
}

void DesktopWindow::create_swapchain(gpu::Context& ctx, bool wait_for_vblank) {
    m_ctx = &ctx;
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    m_swapchain = std::make_unique<gpu::Swapchain>(ctx, VkExtent2D{std::uint32_t(w), std::uint32_t(h)}, wait_for_vblank);
    m_mirror = std::make_unique<gpu::Mirror>(ctx);
}

bool DesktopWindow::should_close() const { return glfwWindowShouldClose(m_window); }

void DesktopWindow::set_status(const std::string& status) {
    if (status == m_status) return;
    m_status = status;
    std::string title = status.empty() ? m_title : m_title + " — " + status;
    glfwSetWindowTitle(m_window, title.c_str());
}

bool DesktopWindow::minimised() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    return w == 0 || h == 0;
}

void DesktopWindow::poll_events() { glfwPollEvents(); }

VkExtent2D DesktopWindow::extent() const { return m_swapchain ? m_swapchain->extent() : VkExtent2D{0, 0}; }

ResidentInput DesktopWindow::take_input() {
    ResidentInput in = m_input;
    in.slider_rate = float(m_slider_keys);
    m_input = {};
    return in;
}

glm::vec2 DesktopWindow::take_look_delta() {
    glm::vec2 d = m_look;
    m_look = glm::vec2(0.0f);
    return d;
}

void DesktopWindow::key_callback(GLFWwindow* w, int key, int scancode, int action, int mods) {
    auto* self = static_cast<DesktopWindow*>(glfwGetWindowUserPointer(w));
    if (self->m_overlay && self->m_overlay->key(key, scancode, action, mods)) {
        self->m_slider_keys = 0;
        return;
    }
    // The slider lies left to right: → or ↑ raises it, ← or ↓ lowers it, while held.
    if (key == GLFW_KEY_UP || key == GLFW_KEY_RIGHT) self->m_slider_keys = action == GLFW_RELEASE ? 0 : 1;
    if (key == GLFW_KEY_DOWN || key == GLFW_KEY_LEFT) self->m_slider_keys = action == GLFW_RELEASE ? 0 : -1;
    if (action != GLFW_PRESS) return;
    if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) self->m_input.typed_rating = key - GLFW_KEY_0;
    if (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_9) self->m_input.typed_rating = key - GLFW_KEY_KP_0;
    if (key == GLFW_KEY_MINUS) self->m_input.typed_rating = 10;
    if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) self->m_input.confirm = true;
    if (key == GLFW_KEY_B) self->m_input.need_break = true;
    if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z) self->m_input.keys += char('a' + (key - GLFW_KEY_A));
    if (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD) self->m_input.keys += '+';
    if (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT) self->m_input.keys += '-';
    if (key == GLFW_KEY_R) self->m_input.recenter = true;
    if (key == GLFW_KEY_F2) {
        // Cycles the window view: both eyes, left eye, right eye.
        self->m_mirror_eye = self->m_mirror_eye == gpu::MirrorEye::both   ? gpu::MirrorEye::left
                             : self->m_mirror_eye == gpu::MirrorEye::left ? gpu::MirrorEye::right
                                                                            : gpu::MirrorEye::both;
    }
}

void DesktopWindow::char_callback(GLFWwindow* w, unsigned int codepoint) {
    auto* self = static_cast<DesktopWindow*>(glfwGetWindowUserPointer(w));
    if (self->m_overlay) self->m_overlay->character(codepoint);
}

void DesktopWindow::scroll_callback(GLFWwindow* w, double dx, double dy) {
    auto* self = static_cast<DesktopWindow*>(glfwGetWindowUserPointer(w));
    if (self->m_overlay) self->m_overlay->scroll(dx, dy);
}

void DesktopWindow::button_callback(GLFWwindow* w, int button, int action, int mods) {
    auto* self = static_cast<DesktopWindow*>(glfwGetWindowUserPointer(w));
    if (self->m_overlay) self->m_overlay->mouse_button(button, action, mods);
    if (button == GLFW_MOUSE_BUTTON_RIGHT) {
        self->m_looking = action == GLFW_PRESS;
        glfwGetCursorPos(w, &self->m_last_cursor.x, &self->m_last_cursor.y);
    }
}

void DesktopWindow::cursor_callback(GLFWwindow* w, double x, double y) {
    auto* self = static_cast<DesktopWindow*>(glfwGetWindowUserPointer(w));
    if (self->m_looking) self->m_look += glm::vec2(float(x - self->m_last_cursor.x), float(y - self->m_last_cursor.y));
    self->m_last_cursor = {x, y};
}

bool DesktopWindow::acquire(std::uint64_t timeout_ns, std::vector<VkSemaphoreSubmitInfo>& wait,
                            std::vector<VkSemaphoreSubmitInfo>& signal) {
    m_acquired = false;
    if (!m_swapchain || minimised()) return false;
    if (m_resized) {
        int w = 0, h = 0;
        glfwGetFramebufferSize(m_window, &w, &h);
        m_swapchain->recreate({std::uint32_t(w), std::uint32_t(h)});
        m_resized = false;
    }
    VkSemaphore acquired = VK_NULL_HANDLE;
    auto status = m_swapchain->acquire(timeout_ns, m_image, acquired);
    if (status == gpu::Swapchain::Status::out_of_date) {
        int w = 0, h = 0;
        glfwGetFramebufferSize(m_window, &w, &h);
        m_swapchain->recreate({std::uint32_t(w), std::uint32_t(h)});
        status = m_swapchain->acquire(timeout_ns, m_image, acquired);
    }
    if (status != gpu::Swapchain::Status::ok) return false;
    VkSemaphoreSubmitInfo w_info{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    w_info.semaphore = acquired;
    w_info.stageMask = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    wait.push_back(w_info);
    VkSemaphoreSubmitInfo s_info{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    s_info.semaphore = m_swapchain->rendered_semaphore(m_image);
    s_info.stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    signal.push_back(s_info);
    m_acquired = true;
    return true;
}

gpu::MirrorTarget DesktopWindow::mirror_target() const {
    gpu::MirrorTarget t;
    t.image = m_swapchain->image(m_image);
    t.view = m_swapchain->view(m_image);
    t.format = m_swapchain->format();
    t.extent = m_swapchain->extent();
    t.initial_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    t.final_layout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR;
    return t;
}

VkRect2D DesktopWindow::mirror_area() const {
    const VkExtent2D extent = m_swapchain->extent();
    return m_overlay ? m_overlay->mirror_area(extent) : VkRect2D{{0, 0}, extent};
}

void DesktopWindow::record_mirror(gpu::Frame& frame, const gpu::StereoTarget& source, gpu::MirrorEye eye) {
    gpu::MirrorTarget target = mirror_target();
    if (m_overlay) {
        target.area = m_overlay->mirror_area(target.extent);
        target.final_layout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        m_mirror->record(frame, source, gpu::MirrorEye::left, target);
        target.initial_layout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        target.final_layout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR;
        m_overlay->record(frame, target);
    } else {
        m_mirror->record(frame, source, eye, target);
    }
    record_screenshot(frame);
}

void DesktopWindow::present() {
    if (!m_acquired) return;
    m_acquired = false;
    if (m_swapchain->present(m_image, m_swapchain->rendered_semaphore(m_image)) == gpu::Swapchain::Status::out_of_date) {
        m_resized = true;
    }
}

} // namespace qx::xr

namespace qx::xr {

void DesktopWindow::record_screenshot(gpu::Frame& frame) {
    if (m_screenshot_path.empty() || !m_acquired) return;
    VkExtent2D e = m_swapchain->extent();
    VkFormat format = m_swapchain->format();
    auto buffer = std::make_shared<gpu::Buffer>(*m_ctx, VkDeviceSize(e.width) * e.height * 4,
                                                VK_BUFFER_USAGE_TRANSFER_DST_BIT, gpu::MemoryUsage::readback,
                                                "window screenshot");
    VkImage image = m_swapchain->image(m_image);
    VkCommandBuffer cmd = frame.cmd();
    gpu::transition(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                    VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                    VK_ACCESS_2_MEMORY_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_READ_BIT, 1);
    VkBufferImageCopy copy{};
    copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    copy.imageExtent = {e.width, e.height, 1};
    vkCmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, buffer->get(), 1, &copy);
    gpu::transition(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                    VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_READ_BIT,
                    VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_MEMORY_READ_BIT, 1);
    std::string path = m_screenshot_path;
    m_screenshot_path.clear();
    bool bgra = format == VK_FORMAT_B8G8R8A8_SRGB || format == VK_FORMAT_B8G8R8A8_UNORM;
    frame.on_complete([this, buffer, e, path, bgra] {
        scene::Image img(e.width, e.height);
        std::memcpy(img.pixels.data(), buffer->mapped(), img.pixels.size());
        // Encoding and the disk write happen off the frame thread.
        m_writes.push_back(std::async(std::launch::async, [img = std::move(img), path, bgra]() mutable {
            for (std::size_t i = 0; i < img.pixels.size(); i += 4) {
                if (bgra) std::swap(img.pixels[i], img.pixels[i + 2]);
                img.pixels[i + 3] = 255;
            }
            try {
                scene::save_png(path, img);
                core::log_info("xr", "window screenshot saved to {}", path);
            } catch (const std::exception& ex) {
                core::log_error("xr", "window screenshot not saved: {}", ex.what());
            }
        }));
    });
}

void DesktopWindow::finish_screenshots() {
    for (auto& w : m_writes) {
        if (w.valid()) w.wait();
    }
    m_writes.clear();
}

} // namespace qx::xr
