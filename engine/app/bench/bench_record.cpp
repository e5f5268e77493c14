#include "app/bench/bench_record.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "live/frame_codec.h"
#include "live/session_host.h"
#include "scene/scene_library.h"
#include "stage/gaze.h"
#include "store/recorder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <glm/gtc/quaternion.hpp>

namespace qx::app {
namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

struct RunFigures {
    double minutes = 0;
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
    double making_ms = 0;
    double store_ms = 0;  // the store thread's whole time: making payloads and committing every record
    double sample_ns = 0; // the frame thread's cost a frame: the ray, the hit test, the sample, gaze()
};

// One session at `o.hz`; with `frames` off, the same session without the per-frame record (the
// store thread's time for the rest, to subtract).
RunFigures one_run(const scene::LoadedScene& room, const RecordBenchOptions& o, int run,
                   const std::filesystem::path& dir, bool frames_on) {
    const std::filesystem::path db = dir / "bench-record.db";
    std::filesystem::remove(db);
    store::Recorder recorder(db);
    live::SessionRequest request;
    request.resident = "R-9999";
    request.protocol = std::make_shared<const session::Protocol>(session::load_protocol_or_throw(
        session::protocol_path("meth-standard"), scene::list_scenes()));
    request.protocol_json = "{}";
    request.respondent_model = "habituating";
    request.seed = std::uint64_t(run) + 1;
    live::SessionPlan plan;
    recorder.run_on_store([&](store::Store& s) { plan = live::plan_new_session(s, request); });
    std::unique_ptr<live::SessionRunner> runner = live::start_session(recorder, request, plan);

    const scene::SceneDef& def = room.def();
    runner->gaze_areas(stage::gaze_areas(def));
    scene::FrameScene frame;
    room.evaluate(4, 1.0f, 0.0, frame);
    const glm::vec3 seat_eye = room.eye_position();
    const glm::quat seat = room.seat_orientation();

    RunFigures f;
    const std::uint64_t frames = std::uint64_t(o.minutes * 60.0 * o.hz);
    double sampling_s = 0;
    for (std::uint64_t i = 1; i <= frames; ++i) {
        const double t = double(i) / o.hz;
        runner->tick(t);
        // A head looking around the table and the window: yaw ±40°, pitch ±15°, slowly.
        const float yaw = 0.7f * std::sin(float(t) * 0.31f), pitch = -0.25f + 0.25f * std::sin(float(t) * 0.17f);
        gpu::StereoView view;
        const glm::quat head = glm::angleAxis(yaw, glm::vec3(0, 1, 0)) * glm::angleAxis(pitch, glm::vec3(1, 0, 0));
        for (int e = 0; e < 2; ++e) {
            view.eyes[std::size_t(e)].pose.orientation = head;
            view.eyes[std::size_t(e)].pose.position = head * glm::vec3(e == 0 ? -0.032f : 0.032f, 0.0f, 0.0f);
        }
        core::Stopwatch watch;
        const stage::GazeRay ray = stage::head_ray(view);
        session::GazeSample s;
        s.t = t;
        s.source = session::GazeSource::head;
        s.level = 4;
        s.intensity = 1.0f;
        s.head_position = {ray.origin.x, ray.origin.y, ray.origin.z};
        s.head_orientation = {head.x, head.y, head.z, head.w};
        s.gaze_origin = s.head_position;
        s.gaze_direction = {ray.direction.x, ray.direction.y, ray.direction.z};
        const int hit = stage::hit_area(def, frame, seat_eye + seat * ray.origin, seat * ray.direction);
        if (hit >= 0) {
            s.area = def.points_of_interest[std::size_t(hit)].id;
            s.kind = stage::area_kind(def.points_of_interest[std::size_t(hit)]);
        }
        if (frames_on) runner->gaze(s);
        sampling_s += watch.seconds();
    }
    runner->finish();
    recorder.run_on_store([&](store::Store& st) {
        for (const store::EventRecord& r : st.events(plan.start.session_id))
            if (r.type == live::k_frame_samples_type) f.bytes += r.payload.size();
    });
    f.frames = runner->frames_recorded();
    f.minutes = double(frames) / o.hz / 60.0;
    f.making_ms = recorder.stats().making_ms;
    f.store_ms = recorder.stats().making_ms + recorder.stats().commit_ms;
    f.sample_ns = sampling_s / double(frames) * 1e9;
    return f;
}

} // namespace

core::Json bench_record(const RecordBenchOptions& o) {
    core::Diagnostics diag;
    std::optional<scene::SceneDef> def = scene::load_scene("rented-room", diag);
    if (!def) throw core::Error("bench record: the rented room cannot be loaded");
    std::unique_ptr<scene::LoadedScene> room = scene::LoadedScene::build(std::move(*def));
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "qingxing-bench-record";
    std::filesystem::create_directories(dir);

    std::vector<double> bytes_per_min, making_ms_per_min, sample_ns, bytes_per_frame, store_ms_per_min, without_ms_per_min;
    std::uint64_t frames = 0;
    for (int run = 0; run < o.runs; ++run) {
        // Side by side: the same session without the per-frame record, then with it.
        RunFigures without = one_run(*room, o, run, dir, false);
        without_ms_per_min.push_back(without.store_ms / without.minutes);
        RunFigures f = one_run(*room, o, run, dir, true);
        store_ms_per_min.push_back(f.store_ms / f.minutes);
        frames = f.frames;
        bytes_per_min.push_back(double(f.bytes) / f.minutes);
        bytes_per_frame.push_back(double(f.bytes) / double(std::max<std::uint64_t>(f.frames, 1)));
        making_ms_per_min.push_back(f.making_ms / f.minutes);
        sample_ns.push_back(f.sample_ns);
        core::log_info("bench", "record run {}: {:.0f} bytes/min, store thread {:.1f} ms/min with frames, {:.1f} without, {:.0f} ns a frame",
                       run + 1, bytes_per_min.back(), store_ms_per_min.back(), without_ms_per_min.back(), sample_ns.back());
    }
    std::filesystem::remove_all(dir);
    const double per_min = median(bytes_per_min);
    return {{"what", "the per-frame record: every frame's head pose, gaze ray, area of interest and cue level, "
                     "through the recorder into SQLite"},
            {"session_minutes", o.minutes},
            {"frame_hz", o.hz},
            {"frames", frames},
            {"runs", o.runs},
            {"median_bytes_per_minute", per_min},
            {"median_bytes_per_frame", median(bytes_per_frame)},
            {"bytes_for_the_session", per_min * o.minutes},
            {"median_store_thread_making_ms_per_minute", median(making_ms_per_min)},
            {"median_store_thread_ms_per_minute_with_frames", median(store_ms_per_min)},
            {"median_store_thread_ms_per_minute_without_frames", median(without_ms_per_min)},
            {"median_frame_thread_ns_per_frame", median(sample_ns)},
            {"runs_bytes_per_minute", bytes_per_min},
            {"runs_store_thread_making_ms_per_minute", making_ms_per_min},
            {"runs_store_thread_ms_per_minute_with_frames", store_ms_per_min},
            {"runs_store_thread_ms_per_minute_without_frames", without_ms_per_min},
            {"runs_frame_thread_ns_per_frame", sample_ns}};
}

} // namespace qx::app
