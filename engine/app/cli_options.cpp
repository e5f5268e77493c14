#include "app/cli_options.h"

#include "app/strings.h"
#include "core/platform.h"
#include "core/error.h"
#include "core/file.h"
#include "live/session_host.h"
#include "session/resident_model.h"

#include <cctype>
#include <cmath>
#include <filesystem>

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

const CLI::Validator& finite_number() {
    static const CLI::Validator v(
        [](std::string& text) -> std::string {
            double value = 0;
            try {
                value = std::stod(text);
            } catch (const std::exception&) {
                return "'" + text + "' is not a number";
            }
            return std::isfinite(value) ? std::string() : "'" + text + "' is not a finite number";
        },
        "FINITE");
    return v;
}

std::string db_option_problem(const std::string& db, core::Lang lang) {
    if (db.empty()) return {};
    std::filesystem::path path = core::utf8_path(db);
    std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return app::trf("app.cli.db_is_folder", lang, fmt::arg("path", core::display_path(path)));
    if (!std::filesystem::is_directory(folder, ec))
        return app::trf("app.cli.db_folder_missing", lang, fmt::arg("folder", core::display_path(folder)));
    return {};
}

std::string out_option_problem(const std::string& out, core::Lang lang) {
    if (out.empty()) return {};
    std::error_code ec;
    std::filesystem::path full = std::filesystem::weakly_canonical(std::filesystem::absolute(core::utf8_path(out), ec), ec);
    if (ec) full = core::utf8_path(out);
    std::string text = full.generic_string();
    while (text.size() > 1 && text.back() == '/') text.pop_back();
    // The system's own folders, and anything in them: never a place for reports.
    static const char* const k_system_trees[] = {"/bin",  "/boot", "/dev", "/etc", "/lib",
                                                 "/lib64", "/proc", "/sbin", "/sys", "/usr"};
    // Folders that hold others' things: a report goes in a folder of its own below them.
    static const char* const k_shared_roots[] = {"/", "/home", "/media", "/mnt", "/opt", "/root", "/run", "/srv", "/var"};
    bool system = false;
    for (const char* t : k_system_trees) system = system || text == t || text.starts_with(std::string(t) + "/");
    for (const char* r : k_shared_roots) system = system || text == r;
    if (system) return app::trf("app.cli.out_system_folder", lang, fmt::arg("folder", text));
    // Windows: a drive's root and its Windows and Program Files folders.
    const std::string lower = [&] {
        std::string l = text;
        for (char& c : l) c = char(std::tolower(static_cast<unsigned char>(c)));
        return l;
    }();
    if ((lower.size() <= 3 && lower.size() >= 2 && lower[1] == ':') || lower.find(":/windows") != std::string::npos ||
        lower.find(":/program files") != std::string::npos)
        return app::trf("app.cli.out_system_folder", lang, fmt::arg("folder", text));
    return {};
}

CLI::Option* add_resident_model_option(CLI::App& sub, std::string& model, const std::string& help) {
    std::vector<std::string> names;
    for (std::string_view n : session::resident_profile_names()) names.emplace_back(n);
    return sub.add_option("--resident-model", model, help)
        ->check(CLI::IsMember(names));
}

void add_heart_rate_option(CLI::App& sub, std::string& source) {
    sub.add_option("--heart-rate", source,
                   "heart-rate sensor: ble (the first Bluetooth LE strap found; Linux), ble:AA:BB:CC:DD:EE:FF, or "
                   "replay:FILE.csv (a recording: seconds,bpm,rr_ms[,contact]); a simulated resident wears a "
                   "simulated strap unless this is given");
}

std::string heart_rate_option_problem(const std::string& source, core::Lang lang) {
    if (source.empty()) return {};
    if (std::string p = live::heart_rate_source_problem(source, lang); !p.empty()) return p;
    if (!source.starts_with("replay:")) return {};
    try {
        live::open_heart_rate_source(source); // reads and checks the whole recording
    } catch (const core::Error& e) {
        return e.what();
    }
    return {};
}

void add_eye_size_options(CLI::App& sub, std::uint32_t& width, std::uint32_t& height) {
    sub.add_option("--width", width, "render size per eye in a window or offscreen")->check(CLI::Range(64u, 8192u));
    sub.add_option("--height", height, "render size per eye in a window or offscreen")->check(CLI::Range(64u, 8192u));
}

void add_view_options(CLI::App& sub, stage::ViewOptions& view) {
    sub.add_option_function<std::string>(
           "--quality", [&view](const std::string& q) { view.quality = render::parse_quality(q); },
           "how much the renderer does per pixel: standalone, pc or high (default auto: chosen from the GPU "
           "and the display's pixels per second; see README, Quality tiers)")
        ->check(CLI::IsMember({"auto", "standalone", "pc", "high"}));
    sub.add_option("--msaa", view.msaa, "multisampling: 1, 2, 4 or 8 (default: the quality tier's)")
        ->check(CLI::IsMember({1, 2, 4, 8}));
    sub.add_option("--shadow-map", view.shadow_map, "sun shadow map size (default: the quality tier's)")
        ->check(CLI::IsMember({512u, 1024u, 2048u, 4096u}));
    sub.add_option("--render-scale", view.render_scale,
                   "share of the eye size drawn, each side, 0.5 to 1 (default: in a headset, all of it while the "
                   "GPU keeps up, less when it falls behind, down to the quality tier's least; see README)")
        ->check(CLI::Range(0.5f, 1.0f));
    sub.add_flag("--post-pass", view.post_pass,
                 "headset: tone map in a separate full-screen pass, as in a window, instead of in the scene pass "
                 "(for comparisons; see README)");
    sub.add_flag("--mute", view.mute, "no sound");
}

} // namespace qx::app
