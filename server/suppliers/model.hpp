// The shared supplier register and its follow-up as the rest of the server sees them
// (docs/PROTOCOL.md, "Suppliers and follow-up"). Plain data; no JSON, no SQLite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace arena::suppliers {

struct org_ref {
  std::int64_t org_id = 0;
  std::string org_name;
};

struct lead_info {
  org_ref org;
  std::vector<org_ref> on_behalf;
  std::int64_t since = 0;
};

struct supplier {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> orgnr, foreign_id;
  std::string country;
  std::string transparency_act = "unknown";
  std::string statement_url;
  std::optional<int> statement_year;
  std::vector<std::string> categories;
  std::string risk_level = "medium";
  std::string notes;
  std::int64_t created_at = 0, updated_at = 0;
  std::vector<org_ref> sharing;
  std::optional<lead_info> lead;
  int open_actions = 0, overdue_actions = 0;
};

struct site {
  std::int64_t id = 0;
  std::int64_t supplier_id = 0;
  std::string name, address, country, tier, products;
};

struct contract {
  std::int64_t id = 0;
  std::int64_t supplier_id = 0;
  org_ref org;
  std::string products, contract_ref;
  std::optional<std::string> period_start, period_end;
  std::string value_band, clause_level, required_method;
};

struct finding {
  std::string step, answer, comment;
  std::vector<std::string> themes;
  std::optional<std::string> severity;
  bool breach() const { return answer == "no"; }
};

struct action {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::optional<std::string> step;
  std::string text, owner, deadline, status, evidence;
  std::string verified_by_name;
  std::optional<std::int64_t> verified_at;
  bool overdue = false;
};

struct escalation_entry {
  std::string from, to, by_name, comment;
  std::int64_t at = 0;
};

struct document {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string title, filename, content_type;
  std::int64_t size = 0;
  std::string visibility, exempt_reason, uploaded_by_name;
  std::int64_t created_at = 0;
};

struct followup_case {
  std::int64_t id = 0;
  std::int64_t supplier_id = 0;
  std::string supplier_name;
  std::string method, status;
  org_ref org;
  std::vector<org_ref> on_behalf;
  std::optional<std::int64_t> team_id;
  std::string visibility, exempt_reason;
  std::optional<std::string> started_on, completed_on, answer_due;
  std::string escalation = "none";
  std::vector<finding> findings;
  std::vector<action> actions;
  std::vector<escalation_entry> escalations;
  std::vector<document> documents;
  int breaches = 0;
  std::string created_by_name;
  std::int64_t created_at = 0, updated_at = 0;
};

struct reliance {
  std::int64_t id = 0;
  std::int64_t supplier_id = 0;
  org_ref org;
  std::int64_t case_id = 0;
  std::string recorded_by_name;
  std::int64_t created_at = 0;
  bool valid = false;
  std::vector<std::string> reasons;       // in Norwegian (the register's text)
  std::vector<std::string> reason_codes;  // the same as codes (rules.hpp), for the client to word
  int max_age_days = 0;                   // the age limit checked (reason too_old)
};

// Who is asking: what decides what they see and may change.
struct viewer {
  std::int64_t user_id = 0;
  std::optional<std::int64_t> org_id;
  bool is_admin = false;
  std::vector<std::int64_t> team_ids;  // every team, any role
  bool participant = false;            // a member or facilitator somewhere (not only an observer)
  bool member() const { return is_admin || !team_ids.empty(); }
  bool in_team(std::int64_t team_id) const;
};

}  // namespace arena::suppliers
