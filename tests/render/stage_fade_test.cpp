// The protocol's fades are what the resident sees: a real controller steps up, the stage plays
// its target, and the veil over the scene is measured on screen frame by frame. Its length must be the protocol's scene_fade_s (2 s standard, 3 s gentle), not a
// constant of the stage's.
#include "render/offscreen.h"
#include "render/render_harness.h"
#include "scene/scene_library.h"
#include "session/protocol.h"
#include "stage/scene_cache.h"
#include "stage/scene_player.h"
#include "support/session_fixtures.h"

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <cmath>
#include <thread>

using namespace qx;
using namespace qx::test;

namespace {

// Mean distance of an image's pixels from a colour (sRGB bytes).
double distance_from(const scene::Image& img, const std::uint8_t rgb[3]) {
    double sum = 0.0;
    for (std::uint32_t y = 0; y < img.height; ++y) {
        for (std::uint32_t x = 0; x < img.width; ++x) {
            const std::uint8_t* p = img.at(x, y);
            for (int c = 0; c < 3; ++c) sum += std::abs(int(p[c]) - int(rgb[c]));
        }
    }
    return sum / double(img.width * img.height);
}

struct FadeSeen {
    double start = -1.0, end = -1.0; // session seconds of the first and last veiled frame
    double deepest = 0.0;            // the most of the scene the veil hid (1: all of it)
    double before_change = 0.0;      // the veil measured on the steady frames before the change
    double change_at = 0.0;          // when the step changed
    int claimed_clear_while_veiled = 0; // frames the player called clear with the veil on screen
    bool new_target_clear_at_once = false; // the player called the new step clear before playing it
    bool clear_at_end = false;             // ... and clear once its fade was over
    double length() const { return end - start; }
};

// Drives `protocol` through its baseline into its first step, then the therapist steps up (the
// street at night to the rented room, both far from the calm colour). Every frame from a second
// before the step change is shown on the stage and the veil over the scene measured: each frame is
// drawn as the stage asked and once more with no veil, and the share of the scene hidden is how
// much closer to the fade colour the first is than the second.
FadeSeen watch_step_up(const session::Protocol& protocol, double dt) {
    // The fade is what is measured; a small shadow map keeps the frames quick.
    RenderHarness h({48, 48}, VK_SAMPLE_COUNT_1_BIT, 256);
    render::Renderer& renderer = h.renderer();
    stage::SceneCache cache(renderer);
    stage::ScenePlayer player(renderer, cache);
    cache.load_now(protocol.ladder[0].scene);
    cache.load_now(protocol.ladder[1].scene);
    render::OffscreenTarget target(h.context(), {48, 48});
    gpu::FrameRing ring(h.context(), 1);
    const gpu::StereoView view = RenderHarness::test_view({48, 48});

    auto shoot = [&](const render::FrameInput& in) {
        gpu::Frame& f = ring.begin();
        renderer.render(f, in, target.target());
        REQUIRE(ring.submit(f) == VK_SUCCESS);
        ring.wait_idle();
        return target.read_eye(0);
    };

    Harness session(protocol);
    session.through_baseline(2);
    // The first step's own fade in from the calm room, played on the stage until it is over.
    const double exposed_at = session.now();
    const double change_at = exposed_at + protocol.intensity.scene_fade_s + 2.0;
    render::FrameInput in;
    for (double t = exposed_at; t < change_at - 1.0; t += dt) {
        session.to(t);
        player.frame(session.controller().target(), t, view, in);
    }
    REQUIRE(player.showing() == protocol.ladder[0].scene);

    FadeSeen seen;
    std::uint8_t fade_rgb[3] = {};
    {
        render::FrameInput veiled = in; // the fade colour as the screen shows it
        veiled.post.fade = 1.0f;
        scene::Image img = shoot(veiled);
        std::copy_n(img.at(img.width / 2, img.height / 2), 3, fade_rgb);
    }
    bool changed = false;
    double last_veiled = -1.0;
    for (double t = change_at - 1.0; t < change_at + protocol.intensity.scene_fade_s + 2.0; t += dt) {
        session.to(t);
        if (!changed && t >= change_at) {
            REQUIRE(session.command(session::CommandKind::level_up).accepted);
            REQUIRE(session.controller().step() == 1);
            changed = true;
            seen.new_target_clear_at_once = player.shows_clearly(session.controller().target());
        }
        player.frame(session.controller().target(), t, view, in);
        const bool claimed_clear = player.shows_clearly(session.controller().target());
        scene::Image shown = shoot(in);
        render::FrameInput clear = in;
        clear.post.fade = 0.0f;
        scene::Image beneath = shoot(clear);
        const double d_beneath = distance_from(beneath, fade_rgb);
        REQUIRE(d_beneath > 10.0); // the scene itself is not the fade colour
        const double hidden = 1.0 - distance_from(shown, fade_rgb) / d_beneath;
        if (claimed_clear && hidden > 0.05) ++seen.claimed_clear_while_veiled;
        if (!changed) {
            seen.before_change = std::max(seen.before_change, hidden);
            continue;
        }
        seen.deepest = std::max(seen.deepest, hidden);
        if (hidden > 0.02) {
            if (seen.start < 0.0) seen.start = t - dt; // the veil began after the last clear frame
            last_veiled = t;
        }
    }
    seen.end = last_veiled;
    seen.clear_at_end = player.shows_clearly(session.controller().target());
    seen.change_at = change_at;
    CHECK(player.showing() == protocol.ladder[1].scene);
    CHECK(h.validation_messages() == 0);
    return seen;
}

} // namespace

TEST_CASE("a protocol's scene fade is the fade the resident sees, in its length", "[render][stage][fade]") {
    const std::vector<std::string> scenes = scene::list_scenes();
    for (const char* id : {"meth-standard", "meth-gentle"}) {
        session::Protocol protocol = session::load_protocol_or_throw(session::protocol_path(id), scenes);
        const double fade_s = protocol.intensity.scene_fade_s;
        INFO(id << ": scene_fade_s " << fade_s);
        REQUIRE((fade_s == 2.0 || fade_s == 3.0));
        const double dt = 0.05;
        FadeSeen seen = watch_step_up(protocol, dt);
        INFO("veil seen from " << seen.start << " s to " << seen.end << " s (" << seen.length()
                               << " s), deepest " << seen.deepest << ", before the change " << seen.before_change);
        CHECK(seen.before_change < 0.02); // steady and clear before the step
        CHECK(seen.deepest > 0.9);        // it went through the calm colour
        REQUIRE(seen.start >= 0.0);
        CHECK(seen.start <= seen.change_at + dt);
        // Out over half the fade and back in over the other half: the whole fade on screen lasts
        // the protocol's value, to within the measurement's frames.
        CHECK(std::abs(seen.length() - fade_s) <= 3 * dt);
        // What screenshots wait for: the player never calls a veiled frame clear.
        CHECK(seen.claimed_clear_while_veiled == 0);
        CHECK_FALSE(seen.new_target_clear_at_once);
        CHECK(seen.clear_at_end);
    }
}

TEST_CASE("started at once, the stage draws the calm colour until a scene is loaded, then fades it in",
          "[render][stage]") {
    // A headset runtime wants frames from its first moment: the player starts before the calm room
    // is loaded. Frames are drawn with no pause (cheaper than any real one) while both scenes load
    // in the background, the deferred deleter counting them all: the loads' staging memory must
    // outlive their copies all the same (the validation layer would say otherwise).
    RenderHarness h({48, 48}, VK_SAMPLE_COUNT_1_BIT, 256);
    render::Renderer& renderer = h.renderer();
    stage::SceneCache cache(renderer);
    stage::ScenePlayer player(renderer, cache, nullptr, stage::ScenePlayer::Start::at_once);
    render::OffscreenTarget target(h.context(), {48, 48});
    gpu::FrameRing ring(h.context(), 2);
    const gpu::StereoView view = RenderHarness::test_view({48, 48});

    session::Target wanted;
    wanted.scene = "street-night";
    wanted.cue_level = 2;
    wanted.intensity = 1.0;
    wanted.fade_s = 1.0;
    wanted.calm_room = false;
    render::FrameInput in;
    int void_frames = 0;
    double t = 0.0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    for (; std::chrono::steady_clock::now() < deadline; t += 1.0 / 90.0) {
        player.frame(wanted, t, view, in);
        if (player.has_scene()) break;
        ++void_frames;
        CHECK(in.instances.empty());
        CHECK(in.post.fade == 1.0f);
        CHECK_FALSE(player.shows_clearly(wanted));
        gpu::Frame& f = ring.begin();
        renderer.render(f, in, target.target());
        REQUIRE(ring.submit(f) == VK_SUCCESS);
    }
    ring.wait_idle();
    INFO(void_frames << " frames of the calm colour, " << t << " s");
    CHECK(void_frames > 0);
    REQUIRE(player.has_scene());
    // Whatever came first comes up out of a full veil, never popping in, and the stage then
    // reaches the street clearly.
    player.frame(wanted, t, view, in);
    CHECK(in.post.fade > 0.9f);
    CHECK_FALSE(in.instances.empty());
    while (std::chrono::steady_clock::now() < deadline && !player.shows_clearly(wanted)) {
        t += 1.0 / 90.0;
        player.frame(wanted, t, view, in);
        std::this_thread::sleep_for(std::chrono::milliseconds(2)); // the street loads meanwhile
    }
    INFO("then showing " << player.showing() << ", veil " << player.fade() << ", " << t << " s");
    CHECK(player.showing() == "street-night");
    CHECK(player.shows_clearly(wanted));
    INFO(h.validation_report());
    CHECK(h.validation_messages() == 0);
}
