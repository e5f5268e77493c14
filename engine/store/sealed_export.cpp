#include "store/sealed_export.h"

#include "core/error.h"
#include "core/file.h"
#include "store/sodium_support.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fmt/format.h>
#include <fstream>

namespace qx::store {
namespace fs = std::filesystem;
namespace {

constexpr char k_magic[8] = {'Q', 'X', 'S', 'E', 'A', 'L', 'E', 'D'};
constexpr std::uint32_t k_version = 1;
constexpr std::size_t k_chunk = 64 * 1024;
constexpr unsigned long long k_max_ops = 10;
constexpr std::size_t k_max_mem = std::size_t(1) << 30;
constexpr std::size_t k_header_bytes = 8 + 4 + 8 + 8 + crypto_pwhash_SALTBYTES + crypto_secretstream_xchacha20poly1305_HEADERBYTES;

template <typename T>
void put(std::vector<std::uint8_t>& out, T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

template <typename T>
bool get(const std::vector<std::uint8_t>& in, std::size_t& at, T& value) {
    if (at > in.size() || in.size() - at < sizeof(T)) return false;
    value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(T(in[at + i]) << (8 * i));
    at += sizeof(T);
    return true;
}

// The stream key: Argon2id(passphrase, salt), in locked memory.
using StreamKey = sodium::LockedKey<crypto_secretstream_xchacha20poly1305_KEYBYTES>;

// A path from a sealed file is kept only if it stays inside the folder it is written to.
bool safe_relative(const std::string& text, std::size_t max_bytes) {
    if (text.empty() || text.size() > max_bytes || text.front() == '/' || text.find('\\') != std::string::npos ||
        text.find(':') != std::string::npos || text.find('\0') != std::string::npos)
        return false;
    for (const fs::path& part : fs::path(text)) {
        if (part == ".." || part == "." || part.empty()) return false;
    }
    return true;
}

core::Error unreadable(const fs::path& file, const std::string& why) {
    return core::Error(fmt::format("{} cannot be opened: {}; nothing was written", core::display_path(file), why),
                       "check the passphrase with whoever sealed it, or ask for a new copy");
}

} // namespace

std::string passphrase_problem(std::string_view passphrase) {
    if (sodium::utf8_chars(passphrase) >= k_min_passphrase_chars) return {};
    return fmt::format("a passphrase for a sealed export needs at least {} characters", k_min_passphrase_chars);
}

void seal_folder(const fs::path& folder, const fs::path& sealed_file, std::string_view passphrase, bool minimum_cost) {
    sodium::init();
    if (std::string problem = passphrase_problem(passphrase); !problem.empty()) throw core::Error(problem);

    // The plaintext: each file's relative path and bytes, in a stable order.
    std::vector<fs::path> files;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(folder)) {
        if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::uint8_t> plain;
    for (const fs::path& f : files) {
        const std::string rel = fs::relative(f, folder).generic_string();
        const std::vector<std::uint8_t> bytes = core::read_binary_file(f);
        put<std::uint32_t>(plain, static_cast<std::uint32_t>(rel.size()));
        plain.insert(plain.end(), rel.begin(), rel.end());
        put<std::uint64_t>(plain, bytes.size());
        plain.insert(plain.end(), bytes.begin(), bytes.end());
    }

    const unsigned long long ops = minimum_cost ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_MODERATE;
    const std::size_t mem = minimum_cost ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_MODERATE;
    unsigned char salt[crypto_pwhash_SALTBYTES];
    randombytes_buf(salt, sizeof salt);
    StreamKey key;
    if (crypto_pwhash(key.bytes, sizeof key.bytes, passphrase.data(), passphrase.size(), salt, ops, mem,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw core::Error("deriving a key from the passphrase failed (out of memory?)");

    std::vector<std::uint8_t> out(k_magic, k_magic + sizeof k_magic);
    put<std::uint32_t>(out, k_version);
    put<std::uint64_t>(out, ops);
    put<std::uint64_t>(out, mem);
    out.insert(out.end(), salt, salt + sizeof salt);
    crypto_secretstream_xchacha20poly1305_state state;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&state, header, key.bytes);
    out.insert(out.end(), header, header + sizeof header);
    std::vector<std::uint8_t> cipher(k_chunk + crypto_secretstream_xchacha20poly1305_ABYTES);
    for (std::size_t at = 0;;) {
        const std::size_t n = std::min(k_chunk, plain.size() - at);
        const bool last = at + n == plain.size();
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(&state, cipher.data(), &clen, plain.data() + at, n, nullptr, 0,
                                                   last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        put<std::uint32_t>(out, static_cast<std::uint32_t>(clen));
        out.insert(out.end(), cipher.begin(), cipher.begin() + static_cast<std::ptrdiff_t>(clen));
        at += n;
        if (last) break;
    }
    sodium_memzero(plain.data(), plain.size());
    if (sealed_file.has_parent_path()) fs::create_directories(sealed_file.parent_path());
    core::write_file_atomic(sealed_file, std::span<const std::uint8_t>(out));
    fs::permissions(sealed_file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
}

std::vector<fs::path> unseal_to_folder(const fs::path& sealed_file, std::string_view passphrase, const fs::path& out,
                                       const SealedLimits& limits) {
    sodium::init();
    std::error_code ec;
    const auto size = fs::file_size(sealed_file, ec);
    if (ec) throw unreadable(sealed_file, "it cannot be read");
    if (size > limits.max_total_bytes + limits.max_total_bytes / 64 + 4096)
        throw unreadable(sealed_file, "it is larger than any export this program writes");
    const std::vector<std::uint8_t> in = core::read_binary_file(sealed_file);
    if (in.size() < k_header_bytes || std::memcmp(in.data(), k_magic, sizeof k_magic) != 0)
        throw unreadable(sealed_file, "it is not a sealed Qingxing export");
    std::size_t at = sizeof k_magic;
    std::uint32_t version = 0;
    std::uint64_t ops = 0, mem = 0;
    get(in, at, version);
    get(in, at, ops);
    get(in, at, mem);
    if (version != k_version) throw unreadable(sealed_file, "it was sealed by another version of Qingxing");
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > k_max_ops || mem < crypto_pwhash_MEMLIMIT_MIN || mem > k_max_mem)
        throw unreadable(sealed_file, "its key-derivation cost is out of range");
    const unsigned char* salt = in.data() + at;
    at += crypto_pwhash_SALTBYTES;
    const unsigned char* header = in.data() + at;
    at += crypto_secretstream_xchacha20poly1305_HEADERBYTES;

    StreamKey key;
    if (crypto_pwhash(key.bytes, sizeof key.bytes, passphrase.data(), passphrase.size(), salt, ops,
                      static_cast<std::size_t>(mem), crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw unreadable(sealed_file, "deriving the key failed (out of memory?)");
    crypto_secretstream_xchacha20poly1305_state state;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&state, header, key.bytes) != 0)
        throw unreadable(sealed_file, "its header is damaged");

    std::vector<std::uint8_t> plain;
    std::vector<std::uint8_t> chunk(k_chunk);
    bool final = false;
    while (!final) {
        std::uint32_t clen = 0;
        if (!get(in, at, clen) || clen > k_chunk + crypto_secretstream_xchacha20poly1305_ABYTES ||
            clen < crypto_secretstream_xchacha20poly1305_ABYTES || in.size() - at < clen)
            throw unreadable(sealed_file, "the passphrase is wrong or the file is damaged or cut short");
        unsigned long long mlen = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&state, chunk.data(), &mlen, &tag, in.data() + at, clen, nullptr,
                                                       0) != 0)
            throw unreadable(sealed_file, "the passphrase is wrong or the file is damaged");
        at += clen;
        plain.insert(plain.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(mlen));
        final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }
    if (at != in.size()) throw unreadable(sealed_file, "it has bytes after its end");

    // Every entry is checked before anything is written.
    struct Entry {
        std::string path;
        std::size_t offset = 0;
        std::uint64_t size = 0;
    };
    std::vector<Entry> entries;
    for (std::size_t p = 0; p < plain.size();) {
        Entry e;
        std::uint32_t len = 0;
        if (!get(plain, p, len) || len > limits.max_path_bytes || plain.size() - p < len)
            throw unreadable(sealed_file, "a file name in it is damaged or too long");
        e.path.assign(reinterpret_cast<const char*>(plain.data() + p), len);
        p += len;
        if (!safe_relative(e.path, limits.max_path_bytes))
            throw unreadable(sealed_file, fmt::format("it names a file outside its folder ({})", e.path));
        if (!get(plain, p, e.size) || plain.size() - p < e.size) throw unreadable(sealed_file, "a file in it is cut short");
        e.offset = p;
        p += static_cast<std::size_t>(e.size);
        entries.push_back(std::move(e));
        if (entries.size() > limits.max_files) throw unreadable(sealed_file, "it holds more files than an export can");
    }

    fs::create_directories(out);
    std::vector<fs::path> written;
    for (const Entry& e : entries) {
        const fs::path target = out / fs::path(e.path);
        fs::create_directories(target.parent_path());
        std::ofstream f(target, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(plain.data() + e.offset), static_cast<std::streamsize>(e.size));
        if (!f) throw core::Error(fmt::format("cannot write {}", core::display_path(target)));
        written.push_back(fs::path(e.path));
    }
    sodium_memzero(plain.data(), plain.size());
    return written;
}

} // namespace qx::store
