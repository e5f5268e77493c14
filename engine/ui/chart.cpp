#include "ui/chart.h"
#include "core/cue_level.h"
#include "ui/strings.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <vector>

namespace qx::ui {
namespace {

using session::Event;
using session::EventKind;
using session::State;

// Colours chosen to stay apart for the common colour-vision deficiencies and in greyscale print.
constexpr Color k_background{255, 255, 255};
constexpr Color k_ink{33, 37, 41};
constexpr Color k_muted{108, 117, 125};
constexpr Color k_grid{222, 226, 230};
constexpr Color k_report{31, 78, 121};
constexpr Color k_ceiling{200, 35, 51};
constexpr Color k_up{25, 135, 84};
constexpr Color k_down{214, 110, 0};
constexpr Color k_calm_marker{13, 148, 136};
constexpr Color k_alert{200, 35, 51};
constexpr Color k_therapist{111, 66, 193};
constexpr Color k_tonic{13, 110, 253};
constexpr Color k_compare{214, 110, 0};
constexpr Color k_heart{176, 42, 98};
constexpr Color k_resting{13, 110, 253};
constexpr Color k_calm_band{204, 236, 230};
constexpr Color k_quiet_band{225, 234, 246}; // baseline and cool-down
constexpr Color k_pause_hatch{140, 140, 140, 150};
// Cue levels 0 to the top, light to dark: the stronger the cues, the warmer the band.
constexpr Color k_level_band[core::k_cue_level_count] = {
    {246, 243, 235}, {253, 236, 206}, {251, 214, 165}, {247, 186, 120}, {240, 150, 92}};

struct Plot {
    double x0, y0, x1, y1; // pixel box
    double t0, t1;         // data range on x
    double v0, v1;         // data range on y

    double x(double t) const { return x0 + (t - t0) / (t1 - t0) * (x1 - x0); }
    double y(double v) const { return y1 - (v - v0) / (v1 - v0) * (y1 - y0); }
};

struct Segment {
    double t0, t1;
    State state;
    int step;
};

std::string label(std::string_view key, core::Lang lang) {
    return std::string(ui::tr(key, lang));
}

// The timeline of states and steps, from the state and step events (which come in time order).
std::vector<Segment> segments_of(std::span<const Event> events) {
    std::vector<Segment> out;
    State state = State::ready;
    int step = -1;
    double since = events.empty() ? 0 : events.front().t;
    double end = since;
    for (const Event& e : events)
        end = std::max(end, e.t);
    for (const Event& e : events) {
        if (e.kind != EventKind::state && e.kind != EventKind::step) continue;
        if (e.t > since) out.push_back({since, e.t, state, step});
        since = std::max(since, e.t);
        if (e.kind == EventKind::state) {
            state = session::parse_state(e.text_arg("to")).value_or(state);
            step = e.step;
        } else {
            step = static_cast<int>(e.number("to_step").value_or(e.step));
        }
    }
    if (end > since) out.push_back({since, end, state, step});
    return out;
}

// Ticks on the time axis: every 1, 2, 5, 10 or 15 minutes, whichever gives 5–12 labels.
double tick_minutes(double span_s) {
    for (double m : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0}) {
        if (span_s / (m * 60) <= 12) return m;
    }
    return 60;
}

void draw_up(Canvas& c, Point p, double s, Color col) {
    Point tri[] = {{p.x, p.y - s}, {p.x + s, p.y + s * 0.8}, {p.x - s, p.y + s * 0.8}};
    c.fill_polygon(tri, col);
}

void draw_down(Canvas& c, Point p, double s, Color col) {
    Point tri[] = {{p.x - s, p.y - s * 0.8}, {p.x + s, p.y - s * 0.8}, {p.x, p.y + s}};
    c.fill_polygon(tri, col);
}

void draw_diamond(Canvas& c, Point p, double s, Color col) {
    Point d[] = {{p.x, p.y - s}, {p.x + s, p.y}, {p.x, p.y + s}, {p.x - s, p.y}};
    c.fill_polygon(d, col);
}

void draw_square(Canvas& c, Point p, double s, Color col) {
    c.fill_rect(p.x - s * 0.8, p.y - s * 0.8, p.x + s * 0.8, p.y + s * 0.8, col);
}

void draw_cross(Canvas& c, Point p, double s, Color col) {
    c.line({p.x - s, p.y - s}, {p.x + s, p.y + s}, 2.2, col);
    c.line({p.x - s, p.y + s}, {p.x + s, p.y - s}, 2.2, col);
}

// Horizontal grid, labels and the vertical axis title for a 0–10 craving axis.
void draw_craving_axis(Canvas& c, const Plot& p, const Font& font, core::Lang lang) {
    for (int v = 0; v <= 10; ++v) {
        double y = p.y(v);
        c.line({p.x0, y}, {p.x1, y}, v % 2 == 0 ? 1.2 : 0.8, v % 2 == 0 ? k_grid : k_grid.with_alpha(150));
        if (v % 2 == 0) font.draw_right(c, p.x0 - 10, y + 7, std::to_string(v), 20, k_muted);
    }
    std::string title = label("report.chart.craving_axis", lang);
    const double px = 21;
    Canvas rotated(static_cast<int>(font.measure(title, px)) + 4, 30, {0, 0, 0, 0});
    font.draw(rotated, 2, 23, title, px, k_ink);
    c.blit_rotated_ccw(rotated, static_cast<int>(p.x0 - 80),
                       static_cast<int>((p.y0 + p.y1) / 2 - rotated.width() / 2.0));
}

// A segment's background in one plot: its cue level's colour, the calm room, the baseline and
// cool-down, or a hatched pause.
void draw_band(Canvas& c, const Plot& p, const Segment& s, const session::Protocol& protocol) {
    double xa = p.x(s.t0), xb = p.x(s.t1);
    State shown = s.state;
    if (session::is_exposed(shown) && s.step >= 0 && s.step < protocol.step_count()) {
        int level = std::clamp(protocol.ladder[static_cast<std::size_t>(s.step)].cue_level, 0, core::k_max_cue_level);
        c.fill_rect(xa, p.y0, xb, p.y1, k_level_band[level]);
    } else if (shown == State::calm_room) {
        c.fill_rect(xa, p.y0, xb, p.y1, k_calm_band);
    } else if (shown == State::baseline || shown == State::cool_down) {
        c.fill_rect(xa, p.y0, xb, p.y1, k_quiet_band);
    } else if (shown == State::paused) {
        c.fill_rect(xa, p.y0, xb, p.y1, {236, 236, 236});
        c.hatch_rect(xa, p.y0, xb, p.y1, 9, k_pause_hatch);
    }
}

// The resting rate: the mean of the baseline's heart-rate stretch, when the session had one.
std::optional<double> resting_rate(std::span<const Event> events) {
    for (const Event& e : events) {
        if (e.kind == EventKind::heart_rate && e.key == "session.hr.stretch" && e.text_arg("stretch") == "baseline")
            return e.number("mean_bpm");
    }
    return std::nullopt;
}

} // namespace

HeartRange heart_range(std::span<const HeartPoint> heart, std::optional<double> resting,
                       const session::Protocol* protocol) {
    double lo = 1e9, hi = 0;
    for (const HeartPoint& h : heart) {
        if (h.bpm <= 0) continue;
        lo = std::min(lo, h.bpm);
        hi = std::max(hi, h.bpm);
    }
    if (hi <= 0) lo = hi = resting.value_or(70);
    if (resting) {
        lo = std::min(lo, *resting);
        hi = std::max(hi, *resting);
    }
    if (protocol && protocol->safety.heart_rate) {
        const auto& rule = *protocol->safety.heart_rate;
        if (rule.rise_bpm && resting) hi = std::max(hi, *resting + *rule.rise_bpm);
        if (rule.max_bpm && *rule.max_bpm < hi + 30) hi = std::max(hi, *rule.max_bpm);
    }
    const double v0 = std::floor((lo - 5) / 10) * 10;
    return {v0, std::max(v0 + 20, std::ceil((hi + 5) / 10) * 10)};
}

namespace {

// The heart-rate strip: grid and axis, the protocol's limits, the resting rate, the readings'
// rate as a line broken where the signal was lost.
void draw_heart_strip(Canvas& c, const Plot& h, std::span<const HeartPoint> heart, std::optional<double> resting,
                      const session::Protocol& protocol, const Font& font, core::Lang lang) {
    const double step = h.v1 - h.v0 > 60 ? 20 : 10;
    for (double v = h.v0; v <= h.v1 + 1e-9; v += step) {
        c.line({h.x0, h.y(v)}, {h.x1, h.y(v)}, 1.0, k_grid);
        font.draw_right(c, h.x0 - 10, h.y(v) + 7, fmt::format("{:g}", v), 20, k_muted);
    }
    std::string title = label("report.chart.heart_axis", lang);
    Canvas rotated(static_cast<int>(font.measure(title, 19)) + 4, 28, {0, 0, 0, 0});
    font.draw(rotated, 2, 21, title, 19, k_ink);
    c.blit_rotated_ccw(rotated, static_cast<int>(h.x0 - 80), static_cast<int>((h.y0 + h.y1) / 2 - rotated.width() / 2.0));
    c.line({h.x0, h.y1}, {h.x1, h.y1}, 1.5, k_muted);
    c.line({h.x0, h.y0}, {h.x0, h.y1}, 1.5, k_muted);

    auto limit = [&](double v) {
        if (v > h.v1 || v < h.v0) return;
        c.dashed_line({h.x0, h.y(v)}, {h.x1, h.y(v)}, 2.0, 10, 6, k_ceiling);
        font.draw(c, h.x1 + 8, h.y(v) + 7, fmt::format("{:g}", std::round(v)), 18, k_ceiling);
    };
    if (const auto& rule = protocol.safety.heart_rate) {
        if (rule->max_bpm) limit(*rule->max_bpm);
        if (rule->rise_bpm && resting) limit(*resting + *rule->rise_bpm);
    }
    if (resting) c.dashed_line({h.x0, h.y(*resting)}, {h.x1, h.y(*resting)}, 2.0, 4, 4, k_resting);

    std::vector<Point> run;
    double last_t = -1e9;
    auto flush = [&] {
        if (run.size() > 1) c.polyline(run, 1.8, k_heart);
        run.clear();
    };
    for (const HeartPoint& p : heart) {
        if (p.bpm <= 0 || p.t - last_t > 5.0) flush(); // a lost signal or a gap: the line breaks
        if (p.bpm > 0) run.push_back({h.x(p.t), h.y(std::clamp(p.bpm, h.v0, h.v1))});
        last_t = p.t;
    }
    flush();
}

// A row of legend entries: a drawn sample and its text, wrapping to a new row when full.
class Legend {
public:
    Legend(Canvas& c, const Font& f, double x, double y, double right)
        : m_c(c), m_f(f), m_x0(x), m_x(x), m_y(y), m_right(right) {}

    template <typename Sample>
    void add(const std::string& text, Sample&& sample) {
        double w = 30 + m_f.measure(text, k_px) + 28;
        if (m_x + w > m_right && m_x > m_x0) {
            m_x = m_x0;
            m_y += 32;
        }
        sample(m_c, Point{m_x + 12, m_y - 7});
        m_f.draw(m_c, m_x + 30, m_y, text, k_px, k_ink);
        m_x += w;
    }

private:
    static constexpr double k_px = 19;
    Canvas& m_c;
    const Font& m_f;
    double m_x0, m_x, m_y, m_right;
};

} // namespace

Canvas render_session_chart(const session::Protocol& protocol, std::span<const Event> events,
                            std::span<const HeartPoint> heart, const std::string& title,
                            const std::string& subtitle, core::Lang lang, const Font& font) {
    const bool with_heart = !heart.empty();
    Canvas c(1600, with_heart ? 1080 : 900, k_background);
    font.draw(c, 40, 48, title, 30, k_ink);
    font.draw(c, 40, 84, subtitle, 20, k_muted);

    std::vector<Segment> segments = segments_of(events);
    double t_end = 60;
    for (const Event& e : events)
        t_end = std::max(t_end, e.t);
    const double tick = tick_minutes(t_end);
    const double t_max = std::ceil(t_end / (tick * 60)) * tick * 60;
    const Plot p{110, 150, 1470, with_heart ? 600.0 : 700.0, 0, t_max, 0, 10};
    const std::optional<double> resting = with_heart ? resting_rate(events) : std::nullopt;
    const HeartRange range = heart_range(heart, resting, &protocol);
    const Plot h{110, 640, 1470, 840, 0, t_max, range.v0, range.v1};
    const double bottom = with_heart ? h.y1 : p.y1; // where the time axis is

    // Bands first, so everything else sits on top of them.
    for (const Segment& s : segments) {
        for (const Plot* box : {&p, with_heart ? &h : nullptr}) {
            if (box) draw_band(c, *box, s, protocol);
        }
    }
    // Band labels: the step number and its label where there is room, else the number alone.
    // Consecutive segments of one step visit (exposure then adaptation) are labelled once.
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = segments[i];
        if (!session::is_exposed(s.state) || s.step < 0 || s.step >= protocol.step_count()) continue;
        double t1 = s.t1;
        std::size_t j = i;
        while (j + 1 < segments.size() && session::is_exposed(segments[j + 1].state) &&
               segments[j + 1].step == s.step) {
            t1 = segments[++j].t1;
        }
        double xa = p.x(s.t0), xb = p.x(t1);
        std::string number = std::to_string(s.step + 1);
        std::string full = number + " " + protocol.ladder[static_cast<std::size_t>(s.step)].label.in(lang);
        if (font.measure(full, 17) + 10 < xb - xa) {
            font.draw(c, xa + 5, p.y0 + 22, full, 17, k_ink);
        } else if (font.measure(number, 17) + 6 < xb - xa) {
            font.draw(c, xa + 3, p.y0 + 22, number, 17, k_ink);
        }
        i = j;
    }

    draw_craving_axis(c, p, font, lang);
    if (with_heart) draw_heart_strip(c, h, heart, resting, protocol, font, lang);
    for (double m = 0; m <= t_max / 60 + 1e-9; m += tick) {
        double x = p.x(m * 60);
        c.line({x, p.y0}, {x, p.y1}, 0.8, k_grid.with_alpha(170));
        if (with_heart) c.line({x, h.y0}, {x, h.y1}, 0.8, k_grid.with_alpha(170));
        c.line({x, bottom}, {x, bottom + 6}, 1.2, k_muted);
        font.draw_centred(c, x, bottom + 24, fmt::format("{:g}", m), 20, k_muted);
    }
    font.draw_centred(c, (p.x0 + p.x1) / 2, bottom + 58, label("report.chart.time_axis", lang), 21, k_ink);
    c.line({p.x0, p.y1}, {p.x1, p.y1}, 1.5, k_muted);
    c.line({p.x0, p.y0}, {p.x0, p.y1}, 1.5, k_muted);

    // The ceiling.
    double yc = p.y(protocol.safety.ceiling);
    c.dashed_line({p.x0, yc}, {p.x1, yc}, 2.2, 10, 6, k_ceiling);
    font.draw(c, p.x1 + 8, yc + 7,
              ui::trf("report.chart.ceiling", lang, fmt::arg("ceiling", protocol.safety.ceiling)), 19,
              k_ceiling);

    // Reports: timely ones joined in time order, late ones hollow (they are known after the fact).
    std::vector<Point> line;
    std::vector<Point> late;
    for (const Event& e : events) {
        if (e.kind != EventKind::report) continue;
        Point pt{p.x(e.t), p.y(e.number("rating").value_or(0))};
        if (e.number("late").value_or(0) != 0) {
            late.push_back(pt);
        } else {
            line.push_back(pt);
        }
    }
    std::sort(line.begin(), line.end(), [](Point a, Point b) { return a.x < b.x; });
    c.polyline(line, 2.6, k_report);
    for (Point pt : line)
        c.fill_circle(pt, 5, k_report);
    for (Point pt : late) {
        c.fill_circle(pt, 5.5, k_background);
        c.ring(pt, 5.5, 2.2, k_report);
    }

    // Markers: missed prompts on the time axis; above the plot, step changes and calm-room entries
    // in the lower lane, alerts and therapist commands in the upper one (they often coincide).
    const double lane = p.y0 - 16;
    const double upper = p.y0 - 40;
    for (const Event& e : events) {
        double x = p.x(e.t);
        switch (e.kind) {
        case EventKind::prompt_missed:
            draw_cross(c, {x, p.y1 - 10}, 5, k_muted);
            break;
        case EventKind::alert:
            draw_diamond(c, {x, upper}, 7, k_alert);
            break;
        case EventKind::command:
            if (e.text_arg("command") != "start") c.fill_circle({x, upper}, 5, k_therapist);
            break;
        case EventKind::state:
            if (e.text_arg("to") == "calm_room") draw_square(c, {x, lane}, 6, k_calm_marker);
            break;
        case EventKind::step: {
            double from = e.number("from_step").value_or(-1), to = e.number("to_step").value_or(-1);
            if (from >= 0 && to > from) draw_up(c, {x, lane}, 7, k_up);
            if (from >= 0 && to < from) draw_down(c, {x, lane}, 7, k_down);
            break;
        }
        default:
            break;
        }
    }

    Legend legend(c, font, p.x0, bottom + 108, 1560);
    legend.add(label("report.chart.legend.report", lang), [](Canvas& k, Point q) {
        k.line({q.x - 11, q.y}, {q.x + 11, q.y}, 2.6, k_report);
        k.fill_circle(q, 5, k_report);
    });
    legend.add(label("report.chart.legend.late", lang),
               [](Canvas& k, Point q) { k.ring(q, 5.5, 2.2, k_report); });
    legend.add(label("report.chart.legend.ceiling", lang), [](Canvas& k, Point q) {
        k.dashed_line({q.x - 12, q.y}, {q.x + 12, q.y}, 2.2, 7, 4, k_ceiling);
    });
    legend.add(label("report.chart.legend.levels", lang), [](Canvas& k, Point q) {
        for (int l = 1; l <= core::k_max_cue_level; ++l)
            k.fill_rect(q.x - 14 + (l - 1) * 7, q.y - 8, q.x - 7 + (l - 1) * 7, q.y + 8, k_level_band[l]);
    });
    legend.add(label("report.chart.legend.calm", lang),
               [](Canvas& k, Point q) { k.fill_rect(q.x - 12, q.y - 8, q.x + 12, q.y + 8, k_calm_band); });
    legend.add(label("report.chart.legend.baseline", lang),
               [](Canvas& k, Point q) { k.fill_rect(q.x - 12, q.y - 8, q.x + 12, q.y + 8, k_quiet_band); });
    legend.add(label("report.chart.legend.paused", lang), [](Canvas& k, Point q) {
        k.fill_rect(q.x - 12, q.y - 8, q.x + 12, q.y + 8, {236, 236, 236});
        k.hatch_rect(q.x - 12, q.y - 8, q.x + 12, q.y + 8, 6, k_pause_hatch);
    });
    legend.add(label("report.chart.legend.up", lang), [](Canvas& k, Point q) { draw_up(k, q, 7, k_up); });
    legend.add(label("report.chart.legend.down", lang),
               [](Canvas& k, Point q) { draw_down(k, q, 7, k_down); });
    legend.add(label("report.chart.legend.calm_entry", lang),
               [](Canvas& k, Point q) { draw_square(k, q, 6, k_calm_marker); });
    legend.add(label("report.chart.legend.alert", lang),
               [](Canvas& k, Point q) { draw_diamond(k, q, 7, k_alert); });
    legend.add(label("report.chart.legend.therapist", lang),
               [](Canvas& k, Point q) { k.fill_circle(q, 5, k_therapist); });
    legend.add(label("report.chart.legend.missed", lang),
               [](Canvas& k, Point q) { draw_cross(k, q, 5, k_muted); });
    if (with_heart) {
        legend.add(label("report.chart.legend.heart", lang),
                   [](Canvas& k, Point q) { k.line({q.x - 12, q.y}, {q.x + 12, q.y}, 1.8, k_heart); });
        legend.add(label("report.chart.legend.resting", lang), [](Canvas& k, Point q) {
            k.dashed_line({q.x - 12, q.y}, {q.x + 12, q.y}, 2.0, 4, 4, k_resting);
        });
        if (protocol.safety.heart_rate) {
            legend.add(label("report.chart.legend.heart_limit", lang), [](Canvas& k, Point q) {
                k.dashed_line({q.x - 12, q.y}, {q.x + 12, q.y}, 2.0, 7, 4, k_ceiling);
            });
        }
    }
    return c;
}

Canvas render_course_chart(const session::Protocol& protocol,
                           std::span<const session::SessionOutcome> sessions,
                           const session::CourseOutcome& course, const std::string& title,
                           const std::string& subtitle, core::Lang lang, const Font& font) {
    Canvas c(1600, 960, k_background);
    font.draw(c, 40, 48, title, 30, k_ink);
    font.draw(c, 40, 84, subtitle, 20, k_muted);
    const double n = std::max<double>(1, static_cast<double>(sessions.size()));
    // Sessions sit in the middle of equal slots: 1 at the first slot's centre.
    const Plot top{110, 120, 1470, 560, 0.5, n + 0.5, 0, 10};
    const Plot steps{110, 650,     1470, 820,
                     0.5, n + 0.5, 0,    static_cast<double>(std::max(protocol.step_count(), 1))};

    draw_craving_axis(c, top, font, lang);
    c.line({top.x0, top.y1}, {top.x1, top.y1}, 1.5, k_muted);
    c.line({top.x0, top.y0}, {top.x0, top.y1}, 1.5, k_muted);
    double yc = top.y(protocol.safety.ceiling);
    c.dashed_line({top.x0, yc}, {top.x1, yc}, 2.2, 10, 6, k_ceiling);
    font.draw(c, top.x1 + 8, yc + 7,
              ui::trf("report.chart.ceiling", lang, fmt::arg("ceiling", protocol.safety.ceiling)), 19,
              k_ceiling);

    auto series = [&](auto value, Color col, bool dashed, bool labels) {
        std::vector<Point> pts;
        for (std::size_t i = 0; i < sessions.size(); ++i) {
            std::optional<double> v = value(sessions[i]);
            if (!v) continue;
            pts.push_back({top.x(static_cast<double>(i + 1)), top.y(*v)});
            if (labels)
                font.draw_centred(c, pts.back().x, pts.back().y - 20, fmt::format("{:g}", *v), 18, col);
        }
        if (dashed) {
            for (std::size_t i = 0; i + 1 < pts.size(); ++i)
                c.dashed_line(pts[i], pts[i + 1], 2.4, 9, 6, col);
        } else {
            c.polyline(pts, 2.8, col);
        }
        for (Point q : pts)
            c.fill_circle(q, dashed ? 5 : 6, col);
    };
    series([](const session::SessionOutcome& s) { return s.tonic; }, k_tonic, false, false);
    series([](const session::SessionOutcome& s) { return s.peak; }, k_ceiling, false, true);
    if (course.headline) {
        // Last, dashed: where it equals the overall peak it still shows on top of it.
        int step = course.headline->step;
        series(
            [step](const session::SessionOutcome& s) {
                return s.steps.size() > std::size_t(step) ? s.steps[std::size_t(step)].peak : std::nullopt;
            },
            k_compare, true, false);
    }

    // Highest step under the ceiling per session, as bars on the ladder's scale.
    for (int s = 0; s <= protocol.step_count(); ++s) {
        double y = steps.y(s);
        c.line({steps.x0, y}, {steps.x1, y}, 0.8, k_grid);
        font.draw_right(c, steps.x0 - 10, y + 7, std::to_string(s), 18, k_muted);
    }
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        double x = steps.x(static_cast<double>(i + 1));
        double half = std::min(28.0, (steps.x1 - steps.x0) / n * 0.3);
        int under = sessions[i].highest_step_under_ceiling + 1; // 0 = none
        if (under > 0) {
            int level = protocol.ladder[static_cast<std::size_t>(under - 1)].cue_level;
            c.fill_rect(x - half, steps.y(under), x + half, steps.y1, k_level_band[std::clamp(level, 0, core::k_max_cue_level)]);
            c.fill_rect(x - half, steps.y(under), x + half, steps.y(under) + 3, k_down);
        }
        font.draw_centred(c, x, steps.y1 + 24, std::to_string(i + 1), 20, k_muted);
        c.line({top.x(double(i + 1)), top.y1}, {top.x(double(i + 1)), top.y1 + 6}, 1.2, k_muted);
        font.draw_centred(c, top.x(double(i + 1)), top.y1 + 24, std::to_string(i + 1), 18, k_muted);
    }
    c.line({steps.x0, steps.y1}, {steps.x1, steps.y1}, 1.5, k_muted);
    font.draw(c, steps.x0, steps.y0 - 14, label("report.chart.steps_axis", lang), 20, k_ink);
    font.draw_centred(c, (steps.x0 + steps.x1) / 2, steps.y1 + 58, label("report.chart.session_axis", lang),
                      21, k_ink);

    Legend legend(c, font, top.x0, 930, 1560);
    legend.add(label("report.chart.legend.peak", lang), [](Canvas& k, Point q) {
        k.line({q.x - 11, q.y}, {q.x + 11, q.y}, 2.8, k_ceiling);
        k.fill_circle(q, 6, k_ceiling);
    });
    legend.add(label("report.chart.legend.tonic", lang), [](Canvas& k, Point q) {
        k.line({q.x - 11, q.y}, {q.x + 11, q.y}, 2.8, k_tonic);
        k.fill_circle(q, 6, k_tonic);
    });
    if (course.headline) {
        legend.add(
            ui::trf("report.chart.legend.compare", lang, fmt::arg("step", course.headline->step + 1)),
            [](Canvas& k, Point q) {
                k.dashed_line({q.x - 12, q.y}, {q.x + 12, q.y}, 2.4, 7, 4, k_compare);
                k.fill_circle(q, 5, k_compare);
            });
    }
    legend.add(label("report.chart.legend.ceiling", lang), [](Canvas& k, Point q) {
        k.dashed_line({q.x - 12, q.y}, {q.x + 12, q.y}, 2.2, 7, 4, k_ceiling);
    });
    return c;
}

} // namespace qx::ui
