// 100 SIGKILLs at random moments of headless sessions on one encrypted records file: no report
// the resident was told was recorded is ever lost, and every interrupted session resumes to its
// end. A power cut or a crash of the station must cost at most the unacknowledged last seconds.
#include "support/process.h"
#include "support/temp_dir.h"

#include "core/json.h"
#include "store/records_key.h"
#include "store/store.h"

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>

using namespace qx::test;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_secret = "kill campaign centre secret";

struct Ack {
    std::int64_t session = 0;
    std::int64_t seq = 0;
    double rating = 0;
};

std::vector<std::string> session_args(const fs::path& db, const std::string& resident, std::vector<std::string> extra) {
    std::vector<std::string> args = {QX_QINGXING_EXE, "-q", "session", "--resident", resident, "--protocol",
                                     "meth-standard", "--db", db.string(), "--out", (db.parent_path() / "report").string(),
                                     "--lang", "en", "--print-reports"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

} // namespace

TEST_CASE("100 kills at random moments lose no acknowledged report; every interrupted session resumes",
          "[cli][crash][campaign]") {
    TempDir dir("kill-campaign");
    const fs::path db = dir.path() / "records.db";
    const fs::path secret_file = dir.path() / "secret";
    {
        std::ofstream(secret_file) << k_secret << "\n";
        fs::permissions(secret_file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
        // The key is made here at the lowest derivation cost: the campaign is about kills, and 200
        // starts at a centre PC's cost would take minutes. The records are encrypted all the same.
        qx::store::write_key_file(qx::store::key_file_path(db), qx::store::DatabaseKey::random(), k_secret,
                                  qx::store::SecretCost::minimum);
    }
    const std::vector<std::string> env = {"QINGXING_SECRET_FILE=" + secret_file.string()};

    std::mt19937 rng(20261206);
    std::uniform_real_distribution<double> kill_after_s(0.0, 1.5);
    std::vector<Ack> acked;
    int kills = 0, killed_before_any_ack = 0;
    for (int round = 0; round < 100; ++round) {
        // A resident each: a resumed session's report then covers one session, not twenty.
        const std::string resident = "R-" + std::to_string(1000 + round);
        ChildProcess child(session_args(db, resident, {"--speed", "300"}), env);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(kill_after_s(rng));
        int acks_this_round = 0;
        for (;;) {
            const double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
            if (left <= 0) break;
            auto line = child.read_line(left);
            if (!line) break;
            Ack a;
            if (std::sscanf(line->c_str(), "ack session=%" SCNd64 " seq=%" SCNd64 " t=%*f rating=%lf", &a.session, &a.seq, &a.rating) == 3) {
                acked.push_back(a);
                ++acks_this_round;
            }
        }
        child.kill(SIGKILL);
        if (child.wait() == 128 + SIGKILL) ++kills;
        if (acks_this_round == 0) ++killed_before_any_ack;
    }
    INFO(kills << " kills, " << killed_before_any_ack << " before any report, " << acked.size() << " reports acknowledged");
    CHECK(kills >= 95); // a few sessions may end on their own first; none here run that long
    CHECK(acked.size() > 200);

    // Every acknowledged report is in the records, with its rating.
    auto key = qx::store::unwrap_key_file(qx::store::key_file_path(db), k_secret).key;
    REQUIRE(key);
    std::vector<std::int64_t> interrupted;
    {
        qx::store::Store store(qx::store::RecordsFile{db, key});
        store.recover_interrupted();
        std::map<std::pair<std::int64_t, std::int64_t>, double> recorded;
        std::set<std::int64_t> sessions;
        for (const Ack& a : acked) sessions.insert(a.session);
        for (std::int64_t id : sessions) {
            for (const auto& e : store.events(id)) {
                if (e.type != "report") continue;
                recorded[{id, e.seq}] = qx::core::Json::parse(e.payload)["args"]["rating"].get<double>();
            }
        }
        int lost = 0;
        for (const Ack& a : acked) {
            auto it = recorded.find({a.session, a.seq});
            if (it == recorded.end() || it->second != a.rating) ++lost;
        }
        CHECK(lost == 0);
        std::printf("kill campaign: %d kills (%d before any report was acknowledged), %zu reports acknowledged, %d lost\n",
                    kills, killed_before_any_ack, acked.size(), lost);
        for (int round = 0; round < 100; ++round) {
            for (const auto& s : store.interrupted_sessions("R-" + std::to_string(1000 + round))) interrupted.push_back(s.id);
        }
    }
    CHECK(interrupted.size() >= 95);

    // Each interrupted session resumes where it stopped and runs to its end.
    qx::store::Store store(qx::store::RecordsFile{db, key});
    int resumed = 0;
    for (std::int64_t id : interrupted) {
        auto record = store.session(id);
        REQUIRE(record);
        ProcessResult r = run_process(session_args(db, record->resident_code, {"--resume", std::to_string(id)}), env);
        INFO("session " << id << ": " << r.out << r.err);
        CHECK(r.exit_code == 0);
        resumed += r.exit_code == 0;
    }
    CHECK(resumed == static_cast<int>(interrupted.size()));
    std::printf("kill campaign: %d of %zu interrupted sessions resumed to their end\n", resumed, interrupted.size());
    for (std::int64_t id : interrupted) CHECK(store.session(id)->status == qx::store::SessionStatus::completed);
}
