// What xr says, in zh-CN and en: why the headset or the window could not be used, and what to do,
// in the words of the system the program runs on. Keys are "xr.<thing>".
#include "xr/strings.h"

namespace qx::xr {
namespace {

constexpr core::CatalogEntry k_strings[] = {
    // the headset
    {"xr.no_runtime", "没有已启用的 OpenXR 运行时（{result}）", "No OpenXR runtime is active ({result})"},
    {"xr.no_runtime_hint_windows",
     "请先启动 SteamVR，或头显厂商的电脑串流软件（Pico：串流助手；Quest：Meta Quest Link；Vive：VIVE Hub / "
     "Vive Business Streaming），并在其设置中将它设为当前的 OpenXR 运行时；或以 --display desktop 运行",
     "start SteamVR, or the headset's PC streaming software (Pico: Streaming Assistant; Quest: the Meta Quest "
     "Link app; Vive: VIVE Hub / Vive Business Streaming) and make it the active OpenXR runtime in its "
     "settings; or run with --display desktop"},
    {"xr.no_runtime_hint_linux", "请启动 SteamVR 或 Monado，或以 --display desktop 运行",
     "start SteamVR or Monado, or run with --display desktop"},
    {"xr.no_headset", "OpenXR 运行时找不到头显（{result}）", "the OpenXR runtime sees no headset ({result})"},
    {"xr.no_headset_hint", "请连接并打开头显，或以 --display desktop 运行",
     "connect and switch on the headset, or run with --display desktop"},
    {"xr.no_vulkan_enable2", "OpenXR 运行时不支持 XR_KHR_vulkan_enable2", "the OpenXR runtime has no XR_KHR_vulkan_enable2"},
    {"xr.update_runtime", "请更新头显的运行时软件", "update the headset's runtime"},
    // the desktop window
    {"xr.no_screen", "没有可以打开窗口的屏幕（DISPLAY 和 WAYLAND_DISPLAY 都未设置）",
     "there is no screen to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set)"},
    {"xr.no_screen_hint", "请在电脑桌面上运行，或以 --display headless 运行",
     "run on the PC's desktop, or use --display headless"},
    {"xr.no_window_system", "无法启动窗口系统：{why}", "the window system could not be started: {why}"},
    {"xr.no_vulkan_surface", "窗口系统不提供 Vulkan 绘制表面", "the window system offers no Vulkan surface"},
    {"xr.no_vulkan_surface_hint", "请安装显卡的 Vulkan 驱动，或以 --display headless 运行",
     "install the GPU's Vulkan driver, or use --display headless"},
    {"xr.no_window", "无法打开窗口：{why}", "the window could not be opened: {why}"},
    {"xr.use_headless", "请以 --display headless 运行", "use --display headless"},
};

} // namespace

std::span<const core::CatalogEntry> strings() { return k_strings; }

std::string_view tr(std::string_view key, core::Lang lang) {
    static const core::StringTables registered{k_strings};
    return core::tr(key, lang);
}

} // namespace qx::xr
