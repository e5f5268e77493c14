#pragma once

#include <string>
#include <string_view>

namespace qx::store {

// How much work a password hash costs. `interactive` is libsodium's recommendation for logins;
// `minimum` exists for tests, which must stay fast (the cost is stored in the hash, so verifying
// either works the same).
enum class PasswordCost { interactive, minimum };

// An Argon2id hash in the standard encoded form ("$argon2id$v=19$m=...,t=...,p=1$salt$hash").
// Throws core::Error when the password is shorter than 8 characters or hashing fails.
std::string hash_password(std::string_view password, PasswordCost cost = PasswordCost::interactive);
// True when `password` matches `encoded_hash`; false for a wrong password or a malformed hash.
bool verify_password(std::string_view encoded_hash, std::string_view password);

} // namespace qx::store
