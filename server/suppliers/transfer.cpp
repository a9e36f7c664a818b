#include "suppliers/transfer.hpp"

#include "drafts/model.hpp"
#include "meetings/local_time.hpp"
#include "suppliers/csv.hpp"
#include "suppliers/register.hpp"
#include "suppliers/vocabulary.hpp"
#include "util/orgnr.hpp"
#include "util/text.hpp"

#include <map>
#include <set>

namespace arena::suppliers {

namespace {

// Header keys (csv::header_key form) → the field they fill.
std::map<std::string, std::string> const& columns() {
  static std::map<std::string, std::string> const m = {
      {"name", "name"}, {"navn", "name"}, {"leverandor", "name"},
      {"orgnr", "orgnr"}, {"organisasjonsnummer", "orgnr"}, {"org_nr", "orgnr"},
      {"foreign_id", "foreign_id"}, {"utenlandsk_id", "foreign_id"},
      {"country", "country"}, {"land", "country"},
      {"transparency_act", "transparency_act"}, {"apenhetsloven", "transparency_act"},
      {"categories", "categories"}, {"kategorier", "categories"}, {"kategori", "categories"},
      {"risk_level", "risk_level"}, {"risiko", "risk_level"},
      {"buyer_org", "buyer_org"}, {"kjoper", "buyer_org"}, {"oppdragsgiver", "buyer_org"},
      {"contract_ref", "contract_ref"}, {"kontrakt", "contract_ref"}, {"kontraktsreferanse", "contract_ref"},
      {"products", "products"}, {"produkter", "products"},
      {"period_start", "period_start"}, {"fra", "period_start"},
      {"period_end", "period_end"}, {"til", "period_end"},
      {"value_band", "value_band"}, {"verdi", "value_band"},
      {"clause_level", "clause_level"}, {"klausul", "clause_level"},
  };
  return m;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Word forms people write in the sheet → codes.
std::optional<std::string> code_of(std::string const& field, std::string v) {
  v = lower(util::trimmed(v));
  static std::map<std::string, std::map<std::string, std::string>> const words = {
      {"transparency_act", {{"yes", "yes"}, {"ja", "yes"}, {"no", "no"}, {"nei", "no"}, {"unknown", "unknown"}, {"ukjent", "unknown"}, {"", "unknown"}}},
      {"risk_level", {{"low", "low"}, {"lav", "low"}, {"medium", "medium"}, {"middels", "medium"}, {"high", "high"}, {"høy", "high"}, {"hoy", "high"}, {"", "medium"}}},
      {"clause_level", {{"basic", "basic"}, {"grunnleggende", "basic"}, {"advanced", "advanced"}, {"avansert", "advanced"}, {"utvidet", "advanced"}}},
      {"value_band", {{"under_1m", "under_1m"}, {"1m_10m", "1m_10m"}, {"10m_50m", "10m_50m"}, {"over_50m", "over_50m"}}},
  };
  auto f = words.find(field);
  if (f == words.end()) return std::nullopt;
  auto it = f->second.find(v);
  if (it == f->second.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> date_of(std::string v) {
  v = util::trimmed(v);
  if (v.empty()) return std::string();
  if (auto d = meetings::parse_date(v)) return meetings::format(*d);
  if (v.size() == 10 && v[2] == '.' && v[5] == '.')
    if (auto d = meetings::parse_date(v.substr(6, 4) + "-" + v.substr(3, 2) + "-" + v.substr(0, 2))) return meetings::format(*d);
  return std::nullopt;
}

struct row_plan {
  int line = 0;
  supplier_input sup;
  std::string key;  // orgnr or country:foreign_id
  std::optional<std::int64_t> existing_id;
  std::optional<std::int64_t> buyer_org;
  contract_input con;
};

}  // namespace

result<import_report> import_csv(store::connection& w, viewer const& v, std::string_view text, bool dry_run) {
  if (auto st = require_participant(v); !st) return st.error();
  ARENA_TRY(t, csv::parse(text));
  std::vector<std::string> field_of;
  std::set<std::string> present;
  for (auto const& h : t.header) {
    auto it = columns().find(csv::header_key(h));
    field_of.push_back(it == columns().end() ? std::string() : it->second);
    if (it != columns().end()) present.insert(it->second);
  }
  if (!present.contains("name")) return make_error(errc::bad_request, "csv: the header has no name column (name or navn)", "csv_no_name_column");
  if (!present.contains("orgnr") && !present.contains("foreign_id"))
    return make_error(errc::bad_request, "csv: the header has no orgnr or foreign_id column", "csv_no_id_column");

  import_report rep;
  rep.dry_run = dry_run;
  rep.rows = static_cast<int>(t.rows.size());
  std::vector<row_plan> plans;
  std::set<std::string> seen_suppliers_new;
  std::set<std::string> seen_contracts;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    row_plan p;
    p.line = t.row_lines[r];
    std::map<std::string, std::string> cell;
    for (std::size_t c = 0; c < t.rows[r].size() && c < field_of.size(); ++c)
      if (!field_of[c].empty()) cell[field_of[c]] = util::trimmed(t.rows[r][c]);
    auto fail = [&](char const* field, char const* code, char const* detail, std::string value, std::string message) {
      rep.errors.push_back({p.line, field, code, detail, std::move(value), std::move(message)});
    };
    auto const errors_before = rep.errors.size();
    // The lengths the register would refuse on import, found in the check as well.
    auto longer = [&](char const* field, char const* detail, std::size_t max) {
      if (!util::check_chars(cell[field], field, 0, max))
        fail(field, "bad_value", detail, cell[field], std::string(field) + ": at most " + std::to_string(max) + " characters");
    };
    if (cell["name"].empty()) fail("name", "missing", "name_missing", "", "the supplier's name is missing");
    longer("name", "name_too_long", 200);
    p.sup.name = cell["name"];
    if (!cell["orgnr"].empty()) {
      auto n = util::normalize_orgnr(cell["orgnr"]);
      if (!util::valid_orgnr(n)) fail("orgnr", "bad_orgnr", "orgnr_invalid", cell["orgnr"], "\"" + cell["orgnr"] + "\" is not a valid organisation number");
      p.sup.orgnr = n;
      p.key = n;
    } else if (!cell["foreign_id"].empty()) {
      p.sup.foreign_id = cell["foreign_id"];
      longer("foreign_id", "foreign_id_too_long", 60);
      if (cell["country"].empty()) fail("country", "missing", "country_for_foreign_id", "", "a foreign identifier needs a country");
    } else {
      fail("orgnr", "missing", "orgnr_or_foreign_id", "", "an organisation number or a foreign identifier is needed");
    }
    if (!cell["country"].empty()) {
      std::string c = cell["country"];
      for (auto& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (!util::valid_country_code(c)) fail("country", "bad_value", "country_code", cell["country"], "\"" + cell["country"] + "\" is not a country code such as NO or SE");
      p.sup.country = c;
      if (p.sup.foreign_id) p.key = c + ":" + *p.sup.foreign_id;
      if (p.sup.foreign_id && c == "NO") fail("country", "bad_value", "norwegian_needs_orgnr", cell["country"], "a Norwegian supplier needs its organisation number, not a foreign identifier");
    }
    for (char const* f : {"transparency_act", "risk_level"}) {
      if (auto code = code_of(f, cell[f])) {
        if (std::string(f) == "transparency_act") p.sup.transparency_act = *code;
        else p.sup.risk_level = *code;
      } else {
        fail(f, "bad_value", std::string(f) == "transparency_act" ? "transparency_act_values" : "risk_level_values", cell[f],
             "\"" + cell[f] + "\" is not understood");
      }
    }
    if (!cell["categories"].empty()) {
      std::vector<std::string> cats;
      std::string cur;
      auto flush = [&] {
        auto c = lower(util::trimmed(cur));
        if (!c.empty()) {
          if (!drafts::valid_category(c)) fail("categories", "bad_value", "not_a_category", c, "\"" + c + "\" is not a high-risk category");
          cats.push_back(c);
        }
        cur.clear();
      };
      for (char ch : cell["categories"]) {
        if (ch == '|' || ch == ',') flush();
        else cur += ch;
      }
      flush();
      p.sup.categories = cats;
    }
    // The supplier: new, or already registered.
    if (!p.key.empty()) {
      auto q = w.prepare("SELECT id FROM suppliers WHERE (?1 IS NOT NULL AND orgnr = ?1) OR (?2 IS NOT NULL AND country = ?3 AND foreign_id = ?2)");
      q.bind(1, p.sup.orgnr).bind(2, p.sup.foreign_id).bind(3, p.sup.country.value_or(""));
      if (q.step()) p.existing_id = q.col_int(0);
    }
    // The contract, when the row names a buyer.
    bool has_contract = !cell["buyer_org"].empty();
    if (has_contract) {
      auto buyer = cell["buyer_org"];
      auto n = util::normalize_orgnr(buyer);
      auto q = w.prepare("SELECT id FROM organisations WHERE orgnr = ?1 OR lower(name) = lower(?2)");
      q.bind(1, n).bind(2, buyer);
      if (q.step()) p.buyer_org = q.col_int(0);
      else fail("buyer_org", "unknown_org", "no_such_org", buyer, "no member organisation \"" + buyer + "\"");
      if (p.buyer_org && !v.is_admin && (!v.org_id || *v.org_id != *p.buyer_org))
        fail("buyer_org", "not_your_org", "not_your_org", buyer, "only your own organisation's contracts can be imported");
      p.con.contract_ref = cell["contract_ref"];
      p.con.products = cell["products"];
      longer("contract_ref", "contract_ref_too_long", 100);
      longer("products", "products_too_long", 1000);
      auto vb = code_of("value_band", cell["value_band"]);
      if (!vb) fail("value_band", cell["value_band"].empty() ? "missing" : "bad_value", "value_band_values", cell["value_band"],
                    "value band: under_1m, 1m_10m, 10m_50m or over_50m");
      else p.con.value_band = *vb;
      auto cl = code_of("clause_level", cell["clause_level"]);
      if (!cl) fail("clause_level", cell["clause_level"].empty() ? "missing" : "bad_value", "clause_level_values", cell["clause_level"],
                    "clause level: basic (grunnleggende) or advanced (avansert)");
      else p.con.clause_level = *cl;
      for (char const* f : {"period_start", "period_end"}) {
        auto d = date_of(cell[f]);
        if (!d) fail(f, "bad_value", "not_a_date", cell[f], "\"" + cell[f] + "\" is not a date (YYYY-MM-DD or dd.mm.yyyy)");
        else if (!d->empty()) (std::string(f) == "period_start" ? p.con.period_start : p.con.period_end) = *d;
      }
      if (p.con.period_start && p.con.period_end && *p.con.period_end < *p.con.period_start)
        fail("period_end", "bad_value", "period_end_before_start", cell["period_end"], "the period ends before it starts");
      auto ckey = p.key + "|" + std::to_string(p.buyer_org.value_or(0)) + "|" + p.con.contract_ref;
      if (!seen_contracts.insert(ckey).second) fail("contract_ref", "duplicate", "contract_twice_in_file", p.con.contract_ref, "the same contract appears twice in the file");
      if (p.existing_id && p.buyer_org) {
        auto d = w.prepare("SELECT 1 FROM supplier_contracts WHERE supplier_id = ? AND org_id = ? AND contract_ref = ?");
        d.bind(1, *p.existing_id).bind(2, *p.buyer_org).bind(3, p.con.contract_ref);
        if (d.step()) fail("contract_ref", "duplicate", "contract_registered", p.con.contract_ref, "this contract is already registered");
      }
    } else if (!p.key.empty() && !seen_contracts.insert(p.key + "|-").second && !p.existing_id) {
      fail("name", "duplicate", "supplier_twice_in_file", cell["name"], "the same supplier appears twice in the file without a contract");
    }
    if (rep.errors.size() == errors_before) plans.push_back(std::move(p));
  }
  // Counts (over the rows without errors).
  for (auto const& p : plans) {
    if (p.existing_id) ++rep.suppliers_existing;
    else if (seen_suppliers_new.insert(p.key).second) ++rep.suppliers_new;
    if (p.buyer_org) ++rep.contracts_new;
  }
  if (dry_run || !rep.errors.empty()) return rep;

  std::map<std::string, std::int64_t> made;
  for (auto& p : plans) {
    std::int64_t id = 0;
    if (p.existing_id) {
      id = *p.existing_id;
    } else if (auto it = made.find(p.key); it != made.end()) {
      id = it->second;
    } else {
      auto s = create_supplier(w, v, p.sup);
      if (!s) return make_error(s.error().code, "row " + std::to_string(p.line) + ": " + s.error().message, s.error().reason);
      id = s->id;
      made[p.key] = id;
    }
    if (p.buyer_org) {
      p.con.org_id = *p.buyer_org;
      auto c = save_contract(w, v, id, p.con);
      if (!c) return make_error(c.error().code, "row " + std::to_string(p.line) + ": " + c.error().message, c.error().reason);
    }
  }
  return rep;
}

std::vector<std::vector<std::string>> export_rows(store::connection& db) {
  std::vector<std::vector<std::string>> rows = {{"navn", "organisasjonsnummer", "utenlandsk_id", "land", "apenhetsloven", "kategorier", "risiko",
                                                 "kjoper", "kontrakt", "produkter", "fra", "til", "verdi", "klausul"}};
  list_filter every;
  every.limit = 0;
  for (auto const& s : list_suppliers(db, every)) {
    std::string cats;
    for (auto const& c : s.categories) cats += (cats.empty() ? "" : "|") + c;
    std::vector<std::string> base = {s.name, s.orgnr.value_or(""), s.foreign_id.value_or(""), s.country, s.transparency_act, cats, s.risk_level};
    auto contracts = contracts_of(db, s.id);
    if (contracts.empty()) {
      auto row = base;
      row.resize(14);
      rows.push_back(std::move(row));
    }
    for (auto const& c : contracts) {
      auto row = base;
      for (auto const& x : {c.org.org_name, c.contract_ref, c.products, c.period_start.value_or(""), c.period_end.value_or(""), c.value_band, c.clause_level})
        row.push_back(x);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace arena::suppliers
