#include "stage/frame_loop.h"

#include "core/clock.h"
#include "core/log.h"
#include "stage/strings.h"

#include <cstdio>

namespace qx::stage {
namespace {

render::RendererOptions renderer_options(gpu::PipelineCache& cache, const ViewOptions& o) {
    render::RendererOptions r;
    r.pipeline_cache = &cache;
    r.msaa = static_cast<VkSampleCountFlagBits>(o.msaa);
    r.shadow_map_size = o.shadow_map;
    return r;
}

audio::AudioOptions audio_options(const xr::Display& display, const ViewOptions& o) {
    audio::AudioOptions a;
    a.hrtf = display.kind() == xr::DisplayKind::openxr; // binaural in the headset
    if (o.mute) a.output = audio::AudioOptions::Output::none;
    return a;
}

} // namespace

std::unique_ptr<xr::Display> open_visible_display(const xr::DisplayOptions& options, core::Lang lang) {
    std::vector<std::string> reasons;
    std::unique_ptr<xr::Display> display = xr::open_display(options, reasons);
    for (const std::string& r : reasons) {
        std::printf("%s\n", stage::trf("stage.display_not_used", lang, fmt::arg("reason", r)).c_str());
    }
    std::fflush(stdout);
    if (display->kind() == xr::DisplayKind::headless) display.reset();
    return display;
}

ViewStack::ViewStack(xr::Display& display, const ViewOptions& options)
    : pipeline_cache(display.context(), gpu::PipelineCache::default_path()),
      renderer(display.context(), renderer_options(pipeline_cache, options)),
      sound(audio_options(display, options)), scenes(renderer, &sound) {}

FrameLoopResult run_frame_loop(xr::Display& display, render::Renderer& renderer, ScenePlayer& player,
                               const std::function<bool(const FrameContext&, session::Target&)>& tick) {
    FrameLoopResult result;
    gpu::FrameRing ring(display.context(), 2, 2u << 20);
    double start = -1.0;
    session::Target target;
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
        bool keep_going = tick(ctx, target);
        if (!ctx.rendering) {
            display.end_frame();
            if (!keep_going) break;
            continue;
        }
        core::Stopwatch cpu;
        render::FrameInput in;
        player.frame(target, ctx.seconds, fb.view, in);
        double before_wait = cpu.millis();
        gpu::Frame& frame = ring.begin(); // waits for the GPU to finish the frame two back
        double waited = cpu.millis() - before_wait;
        renderer.render(frame, in, fb.target);
        xr::SubmitSync sync;
        display.record_after_render(frame, sync);
        VkResult r = ring.submit(frame, sync.wait, sync.signal);
        display.frame_costs(cpu.millis() - waited, ring.last_gpu_ms().value_or(0.0));
        display.end_frame();
        if (r != VK_SUCCESS) {
            // The GPU went away (driver reset, device lost): stop drawing, keep everything else.
            core::log_error("app", "the GPU stopped accepting frames ({}); rendering stops, records are kept",
                            gpu::vk_result_name(r));
            result.device_lost = true;
            result.stop_reason = "the GPU was lost";
            break;
        }
        ++result.frames_rendered;
        if (!keep_going) break;
    }
    ring.wait_idle();
    return result;
}

} // namespace qx::stage
