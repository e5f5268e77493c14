// The resident's side of a craving prompt: a 0–10 slider moved with a thumbstick, trackpad,
// trigger or arrow keys, confirmed with a button; "recorded" once the report is safely stored;
// an "I need a break" button at any time. Pure logic: the app feeds it the controller's prompt
// state and the resident's input every frame and draws what view() says.
#pragma once

#include <optional>

namespace qx::session {

// What the resident did since the last frame (mapped from the headset's or keyboard's actions).
struct PromptInput {
    float slider_rate = 0.0f;             // −1..1: full deflection moves the slider k_units_per_second
    std::optional<float> slider_absolute; // 0..1 (an analogue trigger): sets the slider directly
    std::optional<int> typed_rating;      // a keyboard digit: a rating given outright
    bool confirm = false;
    bool need_break = false;
};

struct PromptView {
    enum class Kind { hidden, asking, recorded, break_requested };
    Kind kind = Kind::hidden;
    int value = 5;              // the slider's rating, 0..10
    float position = 0.5f;      // the slider handle, 0..1 (moves smoothly between ratings)
    bool can_confirm = false;   // false during the first moments, so a held button is not an answer
    float opacity = 0.0f;       // fades in and out
};

class CravingPrompt {
public:
    static constexpr float k_units_per_second = 4.0f; // full scale in 2.5 s at full deflection
    static constexpr double k_confirm_delay_s = 0.8;  // no answer before the panel was readable
    static constexpr double k_recorded_s = 1.6;       // how long "recorded" stays up
    static constexpr double k_break_s = 3.0;
    static constexpr double k_fade_s = 0.25;

    struct Output {
        std::optional<double> rating; // a report to give the controller now
        bool need_break = false;      // the resident asked for a break
    };

    // One frame at `now` (seconds): `asking` is whether the controller waits for a report.
    Output update(const PromptInput& input, bool asking, double now);
    // A report given through update() is safely recorded: show "recorded".
    void acknowledged(double rating, double now);
    // The controller did not take the report given through update(): let the resident answer again.
    void not_taken() { m_waiting_ack = false; }

    PromptView view(double now) const;
    bool asking() const { return m_asking; }

private:
    bool m_asking = false;
    double m_asked_at = 0.0;
    double m_last_now = 0.0;
    float m_slider = 5.0f;          // continuous 0..10
    std::optional<float> m_last_absolute;
    std::optional<double> m_last_given; // the last rating given: where the next prompt starts
    bool m_waiting_ack = false;
    double m_recorded_until = -1.0;
    double m_break_until = -1.0;
    double m_visible_since = -1.0;
};

} // namespace qx::session
