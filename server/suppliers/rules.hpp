// The rules of shared follow-up, as pure functions (unit-tested on their own):
// - reliance: an organisation may rely on another's follow-up case only when the case is
//   completed, at most `max_age_days` old, and its method at least as thorough as the most
//   demanding method the organisation requires in its contracts with the supplier (the rule
//   of the Swedish regions' joint follow-up);
// - priorities: risk × sharing organisations × contract value band.
#pragma once

#include "meetings/local_time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace arena::suppliers {

struct reliance_input {
  std::string case_status;
  std::optional<meetings::local_date> completed_on;
  std::string method;
  std::int64_t case_org_id = 0;
  std::int64_t relying_org_id = 0;
  std::vector<std::string> required_methods;  // of the relying organisation's contracts with the supplier
  meetings::local_date today;
  int max_age_days = 1095;
};

struct reliance_verdict {
  bool valid = false;
  std::vector<std::string> reasons;     // codes: own_case, no_contract, not_completed, too_old, method_too_weak
  std::vector<std::string> reasons_nb;  // the same in Norwegian, for the register and the UI
  int max_age_days = 0;                 // the age limit checked (for the client to word too_old)
};

// The age limit in Norwegian: whole years as years ("3 år"), anything else in days ("500 dager").
std::string age_nb(int days);

reliance_verdict check_reliance(reliance_input const& in);

struct priority_input {
  std::int64_t supplier_id = 0;
  std::string name;
  std::string risk_level;
  int sharing = 0;    // organisations with a contract
  int max_value = 0;  // largest value band weight, 0..4
  bool has_lead = false;
};

struct priority_row {
  priority_input in;
  int score = 0;
  bool needs_lead = false;
};

// Highest score first; ties by risk, then sharing, then name.
std::vector<priority_row> rank(std::vector<priority_input> const& suppliers);

}  // namespace arena::suppliers
