// Shared steps of the supplier integration tests: organisation numbers that pass the mod-11
// check, a world of organisations, teams and people (each user in one organisation), and the
// supplier, case and upload requests with their checks.
//
// The world (docs/PROTOCOL.md "Suppliers and follow-up"): organisations A, B, C and D; team T1
// (IKT) with a user of A and a user of C, team T2 (Tekstil) with a user of D and an observer
// without organisation, team T3 (made here) with a user of B; a user of C in no team; the
// administrator (of the setup organisation, Helse Vest RHF, which shares nothing here).
#pragma once

#include "integration/meeting_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace arena::itest {

// A valid Norwegian organisation number from 8 leading digits (the mod-11 check digit added),
// or empty when no number with those digits exists (check digit 10).
inline std::string orgnr_with_check(std::string const& first8) {
  static constexpr int weights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += weights[i] * (first8[static_cast<std::size_t>(i)] - '0');
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return {};
  return first8 + static_cast<char>('0' + check);
}

// The n-th valid organisation number starting from `base` (8 digits) upwards.
inline std::vector<std::string> orgnrs(long base, std::size_t n) {
  std::vector<std::string> out;
  for (long b = base; out.size() < n; ++b)
    if (auto s = orgnr_with_check(std::to_string(b)); !s.empty()) out.push_back(s);
  return out;
}

// The same number with a wrong check digit.
inline std::string bad_check(std::string const& good) {
  std::string s = good;
  s.back() = static_cast<char>('0' + (s.back() - '0' + 1) % 10);
  return s;
}

// REQUIREs 200 and returns the body.
inline json ok_post(http_client& who, std::string const& op, json const& body, char const* what = "") {
  auto r = who.post(op, body);
  INFO(op, " ", what, ": ", r.body);
  REQUIRE(r.status == 200);
  return r.body_json;
}

inline std::string err_message(http_response const& r) {
  if (!r.body_json.is_object() || !r.body_json.contains("error")) return {};
  return r.body_json["error"].value("message", std::string());
}

// The error's `reason` code ("" when it has none).
inline std::string err_reason(http_response const& r) {
  if (!r.body_json.is_object() || !r.body_json.contains("error")) return {};
  return r.body_json["error"].value("reason", std::string());
}

// Percent-encodes a query value.
inline std::string url_encode(std::string const& s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// POST /api/upload/document with the file as the body.
inline http_response upload_document(http_client& who, std::int64_t case_id, std::string const& title, std::string const& visibility,
                                     std::string const& filename, std::string const& content_type, std::string const& content) {
  std::string target = "/api/upload/document?case_id=" + std::to_string(case_id) + "&title=" + url_encode(title) +
                       "&visibility=" + url_encode(visibility) + "&filename=" + url_encode(filename);
  return who.request("POST", target, content, {{"Content-Type", content_type}});
}

// POST /api/upload/import with the CSV as the body.
inline http_response upload_import(http_client& who, std::string const& csv, bool dry_run) {
  return who.request("POST", std::string("/api/upload/import?dry_run=") + (dry_run ? "1" : "0"), csv, {{"Content-Type", "text/csv"}});
}

// The ids in a JSON array of objects with "id".
inline std::vector<std::int64_t> ids_of(json const& arr) {
  std::vector<std::int64_t> out;
  for (auto const& x : arr) out.push_back(x["id"].get<std::int64_t>());
  std::sort(out.begin(), out.end());
  return out;
}

struct supplier_world {
  arena_site site;
  std::int64_t org_a = 0, org_b = 0, org_c = 0, org_d = 0;
  std::string orgnr_a, orgnr_b, orgnr_c, orgnr_d;
  std::int64_t t1 = 0, t2 = 0, t3 = 0;
  person ua, ub, uc, ud, obs, nob;

  std::int64_t make_org(std::string const& name, std::string const& orgnr) {
    auto j = ok_post(site.admin, "org.create", {{"name", name}, {"orgnr", orgnr}}, name.c_str());
    return j["organisation"]["id"].get<std::int64_t>();
  }

  // user.create with an organisation (0: none), then auth.login.
  person make_user(std::string const& email, std::string const& name, std::int64_t org) {
    json body = {{"email", email}, {"display_name", name}, {"password", default_password}};
    if (org != 0) body["org_id"] = org;
    auto j = ok_post(site.admin, "user.create", body, email.c_str());
    person p;
    p.user = j["user"];
    p.id = p.user["id"].get<std::int64_t>();
    p.email = email;
    p.password = default_password;
    p.http = site.login(email, default_password);
    return p;
  }

  explicit supplier_world(server_options o = {}) : site(std::move(o)) {
    auto nrs = orgnrs(91234560, 4);
    orgnr_a = nrs[0], orgnr_b = nrs[1], orgnr_c = nrs[2], orgnr_d = nrs[3];
    org_a = make_org("Alfa kommune", orgnr_a);
    org_b = make_org("Bravo fylkeskommune", orgnr_b);
    org_c = make_org("Charlie helseforetak", orgnr_c);
    org_d = make_org("Delta universitet", orgnr_d);
    t1 = site.team_id("IKT");
    t2 = site.team_id("Tekstil");
    auto t = ok_post(site.admin, "team.create", {{"name", "Innkjøp Bravo"}, {"slug", "innkjop-bravo"}});
    t3 = t["team"]["id"].get<std::int64_t>();
    ua = make_user("anne@alfa.no", "Anne Alfa", org_a);
    ub = make_user("bjorn@bravo.no", "Bjørn Bravo", org_b);
    uc = make_user("cecilie@charlie.no", "Cecilie Charlie", org_c);
    ud = make_user("david@delta.no", "David Delta", org_d);
    obs = make_user("olga@observer.no", "Olga Observatør", 0);
    nob = make_user("nils@charlie.no", "Nils Ingenlag", org_c);
    site.add_member(t1, ua.id, "member");
    site.add_member(t1, uc.id, "member");
    site.add_member(t2, ud.id, "member");
    site.add_member(t2, obs.id, "observer");
    site.add_member(t3, ub.id, "member");
  }

  // A supplier made by `who`; returns its id.
  std::int64_t make_supplier(http_client& who, std::string const& name, std::string const& orgnr, json more = json::object()) {
    more["name"] = name;
    more["orgnr"] = orgnr;
    auto j = ok_post(who, "supplier.create", more, name.c_str());
    return j["supplier"]["id"].get<std::int64_t>();
  }

  // A contract of the caller's organisation; returns its id.
  std::int64_t make_contract(http_client& who, std::int64_t supplier, std::string const& clause = "basic",
                             std::string const& ref = "K-1", json more = json::object()) {
    more["supplier_id"] = supplier;
    more["value_band"] = "1m_10m";
    more["clause_level"] = clause;
    more["contract_ref"] = ref;
    auto j = ok_post(who, "supplier.contract_save", more, ref.c_str());
    return j["contract"]["id"].get<std::int64_t>();
  }

  // case.create; returns the case.
  json make_case(http_client& who, std::int64_t supplier, json fields) {
    fields["supplier_id"] = supplier;
    if (!fields.contains("method")) fields["method"] = "document_review";
    return ok_post(who, "case.create", fields)["case"];
  }
};

}  // namespace arena::itest
