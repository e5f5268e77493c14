// What the store's users of libsodium share (passwords, the records key, sealed exports).
// Internal to engine/store.
#pragma once

#include <cstddef>
#include <sodium.h>
#include <string_view>

namespace qx::store::sodium {

// Initialises libsodium once; throws core::Error if it cannot be.
void init();

// A key in memory that is never swapped out and is wiped when it goes.
template <std::size_t N>
struct LockedKey {
    unsigned char bytes[N];
    LockedKey() { sodium_mlock(bytes, sizeof bytes); }
    ~LockedKey() { sodium_munlock(bytes, sizeof bytes); } // munlock wipes
    LockedKey(const LockedKey&) = delete;
    LockedKey& operator=(const LockedKey&) = delete;
};

// Characters, not bytes: a Chinese character counts as one in a secret's or passphrase's length.
inline std::size_t utf8_chars(std::string_view text) {
    std::size_t n = 0;
    for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

} // namespace qx::store::sodium
