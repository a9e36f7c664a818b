// Sessions, API tokens and setup tokens against a temporary database.
#include "accounts/users.hpp"
#include "auth/sessions.hpp"
#include "auth/tokens.hpp"
#include "store/database.hpp"
#include "unit/store_temp.hpp"

#include <doctest/doctest.h>

using namespace arena;

namespace {
struct fixture {
  test::temp_dir dir;
  store::database db{store::database::options{dir.path() / "arena.db", {}, 1}};
  std::int64_t uid = 0;
  fixture() {
    auto u = store::write_sync(db.write(), [](store::connection& w) {
      return accounts::create_user(w, {"kari@example.no", "Kari", "h", std::nullopt, "nb", false});
    });
    REQUIRE(u);
    uid = u->id;
  }
  store::connection reader() { return store::connection(db.file().string(), store::connection::mode::read_only); }
};
}  // namespace

TEST_CASE("a session token authenticates; only its hash is stored") {
  fixture f;
  auth::session_policy p;
  auto t = store::write_sync(f.db.write(), [&](store::connection& w) -> result<auth::issued_token> { return auth::create_session(w, f.uid, p); });
  REQUIRE(t);
  CHECK(t->token.size() >= 43);  // 256 bits, base64url
  auto c = f.reader();
  auto a = auth::authenticate(c, t->token, p);
  REQUIRE(a);
  CHECK(a->who.user_id == f.uid);
  CHECK_FALSE(a->who.api_token);
  auto s = c.prepare("SELECT token_hash FROM sessions WHERE id = ?");
  s.bind(1, t->id);
  REQUIRE(s.step());
  CHECK(s.col_text(0) == auth::sha256_hex(t->token));
  CHECK(s.col_text(0) != t->token);
}

TEST_CASE("revoked, expired, idle and disabled sessions do not authenticate") {
  fixture f;
  auth::session_policy p;
  auto c = f.reader();
  CHECK(auth::authenticate(c, "", p).error().code == errc::unauthorized);
  CHECK(auth::authenticate(c, "forged-token", p).error().code == errc::unauthorized);

  auto t = store::write_sync(f.db.write(), [&](store::connection& w) -> result<auth::issued_token> { return auth::create_session(w, f.uid, p); });
  REQUIRE(t);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return auth::revoke_session(w, t->id); }));
  CHECK(auth::authenticate(c, t->token, p).error().code == errc::unauthorized);

  auto idle = store::write_sync(f.db.write(), [&](store::connection& w) -> result<auth::issued_token> {
    auto it = auth::create_session(w, f.uid, p);
    w.prepare("UPDATE sessions SET last_seen_at = last_seen_at - ? WHERE id = ?").bind(1, p.idle_ms + 1).bind(2, it.id).run();
    return it;
  });
  CHECK(auth::authenticate(c, idle->token, p).error().code == errc::unauthorized);

  auto expired = store::write_sync(f.db.write(), [&](store::connection& w) -> result<auth::issued_token> {
    auto it = auth::create_session(w, f.uid, p);
    w.prepare("UPDATE sessions SET expires_at = 1 WHERE id = ?").bind(1, it.id).run();
    return it;
  });
  CHECK(auth::authenticate(c, expired->token, p).error().code == errc::unauthorized);

  auto live = store::write_sync(f.db.write(), [&](store::connection& w) -> result<auth::issued_token> { return auth::create_session(w, f.uid, p); });
  REQUIRE(auth::authenticate(c, live->token, p));
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) -> status {
    w.prepare("UPDATE users SET disabled = 1 WHERE id = ?").bind(1, f.uid).run();
    return {};
  }));
  CHECK(auth::authenticate(c, live->token, p).error().code == errc::unauthorized);
}

TEST_CASE("API tokens: listed, revocable by their owner only, never expire by idleness") {
  fixture f;
  auth::session_policy p;
  auto t = store::write_sync(f.db.write(), [&](store::connection& w) -> result<auth::issued_token> { return auth::create_api_token(w, f.uid, "export"); });
  REQUIRE(t);
  CHECK(t->token.rfind("arena_", 0) == 0);
  auto c = f.reader();
  auto a = auth::authenticate(c, t->token, p);
  REQUIRE(a);
  CHECK(a->who.api_token);
  auto list = auth::list_api_tokens(c, f.uid);
  REQUIRE(list.size() == 1);
  CHECK(list[0].name == "export");
  CHECK(store::write_sync(f.db.write(), [&](store::connection& w) { return auth::revoke_api_token(w, f.uid + 1, t->id); }).error().code == errc::not_found);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return auth::revoke_api_token(w, f.uid, t->id); }));
  CHECK_FALSE(auth::authenticate(c, t->token, p));
  CHECK(auth::list_api_tokens(c, f.uid).empty());
}

TEST_CASE("revoke_user_sessions keeps the one asked for") {
  fixture f;
  auth::session_policy p;
  auto a = store::write_sync(f.db.write(), [&](store::connection& w) -> result<auth::issued_token> { return auth::create_session(w, f.uid, p); });
  auto b = store::write_sync(f.db.write(), [&](store::connection& w) -> result<auth::issued_token> { return auth::create_session(w, f.uid, p); });
  auto ended = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::vector<std::int64_t>> {
    return auth::revoke_user_sessions(w, f.uid, a->id);
  });
  REQUIRE(ended);
  CHECK(*ended == std::vector<std::int64_t>{b->id});
  auto c = f.reader();
  CHECK(auth::authenticate(c, a->token, p));
  CHECK_FALSE(auth::authenticate(c, b->token, p));
}

TEST_CASE("setup tokens: one-time, replaced on restart, refused once an admin exists") {
  fixture f;
  auth::session_policy p;
  auto first = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::optional<std::string>> { return auth::create_setup_token(w, p); });
  REQUIRE(first);
  REQUIRE(*first);
  auto second = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::optional<std::string>> { return auth::create_setup_token(w, p); });
  REQUIRE(*second);
  CHECK(store::write_sync(f.db.write(), [&](store::connection& w) { return auth::consume_setup_token(w, **first); }).error().code == errc::gone);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) { return auth::consume_setup_token(w, **second); }));
  CHECK(store::write_sync(f.db.write(), [&](store::connection& w) { return auth::consume_setup_token(w, **second); }).error().code == errc::gone);
  REQUIRE(store::write_sync(f.db.write(), [&](store::connection& w) -> status {
    w.prepare("UPDATE users SET is_admin = 1 WHERE id = ?").bind(1, f.uid).run();
    return {};
  }));
  auto none = store::write_sync(f.db.write(), [&](store::connection& w) -> result<std::optional<std::string>> { return auth::create_setup_token(w, p); });
  REQUIRE(none);
  CHECK_FALSE(*none);
}
