#include "session/random.h"

namespace qx::session {

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

Random::Random(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t s = seed;
    std::uint64_t t = stream ^ 0x5851F42D4C957F2Dull;
    m_inc = (splitmix64(t) << 1u) | 1u; // the PCG increment must be odd
    m_state = splitmix64(s);
    next_u32();
}

std::uint32_t Random::next_u32() {
    std::uint64_t old = m_state;
    m_state = old * 6364136223846793005ull + m_inc;
    auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    auto rot = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

double Random::uniform() {
    return next_u32() * (1.0 / 4294967296.0);
}

double Random::normal() {
    double sum = 0;
    for (int i = 0; i < 12; ++i)
        sum += uniform();
    return sum - 6.0;
}

} // namespace qx::session
