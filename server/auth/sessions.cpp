#include "auth/sessions.hpp"

#include "accounts/users.hpp"
#include "auth/tokens.hpp"
#include "util/clock.hpp"

namespace arena::auth {

namespace {

issued_token insert_token(store::connection& w, std::int64_t user_id, char const* kind, std::optional<std::string> name,
                          std::optional<std::int64_t> expires_at) {
  issued_token t;
  t.token = random_token(32);
  auto now = util::now_ms();
  w.prepare("INSERT INTO sessions (token_hash, user_id, kind, name, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, sha256_hex(t.token)).bind(2, user_id).bind(3, kind).bind(4, name).bind(5, now).bind(6, now)
      .bind(7, expires_at).run();
  t.id = w.last_insert_rowid();
  return t;
}

}  // namespace

issued_token create_session(store::connection& w, std::int64_t user_id, session_policy const& p) {
  return insert_token(w, user_id, "session", std::nullopt, util::now_ms() + p.absolute_ms);
}

issued_token create_api_token(store::connection& w, std::int64_t user_id, std::string const& name) {
  auto t = insert_token(w, user_id, "api", name, std::nullopt);
  t.token = "arena_" + t.token;  // recognisable in scripts and secret scanners
  w.prepare("UPDATE sessions SET token_hash = ? WHERE id = ?").bind(1, sha256_hex(t.token)).bind(2, t.id).run();
  return t;
}

void touch_session(store::connection& w, std::int64_t session_id) {
  w.prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?").bind(1, util::now_ms()).bind(2, session_id).run();
}

status revoke_session(store::connection& w, std::int64_t session_id) {
  w.prepare("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").bind(1, util::now_ms()).bind(2, session_id).run();
  return {};
}

std::vector<std::int64_t> revoke_user_sessions(store::connection& w, std::int64_t user_id, std::int64_t keep) {
  std::vector<std::int64_t> ids;
  auto s = w.prepare("SELECT id FROM sessions WHERE user_id = ? AND id <> ? AND revoked_at IS NULL");
  s.bind(1, user_id).bind(2, keep);
  while (s.step()) ids.push_back(s.col_int(0));
  w.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL")
      .bind(1, util::now_ms()).bind(2, user_id).bind(3, keep).run();
  return ids;
}

status revoke_api_token(store::connection& w, std::int64_t user_id, std::int64_t token_id) {
  w.prepare("UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND kind = 'api' AND revoked_at IS NULL")
      .bind(1, util::now_ms()).bind(2, token_id).bind(3, user_id).run();
  if (w.changes() == 0) return make_error(errc::not_found, "no such token");
  return {};
}

result<authenticated> authenticate(store::connection& db, std::string_view token, session_policy const& p) {
  if (token.empty() || token.size() > 200) return make_error(errc::unauthorized, "not signed in");
  auto s = db.prepare(
      "SELECT s.id, s.kind, s.last_seen_at, s.expires_at, s.revoked_at, u.id, u.is_admin, u.disabled, u.email, "
      "u.display_name, u.language FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?");
  s.bind(1, sha256_hex(token));
  if (!s.step()) return make_error(errc::unauthorized, "not signed in");
  auto now = util::now_ms();
  bool api = s.col_text(1) == "api";
  auto last_seen = s.col_int(2);
  auto expires = s.col_int_opt(3);
  if (!s.is_null(4) || s.col_int(7) != 0) return make_error(errc::unauthorized, "session ended");
  if (expires && now >= *expires) return make_error(errc::unauthorized, "session expired");
  if (!api && now - last_seen >= p.idle_ms) return make_error(errc::unauthorized, "session expired");
  authenticated a;
  a.who.session_id = s.col_int(0);
  a.who.api_token = api;
  a.who.user_id = s.col_int(5);
  a.who.is_admin = s.col_int(6) != 0;
  a.who.email = s.col_text(8);
  a.who.display_name = s.col_text(9);
  a.who.language = s.col_text(10);
  a.needs_touch = now - last_seen >= p.touch_interval_ms;
  return a;
}

std::vector<accounts::api_token_info> list_api_tokens(store::connection& db, std::int64_t user_id) {
  auto s = db.prepare(
      "SELECT id, COALESCE(name, ''), created_at, last_seen_at FROM sessions WHERE user_id = ? AND kind = 'api' "
      "AND revoked_at IS NULL ORDER BY id");
  s.bind(1, user_id);
  std::vector<accounts::api_token_info> out;
  while (s.step()) out.push_back({s.col_int(0), s.col_text(1), s.col_int(2), s.col_int(3)});
  return out;
}

std::optional<std::string> create_setup_token(store::connection& w, session_policy const& p) {
  if (accounts::any_admin(w)) return std::nullopt;
  w.exec("DELETE FROM setup_tokens WHERE used_at IS NULL");
  std::string token = random_token(32);
  auto now = util::now_ms();
  w.prepare("INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)")
      .bind(1, sha256_hex(token)).bind(2, now).bind(3, now + p.setup_valid_ms).run();
  return token;
}

status consume_setup_token(store::connection& w, std::string_view token) {
  auto s = w.prepare("SELECT id, expires_at, used_at FROM setup_tokens WHERE token_hash = ?");
  s.bind(1, sha256_hex(token));
  if (!s.step() || !s.is_null(2) || util::now_ms() >= s.col_int(1) || accounts::any_admin(w))
    return make_error(errc::gone, "this setup link is no longer valid");
  auto id = s.col_int(0);
  w.prepare("UPDATE setup_tokens SET used_at = ? WHERE id = ?").bind(1, util::now_ms()).bind(2, id).run();
  return {};
}

}  // namespace arena::auth
