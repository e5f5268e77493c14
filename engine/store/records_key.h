// records_key — the key that encrypts the records database (SQLCipher) and the key file that keeps
// it, wrapped with a key derived (Argon2id) from the centre's secret.
//
// The database key is 32 random bytes, made once when the records are first created. It never
// leaves this process unwrapped: the key file beside the database ("qingxing.db.key") holds it
// sealed (XSalsa20-Poly1305) under Argon2id(secret, salt), so a copied database, a copied key
// file, or both, are unreadable without the secret, and a wrong secret is refused before the
// database is touched.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace qx::store {

// 32 bytes in memory that is locked (never swapped) and wiped when freed. Move-only.
class DatabaseKey {
public:
    static constexpr std::size_t k_size = 32;

    // A fresh random key.
    static DatabaseKey random();
    // From bytes (a key just unwrapped); `bytes` must be k_size long.
    static DatabaseKey from_bytes(const unsigned char* bytes);

    ~DatabaseKey();
    DatabaseKey(DatabaseKey&& other) noexcept;
    DatabaseKey& operator=(DatabaseKey&& other) noexcept;
    DatabaseKey(const DatabaseKey&) = delete;
    DatabaseKey& operator=(const DatabaseKey&) = delete;

    const unsigned char* data() const { return m_bytes; }
    // The key as SQLCipher takes a raw key (no second derivation): x'<64 hex digits>', for
    // PRAGMA key and ATTACH ... KEY. SQLite's API takes it as a plain string, so callers keep it
    // only as long as the call and wipe it after.
    std::string sql_literal() const;
    // PRAGMA <schema>.key = "<sql_literal>".
    std::string pragma_statement(std::string_view schema = "main") const;

private:
    DatabaseKey();
    unsigned char* m_bytes = nullptr;
};

// How much work deriving the wrapping key costs. `moderate` is libsodium's level for secrets that
// protect data at rest (~1 s and 256 MiB on a slow PC); `minimum` exists only for the store's own
// unit tests, which create many key files.
enum class SecretCost { moderate, minimum };

// The shortest secret accepted, in characters (a Chinese character counts as one).
constexpr std::size_t k_min_secret_chars = 10;

// Empty when `secret` may protect the records; otherwise what is wrong with it, in English
// (app::secret_problem says it in the user's language).
std::string secret_problem(std::string_view secret);

// "<database>.key": where the key of `database` is kept.
std::filesystem::path key_file_path(const std::filesystem::path& database);

// Wraps `key` under `secret` and writes the key file atomically (mode 0600). Throws core::Error
// naming the file when it cannot be written, or when `secret` is too weak.
void write_key_file(const std::filesystem::path& key_file, const DatabaseKey& key, std::string_view secret,
                    SecretCost cost = SecretCost::moderate);

// Why reading a key file failed.
enum class KeyFileProblem { none, missing, unreadable, malformed, wrong_secret };

struct UnwrapResult {
    std::shared_ptr<const DatabaseKey> key; // set when problem == none
    KeyFileProblem problem = KeyFileProblem::none;
    std::string detail; // English, for the log and the message
};

// Reads `key_file` and unwraps the database key with `secret`. Never throws for a bad file or a
// wrong secret: the result says which.
UnwrapResult unwrap_key_file(const std::filesystem::path& key_file, std::string_view secret);

} // namespace qx::store
