#include "accounts/users.hpp"

#include "util/clock.hpp"
#include "util/orgnr.hpp"

namespace arena::accounts {

namespace {

constexpr char const* user_columns =
    "u.id, u.email, u.display_name, u.org_id, COALESCE(o.name, ''), u.language, u.is_admin, u.disabled, u.created_at "
    "FROM users u LEFT JOIN organisations o ON o.id = u.org_id ";

user read_user(store::statement_ref const& s) {
  user u;
  u.id = s.col_int(0);
  u.email = s.col_text(1);
  u.display_name = s.col_text(2);
  u.org_id = s.col_int_opt(3);
  u.org_name = s.col_text(4);
  u.language = s.col_text(5);
  u.is_admin = s.col_int(6) != 0;
  u.disabled = s.col_int(7) != 0;
  u.created_at = s.col_int(8);
  return u;
}

organisation read_org(store::statement_ref const& s) {
  organisation o;
  o.id = s.col_int(0);
  o.name = s.col_text(1);
  o.orgnr = s.col_text_opt(2);
  o.foreign_id = s.col_text_opt(3);
  o.country = s.col_text(4);
  return o;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

status validate_email(std::string_view email) {
  auto at = email.find('@');
  if (email.size() < 3 || email.size() > 254 || at == 0 || at == std::string_view::npos || at + 1 >= email.size() ||
      email.find('@', at + 1) != std::string_view::npos || email.find_first_of(" \t\r\n<>") != std::string_view::npos)
    return make_error(errc::bad_request, "email: not a valid e-mail address");
  return {};
}

status validate_display_name(std::string_view name) {
  auto n = code_points(name);
  if (n < 1 || n > 100 || trim(name).empty()) return make_error(errc::bad_request, "display_name: 1 to 100 characters");
  return {};
}

status validate_language(std::string_view lang) {
  if (lang != "nb" && lang != "en") return make_error(errc::bad_request, "language: must be \"nb\" or \"en\"");
  return {};
}

result<user> find_user(store::connection& db, std::int64_t id) {
  auto s = db.prepare(std::string("SELECT ") + user_columns + "WHERE u.id = ?");
  s.bind(1, id);
  if (!s.step()) return make_error(errc::not_found, "no such user");
  return read_user(s);
}

result<user> find_user_by_email(store::connection& db, std::string_view email) {
  auto s = db.prepare(std::string("SELECT ") + user_columns + "WHERE u.email = ?");
  s.bind(1, email);
  if (!s.step()) return make_error(errc::not_found, "no such user");
  return read_user(s);
}

std::optional<std::string> password_hash_of(store::connection& db, std::int64_t user_id) {
  auto s = db.prepare("SELECT password_hash FROM users WHERE id = ?");
  s.bind(1, user_id);
  if (!s.step()) return std::nullopt;
  return s.col_text(0);
}

std::vector<user> list_users(store::connection& db) {
  auto s = db.prepare(std::string("SELECT ") + user_columns + "ORDER BY u.display_name COLLATE NOCASE, u.id");
  std::vector<user> out;
  while (s.step()) out.push_back(read_user(s));
  return out;
}

bool any_admin(store::connection& db) {
  auto s = db.prepare("SELECT EXISTS (SELECT 1 FROM users WHERE is_admin = 1)");
  return s.step() && s.col_int(0) != 0;
}

result<user> create_user(store::connection& w, new_user const& u) {
  if (auto st = validate_email(u.email); !st) return st.error();
  if (auto st = validate_display_name(u.display_name); !st) return st.error();
  if (auto st = validate_language(u.language); !st) return st.error();
  {
    auto s = w.prepare("SELECT 1 FROM users WHERE email = ?");
    s.bind(1, u.email);
    if (s.step()) return make_error(errc::conflict, "a user with that e-mail address exists");
  }
  if (u.org_id) {
    if (auto o = find_org(w, *u.org_id); !o) return make_error(errc::bad_request, "org_id: no such organisation");
  }
  auto s = w.prepare(
      "INSERT INTO users (email, display_name, org_id, language, password_hash, is_admin, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, trim(u.email)).bind(2, trim(u.display_name)).bind(3, u.org_id).bind(4, u.language);
  s.bind(5, u.password_hash).bind(6, u.is_admin).bind(7, util::now_ms());
  s.run();
  return find_user(w, w.last_insert_rowid());
}

result<user> update_user(store::connection& w, std::int64_t id, user_changes const& c) {
  auto current = find_user(w, id);
  if (!current) return current.error();
  if (c.display_name) {
    if (auto st = validate_display_name(*c.display_name); !st) return st.error();
    w.prepare("UPDATE users SET display_name = ? WHERE id = ?").bind(1, trim(*c.display_name)).bind(2, id).run();
  }
  if (c.language) {
    if (auto st = validate_language(*c.language); !st) return st.error();
    w.prepare("UPDATE users SET language = ? WHERE id = ?").bind(1, *c.language).bind(2, id).run();
  }
  if (c.org_id) {
    if (*c.org_id) {
      if (auto o = find_org(w, **c.org_id); !o) return make_error(errc::bad_request, "org_id: no such organisation");
    }
    w.prepare("UPDATE users SET org_id = ? WHERE id = ?").bind(1, *c.org_id).bind(2, id).run();
  }
  if (c.is_admin) w.prepare("UPDATE users SET is_admin = ? WHERE id = ?").bind(1, *c.is_admin).bind(2, id).run();
  if (c.disabled) {
    w.prepare("UPDATE users SET disabled = ? WHERE id = ?").bind(1, *c.disabled).bind(2, id).run();
    if (*c.disabled)
      w.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
          .bind(1, util::now_ms()).bind(2, id).run();
  }
  // Never leave the site without an enabled administrator.
  if ((c.is_admin && !*c.is_admin) || (c.disabled && *c.disabled)) {
    auto s = w.prepare("SELECT EXISTS (SELECT 1 FROM users WHERE is_admin = 1 AND disabled = 0)");
    if (!s.step() || s.col_int(0) == 0) return make_error(errc::conflict, "the last administrator cannot be removed or disabled");
  }
  return find_user(w, id);
}

status set_password_hash(store::connection& w, std::int64_t id, std::string const& hash) {
  w.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, hash).bind(2, id).run();
  if (w.changes() == 0) return make_error(errc::not_found, "no such user");
  return {};
}

result<org_input> validate_org(org_input in) {
  in.name = trim(in.name);
  if (in.name.empty() || code_points(in.name) > 200) return make_error(errc::bad_request, "name: 1 to 200 characters");
  if (in.orgnr && in.foreign_id) return make_error(errc::bad_request, "give either orgnr or foreign_id, not both");
  if (in.orgnr) {
    std::string n = util::normalize_orgnr(*in.orgnr);
    if (!util::valid_orgnr(n)) return make_error(errc::bad_request, "orgnr: not a valid Norwegian organisation number", "orgnr_check_digit");
    in.orgnr = n;
    in.country = "NO";
    return in;
  }
  if (!in.foreign_id) return make_error(errc::bad_request, "orgnr or foreign_id is required");
  in.foreign_id = trim(*in.foreign_id);
  if (in.foreign_id->empty() || in.foreign_id->size() > 64) return make_error(errc::bad_request, "foreign_id: 1 to 64 characters");
  if (!in.country || !util::valid_country_code(*in.country) || *in.country == "NO")
    return make_error(errc::bad_request, "country: an ISO 3166-1 alpha-2 code other than NO is required with foreign_id");
  return in;
}

std::vector<organisation> list_orgs(store::connection& db) {
  auto s = db.prepare("SELECT id, name, orgnr, foreign_id, country FROM organisations ORDER BY name COLLATE NOCASE, id");
  std::vector<organisation> out;
  while (s.step()) out.push_back(read_org(s));
  return out;
}

result<organisation> find_org(store::connection& db, std::int64_t id) {
  auto s = db.prepare("SELECT id, name, orgnr, foreign_id, country FROM organisations WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return make_error(errc::not_found, "no such organisation");
  return read_org(s);
}

namespace {
status check_org_unique(store::connection& w, org_input const& in, std::int64_t except_id) {
  auto s = w.prepare(
      "SELECT 1 FROM organisations WHERE id <> ? AND ((orgnr IS NOT NULL AND orgnr = ?) OR "
      "(foreign_id IS NOT NULL AND foreign_id = ? AND country = ?))");
  s.bind(1, except_id).bind(2, in.orgnr).bind(3, in.foreign_id).bind(4, in.country.value_or("NO"));
  if (s.step()) return make_error(errc::conflict, "an organisation with that identifier is registered");
  return {};
}
}  // namespace

result<organisation> create_org(store::connection& w, org_input const& raw) {
  auto in = validate_org(raw);
  if (!in) return in.error();
  if (auto st = check_org_unique(w, *in, 0); !st) return st.error();
  w.prepare("INSERT INTO organisations (name, orgnr, foreign_id, country, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind(1, in->name).bind(2, in->orgnr).bind(3, in->foreign_id).bind(4, in->country.value_or("NO"))
      .bind(5, util::now_ms()).run();
  return find_org(w, w.last_insert_rowid());
}

result<organisation> update_org(store::connection& w, std::int64_t id, org_input const& raw) {
  if (auto o = find_org(w, id); !o) return o.error();
  auto in = validate_org(raw);
  if (!in) return in.error();
  if (auto st = check_org_unique(w, *in, id); !st) return st.error();
  w.prepare("UPDATE organisations SET name = ?, orgnr = ?, foreign_id = ?, country = ? WHERE id = ?")
      .bind(1, in->name).bind(2, in->orgnr).bind(3, in->foreign_id).bind(4, in->country.value_or("NO")).bind(5, id).run();
  return find_org(w, id);
}

}  // namespace arena::accounts
