#include "app/cli_options.h"

#include "session/resident_model.h"

#include <cstdio>

namespace qx::app {

void say(const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

void add_display_option(CLI::App& sub, std::string& display, bool headless_allowed) {
    if (headless_allowed) {
        sub.add_option("--display", display,
                       "auto (headset, else desktop window, else headless), openxr, desktop or headless")
            ->check(CLI::IsMember({"auto", "openxr", "desktop", "headless"}))
            ->capture_default_str();
    } else {
        sub.add_option("--display", display, "auto (headset, else desktop window), openxr or desktop")
            ->check(CLI::IsMember({"auto", "openxr", "desktop"}))
            ->capture_default_str();
    }
}

void add_lang_option(CLI::App& sub, std::string& lang, const char* help) {
    sub.add_option("--lang", lang, help)->check(CLI::IsMember({"zh-CN", "zh", "en"}))->capture_default_str();
}

CLI::Option* add_resident_model_option(CLI::App& sub, std::string& model, const std::string& help) {
    std::vector<std::string> names;
    for (std::string_view n : session::resident_profile_names()) names.emplace_back(n);
    return sub.add_option("--resident-model", model, help)
        ->check(CLI::IsMember(names));
}

void add_eye_size_options(CLI::App& sub, std::uint32_t& width, std::uint32_t& height) {
    sub.add_option("--width", width, "render size per eye in a window or offscreen")->check(CLI::Range(64u, 8192u));
    sub.add_option("--height", height, "render size per eye in a window or offscreen")->check(CLI::Range(64u, 8192u));
}

void add_view_options(CLI::App& sub, stage::ViewOptions& view) {
    sub.add_option("--msaa", view.msaa, "multisampling: 1, 2, 4 or 8")->check(CLI::IsMember({1, 2, 4, 8}));
    sub.add_option("--shadow-map", view.shadow_map, "sun shadow map size")
        ->check(CLI::IsMember({512u, 1024u, 2048u, 4096u}));
    sub.add_flag("--mute", view.mute, "no sound");
}

} // namespace qx::app
