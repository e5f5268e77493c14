// The resident's craving prompt: the slider, confirming, "recorded", and "I need a break".
#include "session/craving_prompt.h"

#include <catch2/catch_test_macros.hpp>

#include <optional>

using qx::session::CravingPrompt;
using qx::session::PromptInput;
using Kind = qx::session::PromptView::Kind;

namespace {

// Runs frames at 90 Hz from `t` for `seconds` with `input` held; returns the time after.
double hold(CravingPrompt& p, PromptInput input, bool asking, double t, double seconds,
            std::optional<double>* answer = nullptr) {
    for (double end = t + seconds; t < end; t += 1.0 / 90) {
        auto out = p.update(input, asking, t);
        if (out.rating && answer) *answer = out.rating;
        input.confirm = false; // a press lasts one frame
    }
    return t;
}

} // namespace

TEST_CASE("the prompt shows only while the controller asks, and fades in", "[prompt]") {
    CravingPrompt p;
    double t = hold(p, {}, false, 0.0, 1.0);
    CHECK(p.view(t).kind == Kind::hidden);
    p.update({}, true, t);
    CHECK(p.view(t).kind == Kind::asking);
    CHECK(p.view(t).opacity == 0.0f);
    t = hold(p, {}, true, t, 0.5);
    CHECK(p.view(t).opacity == 1.0f);
    CHECK(p.view(t).value == 5); // the first prompt starts in the middle
}

TEST_CASE("the thumbstick moves the slider at a steady rate and stops at the ends", "[prompt]") {
    CravingPrompt p;
    PromptInput right;
    right.slider_rate = 1.0f;
    double t = hold(p, right, true, 0.0, 0.5);
    // 0.5 s at full deflection: 2 units from the middle.
    CHECK(p.view(t).value == 7);
    t = hold(p, right, true, t, 5.0);
    CHECK(p.view(t).value == 10);
    CHECK(p.view(t).position == 1.0f);
    PromptInput left;
    left.slider_rate = -0.5f;
    t = hold(p, left, true, t, 10.0);
    CHECK(p.view(t).value == 0);
}

TEST_CASE("a confirm in the first moments is not an answer; after them it gives the slider's rating", "[prompt]") {
    CravingPrompt p;
    PromptInput press;
    press.confirm = true;
    p.update({}, true, 0.0);
    auto early = p.update(press, true, 0.3);
    CHECK_FALSE(early.rating);
    CHECK_FALSE(p.view(0.3).can_confirm);

    PromptInput down;
    down.slider_rate = -1.0f;
    double t = hold(p, down, true, 0.3, 0.5); // 5 → 3
    CHECK(p.view(t).can_confirm);
    auto out = p.update(press, true, t);
    REQUIRE(out.rating);
    CHECK(*out.rating == 3.0);
    // Until the record is safe, the slider is still and another press gives nothing.
    CHECK_FALSE(p.update(press, true, t + 0.1).rating);
    CHECK_FALSE(p.view(t + 0.1).can_confirm);

    p.acknowledged(3.0, t + 0.2);
    p.update({}, false, t + 0.25);
    CHECK(p.view(t + 0.25).kind == Kind::recorded);
    CHECK(p.view(t + 0.25).value == 3);
    CHECK(p.view(t + 0.25 + CravingPrompt::k_recorded_s).kind == Kind::hidden);

    // The next prompt starts where this answer was.
    p.update({}, true, t + 60);
    CHECK(p.view(t + 60).value == 3);
}

TEST_CASE("a report the controller did not take can be given again", "[prompt]") {
    CravingPrompt p;
    PromptInput press;
    press.confirm = true;
    p.update({}, true, 0.0);
    REQUIRE(p.update(press, true, 1.0).rating);
    CHECK_FALSE(p.update(press, true, 1.1).rating);
    p.not_taken();
    CHECK(p.update(press, true, 1.2).rating);
}

TEST_CASE("a resting trigger does not pull the slider to none; a squeezed one sets it", "[prompt]") {
    CravingPrompt p;
    PromptInput resting;
    resting.slider_absolute = 0.0f;
    double t = hold(p, resting, true, 0.0, 0.5);
    CHECK(p.view(t).value == 5);
    PromptInput squeezed;
    squeezed.slider_absolute = 0.8f;
    p.update(squeezed, true, t);
    CHECK(p.view(t).value == 8);
}

TEST_CASE("a typed digit is an answer at once, prompted or not", "[prompt]") {
    CravingPrompt p;
    PromptInput seven;
    seven.typed_rating = 7;
    auto out = p.update(seven, false, 0.0);
    REQUIRE(out.rating);
    CHECK(*out.rating == 7.0);
    PromptInput eleven;
    eleven.typed_rating = 11;
    p.not_taken();
    CHECK(*p.update(eleven, true, 0.1).rating == 10.0);
}

TEST_CASE("asking for a break is passed on at once and acknowledged to the resident", "[prompt]") {
    CravingPrompt p;
    PromptInput brk;
    brk.need_break = true;
    p.update({}, true, 0.0);
    auto out = p.update(brk, true, 0.5);
    CHECK(out.need_break);
    CHECK(p.view(0.6).kind == Kind::break_requested);
    CHECK(p.view(0.5 + CravingPrompt::k_break_s + 0.01).kind == Kind::asking);
}
