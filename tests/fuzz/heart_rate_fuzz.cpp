// The bytes of a Bluetooth LE heart rate measurement (0x2A37), as any device in range may send
// them: a reading or a problem, never a crash, and a reading that keeps its own limits.
#include "fuzz_support.h"
#include "sensors/heart_rate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const qx::sensors::HeartRateParse p = qx::sensors::parse_heart_rate_measurement({data, size});
    if (p.value.has_value() == !p.problem.empty()) __builtin_trap(); // exactly one of the two
    if (p.value) {
        const qx::sensors::HeartRateMeasurement& m = *p.value;
        if (m.rr_count > qx::sensors::HeartRateMeasurement::k_max_rr) __builtin_trap();
        double sum = 0.0;
        for (std::size_t i = 0; i < m.rr_count; ++i) sum += m.rr_ms(i);
        if (!(sum >= 0.0)) __builtin_trap();
    }
    return 0;
}
