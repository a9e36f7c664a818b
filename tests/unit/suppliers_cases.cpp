// suppliers/cases and suppliers/visibility against a real SQLite database: who sees a case and
// its documents, findings, escalation, corrective actions and the overdue sweep, the
// self-assessment deadline, and reliance on another organisation's follow-up.
#include "chat/notifications.hpp"
#include "suppliers/cases.hpp"
#include "suppliers/visibility.hpp"
#include "unit/suppliers_fixture.hpp"

#include <map>

using namespace arena;
using namespace arena::suppliers;
using arena::test::day;
using arena::test::err_of;
using arena::test::reason_of;
using arena::test::msg_of;
using arena::test::suppliers_fixture;

namespace {

// A supplier shared by org A and org B, with cases of org A (team 1, on behalf of org C) in
// each visibility.
struct matrix : suppliers_fixture {
  std::int64_t s = supplier("Alfa AS", "983974880");
  arena::suppliers::contract ka = this->contract(anne, org_a, s);
  arena::suppliers::contract kb = this->contract(bjorn, org_b, s);
  followup_case team_case = make(case_in("document_review", "team", 1));
  followup_case sharing_case = make(case_in("document_review", "sharing", 1));
  followup_case all_case = make(case_in("document_review", "all", 1));

  followup_case make(case_input in) {
    in.on_behalf = std::vector<std::int64_t>{org_c};
    return make_case(anne, org_a, s, in);
  }
};

std::vector<std::int64_t> case_ids(std::vector<followup_case> const& v) {
  std::vector<std::int64_t> out;
  for (auto const& c : v) out.push_back(c.id);
  std::sort(out.begin(), out.end());
  return out;
}

document_input doc(std::string title, std::string visibility) {
  document_input in;
  in.title = std::move(title);
  in.filename = "rapport.pdf";
  in.content_type = "application/pdf";
  in.visibility = std::move(visibility);
  in.content = "%PDF-1.4 test";
  return in;
}

action_input act(std::string text, std::string deadline, std::optional<std::string> status = std::nullopt) {
  action_input in;
  in.text = std::move(text);
  in.deadline = std::move(deadline);
  in.status = std::move(status);
  return in;
}

bool contains(std::string const& s, std::string const& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("suppliers cases: the visibility matrix of cases") {
  matrix f;
  REQUIRE(f.team_case.on_behalf.size() == 1);
  CHECK(f.team_case.on_behalf[0].org_id == f.org_c);
  CHECK(f.team_case.team_id == std::optional<std::int64_t>(1));
  CHECK(f.team_case.org.org_id == f.org_a);
  CHECK(f.team_case.status == "planned");
  CHECK(f.team_case.created_by_name == "Anne Oslo");

  struct expect {
    std::int64_t user;
    char const* who;
    bool team, sharing, all;
  };
  std::vector<expect> const table = {
      {f.anne, "own organisation", true, true, true},
      {f.olga, "own organisation, observer", true, true, true},
      {f.bjorn, "sharing organisation", false, true, true},
      {f.cato, "on-behalf organisation", false, true, true},
      {f.dina, "unrelated organisation, the case's team", true, false, true},
      {f.emil, "unrelated organisation, another team", false, false, true},
      {f.ute, "unrelated organisation, no team", false, false, false},
      {f.nils, "no organisation, the case's team", true, false, true},
      {f.admin, "administrator", true, true, true},
  };
  for (auto const& e : table) {
    CAPTURE(e.who);
    auto v = f.as(e.user);
    std::map<std::int64_t, bool> want = {{f.team_case.id, e.team}, {f.sharing_case.id, e.sharing}, {f.all_case.id, e.all}};
    std::vector<std::int64_t> listed;
    for (auto const& [id, sees] : want) {
      CAPTURE(id);
      CHECK(can_see_case(f.rd, v, id) == sees);
      auto c = find_case(f.rd, v, id);
      CHECK(c.has_value() == sees);
      if (!c) CHECK(c.error().code == errc::not_found);
      if (sees) listed.push_back(id);
    }
    CHECK(case_ids(cases_of(f.rd, v, f.s)) == listed);
  }
  // Only the case's organisation (participants) and administrators edit it.
  CHECK(can_edit_case(f.rd, f.as(f.anne), f.team_case.id));
  CHECK(can_edit_case(f.rd, f.as(f.admin), f.team_case.id));
  CHECK_FALSE(can_edit_case(f.rd, f.as(f.olga), f.team_case.id));
  CHECK_FALSE(can_edit_case(f.rd, f.as(f.bjorn), f.sharing_case.id));
  CHECK_FALSE(can_edit_case(f.rd, f.as(f.dina), f.team_case.id));

  // Dropping the on-behalf organisation hides the sharing case from it.
  case_input up;
  up.on_behalf = std::vector<std::int64_t>{};
  auto anne = f.as(f.anne);
  REQUIRE(f.write([&](store::connection& w) { return update_case(w, anne, f.sharing_case.id, up); }));
  CHECK_FALSE(can_see_case(f.rd, f.as(f.cato), f.sharing_case.id));
  CHECK(can_see_case(f.rd, f.as(f.bjorn), f.sharing_case.id));
  // The case audience follows the same rule.
  auto aud = case_audience(f.rd, f.team_case.id);
  std::sort(aud.begin(), aud.end());
  std::vector<std::int64_t> want_aud = {f.anne, f.olga, f.dina, f.nils, f.admin};
  std::sort(want_aud.begin(), want_aud.end());
  CHECK(aud == want_aud);
}

TEST_CASE("suppliers cases: documents are seen by those who see the case and whom their visibility admits") {
  matrix f;
  auto anne = f.as(f.anne);
  auto add = [&](std::int64_t case_id, document_input const& in) {
    return f.write([&](store::connection& w) { return add_document(w, anne, case_id, in); });
  };
  auto dt = add(f.all_case.id, doc("Team", "team"));
  auto ds = add(f.all_case.id, doc("Deling", "sharing"));
  auto da = add(f.all_case.id, doc("Alle", "all"));
  auto wide = add(f.team_case.id, doc("Bredt", "all"));  // wider than its case
  REQUIRE(dt);
  REQUIRE(ds);
  REQUIRE(da);
  REQUIRE(wide);
  CHECK(dt->size == 13);
  CHECK(dt->uploaded_by_name == "Anne Oslo");

  struct expect {
    std::int64_t user;
    char const* who;
    bool team, sharing, all, wide;
  };
  std::vector<expect> const table = {
      {f.anne, "own organisation", true, true, true, true},
      {f.bjorn, "sharing organisation", false, true, true, false},
      {f.cato, "on-behalf organisation", false, true, true, false},
      {f.dina, "the case's team", true, false, true, true},
      {f.emil, "another team", false, false, true, false},
      {f.ute, "no team", false, false, false, false},
      {f.admin, "administrator", true, true, true, true},
  };
  for (auto const& e : table) {
    CAPTURE(e.who);
    auto v = f.as(e.user);
    CHECK(can_see_document(f.rd, v, dt->id) == e.team);
    CHECK(can_see_document(f.rd, v, ds->id) == e.sharing);
    CHECK(can_see_document(f.rd, v, da->id) == e.all);
    CHECK(can_see_document(f.rd, v, wide->id) == e.wide);
    CHECK(document_for(f.rd, v, dt->id).has_value() == e.team);
    CHECK(document_for(f.rd, v, wide->id).has_value() == e.wide);
    if (auto c = find_case(f.rd, v, f.all_case.id)) {
      std::vector<std::string> titles;
      for (auto const& d : c->documents) titles.push_back(d.title);
      std::vector<std::string> want;
      if (e.team) want.push_back("Team");
      if (e.sharing) want.push_back("Deling");
      if (e.all) want.push_back("Alle");
      CHECK(titles == want);
    } else {
      CHECK_FALSE(e.all);
    }
  }
  auto content = document_for(f.rd, f.as(f.bjorn), ds->id);
  REQUIRE(content);
  CHECK(content->content == "%PDF-1.4 test");
  CHECK(content->supplier_id == f.s);

  // Upload checks: team visibility needs a case with a team, type, empty file, other organisation.
  auto noteam = f.make_case(f.anne, f.org_a, f.s, f.case_in("contract_meeting", "sharing"));
  auto before = f.rows("case_documents");
  CHECK(err_of(add(noteam.id, doc("T", "team"))) == errc::bad_request);
  auto exe = doc("X", "all");
  exe.content_type = "application/x-msdownload";
  CHECK(err_of(add(f.all_case.id, exe)) == errc::bad_request);
  CHECK(reason_of(add(f.all_case.id, exe)) == "document_type");
  auto empty = doc("X", "all");
  empty.content.clear();
  CHECK(err_of(add(f.all_case.id, empty)) == errc::bad_request);
  auto slash = doc("X", "all");
  slash.filename = "../etc/passwd";
  CHECK(err_of(add(f.all_case.id, slash)) == errc::bad_request);
  CHECK(reason_of(add(f.all_case.id, slash)) == "filename_chars");
  auto bj = f.as(f.bjorn);
  CHECK(err_of(f.write([&](store::connection& w) { return add_document(w, bj, f.all_case.id, doc("B", "all")); })) == errc::forbidden);
  CHECK(f.rows("case_documents") == before);
}

TEST_CASE("suppliers cases: action counts only cover the cases the viewer may see") {
  matrix f;
  auto anne = f.as(f.anne);
  auto save = [&](std::int64_t case_id, action_input const& in) {
    return f.write([&](store::connection& w) { return save_action(w, anne, case_id, in); });
  };
  REQUIRE(save(f.team_case.id, act("Overdue in team case", day(-2))));
  REQUIRE(save(f.sharing_case.id, act("Open in sharing case", day(3), "in_progress")));
  REQUIRE(save(f.sharing_case.id, act("Overdue in sharing case", day(-1))));
  REQUIRE(save(f.all_case.id, act("Open in all case", day(7))));
  REQUIRE(save(f.all_case.id, act("Done, past", day(-9), "done")));

  using counts = std::pair<int, int>;
  CHECK(action_counts(f.rd, f.as(f.anne), f.s) == counts{4, 2});
  CHECK(action_counts(f.rd, f.as(f.admin), f.s) == counts{4, 2});
  CHECK(action_counts(f.rd, f.as(f.bjorn), f.s) == counts{3, 1});
  CHECK(action_counts(f.rd, f.as(f.dina), f.s) == counts{2, 1});
  CHECK(action_counts(f.rd, f.as(f.emil), f.s) == counts{1, 0});
  CHECK(action_counts(f.rd, f.as(f.ute), f.s) == counts{0, 0});
}

TEST_CASE("suppliers cases: create and update validate the case") {
  matrix f;
  auto anne = f.as(f.anne);
  auto create = [&](case_input const& in) { return f.write([&](store::connection& w) { return create_case(w, anne, f.s, f.org_a, in); }); };
  auto before = f.rows("followup_cases");
  case_input none;
  CHECK(contains(msg_of(create(none)), "method"));
  CHECK(contains(msg_of(create(f.case_in("inspection"))), "method"));
  CHECK(contains(msg_of(create(f.case_in("office_audit", "team"))), "team_id"));
  CHECK(contains(msg_of(create(f.case_in("office_audit", "team", 2))), "team_id"));  // not anne's team
  CHECK(contains(msg_of(create(f.case_in("office_audit", "secret"))), "visibility"));
  auto done = f.completed("office_audit", day(0));
  done.completed_on = std::optional<std::string>();
  CHECK(contains(msg_of(create(done)), "completed_on"));
  CHECK(contains(msg_of(create(f.completed("office_audit", day(1)))), "completed_on"));  // the future
  auto backwards = f.completed("office_audit", day(-5));
  backwards.started_on = std::optional<std::string>(day(-4));
  CHECK(contains(msg_of(create(backwards)), "completed_on"));
  auto badorg = f.case_in("office_audit");
  badorg.on_behalf = std::vector<std::int64_t>{9999};
  CHECK(contains(msg_of(create(badorg)), "on_behalf"));
  CHECK(err_of(f.write([&](store::connection& w) { return create_case(w, anne, 9999, f.org_a, f.case_in("office_audit")); })) == errc::not_found);
  CHECK(f.rows("followup_cases") == before);
  CHECK(f.rows("case_on_behalf") == 3);

  auto ok = create(f.completed("office_audit", day(0)));
  REQUIRE(ok);
  CHECK(ok->completed_on == std::optional<std::string>(day(0)));
  // The case's team must be one of the editor's; others may not edit.
  auto bj = f.as(f.bjorn);
  case_input up;
  up.status = "cancelled";
  CHECK(err_of(f.write([&](store::connection& w) { return update_case(w, bj, ok->id, up); })) == errc::forbidden);
  auto emil = f.as(f.emil);
  CHECK(err_of(f.write([&](store::connection& w) { return update_case(w, emil, f.team_case.id, up); })) == errc::not_found);
  auto u = f.write([&](store::connection& w) { return update_case(w, anne, ok->id, up); });
  REQUIRE(u);
  CHECK(u->status == "cancelled");
  CHECK(f.rows("supplier_audit", "kind = 'case' AND action = 'update' AND object_id = " + std::to_string(ok->id)) == 1);
}

TEST_CASE("suppliers cases: findings count breaches and validate themes and steps") {
  matrix f;
  auto anne = f.as(f.anne);
  auto id = f.sharing_case.id;
  auto set = [&](viewer const& v, std::vector<finding_input> const& in) {
    return f.write([&](store::connection& w) { return set_findings(w, v, id, in); });
  };
  auto fi = [](std::string step, std::string answer, std::vector<std::string> themes = {}, std::optional<std::string> sev = std::nullopt) {
    finding_input x;
    x.step = std::move(step);
    x.answer = std::move(answer);
    x.themes = std::move(themes);
    x.severity = std::move(sev);
    x.comment = "  kommentar  ";
    return x;
  };

  // Each invalid input: bad_request and nothing stored (even the valid findings before it).
  std::vector<std::vector<finding_input>> bad = {
      {},
      {fi("2.1", "yes"), fi("2.7", "no")},
      {fi("2.1", "yes"), fi("2.1", "no")},
      {fi("2.1", "maybe")},
      {fi("2.2", "no", {"forced_labour", "slavery"})},
      {fi("2.2", "no", {}, "extreme")},
      {fi("2.1", "yes"), fi("2.2", "yes"), fi("2.3", "yes"), fi("2.4", "yes"), fi("2.5", "yes"), fi("2.6", "yes"), fi("2.6", "no")},
  };
  for (std::size_t i = 0; i < bad.size(); ++i) {
    CAPTURE(i);
    CHECK(err_of(set(anne, bad[i])) == errc::bad_request);
  }
  CHECK(f.rows("case_findings") == 0);
  CHECK(f.rows("finding_themes") == 0);
  // Others may not set findings.
  CHECK(err_of(set(f.as(f.bjorn), {fi("2.1", "no")})) == errc::forbidden);
  CHECK(err_of(set(f.as(f.olga), {fi("2.1", "no")})) == errc::forbidden);
  CHECK(err_of(set(f.as(f.ute), {fi("2.1", "no")})) == errc::not_found);
  CHECK(f.rows("case_findings") == 0);

  auto c = set(anne, {fi("2.3", "no", {"forced_labour", "child_labour", "forced_labour"}, "high"), fi("2.1", "yes"), fi("2.5", "no")});
  REQUIRE(c);
  CHECK(c->breaches == 2);
  REQUIRE(c->findings.size() == 3);
  CHECK(c->findings[0].step == "2.1");
  CHECK_FALSE(c->findings[0].breach());
  CHECK(c->findings[1].step == "2.3");
  CHECK(c->findings[1].breach());
  CHECK(c->findings[1].themes == std::vector<std::string>{"child_labour", "forced_labour"});
  CHECK(c->findings[1].severity == std::optional<std::string>("high"));
  CHECK(c->findings[1].comment == "kommentar");

  // Replacing one step leaves the others.
  c = set(anne, {fi("2.3", "partly", {"wages_hours"})});
  REQUIRE(c);
  CHECK(c->breaches == 1);
  REQUIRE(c->findings.size() == 3);
  CHECK(c->findings[1].answer == "partly");
  CHECK(c->findings[1].themes == std::vector<std::string>{"wages_hours"});
  CHECK_FALSE(c->findings[1].severity);
  CHECK(f.rows("finding_themes") == 1);
  auto listed = cases_of(f.rd, anne, f.s);
  for (auto const& x : listed)
    if (x.id == id) CHECK(x.breaches == 1);
}

TEST_CASE("suppliers cases: escalation keeps its history") {
  matrix f;
  auto anne = f.as(f.anne);
  auto id = f.all_case.id;
  auto esc = [&](viewer const& v, std::string to, std::string comment = {}) {
    return f.write([&](store::connection& w) { return escalate(w, v, id, to, comment); });
  };
  CHECK(err_of(esc(anne, "none")) == errc::conflict);  // already there
  CHECK(err_of(esc(anne, "war")) == errc::bad_request);
  CHECK(err_of(esc(f.as(f.bjorn), "dialogue")) == errc::forbidden);
  CHECK(f.rows("case_escalations") == 0);

  auto c = esc(anne, "dialogue", "  Møte avtalt  ");
  REQUIRE(c);
  CHECK(c->escalation == "dialogue");
  REQUIRE(c->escalations.size() == 1);
  CHECK(c->escalations[0].from == "none");
  CHECK(c->escalations[0].to == "dialogue");
  CHECK(c->escalations[0].by_name == "Anne Oslo");
  CHECK(c->escalations[0].comment == "Møte avtalt");
  CHECK(c->escalations[0].at > 0);
  CHECK(err_of(esc(anne, "dialogue")) == errc::conflict);
  c = esc(f.as(f.admin), "suspension");
  REQUIRE(c);
  REQUIRE(c->escalations.size() == 2);
  CHECK(c->escalations[1].from == "dialogue");
  CHECK(c->escalations[1].to == "suspension");
  CHECK(c->escalations[1].by_name == "Ada Admin");
  c = esc(anne, "none");
  REQUIRE(c);
  CHECK(c->escalations.size() == 3);
  CHECK(c->escalation == "none");
}

TEST_CASE("suppliers cases: actions, verification and overdue flags") {
  matrix f;
  auto anne = f.as(f.anne);
  auto id = f.sharing_case.id;
  auto save = [&](viewer const& v, action_input const& in) {
    return f.write([&](store::connection& w) { return save_action(w, v, id, in); });
  };
  auto verify = [&](viewer const& v, std::int64_t aid) { return f.write([&](store::connection& w) { return verify_action(w, v, aid); }); };

  CHECK(err_of(save(anne, act("", day(3)))) == errc::bad_request);
  CHECK(err_of(save(anne, act("Tiltak", "neste uke"))) == errc::bad_request);
  CHECK(err_of(save(anne, act("Tiltak", day(3), "verified"))) == errc::bad_request);
  auto bad_step = act("Tiltak", day(3));
  bad_step.step = "3.1";
  CHECK(err_of(save(anne, bad_step)) == errc::bad_request);
  CHECK(err_of(save(f.as(f.bjorn), act("Tiltak", day(3)))) == errc::forbidden);
  CHECK(f.rows("corrective_actions") == 0);

  auto late = save(anne, act("For sent", day(-1)));
  REQUIRE(late);
  CHECK(late->status == "open");
  CHECK(late->overdue);
  auto soon = save(anne, act("Snart", day(0), "in_progress"));
  REQUIRE(soon);
  CHECK_FALSE(soon->overdue);  // due today is not overdue yet

  // Only a done action is verified.
  CHECK(err_of(verify(anne, late->id)) == errc::conflict);
  auto done = act("For sent", day(-1), "done");
  done.action_id = late->id;
  auto d = save(anne, done);
  REQUIRE(d);
  CHECK(d->status == "done");
  CHECK_FALSE(d->overdue);
  CHECK(err_of(verify(f.as(f.bjorn), late->id)) == errc::forbidden);
  auto v = verify(anne, late->id);
  REQUIRE(v);
  CHECK(v->status == "verified");
  CHECK(v->verified_by_name == "Anne Oslo");
  CHECK(v->verified_at.has_value());
  // The audit trail records the verification as its own action, with the action's text.
  CHECK(f.rows("supplier_audit", "action = 'verify' AND kind = 'action' AND detail = 'For sent' AND object_id = " + std::to_string(late->id)) == 1);
  auto const audit_rows = f.rows("supplier_audit");
  CHECK(err_of(verify(anne, late->id)) == errc::conflict);
  CHECK(f.rows("supplier_audit") == audit_rows);
  CHECK(err_of(verify(anne, 9999)) == errc::not_found);
  // Saving a verified action as done keeps it verified; reopening it drops the verification.
  auto keep = save(anne, done);
  REQUIRE(keep);
  CHECK(keep->status == "verified");
  CHECK(keep->verified_by_name == "Anne Oslo");
  auto reopen = act("For sent", day(-1), "open");
  reopen.action_id = late->id;
  auto r = save(anne, reopen);
  REQUIRE(r);
  CHECK(r->status == "open");
  CHECK_FALSE(r->verified_at);
  CHECK(r->verified_by_name.empty());
  CHECK(r->overdue);
  // An action id of another case is not found.
  auto other = reopen;
  auto oc = f.write([&](store::connection& w) { return save_action(w, anne, f.all_case.id, other); });
  CHECK(err_of(oc) == errc::not_found);
}

TEST_CASE("suppliers cases: overdue actions notify the case's organisation once per deadline") {
  matrix f;
  auto anne = f.as(f.anne);
  auto save = [&](action_input const& in) {
    return f.write([&](store::connection& w) { return save_action(w, anne, f.team_case.id, in); });
  };
  auto sweep = [&] {
    return f.write([&](store::connection& w) -> result<std::vector<chat::notification>> { return notify_overdue(w, day(0)); });
  };
  auto late = save(act("Send dokumentasjon", day(-3)));
  REQUIRE(late);
  REQUIRE(save(act("Ikke forfalt", day(0))));
  REQUIRE(save(act("Ferdig", day(-3), "done")));

  auto first = sweep();
  REQUIRE(first);
  // The users of org A (anne and olga), not the sharing, on-behalf or team members, nor admins.
  std::vector<std::int64_t> to;
  for (auto const& n : *first) {
    to.push_back(n.user_id);
    CHECK(n.kind == "action_overdue");
  }
  std::sort(to.begin(), to.end());
  std::vector<std::int64_t> want = {f.anne, f.olga};
  std::sort(want.begin(), want.end());
  CHECK(to == want);
  CHECK(f.rows("notifications", "kind = 'action_overdue'") == 2);
  CHECK(f.rows("notifications", "kind = 'action_overdue' AND action_id = " + std::to_string(late->id)) == 2);

  // Again: nothing new, also through another connection to the same file.
  auto second = sweep();
  REQUIRE(second);
  CHECK(second->empty());
  {
    store::connection other(f.db.file().string(), store::connection::mode::read_write);
    CHECK(notify_overdue(other, day(0)).empty());
  }
  CHECK(f.rows("notifications", "kind = 'action_overdue'") == 2);

  // Changing the text (same deadline) does not re-arm; a new deadline does.
  auto edit = act("Send dokumentasjon nå", day(-3));
  edit.action_id = late->id;
  REQUIRE(save(edit));
  CHECK(sweep()->empty());
  edit.deadline = day(-1);
  REQUIRE(save(edit));
  auto third = sweep();
  REQUIRE(third);
  CHECK(third->size() == 2);
  CHECK(f.rows("notifications", "kind = 'action_overdue'") == 4);
  CHECK(sweep()->empty());
  // A deadline moved into the future re-arms but is not due yet.
  edit.deadline = day(5);
  REQUIRE(save(edit));
  CHECK(sweep()->empty());
  CHECK(f.rows("corrective_actions", "overdue_notified_at IS NULL AND id = " + std::to_string(late->id)) == 1);
}

TEST_CASE("suppliers cases: a self-assessment is due the setting's days after its start") {
  matrix f;
  auto in = f.case_in("self_assessment_simplified");
  in.started_on = std::optional<std::string>(day(-3));
  auto a = f.make_case(f.anne, f.org_a, f.s, in);
  CHECK(a.answer_due == std::optional<std::string>(day(39)));
  auto b = f.make_case(f.anne, f.org_a, f.s, f.case_in("self_assessment_full"));
  CHECK(b.answer_due == std::optional<std::string>(day(42)));
  auto c = f.make_case(f.anne, f.org_a, f.s, f.case_in("office_audit"));
  CHECK_FALSE(c.answer_due);

  REQUIRE(f.write([&](store::connection& w) { return update_settings(w, 10, std::nullopt); }));
  auto d = f.make_case(f.anne, f.org_a, f.s, in);
  CHECK(d.answer_due == std::optional<std::string>(day(7)));
  // A new start date recomputes it; another method drops it; back to a self-assessment sets it.
  auto anne = f.as(f.anne);
  case_input up;
  up.started_on = std::optional<std::string>(day(0));
  auto u = f.write([&](store::connection& w) { return update_case(w, anne, a.id, up); });
  REQUIRE(u);
  CHECK(u->answer_due == std::optional<std::string>(day(10)));
  case_input m;
  m.method = "factory_audit";
  u = f.write([&](store::connection& w) { return update_case(w, anne, a.id, m); });
  REQUIRE(u);
  CHECK_FALSE(u->answer_due);
  m.method = "self_assessment_full";
  u = f.write([&](store::connection& w) { return update_case(w, anne, a.id, m); });
  REQUIRE(u);
  CHECK(u->answer_due == std::optional<std::string>(day(10)));
}

TEST_CASE("suppliers cases: reliance is refused with reasons and stores nothing, accepted when valid") {
  suppliers_fixture f;
  auto s = f.supplier("Alfa AS", "983974880");
  f.contract(f.anne, f.org_a, s, "basic");
  f.contract(f.bjorn, f.org_b, s, "advanced");  // requires factory_audit
  auto audit_done = f.make_case(f.anne, f.org_a, s, f.completed("factory_audit", day(-100)));
  auto weak = f.make_case(f.anne, f.org_a, s, f.completed("document_review", day(-100)));
  auto ongoing = f.make_case(f.anne, f.org_a, s, f.case_in("re_audit"));
  auto hidden = f.make_case(f.anne, f.org_a, s, f.case_in("factory_audit", "team", 1));
  auto bj = f.as(f.bjorn);
  auto rely_on = [&](viewer const& v, std::int64_t case_id, std::int64_t org) {
    return f.write([&](store::connection& w) { return rely(w, v, s, case_id, org); });
  };

  auto chk = reliance_check(f.rd, s, weak.id, f.org_b);
  REQUIRE(chk);
  CHECK(chk->reasons == std::vector<std::string>{"method_too_weak"});
  auto r = rely_on(bj, weak.id, f.org_b);
  CHECK(err_of(r) == errc::conflict);
  CHECK(contains(msg_of(r), "mindre grundig"));
  r = rely_on(bj, ongoing.id, f.org_b);
  CHECK(err_of(r) == errc::conflict);
  CHECK(contains(msg_of(r), "ikke fullført"));
  CHECK(err_of(rely_on(bj, hidden.id, f.org_b)) == errc::not_found);
  // Org C has no contract (an administrator acting for it); org A's own case.
  CHECK(err_of(rely_on(f.as(f.cato), audit_done.id, f.org_c)) == errc::not_found);  // cato cannot even see it
  CHECK(err_of(rely_on(f.as(f.admin), audit_done.id, f.org_c)) == errc::conflict);
  CHECK(reliance_check(f.rd, s, audit_done.id, f.org_c)->reasons == std::vector<std::string>{"no_contract"});
  CHECK(err_of(rely_on(f.as(f.anne), audit_done.id, f.org_a)) == errc::conflict);
  CHECK(reliance_check(f.rd, s, audit_done.id, f.org_a)->reasons == std::vector<std::string>{"own_case"});
  // A case of another supplier.
  auto other = f.supplier("Beta AS", "974760673");
  CHECK(err_of(reliance_check(f.rd, other, audit_done.id, f.org_b)) == errc::not_found);
  CHECK(f.rows("reliances") == 0);
  CHECK(f.rows("supplier_audit", "kind = 'reliance'") == 0);

  auto ok = rely_on(bj, audit_done.id, f.org_b);
  REQUIRE(ok);
  CHECK(ok->valid);
  CHECK(ok->reasons.empty());
  CHECK(ok->case_id == audit_done.id);
  CHECK(ok->org.org_id == f.org_b);
  CHECK(ok->recorded_by_name == "Bjørn Bergen");
  CHECK(f.rows("reliances") == 1);
  CHECK(f.rows("supplier_audit", "kind = 'reliance' AND action = 'create'") == 1);
  // A failed attempt later leaves the stored reliance as it was.
  CHECK(err_of(rely_on(bj, weak.id, f.org_b)) == errc::conflict);
  CHECK(f.rows("reliances", "case_id = " + std::to_string(audit_done.id)) == 1);
}

TEST_CASE("suppliers cases: reliances are re-checked against today's rule") {
  suppliers_fixture f;
  auto s = f.supplier("Alfa AS", "983974880");
  f.contract(f.anne, f.org_a, s, "basic");
  f.contract(f.bjorn, f.org_b, s, "basic");
  auto c = f.make_case(f.anne, f.org_a, s, f.completed("self_assessment_full", day(-60)));
  auto bj = f.as(f.bjorn);
  REQUIRE(f.write([&](store::connection& w) { return rely(w, bj, s, c.id, f.org_b); }));
  auto list = reliances_of(f.rd, s);
  REQUIRE(list.size() == 1);
  CHECK(list[0].valid);

  // The setting shrinks below the case's age: the reliance is no longer valid (but kept).
  REQUIRE(f.write([&](store::connection& w) { return update_settings(w, std::nullopt, 60); }));
  list = reliances_of(f.rd, s);
  REQUIRE(list.size() == 1);
  CHECK(list[0].valid);  // exactly 60 days: still valid
  REQUIRE(f.write([&](store::connection& w) { return update_settings(w, std::nullopt, 59); }));
  list = reliances_of(f.rd, s);
  REQUIRE(list.size() == 1);
  CHECK_FALSE(list[0].valid);
  REQUIRE(list[0].reasons.size() == 1);
  CHECK(contains(list[0].reasons[0], "fullført"));
  CHECK(list[0].reason_codes == std::vector<std::string>{"too_old"});

  // A stricter contract makes the method too weak.
  REQUIRE(f.write([&](store::connection& w) { return update_settings(w, std::nullopt, 1095); }));
  CHECK(reliances_of(f.rd, s)[0].valid);
  f.contract(f.bjorn, f.org_b, s, "advanced", "over_50m", std::nullopt, "K-2");
  list = reliances_of(f.rd, s);
  CHECK_FALSE(list[0].valid);
  REQUIRE(list[0].reasons.size() == 1);
  CHECK(contains(list[0].reasons[0], "«Fabrikkrevisjon»"));  // the method's Norwegian name, not its code
  CHECK(list[0].reason_codes == std::vector<std::string>{"method_too_weak"});

  // unrely removes it; twice is not_found.
  auto st = f.write([&](store::connection& w) { return unrely(w, bj, s, f.org_b); });
  CHECK(st);
  CHECK(reliances_of(f.rd, s).empty());
  auto again = f.write([&](store::connection& w) { return unrely(w, bj, s, f.org_b); });
  REQUIRE_FALSE(again);
  CHECK(again.error().code == errc::not_found);
}
