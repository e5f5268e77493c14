// Spatial audio through OpenAL Soft's loopback device: what a resident would hear, sample-exact.
#include "audio/audio_engine.h"
#include "scene/loaded_scene.h"
#include "scene/scene_library.h"
#include "stage/scene_sounds.h"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <cmath>
#include <numbers>

using namespace qx;

namespace {

constexpr int k_rate = 44100;

audio::AudioOptions loopback() {
    audio::AudioOptions o;
    o.output = audio::AudioOptions::Output::loopback;
    o.loopback_rate = k_rate;
    o.threaded = false;
    return o;
}

std::shared_ptr<const audio::Pcm> sine(float hz, float seconds, float amplitude = 0.5f) {
    auto pcm = std::make_shared<audio::Pcm>();
    pcm->rate = k_rate;
    pcm->channels = 1;
    // A whole number of cycles, so the loop has no seam.
    std::size_t n = std::size_t(std::round(seconds * hz)) * std::size_t(k_rate) / std::size_t(hz);
    for (std::size_t i = 0; i < n; ++i) {
        pcm->samples.push_back(std::int16_t(std::lround(std::sin(2.0 * std::numbers::pi * hz * double(i) / k_rate) * amplitude * 32767)));
    }
    return pcm;
}

std::shared_ptr<audio::SceneSounds> one_sound(std::shared_ptr<const audio::Pcm> pcm, bool positional, const char* name) {
    auto s = std::make_shared<audio::SceneSounds>();
    s->scene = name;
    audio::SoundSpec spec;
    spec.name = name;
    spec.pcm = std::move(pcm);
    spec.positional = positional;
    s->sounds.push_back(spec);
    return s;
}

struct Levels {
    double left = 0, right = 0;
};

// Steps the engine in 10 ms updates, rendering as it goes; returns the RMS of each channel of
// the last `measure` seconds, and appends all samples to `all` when given.
Levels run(audio::AudioEngine& e, double seconds, double measure, std::vector<std::int16_t>* all = nullptr) {
    const std::size_t step = k_rate / 100;
    std::size_t steps = std::size_t(seconds * 100), measured_from = steps - std::size_t(measure * 100);
    double l = 0, r = 0, n = 0;
    for (std::size_t i = 0; i < steps; ++i) {
        e.update(0.01);
        std::vector<std::int16_t> s = e.render(step);
        if (all) all->insert(all->end(), s.begin(), s.end());
        if (i < measured_from) continue;
        for (std::size_t k = 0; k + 1 < s.size(); k += 2) {
            l += double(s[k]) * s[k];
            r += double(s[k + 1]) * s[k + 1];
            n += 1;
        }
    }
    return {std::sqrt(l / n), std::sqrt(r / n)};
}

} // namespace

TEST_CASE("a sound to the listener's left is louder on the left, and turning round swaps it", "[audio]") {
    audio::AudioEngine e(loopback());
    REQUIRE(e.available());
    auto sounds = one_sound(sine(440.0f, 1.0f), true, "left tone");
    std::vector<audio::SourceState> state{{0, glm::vec3(-2.0f, 1.2f, 0.0f), 1.0f}};
    audio::ListenerPose facing_forward{{0.0f, 1.2f, 0.0f}, glm::quat(1, 0, 0, 0)};
    e.frame(facing_forward, sounds, state);
    Levels before = run(e, 1.0, 0.3);
    INFO("facing -Z: left " << before.left << " right " << before.right);
    CHECK(before.left > before.right * 1.5);

    audio::ListenerPose turned{{0.0f, 1.2f, 0.0f}, glm::angleAxis(float(std::numbers::pi), glm::vec3(0, 1, 0))};
    e.frame(turned, sounds, state);
    Levels after = run(e, 0.5, 0.3);
    INFO("turned round: left " << after.left << " right " << after.right);
    CHECK(after.right > after.left * 1.5);
}

TEST_CASE("level 0 plays no cue sound and a cue's gain follows its level and intensity curve", "[audio]") {
    core::Diagnostics diag;
    auto def = scene::load_scene("rented-room", diag);
    REQUIRE(def);
    auto loaded = scene::LoadedScene::build(*def, &diag);
    audio::AudioEngine e(loopback());
    auto sounds = stage::load_scene_sounds(loaded->def(), &diag);
    INFO(diag.problems().size() << " problems");
    REQUIRE(diag.ok());
    std::size_t sizzle = 0, street = 0;
    for (std::size_t i = 0; i < loaded->def().sounds.size(); ++i) {
        if (loaded->def().sounds[i].id == "foil_sizzle") sizzle = i;
        if (loaded->def().sounds[i].id == "street") street = i;
    }
    audio::ListenerPose head{loaded->eye_position(), glm::quat(1, 0, 0, 0)};
    scene::FrameScene frame;
    std::vector<audio::SourceState> sources;

    loaded->evaluate(0, 1.0f, 1.0, frame);
    stage::to_sources(frame.sounds, sources);
    e.frame(head, sounds, sources);
    run(e, 1.5, 0.5);
    CHECK(e.applied_gain(sizzle) == 0.0f);
    CHECK(e.applied_gain(street) > 0.3f); // the place itself still sounds

    // The sizzle's volume curve: 0.2 at the start of level 4, 1.0 at its end, times its gain 0.7.
    for (float intensity : {0.0f, 0.5f, 1.0f}) {
        loaded->evaluate(4, intensity, 1.0, frame);
        stage::to_sources(frame.sounds, sources);
    e.frame(head, sounds, sources);
        run(e, 1.0, 0.2);
        float expected = 0.7f * (0.2f + 0.8f * intensity);
        INFO("intensity " << intensity);
        CHECK(e.applied_gain(sizzle) == Catch::Approx(expected).margin(0.01));
    }
}

TEST_CASE("a scene change cross-fades without a click, and the same input gives the same samples", "[audio]") {
    auto render_switch = [] {
        audio::AudioEngine e(loopback());
        auto a = one_sound(sine(440.0f, 1.0f, 0.6f), false, "scene a");
        auto b = one_sound(sine(660.0f, 1.0f, 0.6f), false, "scene b");
        std::vector<audio::SourceState> on{{0, glm::vec3(0.0f), 1.0f}};
        std::vector<std::int16_t> all;
        e.frame({}, a, on);
        run(e, 1.0, 0.1, &all);
        e.frame({}, b, on); // the calm room replaces the scene, say
        run(e, 1.5, 0.1, &all);
        return all;
    };
    std::vector<std::int16_t> first = render_switch();
    std::vector<std::int16_t> second = render_switch();
    CHECK(first == second);
    // The largest step a 660 Hz sine at this amplitude can make between samples; a click (a gain
    // jump) would be far larger.
    double steepest = 2.0 * std::numbers::pi * 660.0 / k_rate * 0.6 * 32767;
    int worst = 0;
    for (std::size_t i = 2; i < first.size(); i += 2) worst = std::max(worst, std::abs(first[i] - first[i - 2]));
    INFO("largest sample-to-sample step " << worst << " (a clean sine allows " << steepest << ")");
    CHECK(worst < steepest * 1.15);
    // And the new scene is playing at the end.
    CHECK(std::abs(first[first.size() - 2]) + std::abs(first[first.size() - 4]) > 0);
}

TEST_CASE("with no sound device the engine says so and carries on silently", "[audio]") {
    audio::AudioOptions o;
    o.output = audio::AudioOptions::Output::none;
    audio::AudioEngine e(o);
    CHECK_FALSE(e.available());
    CHECK_FALSE(e.status().empty());
    std::vector<audio::SourceState> on{{0, glm::vec3(0.0f), 1.0f}};
    e.frame({}, one_sound(sine(440.0f, 0.1f), false, "x"), on);
    e.update(0.1);
    CHECK(e.render(100) == std::vector<std::int16_t>(200, 0));
}
