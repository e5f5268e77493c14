// Heart rate: the Bluetooth LE measurement's bytes, artefact rejection and RMSSD, whether there is
// a signal, a replayed recording and the simulated heart.
#include "core/error.h"
#include "core/file.h"
#include "sensors/beats.h"
#include "sensors/heart_rate.h"
#include "sensors/heart_rate_tracker.h"
#include "sensors/simulated_heart.h"
#include "support/temp_dir.h"

#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cmath>
#include <vector>

using namespace qx;
using namespace qx::sensors;
using Catch::Matchers::ContainsSubstring;

namespace {

HeartRateParse parse(std::vector<std::uint8_t> bytes) { return parse_heart_rate_measurement(bytes); }

} // namespace

TEST_CASE("a heart rate measurement's bytes are read as the Heart Rate Service sends them", "[sensors][heart_rate]") {
    SECTION("an 8-bit rate, no contact status, no intervals") {
        HeartRateParse p = parse({0x00, 72});
        REQUIRE(p.value);
        CHECK(p.value->bpm == 72);
        CHECK(p.value->contact == Contact::unsupported);
        CHECK(p.value->rr_count == 0);
        CHECK_FALSE(p.value->energy_kj);
    }
    SECTION("a 16-bit rate with skin contact and two RR intervals") {
        // flags: 16-bit rate, contact supported and detected, RR present.
        HeartRateParse p = parse({0x01 | 0x06 | 0x10, 0x2C, 0x01, 0x00, 0x04, 0x33, 0x03});
        REQUIRE(p.value);
        CHECK(p.value->bpm == 300);
        CHECK(p.value->contact == Contact::detected);
        REQUIRE(p.value->rr_count == 2);
        CHECK(p.value->rr_1024[0] == 1024);
        CHECK(p.value->rr_ms(0) == Catch::Approx(1000.0));
        CHECK(p.value->rr_ms(1) == Catch::Approx(0x0333 * 1000.0 / 1024.0));
    }
    SECTION("contact supported but lost, energy expended before the intervals") {
        HeartRateParse p = parse({0x04 | 0x08 | 0x10, 65, 0x10, 0x27, 0x00, 0x03});
        REQUIRE(p.value);
        CHECK(p.value->contact == Contact::lost);
        CHECK(p.value->energy_kj == 10000);
        REQUIRE(p.value->rr_count == 1);
        CHECK(p.value->rr_1024[0] == 768);
    }
    SECTION("reserved flag bits and bytes no flag announces are ignored") {
        HeartRateParse p = parse({0xE0, 80, 0x55});
        REQUIRE(p.value);
        CHECK(p.value->bpm == 80);
    }
    SECTION("more intervals than a reading keeps are counted, not kept") {
        std::vector<std::uint8_t> bytes{0x10, 70};
        for (int i = 0; i < 20; ++i) bytes.insert(bytes.end(), {0x00, 0x03});
        HeartRateParse p = parse(bytes);
        REQUIRE(p.value);
        CHECK(p.value->rr_count == HeartRateMeasurement::k_max_rr);
        CHECK(p.value->rr_dropped == 4);
    }
    SECTION("broken bytes are a problem in words, never a reading") {
        CHECK_THAT(parse({}).problem, ContainsSubstring("empty"));
        CHECK_THAT(parse({0x00}).problem, ContainsSubstring("8-bit rate"));
        CHECK_THAT(parse({0x01, 0x48}).problem, ContainsSubstring("16-bit rate"));
        CHECK_THAT(parse({0x08, 72, 0x01}).problem, ContainsSubstring("energy"));
        CHECK_THAT(parse({0x10, 72, 0x00, 0x04, 0x01}).problem, ContainsSubstring("RR intervals"));
        CHECK_FALSE(parse({0x10, 72, 0x00, 0x04, 0x01}).value);
    }
}

TEST_CASE("artefacts are rejected and RMSSD is taken over clean successive beats only", "[sensors][beats]") {
    SECTION("RMSSD of a known series") {
        BeatFilter f;
        BeatStats stats;
        for (double rr : {800.0, 810.0, 790.0, 800.0}) {
            REQUIRE(f.push(rr) == BeatVerdict::accepted);
            stats.add(rr, f.last_follows());
        }
        CHECK(stats.pairs() == 3);
        // Differences 10, -20, 10: sqrt((100 + 400 + 100) / 3).
        CHECK(*stats.rmssd_ms(3) == Catch::Approx(std::sqrt(200.0)));
        CHECK(*stats.mean_bpm() == Catch::Approx(60000.0 / 800.0));
        CHECK_FALSE(stats.rmssd_ms(10)); // too few pairs to mean anything
    }
    SECTION("a premature beat and the long one after it are rejected, and no pair spans them") {
        BeatFilter f;
        BeatStats stats;
        const std::vector<double> series{800, 805, 795, 800, 480, 1120, 800, 810};
        std::vector<BeatVerdict> verdicts;
        for (double rr : series) {
            verdicts.push_back(f.push(rr));
            if (verdicts.back() == BeatVerdict::accepted) stats.add(rr, f.last_follows());
        }
        CHECK(verdicts[4] == BeatVerdict::sudden_change);
        CHECK(verdicts[5] == BeatVerdict::sudden_change);
        CHECK(f.rejected() == 2);
        // Pairs: 800-805, 805-795, 795-800, then 800-810 after the artefact (not 800-800 across it).
        CHECK(stats.pairs() == 4);
        CHECK(*stats.rmssd_ms(1) == Catch::Approx(std::sqrt((25.0 + 100.0 + 25.0 + 100.0) / 4.0)));
    }
    SECTION("intervals outside 30-200 bpm are rejected") {
        BeatFilter f;
        CHECK(f.push(250.0) == BeatVerdict::out_of_range);
        CHECK(f.push(2500.0) == BeatVerdict::out_of_range);
        CHECK(f.push(std::nan("")) == BeatVerdict::out_of_range);
        CHECK(f.push(700.0) == BeatVerdict::accepted);
    }
    SECTION("a real, lasting jump in rate is taken up after three beats") {
        BeatFilter f;
        for (int i = 0; i < 10; ++i) REQUIRE(f.push(900.0) == BeatVerdict::accepted);
        CHECK(f.push(600.0) == BeatVerdict::sudden_change);
        CHECK(f.push(610.0) == BeatVerdict::sudden_change);
        CHECK(f.push(605.0) == BeatVerdict::accepted);
        CHECK(f.push(600.0) == BeatVerdict::accepted);
        CHECK(f.last_follows());
    }
}

TEST_CASE("the signal's state tells the therapist what is wrong, from the readings alone", "[sensors][signal]") {
    SignalMonitor m(5.0);
    CHECK(m.state(0.0) == SignalState::waiting);
    HeartRateMeasurement on;
    on.bpm = 70;
    on.contact = Contact::detected;
    m.received(1.0, on);
    CHECK(m.state(2.0) == SignalState::ok);
    CHECK(m.state(6.5) == SignalState::stale);
    HeartRateMeasurement off = on;
    off.contact = Contact::lost;
    m.received(7.0, off);
    CHECK(m.state(7.5) == SignalState::no_contact);
    m.connected(false);
    CHECK(m.state(8.0) == SignalState::disconnected);
    m.received(9.0, on); // it came back
    CHECK(m.state(9.5) == SignalState::ok);
}

TEST_CASE("a replayed recording gives its readings at their times, and a broken one names the line",
          "[sensors][replay]") {
    const std::string csv = "# a strap, resting\n"
                            "seconds,bpm,rr_ms,contact\n"
                            "0.0,70,,detected\n"
                            "1.0,71,850 845,detected\n"
                            "2.0,0,,lost\n"
                            "\n"
                            "3.5,72,830,detected\n";
    HeartRateCsv parsed = parse_heart_rate_csv(csv, "rest.csv");
    REQUIRE(parsed.problem.empty());
    REQUIRE(parsed.samples.size() == 4);
    CHECK(parsed.samples[1].measurement.rr_count == 2);
    CHECK(parsed.samples[1].measurement.rr_ms(0) == Catch::Approx(850.0).margin(0.5));
    CHECK(parsed.samples[2].measurement.contact == Contact::lost);

    ReplaySource replay(parsed.samples, "rest.csv", 100.0);
    std::vector<HeartRateSample> got;
    CHECK(replay.state() == SourceState::connecting);
    replay.poll(100.5, got);
    CHECK(got.size() == 1);
    replay.poll(103.0, got);
    CHECK(got.size() == 3);
    CHECK(got[2].seconds == Catch::Approx(102.0));
    CHECK(replay.state() == SourceState::connected);
    replay.poll(200.0, got);
    CHECK(got.size() == 4);
    CHECK(replay.state() == SourceState::ended);

    auto problem = [](const std::string& text) { return parse_heart_rate_csv(text, "bad.csv").problem; };
    CHECK_THAT(problem(""), ContainsSubstring("bad.csv:1: no header"));
    CHECK_THAT(problem("time,bpm\n"), ContainsSubstring("bad.csv:1: the header"));
    CHECK_THAT(problem("seconds,bpm,rr_ms\n1,70,\nx,70,\n"), ContainsSubstring("bad.csv:3: seconds"));
    CHECK_THAT(problem("seconds,bpm,rr_ms\n2,70,\n1,70,\n"), ContainsSubstring("bad.csv:3: seconds goes back"));
    CHECK_THAT(problem("seconds,bpm,rr_ms\n1,70.5,\n"), ContainsSubstring("bad.csv:2: bpm"));
    CHECK_THAT(problem("seconds,bpm,rr_ms\n1,70,800 -3\n"), ContainsSubstring("bad.csv:2: an RR interval"));
    CHECK_THAT(problem("seconds,bpm,rr_ms\n1,70\n"), ContainsSubstring("bad.csv:2: 2 fields"));
    CHECK_THAT(problem("seconds,bpm,rr_ms,contact\n1,70,,maybe\n"), ContainsSubstring("bad.csv:2: contact"));

    test::TempDir dir("replay");
    const auto file = dir.path() / "broken.csv";
    core::write_file_atomic(file, std::string_view("seconds,bpm,rr_ms\n1,abc,\n"));
    CHECK_THROWS_WITH(ReplaySource(file), ContainsSubstring("broken.csv:2: bpm"));
    CHECK_THROWS_AS(ReplaySource(dir.path() / "missing.csv"), core::Error);
}

TEST_CASE("the simulated heart rises with arousal, settles back, and is the same for the same seed",
          "[sensors][simulated]") {
    SimulatedHeartOptions o;
    o.seed = 7;
    auto run = [&](const SimulatedHeartOptions& opts) {
        SimulatedHeart heart(opts);
        std::vector<HeartRateSample> out;
        heart.poll(60.0, out); // a calm minute
        heart.set_arousal(1.0);
        heart.poll(180.0, out); // two minutes at a strong cue
        heart.set_arousal(0.0);
        heart.poll(300.0, out); // two minutes to settle
        return out;
    };
    const std::vector<HeartRateSample> a = run(o), b = run(o);
    REQUIRE(a.size() == 300);
    bool same = true;
    for (std::size_t i = 0; i < a.size(); ++i) {
        same = same && a[i].measurement.bpm == b[i].measurement.bpm &&
               a[i].measurement.rr_count == b[i].measurement.rr_count &&
               a[i].measurement.rr_1024 == b[i].measurement.rr_1024;
    }
    CHECK(same);

    // The filtered beats of each stretch: at rest about the baseline, at the cue about 20 more,
    // back near rest after two minutes, with less variability under arousal.
    auto stretch = [&](double from, double to) {
        BeatFilter f;
        BeatStats s;
        for (const HeartRateSample& x : a) {
            if (x.seconds <= from || x.seconds > to) continue;
            for (std::size_t i = 0; i < x.measurement.rr_count; ++i) {
                if (f.push(x.measurement.rr_ms(i)) == BeatVerdict::accepted) s.add(x.measurement.rr_ms(i), f.last_follows());
            }
        }
        return s;
    };
    const BeatStats rest = stretch(10, 60), cue = stretch(120, 180), after = stretch(250, 300);
    INFO("rest " << *rest.mean_bpm() << " bpm, RMSSD " << *rest.rmssd_ms() << "; cue " << *cue.mean_bpm()
                 << " bpm, RMSSD " << *cue.rmssd_ms() << "; after " << *after.mean_bpm());
    CHECK(*rest.mean_bpm() == Catch::Approx(72.0).margin(3.0));
    CHECK(*cue.mean_bpm() == Catch::Approx(92.0).margin(4.0));
    CHECK(*after.mean_bpm() < 78.0);
    CHECK(*cue.rmssd_ms() < *rest.rmssd_ms());

    SimulatedHeartOptions other = o;
    other.seed = 8;
    const std::vector<HeartRateSample> c = run(other);
    CHECK(c[30].measurement.rr_1024 != a[30].measurement.rr_1024);
}

TEST_CASE("the simulated strap's artefacts are rejected and its spells off the skin and offline are reported",
          "[sensors][simulated]") {
    SimulatedHeartOptions o;
    o.seed = 3;
    o.ectopic_per_beat = 0.03;
    o.missed_per_beat = 0.03;
    o.no_contact = {{100.0, 110.0}};
    o.disconnected = {{200.0, 215.0}};
    SimulatedHeart heart(o);
    SignalMonitor monitor;
    BeatFilter filter;
    std::vector<HeartRateSample> out;
    std::uint64_t beats = 0, no_contact_readings = 0;
    bool saw_disconnected = false, saw_no_contact_state = false, saw_stale = false;
    for (double t = 0.5; t < 300.0; t += 0.5) {
        out.clear();
        heart.poll(t, out);
        monitor.connected(heart.state() != SourceState::disconnected);
        if (heart.state() == SourceState::disconnected) saw_disconnected = true;
        for (const HeartRateSample& s : out) {
            monitor.received(s.seconds, s.measurement);
            if (s.measurement.contact == Contact::lost) {
                ++no_contact_readings;
                CHECK(s.measurement.rr_count == 0);
                filter.reset();
            }
            for (std::size_t i = 0; i < s.measurement.rr_count; ++i) {
                filter.push(s.measurement.rr_ms(i));
                ++beats;
            }
        }
        if (monitor.state(t) == SignalState::no_contact) saw_no_contact_state = true;
        if (monitor.state(t) == SignalState::stale) saw_stale = true;
    }
    CHECK(no_contact_readings == 10);
    CHECK(saw_no_contact_state);
    CHECK(saw_disconnected);
    CHECK_FALSE(saw_stale); // a disconnection is said as such, not as a stale signal
    // About 3% premature (two intervals off each) and 3% missed beats: 6-12% rejected.
    const double rejected = double(filter.rejected()) / double(beats);
    INFO(filter.rejected() << " of " << beats << " rejected");
    CHECK(rejected > 0.05);
    CHECK(rejected < 0.15);
}

TEST_CASE("a session's heart rate: a baseline, then each step's rise over it and its variability",
          "[sensors][tracker]") {
    SimulatedHeartOptions o;
    o.seed = 11;
    o.no_contact = {{250.0, 256.0}};
    SimulatedHeart heart(o);
    HeartRateTracker tracker;
    std::vector<HeartRateSample> got;
    auto play_until = [&](double t) {
        got.clear();
        heart.poll(t, got);
        for (const HeartRateSample& s : got) tracker.feed(s);
    };

    CHECK(tracker.signal(0.0) == SignalState::waiting);
    tracker.begin(0.0, "baseline", true);
    play_until(90.0);
    const std::optional<StretchSummary> baseline = tracker.end(90.0);
    REQUIRE(baseline);
    REQUIRE(tracker.baseline_bpm());
    CHECK(*tracker.baseline_bpm() == Catch::Approx(72.0).margin(2.0));
    CHECK(baseline->beats > 90);
    CHECK(baseline->rmssd_ms);

    // A strong cue for two minutes: the rate climbs toward 92 with the response time.
    tracker.begin(90.0, "step 3");
    heart.set_arousal(1.0);
    play_until(210.0);
    REQUIRE(tracker.bpm_now(210.0));
    CHECK(*tracker.bpm_now(210.0) > 86.0);
    heart.set_arousal(0.0);
    const std::optional<StretchSummary> step = tracker.begin(210.0, "calm room");
    REQUIRE(step);
    play_until(240.0);
    const std::optional<StretchSummary> calm_part = tracker.end(240.0);
    REQUIRE(calm_part);

    // Off the skin: no rate now, and the signal says why.
    play_until(253.0);
    CHECK(tracker.signal(253.0) == SignalState::no_contact);
    CHECK_FALSE(tracker.bpm_now(253.0));
    play_until(270.0);
    CHECK(tracker.signal(270.0) == SignalState::ok);
    CHECK(tracker.bpm_now(270.0));
    // Readings stop: stale after 5 s.
    CHECK(tracker.signal(276.5) == SignalState::stale);
    CHECK_FALSE(tracker.bpm_now(276.5));

    CHECK(step->label == "step 3");
    REQUIRE(step->mean_rise_bpm);
    REQUIRE(step->peak_rise_bpm);
    INFO("mean rise " << *step->mean_rise_bpm << ", peak rise " << *step->peak_rise_bpm << ", RMSSD "
                      << step->rmssd_ms.value_or(-1) << " against " << baseline->rmssd_ms.value_or(-1));
    CHECK(*step->mean_rise_bpm > 10.0); // the climb's mean: most of the settled 20
    CHECK(*step->peak_rise_bpm > 16.0);
    CHECK(*step->peak_rise_bpm >= *step->mean_rise_bpm);
    CHECK(*step->rmssd_ms < *baseline->rmssd_ms);
    CHECK(*calm_part->mean_rise_bpm < *step->peak_rise_bpm);
}

TEST_CASE("a sensor that sends rates without intervals is tracked by its rates, without RMSSD",
          "[sensors][tracker]") {
    HeartRateTracker tracker;
    auto reading = [&](double t, std::uint16_t bpm) {
        HeartRateSample s;
        s.seconds = t;
        s.measurement.bpm = bpm;
        tracker.feed(s);
    };
    tracker.begin(0.0, "baseline", true);
    for (int i = 0; i < 60; ++i)
        reading(i, i % 2 == 0 ? 70 : 74);
    REQUIRE(tracker.end(60.0));
    REQUIRE(tracker.baseline_bpm());
    CHECK(*tracker.baseline_bpm() == Catch::Approx(72.0));

    tracker.begin(60.0, "step 1");
    for (int i = 60; i < 120; ++i)
        reading(i, i < 90 ? 80 : 100);
    REQUIRE(tracker.bpm_now(119.0));
    CHECK(*tracker.bpm_now(119.0) == Catch::Approx(100.0));
    reading(120, 250); // outside the physiological range: not a rate
    CHECK(*tracker.bpm_now(120.0) == Catch::Approx(100.0));
    const std::optional<StretchSummary> step = tracker.end(120.0);
    REQUIRE(step);
    CHECK(step->beats == 0);
    CHECK(step->rates == 60);
    CHECK(*step->mean_bpm == Catch::Approx(90.0));
    CHECK(*step->mean_rise_bpm == Catch::Approx(18.0));
    CHECK(*step->peak_bpm == Catch::Approx(100.0));
    CHECK_FALSE(step->rmssd_ms);

    // Once a reading carries intervals, the reported rates stop counting (no beat counted twice).
    tracker.begin(121.0, "step 2");
    HeartRateSample s;
    s.seconds = 121.0;
    s.measurement.bpm = 60;
    s.measurement.add_rr_ms(1000.0);
    tracker.feed(s);
    reading(122, 150);
    const std::optional<StretchSummary> after = tracker.end(122.0);
    REQUIRE(after);
    CHECK(after->rates == 0);
    CHECK(after->beats == 1);
    CHECK(*after->mean_bpm == Catch::Approx(60.0));
}
