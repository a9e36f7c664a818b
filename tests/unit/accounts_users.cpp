// Users and organisations against a temporary database.
#include "accounts/users.hpp"
#include "store/database.hpp"
#include "unit/store_temp.hpp"

#include <doctest/doctest.h>

using namespace arena;

namespace {
struct fixture {
  test::temp_dir dir;
  store::database db{store::database::options{dir.path() / "arena.db", {}, 1}};
  template <class F>
  auto write(F f) {
    return store::write_sync(db.write(), f);
  }
};
}  // namespace

TEST_CASE("e-mail addresses are unique regardless of case") {
  fixture f;
  auto a = f.write([](store::connection& w) { return accounts::create_user(w, {"Kari@Example.no", "Kari", "h", std::nullopt, "nb", false}); });
  REQUIRE(a);
  auto b = f.write([](store::connection& w) { return accounts::create_user(w, {"kari@example.NO", "Kari 2", "h", std::nullopt, "nb", false}); });
  REQUIRE_FALSE(b);
  CHECK(b.error().code == errc::conflict);
  store::connection c(f.db.file().string(), store::connection::mode::read_only);
  auto found = accounts::find_user_by_email(c, "KARI@EXAMPLE.NO");
  REQUIRE(found);
  CHECK(found->id == a->id);
}

TEST_CASE("user validation rejects bad e-mail, names and languages and writes nothing") {
  fixture f;
  for (auto const& email : {"", "no-at-sign", "@x.no", "a@", "a@b@c", "a b@c.no"}) {
    INFO(email);
    auto r = f.write([&](store::connection& w) { return accounts::create_user(w, {email, "X", "h", std::nullopt, "nb", false}); });
    CHECK(r.error().code == errc::bad_request);
  }
  CHECK(f.write([](store::connection& w) { return accounts::create_user(w, {"a@b.no", "   ", "h", std::nullopt, "nb", false}); }).error().code == errc::bad_request);
  CHECK(f.write([](store::connection& w) { return accounts::create_user(w, {"a@b.no", "A", "h", std::nullopt, "de", false}); }).error().code == errc::bad_request);
  CHECK(f.write([](store::connection& w) { return accounts::create_user(w, {"a@b.no", "A", "h", std::int64_t{999}, "nb", false}); }).error().code == errc::bad_request);
  store::connection c(f.db.file().string(), store::connection::mode::read_only);
  CHECK(accounts::list_users(c).empty());
}

TEST_CASE("organisations: orgnr checked by mod-11, normalised, unique; foreign ids need a country") {
  fixture f;
  auto ok = f.write([](store::connection& w) { return accounts::create_org(w, {"Helse Vest RHF", std::string("974 760 673"), std::nullopt, std::nullopt}); });
  REQUIRE(ok);
  CHECK(ok->orgnr == "974760673");
  CHECK(ok->country == "NO");
  auto bad = f.write([](store::connection& w) { return accounts::create_org(w, {"X", std::string("974760674"), std::nullopt, std::nullopt}); });
  CHECK(bad.error().code == errc::bad_request);
  auto dup = f.write([](store::connection& w) { return accounts::create_org(w, {"Y", std::string("974760673"), std::nullopt, std::nullopt}); });
  CHECK(dup.error().code == errc::conflict);
  auto se = f.write([](store::connection& w) { return accounts::create_org(w, {"Region Stockholm", std::nullopt, std::string("SE2321000016"), std::string("SE")}); });
  REQUIRE(se);
  CHECK(se->country == "SE");
  auto no_country = f.write([](store::connection& w) { return accounts::create_org(w, {"Z", std::nullopt, std::string("X1"), std::nullopt}); });
  CHECK(no_country.error().code == errc::bad_request);
  auto neither = f.write([](store::connection& w) { return accounts::create_org(w, {"Z", std::nullopt, std::nullopt, std::nullopt}); });
  CHECK(neither.error().code == errc::bad_request);
}

TEST_CASE("the last administrator cannot be disabled or demoted") {
  fixture f;
  auto admin = f.write([](store::connection& w) { return accounts::create_user(w, {"root@x.no", "Root", "h", std::nullopt, "nb", true}); });
  REQUIRE(admin);
  accounts::user_changes ch;
  ch.disabled = true;
  auto r = f.write([&](store::connection& w) { return accounts::update_user(w, admin->id, ch); });
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::conflict);
  store::connection c(f.db.file().string(), store::connection::mode::read_only);
  CHECK_FALSE(accounts::find_user(c, admin->id)->disabled);  // rolled back
}
