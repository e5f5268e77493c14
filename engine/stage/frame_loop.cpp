#include "stage/frame_loop.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "core/log.h"
#include "stage/strings.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <thread>

#include <cstdio>

namespace qx::stage {
namespace {

// Opening the display again after the GPU was lost: this many tries, this far apart. A driver
// reset (or a window server restarting as its last client left) takes a moment.
constexpr int k_reopen_attempts = 10;
constexpr auto k_reopen_pause = std::chrono::milliseconds(300);

std::atomic<bool> g_lose_device_now{false};

// Tests make the GPU "lost" after this many rendered frames (QX_TEST_LOSE_DEVICE_AFTER_FRAMES,
// once per process) or at once (lose_device_for_test), to exercise what a real device loss does:
// lavapipe cannot lose its device.
bool injected_device_loss(std::uint64_t frames_rendered) {
    if (g_lose_device_now.exchange(false)) {
        core::log_warn("stage", "test: the GPU is treated as lost now");
        return true;
    }
    static const std::optional<std::uint64_t> after = []() -> std::optional<std::uint64_t> {
        const char* v = std::getenv("QX_TEST_LOSE_DEVICE_AFTER_FRAMES");
        if (!v || !*v) return std::nullopt;
        return std::strtoull(v, nullptr, 10);
    }();
    static std::atomic<bool> done{false};
    if (!after || frames_rendered < *after || done.exchange(true)) return false;
    core::log_warn("stage", "test: the GPU is treated as lost after {} frames", frames_rendered);
    return true;
}

// The display opened again on a new device; null, with `problem` saying why, when no try worked.
std::unique_ptr<xr::Display> reopen_display(const xr::DisplayOptions& options, std::string& problem) {
    for (int attempt = 0; attempt < k_reopen_attempts; ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(k_reopen_pause);
        try {
            std::vector<std::string> reasons;
            std::unique_ptr<xr::Display> display = xr::open_display(options, reasons);
            problem.clear();
            return display;
        } catch (const std::exception& e) {
            problem = core::describe(e);
            core::log_warn("stage", "the display could not be opened again (try {}): {}", attempt + 1, problem);
        }
    }
    return nullptr;
}

audio::AudioOptions audio_options(const xr::Display& display, const ViewOptions& o) {
    audio::AudioOptions a;
    a.hrtf = display.kind() == xr::DisplayKind::openxr; // binaural in the headset
    if (o.mute) a.output = audio::AudioOptions::Output::none;
    return a;
}

} // namespace

std::unique_ptr<xr::Display> open_visible_display(const xr::DisplayOptions& options, core::Lang lang,
                                                  std::vector<std::string>* not_used) {
    if (options.kind == xr::DisplayKind::headless) return nullptr; // asked for no pictures
    std::vector<std::string> reasons;
    xr::DisplayOptions visible = options;
    visible.headless_fallback = false; // the caller runs without pictures instead
    std::unique_ptr<xr::Display> display = xr::open_display(visible, reasons);
    for (const std::string& r : reasons) {
        std::printf("%s\n", stage::trf("stage.display_not_used", lang, fmt::arg("reason", r)).c_str());
    }
    std::fflush(stdout);
    if (not_used) not_used->insert(not_used->end(), reasons.begin(), reasons.end());
    if (display && display->kind() == xr::DisplayKind::headless) display.reset();
    return display;
}

render::QualityChoice choose_view_quality(xr::Display& display, const ViewOptions& options) {
    render::QualityFacts facts;
    facts.gpu_type = display.context().info().type;
    facts.eye_width = display.eye_extent().width;
    facts.eye_height = display.eye_extent().height;
    facts.refresh_hz = display.refresh_hz();
    render::QualityChoice c = render::resolve_quality(options.quality, facts);
    core::log_info("stage", "quality {}{}: {} ({}; {}, {}x{} per eye at {:.0f} Hz{})", render::to_string(c.quality),
                   c.automatic ? " (chosen for this display)" : "", c.why, display.context().info().name,
                   display.name(), facts.eye_width, facts.eye_height, c.refresh_hz,
                   facts.refresh_hz ? "" : ", refresh rate not reported: assumed");
    return c;
}

render::RendererOptions view_renderer_options(const render::QualityChoice& quality, const ViewOptions& options,
                                              gpu::PipelineCache* cache) {
    render::QualitySettings q = render::quality_settings(quality.quality);
    if (options.msaa) q.msaa = *options.msaa;
    if (options.shadow_map) q.shadow_map_size = *options.shadow_map;
    return render::RendererOptions::for_quality(q, cache);
}

std::optional<render::ResolutionScaleOptions> view_resolution_scaling(const xr::Display& display,
                                                                      const render::QualityChoice& quality,
                                                                      const ViewOptions& options) {
    if (options.render_scale || display.kind() != xr::DisplayKind::openxr) return std::nullopt;
    render::ResolutionScaleOptions s;
    // The tier's budget: the display's period less the compositor's share (README, Quality tiers).
    s.budget_ms = render::frame_budget_ms(quality.refresh_hz);
    s.min_scale = render::quality_settings(quality.quality).min_render_scale;
    return s;
}

FrameLoopOptions view_frame_loop_options(xr::Display& display, const render::QualityChoice& quality,
                                         const ViewOptions& options) {
    FrameLoopOptions o;
    o.scaling = view_resolution_scaling(display, quality, options);
    if (o.scaling) {
        // What decides a scene's cost on this PC: the GPU and its driver, the headset's eye size and
        // rate (its name, for a runtime that reports one), the tier, the MSAA and shadow map asked for.
        const gpu::DeviceInfo& gpu = display.context().info();
        const VkExtent2D eye = display.eye_extent();
        std::string setup = fmt::format("{} ({}); {}, {}x{} per eye at {:.0f} Hz; {}", gpu.name, gpu.driver,
                                        display.name(), eye.width, eye.height, display.refresh_hz().value_or(0.0),
                                        render::to_string(quality.quality));
        if (options.msaa) setup += fmt::format(", {}x MSAA", *options.msaa);
        if (options.shadow_map) setup += fmt::format(", {} shadow map", *options.shadow_map);
        if (options.post_pass) setup += ", post pass";
        o.scale_memory.emplace(ScaleMemory::default_file(), std::move(setup));
    }
    o.single_pass = display.kind() == xr::DisplayKind::openxr && !options.post_pass;
    if (o.single_pass) {
        core::log_info("stage", "frames finished in the scene pass, straight into the headset's swapchain (no post pass)");
    }
    return o;
}

ViewStack::ViewStack(xr::Display& display, const ViewOptions& options)
    : quality(choose_view_quality(display, options)), loop(view_frame_loop_options(display, quality, options)),
      pipeline_cache(display.context(), gpu::PipelineCache::default_path()),
      renderer(display.context(), view_renderer_options(quality, options, &pipeline_cache)),
      sound(audio_options(display, options)), scenes(renderer, &sound) {
    display.set_render_scale(options.render_scale.value_or(1.0f));
    if (options.render_scale && *options.render_scale < 1.0f) {
        core::log_info("stage", "render scale {:.2f} (asked for): {}x{} of {}x{} per eye", *options.render_scale,
                       std::uint32_t(float(display.eye_extent().width) * *options.render_scale + 0.5f),
                       std::uint32_t(float(display.eye_extent().height) * *options.render_scale + 0.5f),
                       display.eye_extent().width, display.eye_extent().height);
    }
}

FrameLoopResult run_frame_loop(xr::Display& display, render::Renderer& renderer, ScenePlayer& player,
                               const std::function<bool(const FrameContext&, session::Target&)>& tick,
                               const FrameLoopOptions& options) {
    FrameLoopResult result;
    std::optional<render::ResolutionScaler> scaler;
    if (options.scaling) {
        scaler.emplace(*options.scaling);
        if (options.scale_memory) {
            const SceneScales kept = options.scale_memory->load();
            scaler->recall(kept);
            if (!kept.empty()) {
                core::log_info("stage", "render scales of {} scenes recalled from {}", kept.size(),
                               core::display_path(options.scale_memory->file()));
            }
        }
        display.set_render_scale(scaler->scale());
    }
    gpu::FrameRing ring(display.context(), 2, 2u << 20);
    double start = -1.0;
    session::Target target;
    std::uint32_t changes = player.changes(); // the player's, as of the last frame: for the record
    for (;;) {
        xr::FrameBegin fb = display.begin_frame();
        if (fb.status == xr::FrameBegin::Status::quit) {
            result.stop_reason = "the display closed (" + display.state() + ")";
            break;
        }
        if (start < 0.0) start = fb.display_time;
        FrameContext ctx;
        ctx.seconds = fb.display_time - start;
        ctx.period = fb.period;
        ctx.input = display.poll_input();
        ctx.rendering = fb.status == xr::FrameBegin::Status::render;
        ctx.view = fb.view;
        ctx.eye_gaze = fb.eye_gaze;
        bool keep_going = tick(ctx, target);
        if (!ctx.rendering) {
            display.end_frame();
            if (!keep_going) break;
            continue;
        }
        core::Stopwatch cpu;
        render::FrameInput in;
        player.frame(target, ctx.seconds, fb.view, in);
        in.single_pass = options.single_pass;
        if (scaler && in.scene && in.scene->name() != ScenePlayer::k_nothing && scaler->scene_shown(in.scene->name())) {
            display.set_render_scale(scaler->scale());
            core::log_info("stage", "render scale {:.2f}: where {} settled when last shown", scaler->scale(),
                           in.scene->name());
        }
        if (player.changes() != changes) display.scene_change();
        changes = player.changes();
        VkResult r = VK_SUCCESS;
        std::string failure;
        try {
            double before_wait = cpu.millis();
            gpu::Frame& frame = ring.begin(); // waits for the GPU to finish the frame two back
            double waited = cpu.millis() - before_wait;
            renderer.render(frame, in, fb.target);
            xr::SubmitSync sync;
            display.record_after_render(frame, sync);
            r = ring.submit(frame, sync.wait, sync.signal);
            const double gpu_ms = ring.last_gpu_ms().value_or(0.0);
            display.frame_costs(cpu.millis() - waited, gpu_ms);
            // Frames of a fade draw less than the scene (nothing when fully faded): never room to climb.
            if (scaler && scaler->update(gpu_ms, in.post.fade <= 0.0f)) {
                display.set_render_scale(scaler->scale());
                core::log_info("stage", "render scale {:.2f}: the GPU took {:.1f} ms a frame against a budget of {:.1f} ms",
                               scaler->scale(), gpu_ms, scaler->options().budget_ms);
            }
            if (r == VK_SUCCESS && injected_device_loss(result.frames_rendered)) r = VK_ERROR_DEVICE_LOST;
        } catch (const std::exception& e) {
            // A fence wait or a call that failed on a lost device: the same as a failed submit.
            r = VK_ERROR_DEVICE_LOST;
            failure = core::describe(e);
        }
        display.end_frame();
        if (r != VK_SUCCESS) {
            // The GPU went away (driver reset, device lost): this display's GPU objects are done
            // with; the caller keeps everything else and may rebuild on a new device.
            result.device_lost = true;
            result.stop_reason = failure.empty() ? fmt::format("the GPU was lost ({})", gpu::vk_result_name(r))
                                                 : fmt::format("the GPU was lost ({})", failure);
            core::log_error("stage", "{}; rendering on this device stops, records are kept", result.stop_reason);
            break;
        }
        ++result.frames_rendered;
        if (!keep_going) break;
    }
    ring.wait_idle(); // on a lost device this returns at once; nothing here throws
    if (scaler && options.scale_memory) options.scale_memory->save(scaler->scene_scales());
    return result;
}

void lose_device_for_test() { g_lose_device_now = true; }

GpuLivesResult run_gpu_lives(std::unique_ptr<xr::Display>& display, const xr::DisplayOptions& reopen,
                             const std::function<FrameLoopResult(xr::Display&)>& life, const GpuLives& hooks) {
    GpuLivesResult result;
    xr::DisplayOptions options = reopen;
    options.headless_fallback = false; // a display without pictures is no rebuild
    for (;;) {
        result.last = life(*display);
        if (!result.last.device_lost || (hooks.wanted && !hooks.wanted())) return result;

        const std::string why = result.last.stop_reason;
        if (hooks.lost) hooks.lost(why);
        // Everything on the lost device goes before a new one is made.
        display.reset();
        std::string problem = "the GPU was lost too often";
        if (result.rebuilds < GpuLives::k_max_gpu_rebuilds) display = reopen_display(options, problem);
        if (hooks.reopened) hooks.reopened(why, problem);
        if (!problem.empty()) return result;
        ++result.rebuilds;
    }
}

} // namespace qx::stage
