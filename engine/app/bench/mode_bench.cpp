// qingxing bench: measures speed and memory; writes JSON. Suites: render, session, record.
#include "app/bench/bench_record.h"
#include "app/bench/bench_render.h"
#include "app/bench/bench_session.h"
#include "app/cli.h"
#include "app/modes.h"
#include "core/platform.h"
#include "core/clock.h"
#include "core/file.h"

#include <memory>

namespace qx::app {
namespace {

struct BenchOptions {
    std::vector<std::string> suites{"render", "session"};
    std::string out = "bench.json";
    RenderBenchOptions render;
    SessionBenchOptions session;
    RecordBenchOptions record;
};

int run_bench(const BenchOptions& o) {
    core::Json report = {{"qingxing", QX_VERSION}, {"when", core::format_iso8601(core::wall_unix_ms())}};
    for (const std::string& suite : o.suites) {
        if (suite == "render") report["render"] = bench_render(o.render);
        if (suite == "session") report["session"] = bench_session(o.session);
        if (suite == "record") report["record"] = bench_record(o.record);
    }
    core::write_file_atomic(core::utf8_path(o.out), report.dump(2) + "\n");
    std::printf("%s\nwrote %s\n", report.dump(2).c_str(), o.out.c_str());
    return k_exit_ok;
}

} // namespace

ModeMain add_bench_mode(CLI::App& sub) {
    auto o = std::make_shared<BenchOptions>();
    sub.add_option("--suite", o->suites, "what to measure: render, session, record (default: render and session)")
        ->check(CLI::IsMember({"render", "session", "record"}));
    sub.add_option("--out", o->out, "JSON file to write");
    sub.add_option("--width", o->render.width, "render: width of one eye")->check(CLI::Range(16u, 8192u));
    sub.add_option("--height", o->render.height, "render: height of one eye")->check(CLI::Range(16u, 8192u));
    sub.add_option("--frames", o->render.frames, "render: frames measured per scene")->check(CLI::Range(1u, 100000u));
    sub.add_option("--warmup", o->render.warmup_frames, "render: frames before measuring")->check(CLI::Range(3u, 10000u));
    sub.add_option("--msaa", o->render.msaa, "render: 1, 2, 4 or 8")->check(CLI::IsMember({1, 2, 4, 8}));
    sub.add_option("--scene", o->render.scenes, "render: only these scenes");
    sub.add_option("--shadow-map", o->render.shadow_map, "render: shadow map size")->check(CLI::IsMember({512u, 1024u, 2048u, 4096u}));
    sub.add_flag("--features", o->render.features,
                 "render: also measure each shader feature's cost (textures, normal map, shadows, lights, fog)");
    sub.add_flag("--tiers", o->render.tiers,
                 "render: also draw each scene at each quality tier (standalone, pc, high), beside the same bare reference");
    sub.add_option("--gpu", o->render.gpu, "prefer the GPU whose name contains this");
    sub.add_option("--sessions", o->session.sessions_per_run, "session: simulated sessions per run")
        ->check(CLI::Range(10, 1000000));
    sub.add_option("--runs", o->session.runs, "session: runs (the median is reported)")->check(CLI::Range(1, 100));
    sub.add_option("--protocol", o->session.protocol, "session: the protocol simulated");
    sub.add_option("--minutes", o->record.minutes, "record: session minutes recorded")->check(CLI::Range(0.5, 240.0));
    sub.add_option("--record-runs", o->record.runs, "record: runs (the median is reported)")->check(CLI::Range(1, 20));
    return [o] { return run_bench(*o); };
}

} // namespace qx::app
