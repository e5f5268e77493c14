// A heart-rate recording replayed from CSV: samples in time order within their limits, or a
// problem naming the file and line; and replaying what was read delivers each sample once.
#include "fuzz_support.h"
#include "sensors/heart_rate_source.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    qx::sensors::HeartRateCsv csv = qx::sensors::parse_heart_rate_csv(qx::fuzz::as_text(data, size), "fuzz.csv");
    if (!csv.problem.empty()) {
        if (!csv.samples.empty() || csv.problem.rfind("fuzz.csv:", 0) != 0) __builtin_trap();
        return 0;
    }
    double last = 0.0;
    for (const qx::sensors::HeartRateSample& s : csv.samples) {
        if (!(s.seconds >= last) || s.measurement.bpm > 300) __builtin_trap();
        last = s.seconds;
    }
    const std::size_t n = csv.samples.size();
    qx::sensors::ReplaySource replay(std::move(csv.samples), "fuzz.csv");
    std::vector<qx::sensors::HeartRateSample> out;
    replay.poll(last / 2.0, out);
    replay.poll(last + 1.0, out);
    if (out.size() != n || replay.state() != qx::sensors::SourceState::ended) __builtin_trap();
    return 0;
}
