#include "store/records_key.h"

#include "core/error.h"
#include "core/file.h"
#include "store/sodium_support.h"

#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>
#include <vector>

namespace qx::store {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view k_format = "qingxing-records-key";
constexpr int k_version = 1;
// A key file asks for at most this much work: a hostile file must not make a start take minutes
// or all the memory.
constexpr unsigned long long k_max_ops = 10;
constexpr std::size_t k_max_mem = std::size_t(1) << 30;
constexpr std::uintmax_t k_max_key_file_bytes = 4096;

std::string to_base64(const unsigned char* bytes, std::size_t size) {
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // the terminating NUL
    return out;
}

// Exactly `size` bytes from base64 `text`, or false.
bool from_base64(const std::string& text, unsigned char* out, std::size_t size) {
    std::size_t got = 0;
    return sodium_base642bin(out, size, text.data(), text.size(), nullptr, &got, nullptr,
                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
           got == size;
}

// The wrapping key: Argon2id(secret, salt), in locked memory.
using WrappingKey = sodium::LockedKey<crypto_secretbox_KEYBYTES>;

bool derive(WrappingKey& out, std::string_view secret, const unsigned char* salt, unsigned long long ops,
            std::size_t mem) {
    return crypto_pwhash(out.bytes, sizeof out.bytes, secret.data(), secret.size(), salt, ops, mem,
                         crypto_pwhash_ALG_ARGON2ID13) == 0;
}

} // namespace

// -------------------------------------------------------------------------------------- key

DatabaseKey::DatabaseKey() {
    sodium::init();
    m_bytes = static_cast<unsigned char*>(sodium_malloc(k_size));
    if (!m_bytes) throw core::Error("no memory for the records key");
}

DatabaseKey::~DatabaseKey() {
    if (m_bytes) sodium_free(m_bytes); // wipes, unlocks
}

DatabaseKey::DatabaseKey(DatabaseKey&& other) noexcept : m_bytes(std::exchange(other.m_bytes, nullptr)) {}

DatabaseKey& DatabaseKey::operator=(DatabaseKey&& other) noexcept {
    if (this != &other) {
        if (m_bytes) sodium_free(m_bytes);
        m_bytes = std::exchange(other.m_bytes, nullptr);
    }
    return *this;
}

DatabaseKey DatabaseKey::random() {
    DatabaseKey key;
    randombytes_buf(key.m_bytes, k_size);
    return key;
}

DatabaseKey DatabaseKey::from_bytes(const unsigned char* bytes) {
    DatabaseKey key;
    std::copy(bytes, bytes + k_size, key.m_bytes);
    return key;
}

std::string DatabaseKey::sql_literal() const {
    char hex[k_size * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, m_bytes, k_size);
    std::string out = fmt::format("x'{}'", hex);
    sodium_memzero(hex, sizeof hex);
    return out;
}

std::string DatabaseKey::pragma_statement(std::string_view schema) const {
    std::string literal = sql_literal();
    std::string out = fmt::format("PRAGMA {}.key = \"{}\"", schema, literal);
    sodium_memzero(literal.data(), literal.size());
    return out;
}

// ---------------------------------------------------------------------------------- secrets

std::string secret_problem(std::string_view secret) {
    if (sodium::utf8_chars(secret) < k_min_secret_chars)
        return fmt::format("the centre secret needs at least {} characters", k_min_secret_chars);
    bool all_same = true;
    for (char c : secret) all_same = all_same && c == secret.front();
    if (all_same) return "the centre secret cannot be one character repeated";
    return {};
}

fs::path key_file_path(const fs::path& database) {
    fs::path p = database;
    p += ".key";
    return p;
}

// --------------------------------------------------------------------------------- key file

void write_key_file(const fs::path& key_file, const DatabaseKey& key, std::string_view secret, SecretCost cost) {
    sodium::init();
    if (std::string problem = secret_problem(secret); !problem.empty()) throw core::Error(problem);
    const unsigned long long ops =
        cost == SecretCost::moderate ? crypto_pwhash_OPSLIMIT_MODERATE : crypto_pwhash_OPSLIMIT_MIN;
    const std::size_t mem = cost == SecretCost::moderate ? crypto_pwhash_MEMLIMIT_MODERATE : crypto_pwhash_MEMLIMIT_MIN;

    unsigned char salt[crypto_pwhash_SALTBYTES];
    unsigned char nonce[crypto_secretbox_NONCEBYTES];
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    WrappingKey wrapping;
    if (!derive(wrapping, secret, salt, ops, mem))
        throw core::Error("deriving a key from the centre secret failed (out of memory?)");
    unsigned char sealed[crypto_secretbox_MACBYTES + DatabaseKey::k_size];
    crypto_secretbox_easy(sealed, key.data(), DatabaseKey::k_size, nonce, wrapping.bytes);

    nlohmann::json j = {
        {"format", k_format},
        {"version", k_version},
        {"kdf", "argon2id13"},
        {"opslimit", ops},
        {"memlimit", mem},
        {"salt", to_base64(salt, sizeof salt)},
        {"nonce", to_base64(nonce, sizeof nonce)},
        {"sealed_key", to_base64(sealed, sizeof sealed)},
        {"note", "The records' key, sealed with the centre secret. Useless without the secret; the "
                 "records are useless without it. Back it up with the database."},
    };
    try {
        if (key_file.has_parent_path()) fs::create_directories(key_file.parent_path());
        core::write_file_atomic(key_file, j.dump(2) + "\n");
        fs::permissions(key_file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    } catch (const std::exception& e) {
        throw core::Error(fmt::format("cannot write the records key file {}: {}", core::display_path(key_file),
                                      e.what()));
    }
}

UnwrapResult unwrap_key_file(const fs::path& key_file, std::string_view secret) {
    sodium::init();
    UnwrapResult r;
    auto fail = [&r](KeyFileProblem p, std::string detail) {
        r.problem = p;
        r.detail = std::move(detail);
        return r;
    };
    std::error_code ec;
    if (!fs::exists(key_file, ec)) return fail(KeyFileProblem::missing, "the key file does not exist");
    if (!fs::is_regular_file(key_file, ec) || fs::file_size(key_file, ec) > k_max_key_file_bytes)
        return fail(KeyFileProblem::malformed, "it is not a key file (not a small regular file)");
    std::ifstream in(key_file, std::ios::binary);
    if (!in) return fail(KeyFileProblem::unreadable, "it cannot be read (permissions?)");
    std::stringstream text;
    text << in.rdbuf();

    nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("format", "") != k_format)
        return fail(KeyFileProblem::malformed, "it is not a Qingxing records key file");
    if (j.value("version", 0) != k_version || j.value("kdf", "") != "argon2id13")
        return fail(KeyFileProblem::malformed, "it was written by another version of Qingxing");
    const auto ops = j.value("opslimit", 0ull);
    const auto mem = j.value("memlimit", std::size_t(0));
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > k_max_ops || mem < crypto_pwhash_MEMLIMIT_MIN || mem > k_max_mem)
        return fail(KeyFileProblem::malformed, "its key-derivation cost is out of range");
    unsigned char salt[crypto_pwhash_SALTBYTES];
    unsigned char nonce[crypto_secretbox_NONCEBYTES];
    unsigned char sealed[crypto_secretbox_MACBYTES + DatabaseKey::k_size];
    if (!from_base64(j.value("salt", ""), salt, sizeof salt) || !from_base64(j.value("nonce", ""), nonce, sizeof nonce) ||
        !from_base64(j.value("sealed_key", ""), sealed, sizeof sealed))
        return fail(KeyFileProblem::malformed, "its salt, nonce or sealed key is damaged");

    WrappingKey wrapping;
    if (!derive(wrapping, secret, salt, ops, mem))
        return fail(KeyFileProblem::unreadable, "deriving the key failed (out of memory?)");
    std::vector<unsigned char> opened(DatabaseKey::k_size);
    sodium_mlock(opened.data(), opened.size());
    const bool ok = crypto_secretbox_open_easy(opened.data(), sealed, sizeof sealed, nonce, wrapping.bytes) == 0;
    if (ok) r.key = std::make_shared<const DatabaseKey>(DatabaseKey::from_bytes(opened.data()));
    sodium_munlock(opened.data(), opened.size());
    if (!ok) return fail(KeyFileProblem::wrong_secret, "the centre secret does not open this key file");
    return r;
}

} // namespace qx::store
