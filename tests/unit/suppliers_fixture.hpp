// Shared helpers for the supplier and notes tests: a temporary migrated database with four
// organisations and people in every position the access rules distinguish.
//
//   org A (Oslo kommune):     anne (team 1 member), olga (team 1 observer only)
//   org B (Bergen kommune):   bjorn (team 2 member)
//   org C (Tromsø kommune):   cato (team 3 member; the organisation a case is done on behalf of)
//   org D (Drammen kommune):  dina (team 1 member: the case's team), emil (team 4 member),
//                             ute (no team at all)
//   no organisation:          nils (team 1 member)
//   administrator:            admin (no team, no organisation)
#pragma once

#include "accounts/users.hpp"
#include "meetings/local_time.hpp"
#include "suppliers/cases.hpp"
#include "suppliers/register.hpp"
#include "unit/chat_fixture.hpp"
#include "unit/result_printing.hpp"

#include <doctest/doctest.h>

#include <string>

namespace arena::test {

template <class T>
errc err_of(result<T> const& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error().code;
}
template <class T>
std::string msg_of(result<T> const& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error().message;
}
// The `reason` code of a failed result ("" when it has none).
template <class T>
std::string reason_of(result<T> const& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error().reason;
}

// Today (Oslo) moved by `days`, "YYYY-MM-DD".
inline std::string day(int days) {
  auto t = meetings::parse_date(suppliers::today_oslo());
  REQUIRE(t.has_value());
  return meetings::format(meetings::add_days(*t, days));
}

struct suppliers_fixture : chat_fixture {
  std::int64_t org_a = add_org("Oslo kommune", "910000004");
  std::int64_t org_b = add_org("Bergen kommune", "910000012");
  std::int64_t org_c = add_org("Tromsø kommune", "910000020");
  std::int64_t org_d = add_org("Drammen kommune", "910000039");

  std::int64_t anne = add_person("anne@example.no", "Anne Oslo", org_a, 1);
  std::int64_t olga = add_person("olga@example.no", "Olga Observatør", org_a, 1, auth::team_role::observer);
  std::int64_t bjorn = add_person("bjorn@example.no", "Bjørn Bergen", org_b, 2);
  std::int64_t cato = add_person("cato@example.no", "Cato Tromsø", org_c, 3);
  std::int64_t dina = add_person("dina@example.no", "Dina Drammen", org_d, 1);
  std::int64_t emil = add_person("emil@example.no", "Emil Drammen", org_d, 4);
  std::int64_t ute = add_person("ute@example.no", "Ute Utenfor", org_d, std::nullopt);
  std::int64_t nils = add_person("nils@example.no", "Nils Uten Org", std::nullopt, 1);
  std::int64_t admin = add_person("admin@example.no", "Ada Admin", std::nullopt, std::nullopt, auth::team_role::member, true);

  std::int64_t add_org(std::string const& name, std::string const& orgnr) {
    auto o = store::write_sync(db.write(), [&](store::connection& w) {
      return accounts::create_org(w, accounts::org_input{name, orgnr, std::nullopt, std::nullopt});
    });
    REQUIRE(o);
    return o->id;
  }

  std::int64_t add_person(std::string const& email, std::string const& name, std::optional<std::int64_t> org,
                          std::optional<std::int64_t> team, auth::team_role role = auth::team_role::member, bool is_admin = false) {
    auto u = store::write_sync(db.write(), [&](store::connection& w) {
      return accounts::create_user(w, accounts::new_user{email, name, "x", org, "nb", is_admin});
    });
    REQUIRE(u);
    if (team) {
      auto m = store::write_sync(db.write(), [&](store::connection& w) { return teams::add_member(w, *team, u->id, role); });
      REQUIRE(m);
    }
    return u->id;
  }

  suppliers::viewer as(std::int64_t user) { return suppliers::viewer_of(rd, user, user == admin); }

  template <class F>
  auto write(F&& fn) {
    return store::write_sync(db.write(), std::forward<F>(fn));
  }

  std::int64_t rows(std::string const& table, std::string const& where = "1") {
    auto s = rd.prepare("SELECT COUNT(*) FROM " + table + " WHERE " + where);
    REQUIRE(s.step());
    return s.col_int(0);
  }

  // A supplier made by anne (a participant of org A).
  std::int64_t supplier(std::string const& name, std::string const& orgnr, std::string risk = "medium") {
    suppliers::supplier_input in;
    in.name = name;
    in.orgnr = orgnr;
    in.risk_level = risk;
    auto v = as(anne);
    auto s = write([&](store::connection& w) { return suppliers::create_supplier(w, v, in); });
    REQUIRE(s);
    return s->id;
  }

  // A contract of `org` (written by a user of it) with the supplier.
  suppliers::contract contract(std::int64_t user, std::int64_t org, std::int64_t supplier_id, std::string clause = "basic",
                               std::string band = "1m_10m", std::optional<std::string> required = std::nullopt,
                               std::string ref = "K-1") {
    suppliers::contract_input in;
    in.org_id = org;
    in.contract_ref = ref;
    in.value_band = band;
    in.clause_level = clause;
    in.required_method = required;
    auto v = as(user);
    auto c = write([&](store::connection& w) { return suppliers::save_contract(w, v, supplier_id, in); });
    REQUIRE(c);
    return *c;
  }

  // A case of `org` made by `user`.
  suppliers::followup_case make_case(std::int64_t user, std::int64_t org, std::int64_t supplier_id, suppliers::case_input in) {
    auto v = as(user);
    auto c = write([&](store::connection& w) { return suppliers::create_case(w, v, supplier_id, org, in); });
    REQUIRE(c);
    return *c;
  }

  static suppliers::case_input case_in(std::string method, std::string visibility = "sharing", std::optional<std::int64_t> team = std::nullopt) {
    suppliers::case_input in;
    in.method = method;
    in.visibility = visibility;
    if (team) in.team_id = std::optional<std::int64_t>(*team);
    return in;
  }
  static suppliers::case_input completed(std::string method, std::string completed_on) {
    suppliers::case_input in;
    in.method = method;
    in.status = "completed";
    in.completed_on = std::optional<std::string>(completed_on);
    return in;
  }
};

}  // namespace arena::test
