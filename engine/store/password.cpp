#include "store/password.h"

#include "core/error.h"

#include "store/sodium_support.h"

#include <mutex>

namespace qx::store {

void sodium::init() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw core::Error("libsodium could not be initialised");
    });
}

std::string hash_password(std::string_view password, PasswordCost cost) {
    sodium::init();
    QX_ENSURE(password.size() >= 8, "a password needs at least 8 characters");
    unsigned long long ops =
        cost == PasswordCost::interactive ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN;
    std::size_t mem =
        cost == PasswordCost::interactive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN;
    char out[crypto_pwhash_STRBYTES];
    // Argon2id explicitly, whatever libsodium's default is.
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw core::Error("hashing the password failed (out of memory?)");
    }
    return out;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
    sodium::init();
    std::string hash(encoded_hash); // libsodium wants a NUL-terminated string
    if (hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

} // namespace qx::store
