// Records at rest: the key file (the database key sealed with the centre secret), SQLCipher
// files that hold no readable resident codes or event text, wrong secrets and wrong keys refused
// with the file untouched, and plaintext records of an earlier version encrypted once, with a
// backup, every record kept.
#include "support/temp_dir.h"

#include "core/file.h"
#include "store/records_key.h"
#include "store/sealed_export.h"
#include "store/store.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace qx::store;
using Catch::Matchers::ContainsSubstring;
using qx::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_secret = "green tea at seven 绿茶";

std::vector<std::uint8_t> bytes_of(const fs::path& p) {
    return qx::core::read_binary_file(p);
}

bool contains(const std::vector<std::uint8_t>& bytes, std::string_view needle) {
    return std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end()) != bytes.end();
}

// Every byte of the database and its write-ahead log, as an attacker copying the folder gets them.
std::vector<std::uint8_t> all_bytes(const fs::path& db) {
    std::vector<std::uint8_t> out;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::path p(db.string() + suffix);
        if (!fs::exists(p)) continue;
        auto b = bytes_of(p);
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

std::shared_ptr<const DatabaseKey> new_key() {
    return std::make_shared<const DatabaseKey>(DatabaseKey::random());
}

NewSession new_session(std::string code) {
    NewSession n;
    n.resident_code = std::move(code);
    n.protocol = "meth-standard";
    n.protocol_json = "{}";
    n.display = "headless";
    return n;
}

// A resident with a session, an event, a note and an audit line.
std::int64_t fill(Store& s, const std::string& code) {
    std::int64_t id = s.begin_session(new_session(code));
    EventRecord e;
    e.session_id = id;
    e.seq = 1;
    e.t = 12.5;
    e.type = "report";
    e.payload = R"({"rating":7,"cue":"the lighter on the table 桌上的打火机"})";
    s.add_event(e);
    NoteRecord n;
    n.resident_code = code;
    n.session_id = id;
    n.text = "talked about the weekend 周末";
    s.add_note(n);
    s.audit(std::nullopt, "records_viewed", code, "test");
    return id;
}

} // namespace

TEST_CASE("the key file opens with the centre secret only and says why it does not", "[store][encryption]") {
    TempDir dir("key-file");
    const fs::path file = dir.path() / "records.db.key";
    DatabaseKey key = DatabaseKey::random();
    write_key_file(file, key, k_secret, SecretCost::minimum);
#ifndef _WIN32 // Windows: the records folder's access list
    CHECK((fs::status(file).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
#endif

    UnwrapResult right = unwrap_key_file(file, k_secret);
    REQUIRE(right.problem == KeyFileProblem::none);
    CHECK(std::equal(key.data(), key.data() + DatabaseKey::k_size, right.key->data()));
    // The key itself is nowhere in the file.
    CHECK_FALSE(contains(bytes_of(file), std::string_view(reinterpret_cast<const char*>(key.data()), 8)));

    CHECK(unwrap_key_file(file, "green tea at eight 绿茶").problem == KeyFileProblem::wrong_secret);
    CHECK(unwrap_key_file(dir.path() / "absent.key", k_secret).problem == KeyFileProblem::missing);

    // A hostile key file cannot ask for unbounded work or memory.
    nlohmann::json j = nlohmann::json::parse(qx::core::read_text_file(file));
    j["memlimit"] = std::uint64_t(64) << 30;
    std::ofstream(dir.path() / "greedy.key") << j.dump();
    CHECK(unwrap_key_file(dir.path() / "greedy.key", k_secret).problem == KeyFileProblem::malformed);
    std::ofstream(dir.path() / "junk.key") << "{\"format\": [1, 2";
    CHECK(unwrap_key_file(dir.path() / "junk.key", k_secret).problem == KeyFileProblem::malformed);

    CHECK_THROWS_WITH(write_key_file(dir.path() / "weak.key", key, "short", SecretCost::minimum),
                      ContainsSubstring("at least"));
    CHECK_FALSE(secret_problem("一二三四五六七八九十").size()); // ten Chinese characters are enough
    CHECK(secret_problem("aaaaaaaaaaaaaaaa").size());
}

TEST_CASE("encrypted records hold no readable resident code or event text", "[store][encryption]") {
    TempDir dir("encrypted");
    const fs::path db = dir.path() / "records.db";
    auto key = new_key();
    {
        Store s(RecordsFile{db, key});
        fill(s, "R-7321");
        CHECK(s.journal_mode() == "wal");
        // While the session records, the write-ahead log is encrypted too.
        auto live = all_bytes(db);
        CHECK_FALSE(contains(live, "R-7321"));
        CHECK_FALSE(contains(live, "lighter"));
    }
    auto at_rest = all_bytes(db);
    CHECK_FALSE(contains(at_rest, "R-7321"));
    CHECK_FALSE(contains(at_rest, "lighter"));
    CHECK_FALSE(contains(at_rest, "weekend"));
    CHECK_FALSE(contains(at_rest, "SQLite format 3"));

    // With the key everything reads back.
    Store again(RecordsFile{db, key});
    REQUIRE(again.sessions_of("R-7321").size() == 1);
    CHECK(again.notes_of("R-7321").front().text == "talked about the weekend 周末");
}

TEST_CASE("encrypted records opened without their key or with another are refused, byte for byte untouched",
          "[store][encryption]") {
    TempDir dir("wrong-key");
    const fs::path db = dir.path() / "records.db";
    {
        Store s(RecordsFile{db, new_key()});
        fill(s, "R-0002");
    }
    const auto before = bytes_of(db);
    CHECK_THROWS_WITH(Store(RecordsFile{db, new_key()}), ContainsSubstring("cannot be opened with its key file"));
    CHECK(bytes_of(db) == before);
    CHECK_THROWS_WITH(Store(db), ContainsSubstring("not a Qingxing records database"));
    CHECK(bytes_of(db) == before);
    CHECK_THROWS_WITH(Store(RecordsFile{db, nullptr}), ContainsSubstring("without their key"));
}

TEST_CASE("plaintext records of an earlier version are encrypted once, with a backup, keeping every record",
          "[store][encryption]") {
    TempDir dir("migrate");
    const fs::path db = dir.path() / "records.db";
    std::int64_t id = 0;
    {
        Store plain(db); // as the previous version wrote them
        id = fill(plain, "R-0400");
        fill(plain, "R-0401");
        plain.add_therapist("admin", "correct-password", TherapistRole::administrator, PasswordCost::minimum);
    }
    const auto plaintext = bytes_of(db);
    REQUIRE(contains(plaintext, "SQLite format 3"));

    auto key = new_key();
    {
        Store s(RecordsFile{db, key});
        REQUIRE(s.encrypted_backup());
        const fs::path backup = *s.encrypted_backup();
        CHECK(fs::exists(backup));
        CHECK(contains(bytes_of(backup), "SQLite format 3")); // the original, as it was
#ifndef _WIN32 // Windows: the records folder's access list
        CHECK((fs::status(backup).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
#endif
        CHECK(unencrypted_backups(db) == std::vector<fs::path>{backup});

        CHECK(s.user_version() == schema_migrations().back().version);
        CHECK(s.residents().size() == 2);
        CHECK(s.therapists().size() == 1);
        CHECK(s.events(id).size() == 1);
        CHECK(s.events(id).front().payload == R"({"rating":7,"cue":"the lighter on the table 桌上的打火机"})");
        CHECK(s.notes_of("R-0400").size() == 1);
        CHECK(s.audit_log().size() >= 2);
        CHECK(s.verify_therapist("admin", "correct-password"));
    }
    const auto encrypted = all_bytes(db);
    CHECK_FALSE(contains(encrypted, "R-0400"));
    CHECK_FALSE(contains(encrypted, "lighter"));

    // Once only: the next open finds encrypted records and makes no second backup.
    Store again(RecordsFile{db, key});
    CHECK_FALSE(again.encrypted_backup());
    CHECK(unencrypted_backups(db).size() == 1);
    CHECK(again.sessions_of("R-0401").size() == 1);
}

TEST_CASE("plaintext records another program holds open are not encrypted under it", "[store][encryption]") {
    TempDir dir("migrate-busy");
    const fs::path db = dir.path() / "records.db";
    Store plain(db);
    fill(plain, "R-0500");
    const auto before = bytes_of(db);
    CHECK_THROWS_WITH(Store(RecordsFile{db, new_key()}), ContainsSubstring("another program has the records open"));
    CHECK(bytes_of(db) == before);
    CHECK(unencrypted_backups(db).empty());
    CHECK_FALSE(fs::exists(db.string() + ".encrypting"));
    CHECK(plain.sessions_of("R-0500").size() == 1); // the other program goes on undisturbed
}

TEST_CASE("a sealed export opens with its passphrase only, and a damaged or cut one writes nothing",
          "[store][encryption][sealed]") {
    TempDir dir("sealed");
    const fs::path report = dir.path() / "report";
    fs::create_directories(report / "charts");
    std::ofstream(report / "index.html") << "<p>R-0600: craving fell from 8 to 3</p>";
    std::string big(200'000, 'x'); // more than one 64 KiB message
    std::ofstream(report / "charts" / "session-01.png", std::ios::binary) << big;
    const fs::path sealed = dir.path() / "R-0600.qxsealed";
    seal_folder(report, sealed, "a long enough passphrase", true);
#ifndef _WIN32 // Windows: the records folder's access list
    CHECK((fs::status(sealed).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
#endif
    CHECK_FALSE(contains(bytes_of(sealed), "R-0600"));
    CHECK_FALSE(contains(bytes_of(sealed), "craving"));

    auto files = unseal_to_folder(sealed, "a long enough passphrase", dir.path() / "opened");
    CHECK(files.size() == 2);
    CHECK(qx::core::read_text_file(dir.path() / "opened" / "index.html") == "<p>R-0600: craving fell from 8 to 3</p>");
    CHECK(qx::core::read_text_file(dir.path() / "opened" / "charts" / "session-01.png") == big);

    CHECK_THROWS_WITH(unseal_to_folder(sealed, "the wrong passphrase", dir.path() / "wrong"),
                      ContainsSubstring("the passphrase is wrong or the file is damaged"));
    CHECK_FALSE(fs::exists(dir.path() / "wrong"));

    auto bytes = bytes_of(sealed);
    auto flipped = bytes;
    flipped[flipped.size() / 2] ^= 0x01;
    std::ofstream(dir.path() / "flipped.qxsealed", std::ios::binary).write(reinterpret_cast<const char*>(flipped.data()),
                                                                          static_cast<std::streamsize>(flipped.size()));
    CHECK_THROWS(unseal_to_folder(dir.path() / "flipped.qxsealed", "a long enough passphrase", dir.path() / "f"));
    CHECK_FALSE(fs::exists(dir.path() / "f"));
    // Cut after its first message: without the final one it is refused, not half-opened.
    std::ofstream(dir.path() / "cut.qxsealed", std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), 70'000);
    CHECK_THROWS_WITH(unseal_to_folder(dir.path() / "cut.qxsealed", "a long enough passphrase", dir.path() / "c"),
                      ContainsSubstring("cut short"));
    CHECK_FALSE(fs::exists(dir.path() / "c"));
    CHECK_THROWS_WITH(unseal_to_folder(report / "index.html", "a long enough passphrase", dir.path() / "n"),
                      ContainsSubstring("not a sealed Qingxing export"));
    CHECK_THROWS_WITH(seal_folder(report, dir.path() / "weak.qxsealed", "short", true), ContainsSubstring("at least"));
}
