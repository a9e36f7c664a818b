#include "suppliers/rules.hpp"

#include "suppliers/vocabulary.hpp"

#include <algorithm>

namespace arena::suppliers {

std::string age_nb(int days) {
  if (days > 0 && days % 365 == 0) return std::to_string(days / 365) + " år";
  return std::to_string(days) + (days == 1 ? " dag" : " dager");
}

reliance_verdict check_reliance(reliance_input const& in) {
  reliance_verdict v;
  v.max_age_days = in.max_age_days;
  auto add = [&](char const* code, std::string nb) {
    v.reasons.emplace_back(code);
    v.reasons_nb.push_back(std::move(nb));
  };
  if (in.case_org_id == in.relying_org_id) add("own_case", "Dette er organisasjonens egen oppfølging.");
  if (in.required_methods.empty()) add("no_contract", "Organisasjonen har ingen kontrakt med leverandøren.");
  if (in.case_status != "completed" || !in.completed_on) {
    add("not_completed", "Oppfølgingen er ikke fullført.");
  } else if (meetings::add_days(*in.completed_on, in.max_age_days) < in.today) {
    add("too_old", "Oppfølgingen ble fullført " + meetings::format_nb(*in.completed_on) + ", mer enn " + age_nb(in.max_age_days) +
                       " siden.");
  }
  auto done = thoroughness(in.method).value_or(-1);
  int needed = -1;
  std::string needed_method;
  for (auto const& m : in.required_methods)
    if (auto t = thoroughness(m); t && *t > needed) {
      needed = *t;
      needed_method = m;
    }
  if (!in.required_methods.empty() && done < needed)
    add("method_too_weak", "Metoden «" + std::string(method_nb(in.method)) + "» er mindre grundig enn organisasjonens krav: «" +
                               std::string(method_nb(needed_method)) + "».");
  v.valid = v.reasons.empty();
  return v;
}

std::vector<priority_row> rank(std::vector<priority_input> const& suppliers) {
  std::vector<priority_row> out;
  for (auto const& s : suppliers) {
    priority_row r;
    r.in = s;
    r.score = risk_weight(s.risk_level) * s.sharing * std::max(1, s.max_value);
    r.needs_lead = !s.has_lead && s.sharing > 1;
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](priority_row const& a, priority_row const& b) {
    if (a.score != b.score) return a.score > b.score;
    auto ra = risk_weight(a.in.risk_level), rb = risk_weight(b.in.risk_level);
    if (ra != rb) return ra > rb;
    if (a.in.sharing != b.in.sharing) return a.in.sharing > b.in.sharing;
    return a.in.name < b.in.name;
  });
  return out;
}

}  // namespace arena::suppliers
