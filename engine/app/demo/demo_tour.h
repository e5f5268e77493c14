// The open-day tour, as logic: attract loop → the exhibits in turn, narrated → a short quiz →
// the score → back to the attract loop for the next visitor. Pure: time comes in as seconds,
// input as what the visitor or staff did; no graphics, sound or files. Only exhibit scenes can
// be part of a tour: cue scenes (and protocols) are unreachable from demo mode.
#pragma once

#include "scene/scene_def.h"
#include "session/random.h"
#include "session/target.h"

#include <functional>

#include <optional>
#include <string>
#include <vector>

namespace qx::app {

struct DemoStop {
    std::string scene;
    double seconds = 60; // long enough for its narration and captions
};

// A quiz question: its text lives in the catalogue under demo.quiz.<id>.{q,a0,a1,..,why}.
struct QuizQuestion {
    std::string id;
    int options = 3;
    int correct = 0;
};

struct DemoScript {
    std::string attract_scene = "calm-room"; // between visitors: quiet, no cues
    std::vector<DemoStop> stops;
    std::vector<QuizQuestion> quiz;
    double answer_limit_s = 20;  // a question left unanswered this long shows the answer
    double feedback_s = 6;       // "correct" / "the answer is ..." stays up this long
    double score_s = 12;         // the score, then the attract loop
    double idle_reset_s = 45;    // a quiz with nobody answering goes back to the attract loop
    double turn_limit_s = 300;   // a whole turn, from start to score, at most
};

// The quiz every tour ends with (texts in the catalogue, zh-CN and en).
std::vector<QuizQuestion> demo_quiz();

// The exhibits a tour shows, in order, from the scene library. Throws core::Error listing the
// problems of one that does not load.
std::vector<scene::SceneDef> load_demo_exhibits();

// The tour through `scenes` (scene definitions by name), each stop as long as its narration
// takes (younger-audience lines only, when `younger`). Throws core::Error naming the scene when a
// stop is not an exhibit, or when the turn would be longer than the script's limit.
DemoScript make_demo_script(const std::vector<scene::SceneDef>& scenes, bool younger);

// How long a scene's narration takes to be heard and read, as a tour stop.
double stop_seconds(const scene::SceneDef& scene, bool younger);

struct DemoInput {
    bool start = false;          // staff "next visitor", or the visitor's confirm in the attract loop
    int move = 0;                // −1 / +1: the quiz choice up or down
    std::optional<int> pick;     // a quiz option chosen outright (0-based), and confirmed
    bool confirm = false;
    bool stop = false;           // staff: end this turn now, back to the attract loop
};

class DemoTour {
public:
    enum class Phase { attract, stop, question, feedback, score };

    // What happened this update, for the aggregate counts.
    struct Events {
        bool turn_started = false;
        std::optional<int> turn_completed; // the quiz score
        bool turn_abandoned = false;       // stopped by staff or left idle before the score
    };

    explicit DemoTour(DemoScript script);

    Events update(double now, const DemoInput& input);

    Phase phase() const { return m_phase; }
    const DemoScript& script() const { return m_script; }
    // The scene on show (attract: the attract scene; quiz and score: the last stop's).
    const std::string& scene() const;
    int stop_index() const { return m_stop; }
    int question() const { return m_question; }
    int selected() const { return m_selected; }
    bool last_correct() const { return m_last_correct; }
    int score() const { return m_score; }
    double phase_seconds(double now) const { return now - m_phase_start; }
    // Seconds since this scene began showing (the narration's clock).
    double scene_seconds(double now) const { return now - m_scene_start; }
    std::uint32_t scene_change() const { return m_scene_change; }
    // What the stage shows: the scene on show, no cues, fading between rooms.
    session::Target target() const;
    static constexpr double k_scene_fade_s = 1.2;

private:
    void enter(Phase phase, double now);
    void next_stop(double now);
    void answer(double now, bool answered);

    DemoScript m_script;
    Phase m_phase = Phase::attract;
    double m_phase_start = 0, m_turn_start = 0, m_last_input = 0, m_scene_start = 0;
    int m_stop = 0, m_question = 0, m_selected = 0, m_score = 0;
    bool m_last_correct = false;
    std::uint32_t m_scene_change = 0;
};

const char* to_string(DemoTour::Phase phase);

// A visitor for tests, screenshots and headless runs: starts a turn two seconds into the attract
// loop, answers each question after a few seconds, right three times in four (seeded, so a run
// repeats). `ready(moment)`, when given, holds the attract loop ("attract") or a question
// ("question") until it returns true: a screenshot of it has been taken.
class SimulatedVisitor {
public:
    explicit SimulatedVisitor(std::uint64_t seed) : m_random(seed) {}
    DemoInput act(const DemoTour& tour, double now, const std::function<bool(const char*)>& ready = {});

private:
    session::Random m_random;
    int m_answered = -1;
};

} // namespace qx::app
