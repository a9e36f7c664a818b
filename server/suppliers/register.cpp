#include "suppliers/register.hpp"

#include "drafts/model.hpp"
#include "drafts/ot/utf8.hpp"
#include "meetings/local_time.hpp"
#include "suppliers/visibility.hpp"
#include "suppliers/vocabulary.hpp"
#include "util/clock.hpp"
#include "util/orgnr.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <set>

namespace arena::suppliers {

namespace {

result<std::string> country_of(std::string c) {
  for (auto& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (!util::valid_country_code(c)) return make_error(errc::bad_request, "country: an ISO 3166-1 code such as NO or SE", "country_unknown");
  return c;
}

std::vector<org_ref> orgs(store::connection& db, std::string const& sql, std::int64_t id) {
  std::vector<org_ref> out;
  auto s = db.prepare(sql);
  s.bind(1, id);
  while (s.step()) out.push_back({s.col_int(0), s.col_text(1)});
  return out;
}

void load_extras(store::connection& db, supplier& s) {
  {
    auto q = db.prepare("SELECT category FROM supplier_categories WHERE supplier_id = ? ORDER BY category");
    q.bind(1, s.id);
    while (q.step()) s.categories.push_back(q.col_text(0));
  }
  s.sharing = sharing_of(db, s.id);
  {
    auto q = db.prepare("SELECT l.org_id, o.name, l.since FROM supplier_leads l JOIN organisations o ON o.id = l.org_id WHERE l.supplier_id = ?");
    q.bind(1, s.id);
    if (q.step()) s.lead = lead_info{{q.col_int(0), q.col_text(1)}, {}, q.col_int(2)};
  }
  if (s.lead)
    s.lead->on_behalf = orgs(db,
                             "SELECT o.id, o.name FROM supplier_lead_for f JOIN organisations o ON o.id = f.org_id "
                             "WHERE f.supplier_id = ? ORDER BY o.name",
                             s.id);
}

constexpr char const* supplier_select =
    "SELECT s.id, s.name, s.orgnr, s.foreign_id, s.country, s.transparency_act, s.statement_url, s.statement_year, s.risk_level, "
    "s.notes, s.created_at, s.updated_at FROM suppliers s ";

supplier read_supplier(store::statement_ref const& q) {
  supplier s;
  s.id = q.col_int(0);
  s.name = q.col_text(1);
  s.orgnr = q.col_text_opt(2);
  s.foreign_id = q.col_text_opt(3);
  s.country = q.col_text(4);
  s.transparency_act = q.col_text(5);
  s.statement_url = q.col_text(6);
  if (!q.is_null(7)) s.statement_year = static_cast<int>(q.col_int(7));
  s.risk_level = q.col_text(8);
  s.notes = q.col_text(9);
  s.created_at = q.col_int(10);
  s.updated_at = q.col_int(11);
  return s;
}

// Validates and writes the fields of `in` onto `s` (a new or an existing supplier).
status apply(store::connection& db, supplier& s, supplier_input const& in, bool creating) {
  if (in.name) s.name = util::trimmed(*in.name);
  if (auto st = util::check_chars(s.name, "name", 1, 200); !st) return st;
  if (in.orgnr && !in.orgnr->empty()) {
    auto n = util::normalize_orgnr(*in.orgnr);
    if (!util::valid_orgnr(n)) return make_error(errc::bad_request, "orgnr: not a valid organisation number (check digit)", "orgnr_check_digit");
    s.orgnr = n;
    s.foreign_id.reset();
    if (!in.country) s.country = "NO";
  }
  if (in.foreign_id && !in.foreign_id->empty()) {
    auto f = util::trimmed(*in.foreign_id);
    if (auto st = util::check_chars(f, "foreign_id", 1, 60); !st) return st;
    s.foreign_id = f;
    s.orgnr.reset();
  }
  if (in.country) {
    auto c = country_of(*in.country);
    if (!c) return c.error();
    s.country = *c;
  }
  if (creating && !s.orgnr && !s.foreign_id) return make_error(errc::bad_request, "orgnr: an organisation number, or foreign_id with country");
  if (s.orgnr && s.country != "NO") return make_error(errc::bad_request, "country: a Norwegian organisation number belongs to NO");
  if (s.foreign_id && s.country.empty()) return make_error(errc::bad_request, "country: required with foreign_id");
  if (s.foreign_id && s.country == "NO") return make_error(errc::bad_request, "country: NO needs a valid organisation number (orgnr)");
  if (in.transparency_act) {
    if (!one_of(*in.transparency_act, {"yes", "no", "unknown"})) return make_error(errc::bad_request, "transparency_act: yes, no or unknown");
    s.transparency_act = *in.transparency_act;
  }
  if (in.statement_url) {
    s.statement_url = util::trimmed(*in.statement_url);
    if (auto st = util::check_web_url(s.statement_url, "statement_url"); !st) return st;
  }
  if (in.statement_year) {
    s.statement_year = *in.statement_year;
    auto const this_year = meetings::from_utc_ms(util::now_ms(), "Europe/Oslo").date.year;
    if (s.statement_year && (*s.statement_year < 2022 || *s.statement_year > this_year + 1))
      return make_error(errc::bad_request, "statement_year: 2022.." + std::to_string(this_year + 1));
  }
  if (in.risk_level) {
    if (!one_of(*in.risk_level, {"low", "medium", "high"})) return make_error(errc::bad_request, "risk_level: low, medium or high");
    s.risk_level = *in.risk_level;
  }
  if (in.notes) {
    s.notes = *in.notes;
    if (auto st = util::check_chars(s.notes, "notes", 0, 10000); !st) return st;
  }
  if (in.categories) {
    std::set<std::string> seen;
    s.categories.clear();
    for (auto const& c : *in.categories) {
      if (!drafts::valid_category(c)) return make_error(errc::bad_request, "categories: not a category of the high-risk list: " + c);
      if (seen.insert(c).second) s.categories.push_back(c);
    }
  }
  // The identifier must be new.
  auto q = db.prepare("SELECT id FROM suppliers WHERE id <> ?3 AND ((?1 IS NOT NULL AND orgnr = ?1) OR (?2 IS NOT NULL AND country = ?4 AND foreign_id = ?2))");
  q.bind(1, s.orgnr).bind(2, s.foreign_id).bind(3, s.id).bind(4, s.country);
  if (q.step()) return make_error(errc::conflict, "a supplier with this identifier is already registered (id " + std::to_string(q.col_int(0)) + ")");
  return {};
}

void write_categories(store::connection& w, supplier const& s) {
  w.prepare("DELETE FROM supplier_categories WHERE supplier_id = ?").bind(1, s.id).run();
  for (auto const& c : s.categories)
    w.prepare("INSERT INTO supplier_categories (supplier_id, category) VALUES (?, ?)").bind(1, s.id).bind(2, c).run();
}

result<std::optional<std::string>> date_or_null(std::optional<std::string> const& v, char const* field) {
  if (!v || v->empty()) return std::optional<std::string>();
  if (!meetings::parse_date(*v)) return make_error(errc::bad_request, std::string(field) + ": a date YYYY-MM-DD");
  return std::optional<std::string>(*v);
}

status require_supplier(store::connection& db, std::int64_t id) {
  auto q = db.prepare("SELECT 1 FROM suppliers WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return make_error(errc::not_found, "no such supplier");
  return {};
}

}  // namespace

bool viewer::in_team(std::int64_t team_id) const { return std::find(team_ids.begin(), team_ids.end(), team_id) != team_ids.end(); }

viewer viewer_of(store::connection& db, std::int64_t user_id, bool is_admin) {
  viewer v;
  v.user_id = user_id;
  v.is_admin = is_admin;
  {
    auto q = db.prepare("SELECT org_id FROM users WHERE id = ?");
    q.bind(1, user_id);
    if (q.step() && !q.is_null(0)) v.org_id = q.col_int(0);
  }
  auto q = db.prepare("SELECT team_id, role FROM memberships WHERE user_id = ? ORDER BY team_id");
  q.bind(1, user_id);
  while (q.step()) {
    v.team_ids.push_back(q.col_int(0));
    if (q.col_text(1) != "observer") v.participant = true;
  }
  return v;
}

status require_member(viewer const& v) {
  if (!v.member()) return make_error(errc::forbidden, "the supplier register is for members of the category teams");
  return {};
}

status require_participant(viewer const& v) {
  if (!v.is_admin && !v.participant) return make_error(errc::forbidden, "observers read the register; members of a team write it");
  return {};
}

result<std::int64_t> acting_org(store::connection& db, viewer const& v, std::optional<std::int64_t> named) {
  if (named && (!v.org_id || *named != *v.org_id)) {
    if (!v.is_admin) return make_error(errc::forbidden, "you act for your own organisation only");
    auto q = db.prepare("SELECT 1 FROM organisations WHERE id = ?");
    q.bind(1, *named);
    if (!q.step()) return make_error(errc::bad_request, "org_id: no such organisation");
    return *named;
  }
  if (!v.org_id) return make_error(errc::forbidden, "your account belongs to no organisation");
  if (auto st = require_participant(v); !st) return st.error();
  return *v.org_id;
}

result<supplier> create_supplier(store::connection& w, viewer const& v, supplier_input const& in) {
  if (auto st = require_participant(v); !st) return st.error();
  supplier s;
  if (auto st = apply(w, s, in, true); !st) return st.error();
  auto const now = util::now_ms();
  w.prepare("INSERT INTO suppliers (name, orgnr, foreign_id, country, transparency_act, statement_url, statement_year, risk_level, notes, "
            "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, s.name)
      .bind(2, s.orgnr)
      .bind(3, s.foreign_id)
      .bind(4, s.country)
      .bind(5, s.transparency_act)
      .bind(6, s.statement_url)
      .bind(7, s.statement_year)
      .bind(8, s.risk_level)
      .bind(9, s.notes)
      .bind(10, v.user_id)
      .bind(11, now)
      .bind(12, now)
      .run();
  s.id = w.last_insert_rowid();
  write_categories(w, s);
  audit(w, v.user_id, s.id, "create", "supplier", s.id, s.name);
  return find_supplier(w, s.id);
}

result<supplier> update_supplier(store::connection& w, viewer const& v, std::int64_t id, supplier_input const& in) {
  if (auto st = require_participant(v); !st) return st.error();
  ARENA_TRY(s, find_supplier(w, id));
  if (auto st = apply(w, s, in, false); !st) return st.error();
  w.prepare("UPDATE suppliers SET name = ?, orgnr = ?, foreign_id = ?, country = ?, transparency_act = ?, statement_url = ?, "
            "statement_year = ?, risk_level = ?, notes = ?, updated_at = ? WHERE id = ?")
      .bind(1, s.name)
      .bind(2, s.orgnr)
      .bind(3, s.foreign_id)
      .bind(4, s.country)
      .bind(5, s.transparency_act)
      .bind(6, s.statement_url)
      .bind(7, s.statement_year)
      .bind(8, s.risk_level)
      .bind(9, s.notes)
      .bind(10, util::now_ms())
      .bind(11, id)
      .run();
  write_categories(w, s);
  audit(w, v.user_id, id, "update", "supplier", id);
  return find_supplier(w, id);
}

result<supplier> find_supplier(store::connection& db, std::int64_t id) {
  std::optional<supplier> s;
  {
    auto q = db.prepare(std::string(supplier_select) + "WHERE s.id = ?");
    q.bind(1, id);
    if (!q.step()) return make_error(errc::not_found, "no such supplier");
    s = read_supplier(q);
  }
  load_extras(db, *s);
  return std::move(*s);
}

namespace {

// The conditions of list_filter, shared by the list and its count. Parameters: ?1 pattern,
// ?2 category, ?3 country, ?4 risk level, ?5 shared only, ?6 organisation, ?7 needs a lead.
constexpr std::string_view filter_conditions =
    "(?1 IS NULL OR s.name LIKE ?1 ESCAPE '\\' OR s.orgnr LIKE ?1 ESCAPE '\\' OR s.foreign_id LIKE ?1 ESCAPE '\\') "
    "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM supplier_categories c WHERE c.supplier_id = s.id AND c.category = ?2)) "
    "AND (?3 IS NULL OR s.country = ?3) AND (?4 IS NULL OR s.risk_level = ?4) "
    "AND (?5 = 0 OR (SELECT COUNT(DISTINCT org_id) FROM supplier_contracts k WHERE k.supplier_id = s.id) > 1) "
    "AND (?6 IS NULL OR EXISTS (SELECT 1 FROM supplier_contracts k WHERE k.supplier_id = s.id AND k.org_id = ?6)) "
    "AND (?7 = 0 OR (NOT EXISTS (SELECT 1 FROM supplier_leads l WHERE l.supplier_id = s.id) AND "
    "  (SELECT COUNT(DISTINCT org_id) FROM supplier_contracts k WHERE k.supplier_id = s.id) > 1)) ";

void bind_filter(store::statement_ref& q, list_filter const& f) {
  std::optional<std::string> pattern;
  if (f.q) {
    std::string p = "%";
    for (char c : *f.q) {
      if (c == '%' || c == '_' || c == '\\') p += '\\';
      p += c;
    }
    p += "%";
    pattern = std::move(p);
  }
  q.bind(1, pattern).bind(2, f.category).bind(3, f.country).bind(4, f.risk_level);
  q.bind(5, f.shared_only).bind(6, f.org_id).bind(7, f.needs_lead);
}

}  // namespace

std::vector<supplier> list_suppliers(store::connection& db, list_filter const& f) {
  static std::string const sql = "SELECT s.id FROM suppliers s WHERE " + std::string(filter_conditions) +
                                 "AND (?8 IS NULL OR s.name COLLATE NOCASE > ?8 OR (s.name COLLATE NOCASE = ?8 AND s.id > ?9)) "
                                 "ORDER BY s.name COLLATE NOCASE, s.id LIMIT ?10";
  std::vector<std::int64_t> ids;
  {
    auto q = db.prepare(sql);
    bind_filter(q, f);
    q.bind(8, f.after ? std::optional<std::string>(f.after->name) : std::nullopt);
    q.bind(9, f.after ? f.after->id : 0);
    q.bind(10, f.limit > 0 ? f.limit : -1);
    while (q.step()) ids.push_back(q.col_int(0));
  }
  std::vector<supplier> out;
  for (auto id : ids)
    if (auto s = find_supplier(db, id)) out.push_back(std::move(*s));
  return out;
}

std::int64_t count_suppliers(store::connection& db, list_filter const& f) {
  static std::string const sql = "SELECT COUNT(*) FROM suppliers s WHERE " + std::string(filter_conditions);
  auto q = db.prepare(sql);
  bind_filter(q, f);
  return q.step() ? q.col_int(0) : 0;
}

std::vector<site> sites_of(store::connection& db, std::int64_t supplier_id) {
  std::vector<site> out;
  auto q = db.prepare("SELECT id, name, address, country, tier, products FROM supplier_sites WHERE supplier_id = ? ORDER BY name, id");
  q.bind(1, supplier_id);
  while (q.step()) out.push_back({q.col_int(0), supplier_id, q.col_text(1), q.col_text(2), q.col_text(3), q.col_text(4), q.col_text(5)});
  return out;
}

result<site> save_site(store::connection& w, viewer const& v, std::int64_t supplier_id, site_input const& in) {
  if (auto st = require_participant(v); !st) return st.error();
  if (auto st = require_supplier(w, supplier_id); !st) return st.error();
  site s{0, supplier_id, util::trimmed(in.name), util::trimmed(in.address), {}, in.tier, util::trimmed(in.products)};
  if (auto st = util::check_chars(s.name, "name", 1, 200); !st) return st.error();
  if (auto st = util::check_chars(s.address, "address", 0, 500); !st) return st.error();
  if (auto st = util::check_chars(s.products, "products", 0, 1000); !st) return st.error();
  ARENA_TRY(country, country_of(in.country));
  s.country = country;
  if (!one_of(s.tier, {"raw_material", "component", "final_production"}))
    return make_error(errc::bad_request, "tier: raw_material, component or final_production");
  if (in.site_id) {
    w.prepare("UPDATE supplier_sites SET name = ?, address = ?, country = ?, tier = ?, products = ? WHERE id = ? AND supplier_id = ?")
        .bind(1, s.name).bind(2, s.address).bind(3, s.country).bind(4, s.tier).bind(5, s.products).bind(6, *in.site_id).bind(7, supplier_id)
        .run();
    if (w.changes() == 0) return make_error(errc::not_found, "no such site of this supplier");
    s.id = *in.site_id;
  } else {
    w.prepare("INSERT INTO supplier_sites (supplier_id, name, address, country, tier, products) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, supplier_id).bind(2, s.name).bind(3, s.address).bind(4, s.country).bind(5, s.tier).bind(6, s.products)
        .run();
    s.id = w.last_insert_rowid();
  }
  audit(w, v.user_id, supplier_id, in.site_id ? "update" : "create", "site", s.id, s.name);
  return s;
}

status delete_site(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t site_id) {
  if (auto st = require_participant(v); !st) return st;
  w.prepare("DELETE FROM supplier_sites WHERE id = ? AND supplier_id = ?").bind(1, site_id).bind(2, supplier_id).run();
  if (w.changes() == 0) return make_error(errc::not_found, "no such site of this supplier");
  audit(w, v.user_id, supplier_id, "delete", "site", site_id);
  return {};
}

std::vector<contract> contracts_of(store::connection& db, std::int64_t supplier_id) {
  std::vector<contract> out;
  auto q = db.prepare(
      "SELECT k.id, k.org_id, o.name, k.products, k.contract_ref, k.period_start, k.period_end, k.value_band, k.clause_level, k.required_method "
      "FROM supplier_contracts k JOIN organisations o ON o.id = k.org_id WHERE k.supplier_id = ? ORDER BY o.name, k.id");
  q.bind(1, supplier_id);
  while (q.step()) {
    contract c;
    c.id = q.col_int(0);
    c.supplier_id = supplier_id;
    c.org = {q.col_int(1), q.col_text(2)};
    c.products = q.col_text(3);
    c.contract_ref = q.col_text(4);
    c.period_start = q.col_text_opt(5);
    c.period_end = q.col_text_opt(6);
    c.value_band = q.col_text(7);
    c.clause_level = q.col_text(8);
    c.required_method = q.col_text(9);
    out.push_back(std::move(c));
  }
  return out;
}

result<contract> save_contract(store::connection& w, viewer const& v, std::int64_t supplier_id, contract_input const& in) {
  if (auto st = require_supplier(w, supplier_id); !st) return st.error();
  contract c;
  c.supplier_id = supplier_id;
  c.products = util::trimmed(in.products);
  c.contract_ref = util::trimmed(in.contract_ref);
  if (auto st = util::check_chars(c.products, "products", 0, 1000); !st) return st.error();
  if (auto st = util::check_chars(c.contract_ref, "contract_ref", 0, 100); !st) return st.error();
  ARENA_TRY(ps, date_or_null(in.period_start, "period_start"));
  ARENA_TRY(pe, date_or_null(in.period_end, "period_end"));
  if (ps && pe && *pe < *ps) return make_error(errc::bad_request, "period_end: must not be before period_start");
  c.period_start = ps;
  c.period_end = pe;
  if (!one_of(in.value_band, {"under_1m", "1m_10m", "10m_50m", "over_50m"}))
    return make_error(errc::bad_request, "value_band: under_1m, 1m_10m, 10m_50m or over_50m");
  if (!one_of(in.clause_level, {"basic", "advanced"})) return make_error(errc::bad_request, "clause_level: basic or advanced");
  c.value_band = in.value_band;
  c.clause_level = in.clause_level;
  c.required_method = in.required_method ? *in.required_method : std::string(default_required_method(in.clause_level));
  if (!thoroughness(c.required_method)) return make_error(errc::bad_request, "required_method: not a follow-up method");
  c.org.org_id = in.org_id;
  auto const now = util::now_ms();
  if (in.contract_id) {
    auto q = w.prepare("SELECT org_id FROM supplier_contracts WHERE id = ? AND supplier_id = ?");
    q.bind(1, *in.contract_id).bind(2, supplier_id);
    if (!q.step()) return make_error(errc::not_found, "no such contract of this supplier");
    if (q.col_int(0) != in.org_id) return make_error(errc::forbidden, "only the organisation's own contracts can be changed");
  }
  if (in.contract_id) {
    w.prepare("UPDATE supplier_contracts SET products = ?, contract_ref = ?, period_start = ?, period_end = ?, value_band = ?, clause_level = ?, "
              "required_method = ? WHERE id = ?")
        .bind(1, c.products).bind(2, c.contract_ref).bind(3, c.period_start).bind(4, c.period_end).bind(5, c.value_band)
        .bind(6, c.clause_level).bind(7, c.required_method).bind(8, *in.contract_id)
        .run();
    c.id = *in.contract_id;
  } else {
    w.prepare("INSERT INTO supplier_contracts (supplier_id, org_id, products, contract_ref, period_start, period_end, value_band, clause_level, "
              "required_method, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, supplier_id).bind(2, in.org_id).bind(3, c.products).bind(4, c.contract_ref).bind(5, c.period_start).bind(6, c.period_end)
        .bind(7, c.value_band).bind(8, c.clause_level).bind(9, c.required_method).bind(10, v.user_id).bind(11, now)
        .run();
    c.id = w.last_insert_rowid();
  }
  w.prepare("UPDATE suppliers SET updated_at = ? WHERE id = ?").bind(1, now).bind(2, supplier_id).run();
  audit(w, v.user_id, supplier_id, in.contract_id ? "update" : "create", "contract", c.id, c.contract_ref);
  for (auto& k : contracts_of(w, supplier_id))
    if (k.id == c.id) return k;
  return make_error(errc::internal, "contract not found after writing it");
}

status delete_contract(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t contract_id) {
  auto q = w.prepare("SELECT org_id FROM supplier_contracts WHERE id = ? AND supplier_id = ?");
  q.bind(1, contract_id).bind(2, supplier_id);
  if (!q.step()) return make_error(errc::not_found, "no such contract of this supplier");
  auto org = q.col_int(0);
  if (!v.is_admin && (!v.org_id || *v.org_id != org)) return make_error(errc::forbidden, "only the organisation's own contracts can be deleted");
  w.prepare("DELETE FROM supplier_contracts WHERE id = ?").bind(1, contract_id).run();
  audit(w, v.user_id, supplier_id, "delete", "contract", contract_id);
  return {};
}

std::vector<org_ref> sharing_of(store::connection& db, std::int64_t supplier_id) {
  return orgs(db,
              "SELECT DISTINCT o.id, o.name FROM supplier_contracts k JOIN organisations o ON o.id = k.org_id WHERE k.supplier_id = ? "
              "ORDER BY o.name",
              supplier_id);
}

result<supplier> set_lead(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t org_id,
                          std::vector<std::int64_t> const& on_behalf) {
  ARENA_TRY(s, find_supplier(w, supplier_id));
  if (s.lead && s.lead->org.org_id != org_id && !v.is_admin)
    return make_error(errc::conflict, s.lead->org.org_name + " already leads the follow-up of this supplier");
  std::set<std::int64_t> sharing;
  for (auto const& o : s.sharing) sharing.insert(o.org_id);
  for (auto id : on_behalf) {
    if (id == org_id) return make_error(errc::bad_request, "on_behalf: the leading organisation itself");
    if (!sharing.contains(id)) return make_error(errc::bad_request, "on_behalf: organisation " + std::to_string(id) + " does not share this supplier");
  }
  auto const now = util::now_ms();
  w.prepare("INSERT INTO supplier_leads (supplier_id, org_id, since, created_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (supplier_id) DO UPDATE SET org_id = excluded.org_id, since = CASE WHEN supplier_leads.org_id = excluded.org_id "
            "THEN supplier_leads.since ELSE excluded.since END, created_by = excluded.created_by")
      .bind(1, supplier_id).bind(2, org_id).bind(3, now).bind(4, v.user_id)
      .run();
  w.prepare("DELETE FROM supplier_lead_for WHERE supplier_id = ?").bind(1, supplier_id).run();
  for (auto id : std::set<std::int64_t>(on_behalf.begin(), on_behalf.end()))
    w.prepare("INSERT INTO supplier_lead_for (supplier_id, org_id) VALUES (?, ?)").bind(1, supplier_id).bind(2, id).run();
  w.prepare("UPDATE suppliers SET updated_at = ? WHERE id = ?").bind(1, now).bind(2, supplier_id).run();
  audit(w, v.user_id, supplier_id, "update", "lead", org_id);
  return find_supplier(w, supplier_id);
}

result<supplier> clear_lead(store::connection& w, viewer const& v, std::int64_t supplier_id) {
  ARENA_TRY(s, find_supplier(w, supplier_id));
  if (!s.lead) return make_error(errc::conflict, "nobody leads the follow-up of this supplier");
  if (!v.is_admin && (!v.org_id || *v.org_id != s.lead->org.org_id))
    return make_error(errc::forbidden, "only the leading organisation (or an administrator) ends the lead");
  w.prepare("DELETE FROM supplier_leads WHERE supplier_id = ?").bind(1, supplier_id).run();
  w.prepare("UPDATE suppliers SET updated_at = ? WHERE id = ?").bind(1, util::now_ms()).bind(2, supplier_id).run();
  audit(w, v.user_id, supplier_id, "delete", "lead", s.lead->org.org_id);
  return find_supplier(w, supplier_id);
}

status link_draft(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t team_id, std::int64_t draft_id, bool on) {
  if (auto st = require_participant(v); !st) return st;
  if (auto st = require_supplier(w, supplier_id); !st) return st;
  if (!v.is_admin && !v.in_team(team_id)) return make_error(errc::forbidden, "a draft of one of your teams");
  auto q = w.prepare("SELECT 1 FROM drafts WHERE id = ? AND team_id = ?");
  q.bind(1, draft_id).bind(2, team_id);
  if (!q.step()) return make_error(errc::not_found, "no such draft in this team");
  if (on) w.prepare("INSERT OR IGNORE INTO supplier_drafts (supplier_id, draft_id) VALUES (?, ?)").bind(1, supplier_id).bind(2, draft_id).run();
  else w.prepare("DELETE FROM supplier_drafts WHERE supplier_id = ? AND draft_id = ?").bind(1, supplier_id).bind(2, draft_id).run();
  audit(w, v.user_id, supplier_id, on ? "create" : "delete", "draft_link", draft_id);
  return {};
}

settings_t settings(store::connection& db) {
  settings_t s;
  auto q = db.prepare("SELECT key, value FROM settings");
  while (q.step()) {
    auto k = q.col_text(0);
    if (k == "self_assessment_days") s.self_assessment_days = static_cast<int>(q.col_int(1));
    if (k == "reliance_max_age_days") s.reliance_max_age_days = static_cast<int>(q.col_int(1));
  }
  return s;
}

result<settings_t> update_settings(store::connection& w, std::optional<int> self_assessment_days, std::optional<int> reliance_max_age_days) {
  for (auto [v, field] : {std::pair{self_assessment_days, "self_assessment_days"}, std::pair{reliance_max_age_days, "reliance_max_age_days"}})
    if (v && (*v < 1 || *v > 3650)) return make_error(errc::bad_request, std::string(field) + ": 1..3650 days");
  if (self_assessment_days) w.prepare("UPDATE settings SET value = ? WHERE key = 'self_assessment_days'").bind(1, *self_assessment_days).run();
  if (reliance_max_age_days) w.prepare("UPDATE settings SET value = ? WHERE key = 'reliance_max_age_days'").bind(1, *reliance_max_age_days).run();
  return settings(w);
}

std::vector<theme_row> risk_themes(store::connection& db) {
  std::vector<theme_row> out;
  auto q = db.prepare("SELECT code, nb, en FROM risk_themes ORDER BY position, code");
  while (q.step()) out.push_back({q.col_text(0), q.col_text(1), q.col_text(2)});
  return out;
}

bool valid_theme(store::connection& db, std::string const& code) {
  auto q = db.prepare("SELECT 1 FROM risk_themes WHERE code = ?");
  q.bind(1, code);
  return q.step();
}

result<std::vector<theme_row>> save_theme(store::connection& w, std::string const& code, std::string const& nb, std::string const& en) {
  bool ok = code.size() >= 2 && code.size() <= 40 && code[0] >= 'a' && code[0] <= 'z';
  for (char c : code) ok = ok && ((c >= 'a' && c <= 'z') || c == '_');
  if (!ok) return make_error(errc::bad_request, "code: 2..40 lower-case letters and _");
  auto n = util::trimmed(nb), e = util::trimmed(en);
  if (auto st = util::check_chars(n, "nb", 1, 100); !st) return st.error();
  if (auto st = util::check_chars(e, "en", 1, 100); !st) return st.error();
  w.prepare("INSERT INTO risk_themes (code, nb, en, position) VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM risk_themes "
            "WHERE code <> 'other')) ON CONFLICT (code) DO UPDATE SET nb = excluded.nb, en = excluded.en")
      .bind(1, code).bind(2, n).bind(3, e)
      .run();
  return risk_themes(w);
}

void audit(store::connection& w, std::int64_t user_id, std::int64_t supplier_id, std::string const& action, std::string const& kind,
           std::int64_t object_id, std::string const& detail) {
  w.prepare("INSERT INTO supplier_audit (at, user_id, supplier_id, action, kind, object_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, util::now_ms()).bind(2, user_id).bind(3, supplier_id).bind(4, action).bind(5, kind).bind(6, object_id).bind(7, detail)
      .run();
}

bool may_see_audit(store::connection& db, viewer const& v, std::int64_t supplier_id) {
  if (v.is_admin) return true;
  if (!v.org_id) return false;
  auto q = db.prepare("SELECT 1 FROM supplier_contracts WHERE supplier_id = ? AND org_id = ?");
  q.bind(1, supplier_id).bind(2, *v.org_id);
  return q.step();
}

result<std::vector<audit_entry>> audit_of(store::connection& db, viewer const& v, std::int64_t supplier_id, int limit) {
  if (!may_see_audit(db, v, supplier_id))
    return make_error(errc::forbidden, "the audit trail is for the organisations that share the supplier");
  std::vector<audit_entry> out;
  auto q = db.prepare(
      "SELECT a.at, u.display_name, coalesce(o.name, ''), a.action, a.kind, a.object_id, a.detail FROM supplier_audit a "
      "JOIN users u ON u.id = a.user_id LEFT JOIN organisations o ON o.id = u.org_id WHERE a.supplier_id = ? ORDER BY a.id DESC LIMIT ?");
  q.bind(1, supplier_id).bind(2, limit);
  while (q.step()) out.push_back({q.col_int(0), q.col_text(1), q.col_text(2), q.col_text(3), q.col_text(4), q.col_text(6), q.col_int(5)});
  return out;
}

std::string today_oslo() { return meetings::format(meetings::from_utc_ms(util::now_ms(), "Europe/Oslo").date); }

}  // namespace arena::suppliers
