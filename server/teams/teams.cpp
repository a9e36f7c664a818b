#include "teams/teams.hpp"

#include "auth/tokens.hpp"
#include "chat/channels.hpp"
#include "util/clock.hpp"

namespace arena::teams {

namespace {

constexpr char const* team_select =
    "SELECT t.id, t.slug, t.name, t.description, t.archived, m.role, "
    "(SELECT COUNT(*) FROM memberships mm WHERE mm.team_id = t.id) "
    "FROM teams t LEFT JOIN memberships m ON m.team_id = t.id AND m.user_id = ? ";

team read_team(store::statement_ref const& s) {
  team t;
  t.id = s.col_int(0);
  t.slug = s.col_text(1);
  t.name = s.col_text(2);
  t.description = s.col_text(3);
  t.archived = s.col_int(4) != 0;
  if (auto r = s.col_text_opt(5)) t.my_role = auth::parse_team_role(*r);
  t.member_count = s.col_int(6);
  return t;
}

constexpr char const* member_select =
    "SELECT m.user_id, u.display_name, u.email, COALESCE(o.name, ''), m.role, m.created_at "
    "FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN organisations o ON o.id = u.org_id ";

member read_member(store::statement_ref const& s) {
  member m;
  m.user_id = s.col_int(0);
  m.display_name = s.col_text(1);
  m.email = s.col_text(2);
  m.org_name = s.col_text(3);
  m.role = auth::parse_team_role(s.col_text(4)).value_or(auth::team_role::observer);
  m.since = s.col_int(5);
  return m;
}

constexpr char const* invitation_select =
    "SELECT i.id, i.team_id, i.role, i.email, i.created_by, i.created_at, i.expires_at, i.used_at, i.revoked_at, "
    "COALESCE(u.display_name, '') FROM invitations i LEFT JOIN users u ON u.id = i.created_by ";

invitation read_invitation(store::statement_ref const& s) {
  invitation i;
  i.id = s.col_int(0);
  i.team_id = s.col_int(1);
  i.role = auth::parse_team_role(s.col_text(2)).value_or(auth::team_role::observer);
  i.email = s.col_text_opt(3);
  i.created_by = s.col_int(4);
  i.created_at = s.col_int(5);
  i.expires_at = s.col_int(6);
  i.used_at = s.col_int_opt(7);
  i.revoked_at = s.col_int_opt(8);
  i.created_by_name = s.col_text(9);
  return i;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

status validate(team_input const& in) {
  if (in.name && (code_points(*in.name) < 1 || code_points(*in.name) > 100))
    return make_error(errc::bad_request, "name: 1 to 100 characters");
  if (in.slug) {
    auto const& s = *in.slug;
    bool ok = !s.empty() && s.size() <= 40 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'));
    for (char c : s) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    if (!ok) return make_error(errc::bad_request, "slug: 1 to 40 of a-z, 0-9 and -, starting with a letter or digit");
  }
  if (in.description && code_points(*in.description) > 2000)
    return make_error(errc::bad_request, "description: at most 2000 characters");
  return {};
}

status check_unique(store::connection& w, team_input const& in, std::int64_t except) {
  auto s = w.prepare("SELECT 1 FROM teams WHERE id <> ? AND (name = ? OR slug = ?)");
  s.bind(1, except).bind(2, in.name.value_or("")).bind(3, in.slug.value_or(""));
  if (s.step()) return make_error(errc::conflict, "a team with that name or slug exists");
  return {};
}

}  // namespace

std::optional<auth::team_role> role_of(store::connection& db, std::int64_t team_id, std::int64_t user_id) {
  auto s = db.prepare("SELECT role FROM memberships WHERE team_id = ? AND user_id = ?");
  s.bind(1, team_id).bind(2, user_id);
  if (!s.step()) return std::nullopt;
  return auth::parse_team_role(s.col_text(0));
}

std::vector<std::pair<std::int64_t, auth::team_role>> memberships_of(store::connection& db, std::int64_t user_id) {
  auto s = db.prepare("SELECT team_id, role FROM memberships WHERE user_id = ? ORDER BY team_id");
  s.bind(1, user_id);
  std::vector<std::pair<std::int64_t, auth::team_role>> out;
  while (s.step()) out.emplace_back(s.col_int(0), auth::parse_team_role(s.col_text(1)).value_or(auth::team_role::observer));
  return out;
}

std::vector<std::int64_t> member_ids(store::connection& db, std::int64_t team_id) {
  auto s = db.prepare("SELECT user_id FROM memberships WHERE team_id = ?");
  s.bind(1, team_id);
  std::vector<std::int64_t> out;
  while (s.step()) out.push_back(s.col_int(0));
  return out;
}

std::vector<team> list_teams(store::connection& db, std::int64_t viewer_id) {
  auto s = db.prepare(std::string(team_select) + "ORDER BY t.archived, t.id");
  s.bind(1, viewer_id);
  std::vector<team> out;
  while (s.step()) out.push_back(read_team(s));
  return out;
}

result<team> find_team(store::connection& db, std::int64_t team_id, std::int64_t viewer_id) {
  auto s = db.prepare(std::string(team_select) + "WHERE t.id = ?");
  s.bind(1, viewer_id).bind(2, team_id);
  if (!s.step()) return make_error(errc::not_found, "no such team");
  return read_team(s);
}

std::vector<member> list_members(store::connection& db, std::int64_t team_id) {
  auto s = db.prepare(std::string(member_select) +
                       "WHERE m.team_id = ? ORDER BY CASE m.role WHEN 'facilitator' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, "
                       "u.display_name COLLATE NOCASE");
  s.bind(1, team_id);
  std::vector<member> out;
  while (s.step()) out.push_back(read_member(s));
  return out;
}

result<member> find_member(store::connection& db, std::int64_t team_id, std::int64_t user_id) {
  auto s = db.prepare(std::string(member_select) + "WHERE m.team_id = ? AND m.user_id = ?");
  s.bind(1, team_id).bind(2, user_id);
  if (!s.step()) return make_error(errc::not_found, "not a member of this team");
  return read_member(s);
}

result<team> create_team(store::connection& w, team_input const& in) {
  if (!in.name || !in.slug) return make_error(errc::bad_request, "name and slug are required");
  if (auto st = validate(in); !st) return st.error();
  if (auto st = check_unique(w, in, 0); !st) return st.error();
  w.prepare("INSERT INTO teams (slug, name, description, created_at) VALUES (?, ?, ?, ?)")
      .bind(1, *in.slug).bind(2, *in.name).bind(3, in.description.value_or("")).bind(4, util::now_ms()).run();
  auto const id = w.last_insert_rowid();
  chat::create_default_channels(w, id);
  return find_team(w, id, 0);
}

result<team> update_team(store::connection& w, std::int64_t team_id, team_input const& in) {
  if (auto t = find_team(w, team_id, 0); !t) return t.error();
  if (auto st = validate(in); !st) return st.error();
  if (auto st = check_unique(w, in, team_id); !st) return st.error();
  if (in.name) w.prepare("UPDATE teams SET name = ? WHERE id = ?").bind(1, *in.name).bind(2, team_id).run();
  if (in.slug) w.prepare("UPDATE teams SET slug = ? WHERE id = ?").bind(1, *in.slug).bind(2, team_id).run();
  if (in.description) w.prepare("UPDATE teams SET description = ? WHERE id = ?").bind(1, *in.description).bind(2, team_id).run();
  if (in.archived) w.prepare("UPDATE teams SET archived = ? WHERE id = ?").bind(1, *in.archived).bind(2, team_id).run();
  return find_team(w, team_id, 0);
}

result<member> add_member(store::connection& w, std::int64_t team_id, std::int64_t user_id, auth::team_role role) {
  if (auto t = find_team(w, team_id, 0); !t) return t.error();
  if (role_of(w, team_id, user_id)) return make_error(errc::conflict, "already a member of this team");
  auto u = w.prepare("SELECT 1 FROM users WHERE id = ?");
  u.bind(1, user_id);
  if (!u.step()) return make_error(errc::not_found, "no such user");
  w.prepare("INSERT INTO memberships (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?)")
      .bind(1, team_id).bind(2, user_id).bind(3, auth::to_string(role)).bind(4, util::now_ms()).run();
  return find_member(w, team_id, user_id);
}

result<member> set_role(store::connection& w, std::int64_t team_id, std::int64_t user_id, auth::team_role role) {
  w.prepare("UPDATE memberships SET role = ? WHERE team_id = ? AND user_id = ?")
      .bind(1, auth::to_string(role)).bind(2, team_id).bind(3, user_id).run();
  if (w.changes() == 0) return make_error(errc::not_found, "not a member of this team");
  return find_member(w, team_id, user_id);
}

std::int64_t facilitator_count(store::connection& db, std::int64_t team_id) {
  auto s = db.prepare("SELECT COUNT(*) FROM memberships WHERE team_id = ? AND role = 'facilitator'");
  s.bind(1, team_id);
  return s.step() ? s.col_int(0) : 0;
}

status remove_member(store::connection& w, std::int64_t team_id, std::int64_t user_id) {
  w.prepare("DELETE FROM memberships WHERE team_id = ? AND user_id = ?").bind(1, team_id).bind(2, user_id).run();
  if (w.changes() == 0) return make_error(errc::not_found, "not a member of this team");
  return {};
}

result<issued_invitation> create_invitation(store::connection& w, std::int64_t team_id, auth::team_role role,
                                            std::optional<std::string> email, std::int64_t created_by, int valid_hours) {
  if (valid_hours < 1 || valid_hours > 720) return make_error(errc::bad_request, "valid_hours: 1 to 720");
  auto t = find_team(w, team_id, 0);
  if (!t) return t.error();
  if (t->archived) return make_error(errc::conflict, "the team is archived");
  issued_invitation out;
  out.token = auth::random_token(32);
  auto now = util::now_ms();
  w.prepare("INSERT INTO invitations (token_hash, team_id, role, email, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, auth::sha256_hex(out.token)).bind(2, team_id).bind(3, auth::to_string(role)).bind(4, email)
      .bind(5, created_by).bind(6, now).bind(7, now + std::int64_t(valid_hours) * 3600 * 1000).run();
  auto inv = find_invitation(w, w.last_insert_rowid());
  if (!inv) return inv.error();
  out.inv = *inv;
  return out;
}

std::vector<invitation> list_invitations(store::connection& db, std::int64_t team_id) {
  auto s = db.prepare(std::string(invitation_select) + "WHERE i.team_id = ? ORDER BY i.id DESC");
  s.bind(1, team_id);
  std::vector<invitation> out;
  while (s.step()) out.push_back(read_invitation(s));
  return out;
}

result<invitation> find_invitation(store::connection& db, std::int64_t id) {
  auto s = db.prepare(std::string(invitation_select) + "WHERE i.id = ?");
  s.bind(1, id);
  if (!s.step()) return make_error(errc::not_found, "no such invitation");
  return read_invitation(s);
}

result<invitation> usable_invitation(store::connection& db, std::string_view token) {
  if (token.empty() || token.size() > 200) return make_error(errc::not_found, "no such invitation");
  auto s = db.prepare(std::string(invitation_select) + "WHERE i.token_hash = ?");
  s.bind(1, auth::sha256_hex(token));
  if (!s.step()) return make_error(errc::not_found, "no such invitation");
  auto inv = read_invitation(s);
  if (inv.used_at || inv.revoked_at || util::now_ms() >= inv.expires_at)
    return make_error(errc::gone, "this invitation has been used, revoked or has expired");
  return inv;
}

status revoke_invitation(store::connection& w, std::int64_t id) {
  w.prepare("UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL AND used_at IS NULL")
      .bind(1, util::now_ms()).bind(2, id).run();
  if (w.changes() == 0) return make_error(errc::conflict, "the invitation is already used or revoked");
  return {};
}

status use_invitation(store::connection& w, invitation const& inv, std::int64_t user_id) {
  w.prepare("UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL")
      .bind(1, util::now_ms()).bind(2, user_id).bind(3, inv.id).run();
  if (w.changes() == 0) return make_error(errc::gone, "this invitation has already been used");
  auto current = role_of(w, inv.team_id, user_id);
  if (!current) {
    w.prepare("INSERT INTO memberships (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?)")
        .bind(1, inv.team_id).bind(2, user_id).bind(3, auth::to_string(inv.role)).bind(4, util::now_ms()).run();
  } else if (static_cast<int>(*current) < static_cast<int>(inv.role)) {
    w.prepare("UPDATE memberships SET role = ? WHERE team_id = ? AND user_id = ?")
        .bind(1, auth::to_string(inv.role)).bind(2, inv.team_id).bind(3, user_id).run();
  }
  return {};
}

}  // namespace arena::teams
