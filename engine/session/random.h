#pragma once

#include <cstdint>

namespace qx::session {

// Advances `state` and returns the next SplitMix64 output: turns any seed into well-spread bits.
std::uint64_t splitmix64(std::uint64_t& state);

// A small deterministic generator (PCG32, seeded through SplitMix64). Simulated residents use it
// instead of std:: distributions, whose output differs between library versions: the same seed
// must give the same course on every machine.
class Random {
public:
    explicit Random(std::uint64_t seed = 0, std::uint64_t stream = 0);

    std::uint32_t next_u32();
    // Uniform in [0, 1), 32 random bits.
    double uniform();
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    bool chance(double p) { return uniform() < p; }
    // Approximately standard normal: the Irwin–Hall sum of 12 uniforms minus 6. Plain arithmetic
    // only (no libm), so it is bit-identical everywhere; tails end at ±6, which suits report noise.
    double normal();

private:
    std::uint64_t m_state = 0;
    std::uint64_t m_inc = 0;
};

} // namespace qx::session
