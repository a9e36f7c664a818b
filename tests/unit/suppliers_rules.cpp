// suppliers/rules: the reliance rule (check_reliance) and the priority order (rank), pure.
#include "suppliers/rules.hpp"
#include "suppliers/vocabulary.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace arena::suppliers;
using arena::meetings::add_days;
using arena::meetings::local_date;

namespace {

local_date const today{2026, 5, 20};

// A valid reliance: org 2 relies on org 1's completed factory audit of last month.
reliance_input base() {
  reliance_input in;
  in.case_status = "completed";
  in.completed_on = add_days(today, -30);
  in.method = "factory_audit";
  in.case_org_id = 1;
  in.relying_org_id = 2;
  in.required_methods = {"self_assessment_simplified"};
  in.today = today;
  in.max_age_days = 1095;
  return in;
}

bool has(std::vector<std::string> const& v, std::string const& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::vector<std::string> names(std::vector<priority_row> const& rows) {
  std::vector<std::string> out;
  for (auto const& r : rows) out.push_back(r.in.name);
  return out;
}

priority_input p(std::string name, std::string risk, int sharing, int max_value, bool has_lead = false, std::int64_t id = 0) {
  priority_input in;
  in.supplier_id = id;
  in.name = std::move(name);
  in.risk_level = std::move(risk);
  in.sharing = sharing;
  in.max_value = max_value;
  in.has_lead = has_lead;
  return in;
}

}  // namespace

TEST_CASE("suppliers rules: a completed, recent, thorough enough case of another organisation is valid") {
  auto v = check_reliance(base());
  CHECK(v.valid);
  CHECK(v.reasons.empty());
  CHECK(v.reasons_nb.empty());
}

TEST_CASE("suppliers rules: own case and no contract") {
  auto in = base();
  in.relying_org_id = in.case_org_id;
  auto v = check_reliance(in);
  CHECK_FALSE(v.valid);
  CHECK(v.reasons == std::vector<std::string>{"own_case"});
  REQUIRE(v.reasons_nb.size() == 1);
  CHECK(v.reasons_nb[0].find("egen") != std::string::npos);

  in = base();
  in.required_methods.clear();
  v = check_reliance(in);
  CHECK_FALSE(v.valid);
  CHECK(v.reasons == std::vector<std::string>{"no_contract"});
  CHECK(v.reasons_nb.size() == 1);
}

TEST_CASE("suppliers rules: a case that is not completed") {
  for (char const* status : {"planned", "ongoing", "cancelled"}) {
    CAPTURE(status);
    auto in = base();
    in.case_status = status;
    auto v = check_reliance(in);
    CHECK_FALSE(v.valid);
    CHECK(v.reasons == std::vector<std::string>{"not_completed"});
  }
  // Completed without a completion date is not completed either (and never "too old").
  auto in = base();
  in.completed_on.reset();
  auto v = check_reliance(in);
  CHECK(v.reasons == std::vector<std::string>{"not_completed"});
  in.completed_on = add_days(today, -5000);
  in.case_status = "ongoing";
  v = check_reliance(in);
  CHECK(v.reasons == std::vector<std::string>{"not_completed"});
}

TEST_CASE("suppliers rules: completed exactly max_age_days ago is valid, one day more is too old") {
  for (int max_age : {1095, 30, 1}) {
    CAPTURE(max_age);
    auto in = base();
    in.max_age_days = max_age;
    in.completed_on = add_days(today, -max_age);
    auto v = check_reliance(in);
    CHECK(v.valid);
    CHECK(v.reasons.empty());
    in.completed_on = add_days(today, -max_age - 1);
    v = check_reliance(in);
    CHECK_FALSE(v.valid);
    CHECK(v.reasons == std::vector<std::string>{"too_old"});
    REQUIRE(v.reasons_nb.size() == 1);
    CHECK(v.reasons_nb[0].find("fullført") != std::string::npos);
    CHECK(v.max_age_days == max_age);
  }
  // The limit is worded as set: whole years as years, anything else in days.
  auto in0 = base();
  in0.completed_on = add_days(today, -2000);
  in0.max_age_days = 1095;
  CHECK(check_reliance(in0).reasons_nb.at(0).find("mer enn 3 år siden.") != std::string::npos);
  in0.max_age_days = 500;
  CHECK(check_reliance(in0).reasons_nb.at(0).find("mer enn 500 dager siden.") != std::string::npos);
  CHECK(age_nb(365) == "1 år");
  CHECK(age_nb(1) == "1 dag");
  CHECK(age_nb(730) == "2 år");
  CHECK(age_nb(366) == "366 dager");
  // Completed today is fine.
  auto in = base();
  in.completed_on = today;
  CHECK(check_reliance(in).valid);
}

TEST_CASE("suppliers rules: method too weak vs equal vs stronger") {
  auto in = base();
  in.required_methods = {"office_audit"};
  in.method = "sample_products";  // one below
  auto v = check_reliance(in);
  CHECK_FALSE(v.valid);
  CHECK(v.reasons == std::vector<std::string>{"method_too_weak"});
  REQUIRE(v.reasons_nb.size() == 1);
  // The methods by their Norwegian names, never their codes.
  CHECK(v.reasons_nb[0] == "Metoden «Stikkprøve av produkter» er mindre grundig enn organisasjonens krav: «Kontorrevisjon».");
  // A name with brackets of its own is quoted, not nested in more brackets.
  in.method = "self_assessment_simplified";
  CHECK(check_reliance(in).reasons_nb.at(0) == "Metoden «Egenerklæring (forenklet)» er mindre grundig enn organisasjonens krav: «Kontorrevisjon».");
  in.method = "sample_products";
  in.method = "office_audit";  // equal
  CHECK(check_reliance(in).valid);
  in.method = "factory_audit";  // stronger
  CHECK(check_reliance(in).valid);
  // The weakest method against the weakest requirement, and every pair in the order.
  for (std::size_t need = 0; need < methods.size(); ++need) {
    for (std::size_t done = 0; done < methods.size(); ++done) {
      auto x = base();
      x.required_methods = {std::string(methods[need])};
      x.method = std::string(methods[done]);
      CAPTURE(x.method);
      CAPTURE(x.required_methods[0]);
      bool expected = *thoroughness(methods[done]) >= *thoroughness(methods[need]);
      CHECK(check_reliance(x).valid == expected);
    }
  }
}

TEST_CASE("suppliers rules: a re-audit counts as a factory audit") {
  CHECK(thoroughness("re_audit") == thoroughness("factory_audit"));
  CHECK(thoroughness("factory_audit") > thoroughness("office_audit"));
  CHECK_FALSE(thoroughness("inspection").has_value());
  auto in = base();
  in.required_methods = {"re_audit"};
  in.method = "factory_audit";
  CHECK(check_reliance(in).valid);
  in.required_methods = {"factory_audit"};
  in.method = "re_audit";
  CHECK(check_reliance(in).valid);
  in.method = "office_audit";
  CHECK(check_reliance(in).reasons == std::vector<std::string>{"method_too_weak"});
}

TEST_CASE("suppliers rules: the most demanding of several contracts wins") {
  auto in = base();
  in.method = "self_assessment_full";
  in.required_methods = {"label_certification", "self_assessment_simplified"};
  CHECK(check_reliance(in).valid);
  in.required_methods = {"label_certification", "factory_audit", "self_assessment_simplified"};
  auto v = check_reliance(in);
  CHECK(v.reasons == std::vector<std::string>{"method_too_weak"});
  REQUIRE(v.reasons_nb.size() == 1);
  CHECK(v.reasons_nb[0].find("«Fabrikkrevisjon»") != std::string::npos);  // the most demanding, by its Norwegian name
  // Order does not matter.
  in.required_methods = {"factory_audit", "label_certification"};
  CHECK(check_reliance(in).reasons == std::vector<std::string>{"method_too_weak"});
  in.method = "re_audit";
  CHECK(check_reliance(in).valid);
}

TEST_CASE("suppliers rules: several reasons at once, in a fixed order, Norwegian alongside") {
  auto in = base();
  in.relying_org_id = in.case_org_id;
  in.case_status = "ongoing";
  in.method = "contract_meeting";
  in.required_methods = {"factory_audit"};
  auto v = check_reliance(in);
  CHECK_FALSE(v.valid);
  CHECK(v.reasons == std::vector<std::string>{"own_case", "not_completed", "method_too_weak"});
  CHECK(v.reasons_nb.size() == v.reasons.size());

  in = base();
  in.required_methods.clear();
  in.completed_on = add_days(today, -2000);
  v = check_reliance(in);
  CHECK(v.reasons == std::vector<std::string>{"no_contract", "too_old"});
  CHECK(v.reasons_nb.size() == 2);

  in = base();
  in.completed_on = add_days(today, -1096);
  in.method = "label_certification";
  v = check_reliance(in);
  CHECK(v.reasons == std::vector<std::string>{"too_old", "method_too_weak"});
  CHECK(has(v.reasons, "too_old"));
}

TEST_CASE("suppliers rules: rank orders by risk x sharing x value band") {
  // Scores: A 3*2*4 = 24, B 2*3*3 = 18, C 1*4*4 = 16, D 3*1*1 = 3, E 2*1*0 -> max(1, 0) = 2.
  auto rows = rank({p("D", "high", 1, 1), p("C", "low", 4, 4), p("A", "high", 2, 4), p("E", "medium", 1, 0), p("B", "medium", 3, 3)});
  CHECK(names(rows) == std::vector<std::string>{"A", "B", "C", "D", "E"});
  std::vector<int> scores;
  for (auto const& r : rows) scores.push_back(r.score);
  CHECK(scores == std::vector<int>{24, 18, 16, 3, 2});
  // An unknown risk scores zero; no sharing scores zero.
  auto z = rank({p("Z", "unknown", 3, 4), p("Y", "high", 0, 4)});
  CHECK(z[0].score == 0);
  CHECK(z[1].score == 0);
}

TEST_CASE("suppliers rules: rank ties by risk, then sharing, then name") {
  // All score 12: high 3*1*4, medium 2*2*3, medium 2*3*2, low 1*3*4, low 1*4*3; and two equal ones by name.
  auto rows = rank({p("lav4", "low", 4, 3), p("mid2", "medium", 2, 3), p("lav3", "low", 3, 4), p("hoy", "high", 1, 4),
                    p("mid3b", "medium", 3, 2), p("mid3a", "medium", 3, 2)});
  for (auto const& r : rows) CHECK(r.score == 12);
  CHECK(names(rows) == std::vector<std::string>{"hoy", "mid3a", "mid3b", "mid2", "lav4", "lav3"});
  // The order does not depend on the input order.
  auto again = rank({p("mid3a", "medium", 3, 2), p("hoy", "high", 1, 4), p("lav3", "low", 3, 4), p("mid3b", "medium", 3, 2),
                     p("lav4", "low", 4, 3), p("mid2", "medium", 2, 3)});
  CHECK(names(again) == names(rows));
}

TEST_CASE("suppliers rules: needs_lead only when shared by more than one without a lead") {
  auto rows = rank({p("one", "high", 1, 4), p("two", "high", 2, 4), p("two-led", "high", 2, 4, true), p("none", "high", 0, 4),
                    p("three", "low", 3, 1)});
  std::map<std::string, bool> need;
  for (auto const& r : rows) need[r.in.name] = r.needs_lead;
  CHECK_FALSE(need["one"]);
  CHECK(need["two"]);
  CHECK_FALSE(need["two-led"]);
  CHECK_FALSE(need["none"]);
  CHECK(need["three"]);
  // The input is carried through.
  auto one = rank({p("x", "medium", 2, 3, false, 77)});
  REQUIRE(one.size() == 1);
  CHECK(one[0].in.supplier_id == 77);
  CHECK(one[0].in.max_value == 3);
  CHECK(rank({}).empty());
}
