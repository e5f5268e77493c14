// sealed_export — a report folder sealed into one file with a passphrase, for carrying records to
// another machine (a case conference, the centre's archive) without plaintext on the stick.
//
// Format ("QXSEALED" v1): an 8-byte magic, the version, Argon2id parameters and salt, then a
// libsodium secretstream (XChaCha20-Poly1305) of 64 KiB messages carrying, for each file, its
// relative path and its bytes. The last message carries the FINAL tag: a file cut short, reordered
// or altered is refused as a whole, never half-written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace qx::store {

// Limits on opening a sealed file (it comes from another machine): at most this many files, this
// many bytes in all, and paths of this length; paths are relative, without "..".
struct SealedLimits {
    std::size_t max_files = 10'000;
    std::uint64_t max_total_bytes = std::uint64_t(2) << 30;
    std::size_t max_path_bytes = 512;
};

// The shortest passphrase accepted for sealing, in characters.
constexpr std::size_t k_min_passphrase_chars = 10;
// Empty when `passphrase` may seal an export; otherwise what is wrong with it, in English.
std::string passphrase_problem(std::string_view passphrase);

// Seals every regular file under `folder` (recursively) into `sealed_file` (mode 0600, written
// atomically). Throws core::Error naming the file on failure, or for a weak passphrase.
// `minimum_cost` derives the key at libsodium's lowest cost (tests only).
void seal_folder(const std::filesystem::path& folder, const std::filesystem::path& sealed_file,
                 std::string_view passphrase, bool minimum_cost = false);

// Opens `sealed_file` with `passphrase` and writes its files under `out` (created, 0700). Nothing is
// written unless the whole file opens and verifies. Throws core::Error naming the file: not a
// sealed file, a wrong passphrase or a damaged file (indistinguishable by design), or limits.
// Returns the files written, relative to `out`.
std::vector<std::filesystem::path> unseal_to_folder(const std::filesystem::path& sealed_file,
                                                    std::string_view passphrase, const std::filesystem::path& out,
                                                    const SealedLimits& limits = {});

} // namespace qx::store
