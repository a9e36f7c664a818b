// suppliers/register against a real SQLite database (migrations applied): supplier validation,
// who may write, contracts per organisation, sharing, the follow-up lead, the audit trail.
#include "suppliers/register.hpp"
#include "unit/suppliers_fixture.hpp"

using namespace arena;
using namespace arena::suppliers;
using arena::test::day;
using arena::test::err_of;
using arena::test::reason_of;
using arena::test::msg_of;
using arena::test::suppliers_fixture;

namespace {

supplier_input named(std::string name, std::optional<std::string> orgnr = std::nullopt) {
  supplier_input in;
  in.name = std::move(name);
  in.orgnr = std::move(orgnr);
  return in;
}

std::int64_t val(result<std::int64_t> const& r) { return r ? *r : -1; }

bool starts(std::string const& s, std::string const& prefix) { return s.rfind(prefix, 0) == 0; }

std::vector<std::int64_t> ids(std::vector<org_ref> const& v) {
  std::vector<std::int64_t> out;
  for (auto const& o : v) out.push_back(o.org_id);
  return out;
}

}  // namespace

TEST_CASE("suppliers register: create validates the organisation number and normalises it") {
  suppliers_fixture f;
  auto v = f.as(f.anne);
  auto create = [&](supplier_input const& in) { return f.write([&](store::connection& w) { return create_supplier(w, v, in); }); };

  auto bad = create(named("Feil AS", "983974881"));
  CHECK(err_of(bad) == errc::bad_request);
  CHECK(starts(msg_of(bad), "orgnr:"));
  CHECK(msg_of(bad).find("check digit") != std::string::npos);
  CHECK(reason_of(bad) == "orgnr_check_digit");
  // A prefix whose check digit would be 10.
  CHECK(err_of(create(named("Ti AS", "974760690"))) == errc::bad_request);
  // Neither orgnr nor foreign id.
  auto none = create(named("Ingen AS"));
  CHECK(err_of(none) == errc::bad_request);
  CHECK(starts(msg_of(none), "orgnr:"));
  // An empty name.
  auto noname = create(named("   ", "983974880"));
  CHECK(err_of(noname) == errc::bad_request);
  CHECK(starts(msg_of(noname), "name:"));
  CHECK(f.rows("suppliers") == 0);
  CHECK(f.rows("supplier_audit") == 0);

  auto ok = create(named("  Arbeidsklær AS  ", "983 974 880"));
  REQUIRE(ok);
  CHECK(ok->name == "Arbeidsklær AS");
  CHECK(ok->orgnr == std::optional<std::string>("983974880"));
  CHECK_FALSE(ok->foreign_id);
  CHECK(ok->country == "NO");
  CHECK(ok->risk_level == "medium");
  CHECK(ok->transparency_act == "unknown");
  CHECK(f.rows("suppliers", "orgnr = '983974880'") == 1);
  CHECK(f.rows("supplier_audit", "action = 'create' AND kind = 'supplier' AND object_id = " + std::to_string(ok->id)) == 1);

  // The same number again, typed differently: conflict, nothing written.
  auto dup = create(named("Kopi AS", "983\xC2\xA0" "974\xC2\xA0" "880"));
  CHECK(err_of(dup) == errc::conflict);
  CHECK(msg_of(dup).find(std::to_string(ok->id)) != std::string::npos);
  CHECK(f.rows("suppliers") == 1);
  CHECK(f.rows("supplier_audit") == 1);
}

TEST_CASE("suppliers register: foreign identifiers need a country, and NO needs an orgnr") {
  suppliers_fixture f;
  auto v = f.as(f.anne);
  auto create = [&](supplier_input const& in) { return f.write([&](store::connection& w) { return create_supplier(w, v, in); }); };

  auto in = named("Shenzhen Textiles");
  in.foreign_id = "91440300MA5";
  auto nocountry = create(in);
  CHECK(err_of(nocountry) == errc::bad_request);
  CHECK(starts(msg_of(nocountry), "country:"));
  in.country = "XX";
  CHECK(starts(msg_of(create(in)), "country:"));
  CHECK(reason_of(create(in)) == "country_unknown");
  // A foreign identifier with NO: a Norwegian supplier is registered by its orgnr.
  in.country = "NO";
  auto norsk = create(in);
  CHECK(err_of(norsk) == errc::bad_request);
  CHECK(starts(msg_of(norsk), "country:"));
  // An orgnr with another country.
  auto se = named("Svensk AS", "983974880");
  se.country = "SE";
  auto sek = create(se);
  CHECK(err_of(sek) == errc::bad_request);
  CHECK(starts(msg_of(sek), "country:"));
  CHECK(f.rows("suppliers") == 0);

  in.country = "cn";  // lower case is accepted and stored upper case
  auto ok = create(in);
  REQUIRE(ok);
  CHECK(ok->country == "CN");
  CHECK(ok->foreign_id == std::optional<std::string>("91440300MA5"));
  CHECK_FALSE(ok->orgnr);
  // The same foreign id in the same country conflicts; in another country it is another supplier.
  CHECK(err_of(create(in)) == errc::conflict);
  in.country = "VN";
  CHECK(create(in));
  CHECK(f.rows("suppliers") == 2);
}

TEST_CASE("suppliers register: categories, statement year, url, risk and transparency values") {
  suppliers_fixture f;
  auto v = f.as(f.anne);
  auto create = [&](supplier_input const& in) { return f.write([&](store::connection& w) { return create_supplier(w, v, in); }); };
  int const this_year = std::stoi(day(0).substr(0, 4));

  auto in = named("Kategori AS", "983974880");
  in.categories = std::vector<std::string>{"tekstil", "klær"};
  auto bad = create(in);
  CHECK(err_of(bad) == errc::bad_request);
  CHECK(starts(msg_of(bad), "categories:"));
  in.categories = std::vector<std::string>{"tekstil"};
  for (int y : {2021, this_year + 2}) {
    CAPTURE(y);
    in.statement_year = std::optional<int>(y);
    auto r = create(in);
    CHECK(err_of(r) == errc::bad_request);
    CHECK(starts(msg_of(r), "statement_year:"));
  }
  in.statement_year = std::optional<int>(2022);
  in.statement_url = "ftp://example.no/x";
  CHECK(starts(msg_of(create(in)), "statement_url:"));
  in.statement_url = "https://example.no/redegjorelse.pdf";
  in.risk_level = "extreme";
  CHECK(starts(msg_of(create(in)), "risk_level:"));
  in.risk_level = "high";
  in.transparency_act = "maybe";
  CHECK(starts(msg_of(create(in)), "transparency_act:"));
  in.transparency_act = "yes";
  CHECK(f.rows("suppliers") == 0);
  CHECK(f.rows("supplier_categories") == 0);

  in.categories = std::vector<std::string>{"tekstil", "ikt", "tekstil"};
  auto ok = create(in);
  REQUIRE(ok);
  CHECK(ok->categories == std::vector<std::string>{"ikt", "tekstil"});
  CHECK(ok->statement_year == std::optional<int>(2022));
  CHECK(ok->risk_level == "high");
  CHECK(ok->transparency_act == "yes");
  CHECK(ok->statement_url == "https://example.no/redegjorelse.pdf");

  // Both ends of the year range; an update clears the year with null; categories replaced.
  supplier_input up;
  up.statement_year = std::optional<int>(this_year + 1);
  auto u = f.write([&](store::connection& w) { return update_supplier(w, v, ok->id, up); });
  REQUIRE(u);
  CHECK(u->statement_year == std::optional<int>(this_year + 1));
  CHECK(u->categories == std::vector<std::string>{"ikt", "tekstil"});  // left out: unchanged
  up.statement_year = std::optional<int>();
  up.categories = std::vector<std::string>{"bygg"};
  u = f.write([&](store::connection& w) { return update_supplier(w, v, ok->id, up); });
  REQUIRE(u);
  CHECK_FALSE(u->statement_year);
  CHECK(u->categories == std::vector<std::string>{"bygg"});
  CHECK(f.rows("supplier_categories") == 1);
}

TEST_CASE("suppliers register: update keeps what is left out, checks identifiers and is audited") {
  suppliers_fixture f;
  auto v = f.as(f.bjorn);
  auto a = f.supplier("Alfa AS", "983974880");
  auto b = f.supplier("Beta AS", "974760673");
  auto audits = f.rows("supplier_audit");

  supplier_input up;
  up.orgnr = "974 760 673";  // Beta's
  auto clash = f.write([&](store::connection& w) { return update_supplier(w, v, a, up); });
  CHECK(err_of(clash) == errc::conflict);
  up.orgnr = "974760674";
  auto badnr = f.write([&](store::connection& w) { return update_supplier(w, v, a, up); });
  CHECK(err_of(badnr) == errc::bad_request);
  CHECK(starts(msg_of(badnr), "orgnr:"));
  CHECK(f.rows("supplier_audit") == audits);
  CHECK(f.rows("suppliers", "id = " + std::to_string(a) + " AND orgnr = '983974880'") == 1);
  CHECK(err_of(f.write([&](store::connection& w) { return update_supplier(w, v, 9999, named("X")); })) == errc::not_found);

  supplier_input ren;
  ren.name = "Alfa Norge AS";
  ren.notes = "Besøkt 2025.";
  auto r = f.write([&](store::connection& w) { return update_supplier(w, v, a, ren); });
  REQUIRE(r);
  CHECK(r->name == "Alfa Norge AS");
  CHECK(r->notes == "Besøkt 2025.");
  CHECK(r->orgnr == std::optional<std::string>("983974880"));
  CHECK(r->country == "NO");
  CHECK(r->risk_level == "medium");
  CHECK(f.rows("supplier_audit", "action = 'update' AND kind = 'supplier' AND supplier_id = " + std::to_string(a)) == 1);
  // Keeping its own orgnr is not a conflict with itself.
  supplier_input same;
  same.orgnr = "983974880";
  CHECK(f.write([&](store::connection& w) { return update_supplier(w, v, a, same); }));
  (void)b;
}

TEST_CASE("suppliers register: observers and outsiders do not write; users without an organisation have no contracts") {
  suppliers_fixture f;
  auto s = f.supplier("Alfa AS", "983974880");
  auto suppliers_before = f.rows("suppliers");

  auto olga = f.as(f.olga);
  CHECK(olga.member());
  CHECK_FALSE(olga.participant);
  CHECK(err_of(f.write([&](store::connection& w) { return create_supplier(w, olga, named("Obs AS", "974760673")); })) == errc::forbidden);
  CHECK(err_of(f.write([&](store::connection& w) { return update_supplier(w, olga, s, named("Omdøpt")); })) == errc::forbidden);
  CHECK(err_of(acting_org(f.rd, olga, std::nullopt)) == errc::forbidden);
  CHECK_FALSE(require_participant(olga));
  CHECK(require_member(olga));

  auto ute = f.as(f.ute);  // no team at all
  CHECK_FALSE(ute.member());
  CHECK_FALSE(require_member(ute));
  CHECK(err_of(f.write([&](store::connection& w) { return create_supplier(w, ute, named("Ute AS", "974760673")); })) == errc::forbidden);
  CHECK(f.rows("suppliers") == suppliers_before);
  CHECK(f.rows("suppliers", "name = 'Omdøpt'") == 0);

  // nils is a participant without an organisation: may write the register, not contracts.
  auto nils = f.as(f.nils);
  CHECK(nils.participant);
  CHECK_FALSE(nils.org_id);
  auto act = acting_org(f.rd, nils, std::nullopt);
  CHECK(err_of(act) == errc::forbidden);
  CHECK(msg_of(act).find("no organisation") != std::string::npos);
  CHECK(err_of(acting_org(f.rd, nils, f.org_a)) == errc::forbidden);
  CHECK(f.write([&](store::connection& w) { return create_supplier(w, nils, named("Nils AS", "974760673")); }));

  // Acting for one's own organisation; naming another is for administrators only.
  auto anne = f.as(f.anne);
  CHECK(val(acting_org(f.rd, anne, std::nullopt)) == f.org_a);
  CHECK(val(acting_org(f.rd, anne, f.org_a)) == f.org_a);
  CHECK(err_of(acting_org(f.rd, anne, f.org_b)) == errc::forbidden);
  auto adm = f.as(f.admin);
  CHECK(val(acting_org(f.rd, adm, f.org_b)) == f.org_b);
  CHECK(err_of(acting_org(f.rd, adm, 9999)) == errc::bad_request);
  CHECK(err_of(acting_org(f.rd, adm, std::nullopt)) == errc::forbidden);  // an admin without an organisation must name one
}

TEST_CASE("suppliers register: contracts default the required method by clause level and check periods") {
  suppliers_fixture f;
  auto s = f.supplier("Alfa AS", "983974880");
  auto basic = f.contract(f.anne, f.org_a, s, "basic");
  CHECK(basic.required_method == "self_assessment_simplified");
  CHECK(basic.org.org_id == f.org_a);
  CHECK(basic.org.org_name == "Oslo kommune");
  CHECK(basic.supplier_id == s);
  auto adv = f.contract(f.anne, f.org_a, s, "advanced", "over_50m", std::nullopt, "K-2");
  CHECK(adv.required_method == "factory_audit");
  auto given = f.contract(f.anne, f.org_a, s, "advanced", "under_1m", std::string("document_review"), "K-3");
  CHECK(given.required_method == "document_review");
  CHECK(f.rows("supplier_audit", "kind = 'contract' AND action = 'create'") == 3);

  auto v = f.as(f.anne);
  auto save = [&](contract_input const& in) { return f.write([&](store::connection& w) { return save_contract(w, v, s, in); }); };
  auto before = f.rows("supplier_contracts");
  contract_input in;
  in.org_id = f.org_a;
  in.value_band = "1m_10m";
  in.clause_level = "basic";
  in.period_start = day(10);
  in.period_end = day(9);
  auto backwards = save(in);
  CHECK(err_of(backwards) == errc::bad_request);
  CHECK(starts(msg_of(backwards), "period_end:"));
  in.period_end = "2026-02-30";
  CHECK(starts(msg_of(save(in)), "period_end:"));
  in.period_end = day(10);
  in.value_band = "huge";
  CHECK(starts(msg_of(save(in)), "value_band:"));
  in.value_band = "1m_10m";
  in.clause_level = "medium";
  CHECK(starts(msg_of(save(in)), "clause_level:"));
  in.clause_level = "basic";
  in.required_method = "inspection";
  CHECK(starts(msg_of(save(in)), "required_method:"));
  in.required_method.reset();
  CHECK(err_of(f.write([&](store::connection& w) { return save_contract(w, v, 9999, in); })) == errc::not_found);
  CHECK(f.rows("supplier_contracts") == before);
  CHECK(f.rows("supplier_audit", "kind = 'contract'") == 3);

  // A one-day period (end = start) is fine; the dates are stored.
  auto ok = save(in);
  REQUIRE(ok);
  CHECK(ok->period_start == std::optional<std::string>(day(10)));
  CHECK(ok->period_end == std::optional<std::string>(day(10)));
}

TEST_CASE("suppliers register: only an organisation's own contracts are changed or deleted") {
  suppliers_fixture f;
  auto s = f.supplier("Alfa AS", "983974880");
  auto mine = f.contract(f.anne, f.org_a, s, "basic", "1m_10m", std::nullopt, "OSL-1");

  // Bjørn (org B) tries to change org A's contract: as org B it is not his.
  auto bj = f.as(f.bjorn);
  contract_input in;
  in.contract_id = mine.id;
  in.org_id = f.org_b;
  in.contract_ref = "kapret";
  in.value_band = "over_50m";
  in.clause_level = "advanced";
  CHECK(err_of(f.write([&](store::connection& w) { return save_contract(w, bj, s, in); })) == errc::forbidden);
  auto del = f.write([&](store::connection& w) { return delete_contract(w, bj, s, mine.id); });
  REQUIRE_FALSE(del);
  CHECK(del.error().code == errc::forbidden);
  // A contract id of another supplier is not found.
  auto other = f.supplier("Beta AS", "974760673");
  in.org_id = f.org_a;
  auto anne = f.as(f.anne);
  CHECK(err_of(f.write([&](store::connection& w) { return save_contract(w, anne, other, in); })) == errc::not_found);
  auto k = contracts_of(f.rd, s);
  REQUIRE(k.size() == 1);
  CHECK(k[0].contract_ref == "OSL-1");
  CHECK(k[0].value_band == "1m_10m");

  // The owner changes it: the required method follows the new clause level unless given.
  auto up = f.write([&](store::connection& w) { return save_contract(w, anne, s, in); });
  REQUIRE(up);
  CHECK(up->id == mine.id);
  CHECK(up->contract_ref == "kapret");
  CHECK(up->required_method == "factory_audit");
  CHECK(f.rows("supplier_audit", "kind = 'contract' AND action = 'update' AND object_id = " + std::to_string(mine.id)) == 1);

  // An administrator may delete anyone's contract.
  auto adm = f.as(f.admin);
  CHECK_OK(f.write([&](store::connection& w) { return delete_contract(w, adm, s, mine.id); }));
  CHECK(contracts_of(f.rd, s).empty());
  CHECK(f.rows("supplier_audit", "kind = 'contract' AND action = 'delete'") == 1);
}

TEST_CASE("suppliers register: sharing_of lists each organisation with a contract once, by name") {
  suppliers_fixture f;
  auto s = f.supplier("Alfa AS", "983974880");
  CHECK(sharing_of(f.rd, s).empty());
  f.contract(f.anne, f.org_a, s, "basic", "1m_10m", std::nullopt, "A-1");
  f.contract(f.anne, f.org_a, s, "advanced", "over_50m", std::nullopt, "A-2");
  f.contract(f.bjorn, f.org_b, s);
  auto sh = sharing_of(f.rd, s);
  CHECK(ids(sh) == std::vector<std::int64_t>{f.org_b, f.org_a});  // Bergen before Oslo
  REQUIRE(sh.size() == 2);
  CHECK(sh[0].org_name == "Bergen kommune");
  auto sup = find_supplier(f.rd, s);
  REQUIRE(sup);
  CHECK(ids(sup->sharing) == ids(sh));

  // list filters: shared only, mine, needs_lead.
  auto lone = f.supplier("Beta AS", "974760673");
  f.contract(f.cato, f.org_c, lone);
  list_filter lf;
  lf.shared_only = true;
  auto shared = list_suppliers(f.rd, lf);
  REQUIRE(shared.size() == 1);
  CHECK(shared[0].id == s);
  list_filter mine;
  mine.org_id = f.org_c;
  auto m = list_suppliers(f.rd, mine);
  REQUIRE(m.size() == 1);
  CHECK(m[0].id == lone);
  list_filter nl;
  nl.needs_lead = true;
  CHECK(list_suppliers(f.rd, nl).size() == 1);
  CHECK(list_suppliers(f.rd, {}).size() == 2);
}

TEST_CASE("suppliers register: the follow-up lead") {
  suppliers_fixture f;
  auto s = f.supplier("Alfa AS", "983974880");
  f.contract(f.anne, f.org_a, s);
  f.contract(f.bjorn, f.org_b, s);
  auto anne = f.as(f.anne), bjorn = f.as(f.bjorn), cato = f.as(f.cato), adm = f.as(f.admin);
  auto lead = [&](viewer const& v, std::int64_t org, std::vector<std::int64_t> on_behalf) {
    return f.write([&](store::connection& w) { return set_lead(w, v, s, org, on_behalf); });
  };

  // On behalf of an organisation that does not share the supplier, or of itself: bad_request.
  auto notshared = lead(anne, f.org_a, {f.org_c});
  CHECK(err_of(notshared) == errc::bad_request);
  CHECK(starts(msg_of(notshared), "on_behalf:"));
  CHECK(err_of(lead(anne, f.org_a, {f.org_b, f.org_a})) == errc::bad_request);
  CHECK(f.rows("supplier_leads") == 0);
  CHECK(f.rows("supplier_lead_for") == 0);

  auto l = lead(anne, f.org_a, {f.org_b, f.org_b});
  REQUIRE(l);
  REQUIRE(l->lead);
  CHECK(l->lead->org.org_id == f.org_a);
  CHECK(l->lead->org.org_name == "Oslo kommune");
  CHECK(ids(l->lead->on_behalf) == std::vector<std::int64_t>{f.org_b});
  auto since = l->lead->since;
  CHECK(since > 0);
  CHECK(f.rows("supplier_audit", "kind = 'lead' AND action = 'update' AND object_id = " + std::to_string(f.org_a)) == 1);
  list_filter nl;
  nl.needs_lead = true;
  CHECK(list_suppliers(f.rd, nl).empty());

  // Another organisation cannot take over; nothing changes.
  auto taken = lead(bjorn, f.org_b, {f.org_a});
  CHECK(err_of(taken) == errc::conflict);
  CHECK(msg_of(taken).find("Oslo kommune") != std::string::npos);
  auto still = find_supplier(f.rd, s);
  REQUIRE(still);
  REQUIRE(still->lead);
  CHECK(still->lead->org.org_id == f.org_a);
  CHECK(ids(still->lead->on_behalf) == std::vector<std::int64_t>{f.org_b});

  // The leader changes the organisations it acts for; "since" stays.
  l = lead(anne, f.org_a, {});
  REQUIRE(l);
  CHECK(l->lead->since == since);
  CHECK(l->lead->on_behalf.empty());
  CHECK(f.rows("supplier_lead_for") == 0);

  // Only the leader (or an admin) ends the lead.
  auto cl = f.write([&](store::connection& w) { return clear_lead(w, bjorn, s); });
  CHECK(err_of(cl) == errc::forbidden);
  // An administrator replaces it.
  l = lead(adm, f.org_b, {f.org_a});
  REQUIRE(l);
  CHECK(l->lead->org.org_id == f.org_b);
  CHECK(ids(l->lead->on_behalf) == std::vector<std::int64_t>{f.org_a});
  CHECK(err_of(f.write([&](store::connection& w) { return clear_lead(w, anne, s); })) == errc::forbidden);
  auto cleared = f.write([&](store::connection& w) { return clear_lead(w, bjorn, s); });
  REQUIRE(cleared);
  CHECK_FALSE(cleared->lead);
  CHECK(f.rows("supplier_leads") == 0);
  CHECK(f.rows("supplier_lead_for") == 0);
  CHECK(f.rows("supplier_audit", "kind = 'lead' AND action = 'delete'") == 1);
  CHECK(err_of(f.write([&](store::connection& w) { return clear_lead(w, bjorn, s); })) == errc::conflict);
  CHECK(list_suppliers(f.rd, nl).size() == 1);

  // The leading organisation need not buy from the supplier itself.
  l = lead(cato, f.org_c, {f.org_a, f.org_b});
  REQUIRE(l);
  CHECK(l->lead->org.org_id == f.org_c);
  CHECK(ids(l->lead->on_behalf) == std::vector<std::int64_t>{f.org_b, f.org_a});
  CHECK(err_of(f.write([&](store::connection& w) { return set_lead(w, anne, 9999, f.org_a, {}); })) == errc::not_found);
}

TEST_CASE("suppliers register: the audit trail is for the sharing organisations and administrators") {
  suppliers_fixture f;
  auto s = f.supplier("Alfa AS", "983974880");
  auto anne = f.as(f.anne);
  // Before any contract only an administrator sees it.
  CHECK_FALSE(may_see_audit(f.rd, anne, s));
  CHECK(err_of(audit_of(f.rd, anne, s, 50)) == errc::forbidden);
  f.contract(f.anne, f.org_a, s, "basic", "1m_10m", std::nullopt, "REF-9");
  supplier_input up;
  up.risk_level = "high";
  REQUIRE(f.write([&](store::connection& w) { return update_supplier(w, anne, s, up); }));

  auto a = audit_of(f.rd, anne, s, 50);
  REQUIRE(a);
  REQUIRE(a->size() == 3);  // newest first
  CHECK((*a)[0].action == "update");
  CHECK((*a)[0].kind == "supplier");
  CHECK((*a)[1].action == "create");
  CHECK((*a)[1].kind == "contract");
  CHECK((*a)[1].detail == "REF-9");
  CHECK((*a)[2].kind == "supplier");
  CHECK((*a)[2].detail == "Alfa AS");
  CHECK((*a)[2].user_name == "Anne Oslo");
  CHECK((*a)[2].org_name == "Oslo kommune");
  CHECK((*a)[2].object_id == s);
  auto limited = audit_of(f.rd, anne, s, 1);
  REQUIRE(limited);
  CHECK(limited->size() == 1);

  for (auto who : {f.bjorn, f.cato, f.nils, f.dina}) {
    CAPTURE(who);
    CHECK(err_of(audit_of(f.rd, f.as(who), s, 50)) == errc::forbidden);
  }
  auto adm = audit_of(f.rd, f.as(f.admin), s, 50);
  REQUIRE(adm);
  CHECK(adm->size() == 3);
  f.contract(f.bjorn, f.org_b, s);
  CHECK(audit_of(f.rd, f.as(f.bjorn), s, 50));
}

TEST_CASE("suppliers register: settings are bounded") {
  suppliers_fixture f;
  auto st = settings(f.rd);
  CHECK(st.self_assessment_days == 42);
  CHECK(st.reliance_max_age_days == 1095);
  CHECK(err_of(f.write([&](store::connection& w) { return update_settings(w, 0, std::nullopt); })) == errc::bad_request);
  CHECK(err_of(f.write([&](store::connection& w) { return update_settings(w, std::nullopt, 3651); })) == errc::bad_request);
  auto u = f.write([&](store::connection& w) { return update_settings(w, 10, 3650); });
  REQUIRE(u);
  CHECK(u->self_assessment_days == 10);
  CHECK(u->reliance_max_age_days == 3650);
  CHECK(settings(f.rd).self_assessment_days == 10);
}

TEST_CASE("suppliers register: the list pages by name and id, and counts what the filter matches") {
  suppliers_fixture f;
  auto foreign = [&](std::string const& name, std::string const& id) {
    suppliers::supplier_input in;
    in.name = name;
    in.foreign_id = id;
    in.country = "SE";
    in.risk_level = "low";
    auto v = f.as(f.anne);
    auto s = f.write([&](store::connection& w) { return suppliers::create_supplier(w, v, in); });
    REQUIRE(s);
    return s->id;
  };
  // Two names equal but for case: the id decides between them, so no page boundary can drop one.
  auto beta = foreign("beta", "SE-1");
  auto alfa1 = foreign("Alfa", "SE-2");
  auto alfa2 = foreign("alfa", "SE-3");
  auto aera = foreign("Æra", "SE-4");
  auto gamma = foreign("Gamma", "SE-5");
  auto delta = foreign("delta", "SE-6");
  std::vector<std::int64_t> const expected{alfa1, alfa2, beta, delta, gamma, aera};

  list_filter all;
  all.limit = 0;
  std::vector<std::int64_t> whole;
  for (auto const& s : list_suppliers(f.rd, all)) whole.push_back(s.id);
  CHECK(whole == expected);

  for (int page = 1; page <= 4; ++page) {
    CAPTURE(page);
    list_filter lf;
    lf.limit = page;
    std::vector<std::int64_t> walked;
    for (int guard = 0; guard < 10; ++guard) {
      auto got = list_suppliers(f.rd, lf);
      CHECK(got.size() <= static_cast<std::size_t>(page));
      for (auto const& s : got) walked.push_back(s.id);
      if (got.size() < static_cast<std::size_t>(page)) break;
      lf.after = list_filter::position{got.back().name, got.back().id};
    }
    CHECK(walked == expected);
  }

  CHECK(count_suppliers(f.rd, all) == 6);
  list_filter q;
  q.q = "ta";  // beta, delta
  q.limit = 1;
  CHECK(count_suppliers(f.rd, q) == 2);
  auto first = list_suppliers(f.rd, q);
  REQUIRE(first.size() == 1);
  CHECK(first[0].id == beta);
  q.after = list_filter::position{first[0].name, first[0].id};
  auto second = list_suppliers(f.rd, q);
  REQUIRE(second.size() == 1);
  CHECK(second[0].id == delta);
  CHECK(count_suppliers(f.rd, q) == 2);  // `after` does not narrow the count
}
