#include "app/demo/demo_tour.h"

#include "core/error.h"
#include "scene/scene_library.h"

#include <algorithm>

namespace qx::app {

std::vector<QuizQuestion> demo_quiz() {
    return {
        {"disguise", 3, 0}, // which of these could be a disguised drug? — the milk tea of unknown origin
        {"stamps", 3, 0},   // what are the smiley "stamps"? — paper soaked in a hallucinogen
        {"harm", 3, 2},     // what does drug use harm? — body, family and future
        {"refuse", 3, 0},   // a "friend" offers popping candy — refuse, leave, tell an adult
    };
}

std::vector<scene::SceneDef> load_demo_exhibits() {
    std::vector<scene::SceneDef> defs;
    for (const char* name : {"exhibit-disguised", "exhibit-harm"}) {
        core::Diagnostics diag;
        auto def = scene::load_scene(name, diag);
        if (!def) {
            std::string problems;
            for (const auto& p : diag.problems()) problems += "\n  " + p.to_string();
            throw core::Error(std::string("an exhibit could not be loaded:") + problems);
        }
        defs.push_back(std::move(*def));
    }
    return defs;
}

double stop_seconds(const scene::SceneDef& scene, bool younger) {
    double end = 20.0; // even a silent exhibit gets time to look around
    for (const scene::NarrationDef& n : scene.narration) {
        if (younger && !n.younger_audience) continue;
        // Heard and read: about 0.25 s a Chinese character (the slower of the two languages),
        // plus a pause before the next stop.
        double chars = 0;
        for (unsigned char c : n.text.zh) chars += (c & 0xC0) != 0x80 ? 1 : 0;
        end = std::max(end, double(n.at_seconds) + 2.0 + chars * 0.25 + 4.0);
    }
    return end;
}

DemoScript make_demo_script(const std::vector<scene::SceneDef>& scenes, bool younger) {
    DemoScript script;
    for (const scene::SceneDef& s : scenes) {
        if (s.kind != scene::SceneKind::exhibit) {
            throw core::Error("demo mode shows only open-day exhibits; " + s.name +
                                  " is a cue-exposure scene and cannot be part of a tour",
                              "cue scenes are for therapy sessions (qingxing session)");
        }
        script.stops.push_back({s.name, stop_seconds(s, younger)});
    }
    QX_ENSURE(!script.stops.empty(), "a tour needs at least one exhibit");
    script.quiz = demo_quiz();
    double total = script.quiz.size() * (script.answer_limit_s + script.feedback_s);
    for (const DemoStop& s : script.stops) total += s.seconds;
    if (total > script.turn_limit_s) {
        throw core::Error(fmt::format("the tour would take up to {:.0f} s, longer than a turn's {:.0f} s", total,
                                      script.turn_limit_s),
                          "shorten the exhibits' narration or the quiz");
    }
    return script;
}

const char* to_string(DemoTour::Phase phase) {
    switch (phase) {
    case DemoTour::Phase::attract: return "attract";
    case DemoTour::Phase::stop: return "stop";
    case DemoTour::Phase::question: return "question";
    case DemoTour::Phase::feedback: return "feedback";
    case DemoTour::Phase::score: return "score";
    }
    return "?";
}

DemoTour::DemoTour(DemoScript script) : m_script(std::move(script)) {
    QX_ENSURE(!m_script.stops.empty(), "a tour needs at least one exhibit");
}

const std::string& DemoTour::scene() const {
    if (m_phase == Phase::stop) return m_script.stops[std::size_t(m_stop)].scene;
    if (m_phase == Phase::attract) return m_script.attract_scene;
    return m_script.stops.back().scene;
}

session::Target DemoTour::target() const {
    session::Target t;
    t.scene = scene();
    t.calm_room = false;
    t.fade_s = k_scene_fade_s;
    t.scene_change = m_scene_change;
    return t;
}

void DemoTour::enter(Phase phase, double now) {
    m_phase = phase;
    m_phase_start = now;
}

void DemoTour::next_stop(double now) {
    ++m_stop;
    m_scene_start = now;
    if (m_stop < int(m_script.stops.size())) {
        ++m_scene_change; // the quiz stays in the last exhibit's room: no fade
        enter(Phase::stop, now);
    } else if (!m_script.quiz.empty()) {
        m_stop = int(m_script.stops.size()) - 1;
        m_question = 0;
        m_selected = 0;
        m_last_input = now; // the visitor has had nothing to answer until now
        enter(Phase::question, now);
    } else {
        enter(Phase::score, now);
    }
}

void DemoTour::answer(double now, bool answered) {
    m_last_correct = answered && m_selected == m_script.quiz[std::size_t(m_question)].correct;
    if (m_last_correct) ++m_score;
    enter(Phase::feedback, now);
}

DemoTour::Events DemoTour::update(double now, const DemoInput& in) {
    Events ev;
    const bool any_input = in.start || in.move != 0 || in.pick || in.confirm;
    if (any_input) m_last_input = now;

    if (in.stop && m_phase != Phase::attract) {
        ev.turn_abandoned = m_phase != Phase::score; // after the score the turn already counted
        m_stop = 0;
        m_scene_start = now;
        ++m_scene_change;
        enter(Phase::attract, now);
        return ev;
    }
    // A whole turn never runs past its limit: straight to the score.
    if (m_phase != Phase::attract && m_phase != Phase::score && now - m_turn_start > m_script.turn_limit_s) {
        enter(Phase::score, now);
        ev.turn_completed = m_score;
        return ev;
    }

    switch (m_phase) {
    case Phase::attract:
        if (in.start || in.confirm) {
            ev.turn_started = true;
            m_turn_start = m_last_input = m_scene_start = now;
            m_stop = 0;
            m_score = 0;
            ++m_scene_change;
            enter(Phase::stop, now);
        }
        break;
    case Phase::stop:
        if (now - m_phase_start >= m_script.stops[std::size_t(m_stop)].seconds) next_stop(now);
        break;
    case Phase::question: {
        const int options = m_script.quiz[std::size_t(m_question)].options;
        if (in.pick && *in.pick >= 0 && *in.pick < options) {
            m_selected = *in.pick;
            answer(now, true);
        } else if (in.move != 0) {
            m_selected = std::clamp(m_selected + in.move, 0, options - 1);
        } else if (in.confirm && now - m_phase_start >= 0.8) { // not a press carried over
            answer(now, true);
        } else if (now - m_last_input >= m_script.idle_reset_s) {
            // Nobody is answering: the visitor has gone. Ready for the next one.
            ev.turn_abandoned = true;
            m_stop = 0;
            m_scene_start = now;
            ++m_scene_change;
            enter(Phase::attract, now);
        } else if (now - m_phase_start >= m_script.answer_limit_s) {
            answer(now, false);
        }
        break;
    }
    case Phase::feedback:
        if (now - m_phase_start >= m_script.feedback_s) {
            if (++m_question < int(m_script.quiz.size())) {
                m_selected = 0;
                enter(Phase::question, now);
            } else {
                enter(Phase::score, now);
                ev.turn_completed = m_score;
            }
        }
        break;
    case Phase::score:
        if (now - m_phase_start >= m_script.score_s || in.start) {
            m_stop = 0;
            m_scene_start = now;
            ++m_scene_change;
            enter(Phase::attract, now);
        }
        break;
    }
    return ev;
}

DemoInput SimulatedVisitor::act(const DemoTour& tour, double now, const std::function<bool(const char*)>& ready) {
    DemoInput in;
    if (tour.phase() != DemoTour::Phase::question) m_answered = -1;
    if (tour.phase() == DemoTour::Phase::attract) {
        if (tour.phase_seconds(now) >= 2.0 && (!ready || ready("attract"))) in.start = true;
    } else if (tour.phase() == DemoTour::Phase::question && m_answered != tour.question() &&
               tour.phase_seconds(now) >= 3.5 && (!ready || ready("question"))) {
        const QuizQuestion& q = tour.script().quiz[std::size_t(tour.question())];
        int wrong = (q.correct + 1 + int(m_random.next_u32() % std::uint32_t(q.options - 1))) % q.options;
        in.pick = m_random.chance(0.75) ? q.correct : wrong;
        m_answered = tour.question();
    }
    return in;
}

} // namespace qx::app
