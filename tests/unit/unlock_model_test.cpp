// The panel's on-screen unlock (UnlockModel): the centre secret set at first start, then asked
// for; a wrong one asked again with the records untouched; a missing key file said plainly.
#include "app/panel/unlock_model.h"
#include "core/file.h"
#include "store/store.h"
#include "support/temp_dir.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>

using namespace qx;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

namespace {

const std::string k_secret = "青松戒毒中心 2026 春";

// Submits and waits for the worker.
void submit(app::UnlockModel& u, const std::string& secret, const std::string& again = {}) {
    u.submit(secret, again);
    u.settle();
}

} // namespace

TEST_CASE("the panel sets the centre secret at first start: twice, long enough, then the records open", "[panel][unlock]") {
    test::TempDir dir("unlock-first");
    const fs::path db = dir.path() / "records.db";
    app::UnlockModel u(db, core::Lang::en);
    REQUIRE(u.first_start());
    CHECK_THAT(u.explanation(), ContainsSubstring("nobody"));

    submit(u, "short", "short");
    CHECK_THAT(u.problem(), ContainsSubstring("at least"));
    submit(u, k_secret, k_secret + "!");
    CHECK_THAT(u.problem(), ContainsSubstring("differ"));
    CHECK_FALSE(fs::exists(store::key_file_path(db))); // nothing made by a refused try

    submit(u, k_secret, k_secret);
    REQUIRE(u.unlocked());
    app::Unlocked done = u.take();
    CHECK(done.created);
    REQUIRE(done.records);
    CHECK(fs::exists(store::key_file_path(db)));
    // The records open with it.
    { store::Store s(*done.records); }

    app::UnlockModel again(db, core::Lang::zh_CN);
    CHECK(again.lock() == app::RecordsLock::locked);
    CHECK_FALSE(again.first_start());
}

TEST_CASE("a wrong centre secret on the panel is refused, counted and asked again; the right one opens", "[panel][unlock]") {
    test::TempDir dir("unlock-again");
    const fs::path db = dir.path() / "records.db";
    {
        app::UnlockModel u(db, core::Lang::en);
        submit(u, k_secret, k_secret);
        REQUIRE(u.unlocked());
        store::Store s(*u.take().records);
    }
    const std::string before = core::read_text_file(store::key_file_path(db));

    app::UnlockModel u(db, core::Lang::zh_CN);
    submit(u, "青松戒毒中心 2025 春");
    CHECK_FALSE(u.unlocked());
    CHECK(u.wrong_secrets() == 1);
    CHECK_THAT(u.problem(), ContainsSubstring("不正确"));
    CHECK(core::read_text_file(store::key_file_path(db)) == before);

    u.set_lang(core::Lang::en);
    CHECK(u.problem().empty()); // said again only if it still holds: it was about the last try
    submit(u, k_secret);
    REQUIRE(u.unlocked());
    CHECK_FALSE(u.take().created);
}

TEST_CASE("encrypted records without their key file: the panel says so and asks for nothing", "[panel][unlock]") {
    test::TempDir dir("unlock-missing");
    const fs::path db = dir.path() / "records.db";
    {
        app::UnlockModel u(db, core::Lang::en);
        submit(u, k_secret, k_secret);
        store::Store s(*u.take().records);
    }
    fs::remove(store::key_file_path(db));
    app::UnlockModel u(db, core::Lang::en);
    CHECK(u.hopeless());
    CHECK_THAT(u.problem(), ContainsSubstring("key file"));
    submit(u, k_secret);
    CHECK_FALSE(u.unlocked());
}
