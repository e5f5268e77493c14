// The per-frame record: every frame's pose and gaze comes back from its batch within the stated
// precision, compactly; a damaged batch gives the frames before the damage; a live session records
// every frame it is given, the payloads made on the store thread, beside its gaze events.
#include "support/live_fixtures.h"
#include "support/temp_dir.h"

#include "core/json_limits.h"
#include "live/event_codec.h"
#include "live/frame_codec.h"
#include "live/session_host.h"
#include "store/recorder.h"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <cmath>

using namespace qx;
using Catch::Approx;

namespace {

// A head turning slowly and looking at the pipe, then the window, at 90 Hz.
std::vector<session::GazeSample> turning_head(double from, int frames) {
    std::vector<session::GazeSample> out;
    for (int i = 0; i < frames; ++i) {
        session::GazeSample s;
        s.t = from + i / 90.0;
        const float a = 0.3f * std::sin(float(i) * 0.02f);
        s.source = i % 200 < 150 ? session::GazeSource::head : session::GazeSource::eyes;
        s.head_position = {0.01f * std::sin(float(i) * 0.05f), 0.002f * float(i % 7), -0.003f};
        s.head_orientation = {0.0f, std::sin(a / 2), 0.0f, std::cos(a / 2)};
        s.gaze_origin = s.head_position;
        s.gaze_direction = {-std::sin(a), 0.0f, -std::cos(a)};
        s.area = i % 300 < 200 ? "pipe" : i % 300 < 250 ? "window" : "";
        s.kind = s.area == "pipe" ? session::AreaKind::cue : s.area.empty() ? session::AreaKind::none : session::AreaKind::neutral;
        s.level = 3;
        s.intensity = float(i % 90) / 90.0f;
        out.push_back(s);
    }
    return out;
}

} // namespace

TEST_CASE("frames come back from their batch within the stated precision, about 20 bytes a frame",
          "[live][frames]") {
    const std::vector<session::GazeSample> frames = turning_head(125.0, 900);
    const std::string payload = live::frame_samples_payload(frames, 1000.0);
    INFO(payload.size() << " bytes for " << frames.size() << " frames");
    CHECK(payload.size() < frames.size() * 32);
    const std::vector<session::GazeSample> back = live::frame_samples_from_json(core::Json::parse(payload), "test");
    REQUIRE(back.size() == frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const session::GazeSample& a = frames[i];
        const session::GazeSample& b = back[i];
        INFO("frame " << i);
        CHECK(b.t == Approx(a.t + 1000.0).margin(1e-4)); // a resumed session's clock
        CHECK(b.source == a.source);
        CHECK(b.area == a.area);
        CHECK(b.kind == a.kind);
        CHECK(b.level == 3);
        CHECK(b.intensity == Approx(a.intensity).margin(0.5 / 255 + 1e-6));
        for (int k = 0; k < 3; ++k) {
            CHECK(b.head_position[k] == Approx(a.head_position[k]).margin(0.0006));
            CHECK(b.gaze_direction[k] == Approx(a.gaze_direction[k]).margin(0.0001));
        }
        for (int k = 0; k < 4; ++k) CHECK(b.head_orientation[k] == Approx(a.head_orientation[k]).margin(0.0001));
    }
}

TEST_CASE("a damaged batch of frames gives the frames before the damage, and never throws", "[live][frames][limits]") {
    const std::vector<session::GazeSample> frames = turning_head(0.0, 100);
    core::Json j = core::Json::parse(live::frame_samples_payload(frames, 0.0));
    const std::string data = j["frames"].get<std::string>();
    core::Json cut = j;
    cut["frames"] = data.substr(0, data.size() / 2 / 4 * 4);
    const auto some = live::frame_samples_from_json(cut, "test");
    CHECK(some.size() > 10);
    CHECK(some.size() < 100);
    core::Json liar = j;
    liar["n"] = 1000;
    CHECK(live::frame_samples_from_json(liar, "test").size() == 100);
    for (const char* bad : {R"({"v": 2})", R"({"v": 1, "t0": 0, "n": 1, "areas": [], "frames": "!!!!"})",
                            R"({"v": 1, "t0": 0, "n": 1e30, "areas": [], "frames": ""})",
                            R"({"v": 1, "t0": 0, "n": 1, "areas": [[1, 2]], "frames": "AAAA"})", R"([1, 2])",
                            R"({"v": "1"})"}) {
        INFO(bad);
        CHECK(live::frame_samples_from_json(core::Json::parse(bad), "test").empty());
    }
    // An area index beyond the list, in otherwise good bytes.
    core::Json no_areas = j;
    no_areas["areas"] = core::Json::array();
    CHECK(live::frame_samples_from_json(no_areas, "test").empty());
}

TEST_CASE("a live session records every frame's gaze in batches made on the store thread, beside its gaze "
          "events", "[live][frames][gaze]") {
    test::TempDir dir("live-frames");
    store::Recorder recorder(dir.path() / "r.db");
    test::Started started = test::begin_session(recorder, test::request_for("R-0105", "habituating", 3));
    const live::SessionPlan& plan = started.plan;
    live::SessionRunner* runner = started.runner.get();
    const std::vector<session::GazeArea> areas = {{"pipe", session::AreaKind::cue, "玻璃烫壶", "glass pipe"},
                                                  {"window", session::AreaKind::neutral, "窗外", "window"}};
    runner->gaze_areas(areas);
    const int frames = 90 * 400; // 400 s at 90 Hz: the baseline and the first step
    std::vector<session::GazeSample> given = turning_head(1.0 / 90, frames);
    for (const session::GazeSample& g : given) {
        runner->tick(g.t);
        runner->gaze(g);
    }
    runner->finish();
    CHECK(runner->frames_recorded() == std::uint64_t(frames));
    const store::RecorderStats stats = recorder.stats();
    CHECK(stats.made_payloads >= 39);

    std::vector<store::EventRecord> records;
    recorder.run_on_store([&](store::Store& s) { records = s.events(plan.start.session_id); });
    std::vector<session::GazeSample> back;
    std::size_t bytes = 0, gaze_events = 0;
    for (const store::EventRecord& r : records) {
        if (r.type == live::k_frame_samples_type) {
            bytes += r.payload.size();
            auto batch = live::frame_samples_from_json(core::Json::parse(r.payload), "test");
            back.insert(back.end(), batch.begin(), batch.end());
        }
        if (auto e = live::from_record(r); e && e->kind == session::EventKind::gaze) ++gaze_events;
    }
    INFO(bytes << " bytes for " << back.size() << " frames: " << bytes * 90 * 60 / std::max<std::size_t>(back.size(), 1)
                << " bytes a minute at 90 Hz; store thread " << stats.making_ms << " ms");
    REQUIRE(back.size() == given.size());
    for (std::size_t i = 1; i < back.size(); ++i) REQUIRE(back[i].t > back[i - 1].t);
    CHECK(back.back().area == given.back().area);
    CHECK(gaze_events >= 2); // the baseline and the first step at least
    CHECK(bytes < given.size() * 32);
}
