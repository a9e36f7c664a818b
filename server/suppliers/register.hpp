// The supplier register in the store: suppliers, production sites, contracts per organisation,
// the follow-up lead, links to drafts, settings and the audit trail. Writes take the writer's
// connection inside a writer job; reads take any connection. Checks of who may do what are
// here too (access rules of the register are data-dependent: an organisation's own contracts,
// the sharing organisations), stated in docs/PROTOCOL.md.
#pragma once

#include "store/connection.hpp"
#include "suppliers/model.hpp"
#include "util/error.hpp"

#include <optional>
#include <vector>

namespace arena::suppliers {

viewer viewer_of(store::connection& db, std::int64_t user_id, bool is_admin);
// forbidden unless the viewer belongs to a team (or is an administrator).
status require_member(viewer const& v);
// forbidden unless a member or facilitator somewhere (or an administrator).
status require_participant(viewer const& v);
// The organisation the viewer acts for: their own, or (administrators) the one named.
result<std::int64_t> acting_org(store::connection& db, viewer const& v, std::optional<std::int64_t> named);

struct supplier_input {
  std::optional<std::string> name, orgnr, foreign_id, country, transparency_act, statement_url, risk_level, notes;
  std::optional<std::optional<int>> statement_year;
  std::optional<std::vector<std::string>> categories;
};

result<supplier> create_supplier(store::connection& w, viewer const& v, supplier_input const& in);
result<supplier> update_supplier(store::connection& w, viewer const& v, std::int64_t id, supplier_input const& in);
result<supplier> find_supplier(store::connection& db, std::int64_t id);

struct list_filter {
  std::optional<std::string> q, category, country, risk_level;
  bool shared_only = false;
  std::optional<std::int64_t> org_id;  // "mine": this organisation has a contract
  bool needs_lead = false;
  // Keyset paging in the list's order (name without regard to case, then id): only suppliers
  // after this one.
  struct position {
    std::string name;
    std::int64_t id = 0;
  };
  std::optional<position> after;
  int limit = 1000;  // at most this many, by name; 0: all (export, priorities)
};
std::vector<supplier> list_suppliers(store::connection& db, list_filter const& f);
// How many suppliers match the filter's conditions (neither `after` nor `limit` applies).
std::int64_t count_suppliers(store::connection& db, list_filter const& f);

std::vector<site> sites_of(store::connection& db, std::int64_t supplier_id);
struct site_input {
  std::optional<std::int64_t> site_id;
  std::string name, address, country, tier, products;
};
result<site> save_site(store::connection& w, viewer const& v, std::int64_t supplier_id, site_input const& in);
status delete_site(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t site_id);

std::vector<contract> contracts_of(store::connection& db, std::int64_t supplier_id);
struct contract_input {
  std::optional<std::int64_t> contract_id;
  std::int64_t org_id = 0;  // the acting organisation
  std::string products, contract_ref;
  std::optional<std::string> period_start, period_end;
  std::string value_band, clause_level;
  std::optional<std::string> required_method;
};
result<contract> save_contract(store::connection& w, viewer const& v, std::int64_t supplier_id, contract_input const& in);
status delete_contract(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t contract_id);
// The organisations with a contract with the supplier.
std::vector<org_ref> sharing_of(store::connection& db, std::int64_t supplier_id);

// The acting organisation leads the follow-up for `on_behalf` (each must share the supplier).
result<supplier> set_lead(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t org_id,
                          std::vector<std::int64_t> const& on_behalf);
result<supplier> clear_lead(store::connection& w, viewer const& v, std::int64_t supplier_id);

// Drafts listed on the supplier page (a draft of one of the viewer's teams).
status link_draft(store::connection& w, viewer const& v, std::int64_t supplier_id, std::int64_t team_id, std::int64_t draft_id, bool on);

struct settings_t {
  int self_assessment_days = 42;
  int reliance_max_age_days = 1095;
};
settings_t settings(store::connection& db);
result<settings_t> update_settings(store::connection& w, std::optional<int> self_assessment_days, std::optional<int> reliance_max_age_days);

// Risk themes (data: administrators add and rename them), in their order.
struct theme_row {
  std::string code, nb, en;
};
std::vector<theme_row> risk_themes(store::connection& db);
bool valid_theme(store::connection& db, std::string const& code);
// Adds a theme or renames one (code: lower-case letters and _, 2..40; labels 1..100 characters).
result<std::vector<theme_row>> save_theme(store::connection& w, std::string const& code, std::string const& nb, std::string const& en);

// The audit trail.
void audit(store::connection& w, std::int64_t user_id, std::int64_t supplier_id, std::string const& action, std::string const& kind,
           std::int64_t object_id, std::string const& detail = {});
struct audit_entry {
  std::int64_t at = 0;
  std::string user_name, org_name, action, kind, detail;
  std::int64_t object_id = 0;
};
// forbidden unless an administrator or a user of an organisation sharing the supplier.
result<std::vector<audit_entry>> audit_of(store::connection& db, viewer const& v, std::int64_t supplier_id, int limit);
bool may_see_audit(store::connection& db, viewer const& v, std::int64_t supplier_id);

// Today's date in Oslo, "YYYY-MM-DD".
std::string today_oslo();

}  // namespace arena::suppliers
