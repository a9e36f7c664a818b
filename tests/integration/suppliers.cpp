// Suppliers and follow-up against the real server: who sees which case, document and note
// (over HTTP and on the WebSocket, with no leaks), all-or-nothing imports over the JSON operation
// and the upload route, the overdue-action notification (once per user, also across a restart,
// re-armed by a new deadline), the audit trail, reliance on another organisation's follow-up,
// and bad input refused with the field named and nothing stored.
#include "integration/supplier_support.hpp"

#include <algorithm>
#include <map>
#include <set>

using namespace arena::itest;

namespace {

bool contains(std::string const& s, std::string const& part) { return s.find(part) != std::string::npos; }

// The case.updated events for each case id among `frames`.
std::map<std::int64_t, int> case_events(std::vector<json> const& frames) {
  std::map<std::int64_t, int> out;
  for (auto const& f : frames)
    if (f.value("ev", std::string()) == "case.updated") ++out[f["case"]["id"].get<std::int64_t>()];
  return out;
}

// Waits for the sentinel supplier.updated of `supplier_id` with `name`, then takes every queued
// frame (the events published before it, in order).
std::vector<json> frames_until_sentinel(ws_client& ws, std::int64_t supplier_id, std::string const& name) {
  std::vector<json> before;
  auto const deadline = std::chrono::steady_clock::now() + io_timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("no sentinel supplier.updated in time");
    auto f = ws.next(left);
    if (f.value("ev", std::string()) == "supplier.updated" && f["supplier"].is_object() && f["supplier"]["id"] == supplier_id &&
        f["supplier"]["name"] == name)
      return before;
    before.push_back(std::move(f));
  }
}

std::vector<json> action_overdue_for(http_client& who, std::int64_t action_id) {
  auto r = who.post("notification.list", {{"limit", 200}});
  INFO("notification.list: ", r.body);
  REQUIRE(r.status == 200);
  std::vector<json> out;
  for (auto const& n : r.body_json["notifications"])
    if (n["kind"] == "action_overdue" && n.value("action_id", std::int64_t{0}) == action_id) out.push_back(n);
  return out;
}

std::function<bool(json const&)> overdue_for(std::int64_t action_id) {
  return [action_id](json const& e) {
    auto const& n = e["notification"];
    return n["kind"] == "action_overdue" && n.value("action_id", std::int64_t{0}) == action_id;
  };
}

}  // namespace

TEST_CASE("suppliers: the visibility matrix of cases, documents and notes, over HTTP and the WebSocket") {
  supplier_world w;
  ARENA_LOG_ON_FAILURE(w.site);
  auto& A = *w.ua.http;
  auto const nrs = orgnrs(92345670, 1);
  auto const sup = w.make_supplier(A, "Felles Leverandør AS", nrs[0], {{"risk_level", "high"}, {"categories", {"ikt"}}});
  w.make_contract(A, sup, "basic", "A-1");
  w.make_contract(*w.ub.http, sup, "basic", "B-1");

  // Everyone's socket, open before anything happens.
  struct who_t {
    std::string name;
    http_client* http;
  };
  std::vector<who_t> people = {{"A", w.ua.http.get()}, {"B", w.ub.http.get()},    {"C", w.uc.http.get()}, {"D", w.ud.http.get()},
                               {"observer", w.obs.http.get()}, {"no team", w.nob.http.get()}, {"admin", &w.site.admin}};
  std::vector<std::unique_ptr<ws_client>> sockets;
  for (auto const& p : people) sockets.push_back(w.site.socket_for(*p.http));

  auto k_team = w.make_case(A, sup, {{"visibility", "team"}, {"team_id", w.t1}});
  auto k_share = w.make_case(A, sup, {{"visibility", "sharing"}});
  auto k_all = w.make_case(A, sup, {{"visibility", "all"}, {"team_id", w.t1}});
  auto k_behalf = w.make_case(A, sup, {{"visibility", "sharing"}, {"on_behalf", {w.org_d}}});
  auto const id_team = k_team["id"].get<std::int64_t>(), id_share = k_share["id"].get<std::int64_t>(),
             id_all = k_all["id"].get<std::int64_t>(), id_behalf = k_behalf["id"].get<std::int64_t>();
  CHECK(k_team["visibility"] == "team");
  CHECK(k_team["team_id"] == w.t1);
  CHECK(k_behalf["on_behalf"].size() == 1);
  CHECK(k_behalf["on_behalf"][0]["org_id"] == w.org_d);

  // Documents, some narrower than their case, one wider (which does not widen the case's).
  auto doc = [&](std::int64_t case_id, std::string const& vis, std::string const& name) {
    auto r = upload_document(A, case_id, "Rapport " + name, vis, name + ".txt", "text/plain; charset=utf-8", "innhold " + name);
    INFO("upload ", name, ": ", r.body);
    REQUIRE(r.status == 200);
    CHECK(r.body_json["document"]["visibility"] == vis);
    CHECK(r.body_json["document"]["content_type"] == "text/plain");
    CHECK(r.body_json["document"]["size"] == ("innhold " + name).size());
    return r.body_json["document"]["id"].get<std::int64_t>();
  };
  auto const d1 = doc(id_all, "team", "d1");        // all-case, team document: T1 and A
  auto const d2 = doc(id_all, "sharing", "d2");     // all-case, sharing document: A and B
  auto const d3 = doc(id_share, "all", "d3");       // sharing case, all document: A and B still
  auto const d4 = doc(id_team, "sharing", "d4");    // team case, sharing document: A only (C is in T1, not sharing)
  auto const d5 = doc(id_behalf, "sharing", "d5");  // on behalf of D: A, B, D

  // Notes: a T1 note by C (team) and a T2 note by D for everyone.
  auto n_team = ok_post(*w.uc.http, "note.create",
                        {{"title", "Erfaring med fabrikkbesøk"}, {"body", "Kalibreringsrutiner var mangelfulle."}, {"team_ids", {w.t1}},
                         {"visibility", "team"}, {"supplier_id", sup}})["note"];
  auto n_all = ok_post(*w.ud.http, "note.create",
                       {{"title", "Felles erfaring"}, {"body", "Kalibreringsrutiner er viktige for alle."}, {"team_ids", {w.t2}},
                        {"visibility", "all"}})["note"];
  auto const note_team = n_team["id"].get<std::int64_t>(), note_all = n_all["id"].get<std::int64_t>();

  // The sentinel: a supplier change goes to every signed-in socket, after all of the above.
  ok_post(A, "supplier.update", {{"supplier_id", sup}, {"name", "Felles Leverandør ASA"}});

  // Who may see what.
  std::map<std::string, std::set<std::int64_t>> cases = {
      {"A", {id_team, id_share, id_all, id_behalf}},
      {"B", {id_share, id_all, id_behalf}},
      {"C", {id_team, id_all}},
      {"D", {id_all, id_behalf}},
      {"observer", {id_all}},
      {"no team", {}},
      {"admin", {id_team, id_share, id_all, id_behalf}},
  };
  std::map<std::string, std::set<std::int64_t>> docs = {
      {"A", {d1, d2, d3, d4, d5}}, {"B", {d2, d3, d5}}, {"C", {d1}}, {"D", {d5}},
      {"observer", {}},            {"no team", {}},      {"admin", {d1, d2, d3, d4, d5}},
  };
  std::map<std::string, std::set<std::int64_t>> notes = {
      {"A", {note_team, note_all}}, {"B", {note_all}}, {"C", {note_team, note_all}}, {"D", {note_all}},
      {"observer", {note_all}},     {"no team", {}},   {"admin", {note_team, note_all}},
  };
  // case.updated per case: the creation and one per document upload.
  std::map<std::int64_t, int> events_per_case = {{id_team, 2}, {id_share, 2}, {id_all, 3}, {id_behalf, 2}};
  std::map<std::int64_t, std::string> doc_body = {{d1, "innhold d1"}, {d2, "innhold d2"}, {d3, "innhold d3"}, {d4, "innhold d4"}, {d5, "innhold d5"}};

  http_client anonymous(w.site.srv);
  for (std::size_t i = 0; i < people.size(); ++i) {
    auto const& p = people[i];
    auto& http = *p.http;
    INFO("user: ", p.name);
    auto const& mine = cases[p.name];
    // case.get: 200 for the visible ones, not_found for the others.
    for (auto id : {id_team, id_share, id_all, id_behalf}) {
      auto r = http.post("case.get", {{"case_id", id}});
      INFO("case ", id, ": ", r.body);
      if (mine.contains(id)) {
        CHECK(r.status == 200);
        // The documents in the case are those this user may see.
        std::set<std::int64_t> shown;
        for (auto const& d : r.body_json["case"]["documents"]) shown.insert(d["id"].get<std::int64_t>());
        std::set<std::int64_t> expect;
        for (auto d : docs[p.name])
          if ((id == id_all && (d == d1 || d == d2)) || (id == id_share && d == d3) || (id == id_team && d == d4) || (id == id_behalf && d == d5))
            expect.insert(d);
        CHECK(shown == expect);
      } else {
        CHECK(r.status == 404);
        CHECK(r.error_code() == "not_found");
        CHECK_FALSE(contains(r.body, "Felles"));
      }
    }
    // supplier.get: the cases list is exactly the visible ones (the user in no team may not read).
    auto g = http.post("supplier.get", {{"supplier_id", sup}});
    INFO("supplier.get: ", g.body);
    if (p.name == "no team") {
      CHECK(g.status == 403);
      CHECK(g.error_code() == "forbidden");
    } else {
      REQUIRE(g.status == 200);
      std::set<std::int64_t> listed;
      for (auto const& k : g.body_json["cases"]) listed.insert(k["id"].get<std::int64_t>());
      CHECK(listed == mine);
      // Nothing about the hidden cases in the timeline either.
      int case_lines = 0;
      for (auto const& t : g.body_json["timeline"]) case_lines += t["kind"] == "case";
      CHECK(case_lines == static_cast<int>(mine.size()));
      // Codes, for the client to word in the reader's language: a case line names its method,
      // organisation and status; a change its action and detail.
      bool created = false;
      for (auto const& t : g.body_json["timeline"]) {
        INFO("timeline entry: ", t.dump());
        CHECK_FALSE(t.contains("text"));
        if (t["kind"] == "case") {
          CHECK(t["method"].is_string());
          CHECK(t["status"].is_string());
          CHECK(t["org_name"].is_string());
        } else {
          CHECK(t["action"].is_string());
          CHECK(t["detail"].is_string());
          created = created || (t["kind"] == "supplier" && t["action"] == "create");
        }
      }
      CHECK(created);
    }
    // The document downloads.
    for (auto const& [d, body] : doc_body) {
      auto r = http.get("/api/documents/" + std::to_string(d));
      INFO("document ", d, ": ", r.status, " ", r.body);
      if (docs[p.name].contains(d)) {
        CHECK(r.status == 200);
        CHECK(r.body == body);
        CHECK(contains(r.header("content-disposition"), "attachment"));
        CHECK(r.header("content-type") == "text/plain");
      } else {
        CHECK(r.status == 404);
        CHECK_FALSE(contains(r.body, "innhold"));
      }
    }
    // Notes: note.get, note.list and the search.
    for (auto id : {note_team, note_all}) {
      auto r = http.post("note.get", {{"note_id", id}});
      INFO("note ", id, ": ", r.body);
      CHECK(r.status == (notes[p.name].contains(id) ? 200u : 404u));
    }
    auto l = http.post("note.list", json::object());
    INFO("note.list: ", l.body);
    if (l.status == 200) {
      std::set<std::int64_t> got;
      for (auto const& n : l.body_json["notes"]) got.insert(n["id"].get<std::int64_t>());
      CHECK(got == notes[p.name]);
    } else {
      CHECK(notes[p.name].empty());
      CHECK(l.status == 403);
    }
    auto s = http.post("note.list", {{"q", "kalibrering*"}});  // a prefix
    INFO("note.list q: ", s.body);
    if (s.status == 200) {
      std::set<std::int64_t> got;
      for (auto const& n : s.body_json["notes"]) got.insert(n["id"].get<std::int64_t>());
      CHECK(got == notes[p.name]);
      if (!notes[p.name].contains(note_team)) CHECK_FALSE(contains(s.body, "mangelfulle"));
    } else {
      CHECK(notes[p.name].empty());
    }

    // The WebSocket: case.updated and note.updated only to those who may see.
    auto frames = frames_until_sentinel(*sockets[i], sup, "Felles Leverandør ASA");
    auto per_case = case_events(frames);
    for (auto id : {id_team, id_share, id_all, id_behalf}) {
      INFO("case.updated for case ", id);
      CHECK(per_case[id] == (mine.contains(id) ? events_per_case[id] : 0));
    }
    std::set<std::int64_t> note_events;
    for (auto const& f : frames) {
      if (f.value("ev", std::string()) == "note.updated") note_events.insert(f["note"]["id"].get<std::int64_t>());
      if (f.value("ev", std::string()) == "case.updated") {
        // Events carry no documents (they depend on the reader).
        CHECK((!f["case"].contains("documents") || f["case"]["documents"].empty()));
      }
    }
    CHECK(note_events == notes[p.name]);
  }

  // Without a session: 401 for the download, and case.get is unauthorized.
  auto r401 = anonymous.get("/api/documents/" + std::to_string(d3));
  CHECK(r401.status == 401);
  CHECK_FALSE(contains(r401.body, "innhold"));
  CHECK(anonymous.get("/api/documents/999999").status == 401);
  CHECK(anonymous.post("case.get", {{"case_id", id_all}}).status == 401);
  CHECK(A.get("/api/documents/999999").status == 404);
  CHECK(A.get("/api/documents/abc").status == 404);

  // A change of a note's visibility: those who could see it before hear of it, and then lose it.
  std::vector<std::unique_ptr<ws_client>> again;
  for (auto const& p : people) again.push_back(w.site.socket_for(*p.http));
  ok_post(*w.ud.http, "note.update", {{"note_id", note_all}, {"visibility", "team"}});
  ok_post(A, "supplier.update", {{"supplier_id", sup}, {"name", "Felles Leverandør AS"}});
  for (std::size_t i = 0; i < people.size(); ++i) {
    INFO("user: ", people[i].name);
    auto frames = frames_until_sentinel(*again[i], sup, "Felles Leverandør AS");
    int n = 0;
    for (auto const& f : frames) n += f.value("ev", std::string()) == "note.updated" && f["note"]["id"] == note_all;
    CHECK(n == (notes[people[i].name].contains(note_all) ? 1 : 0));
    bool const still = people[i].name == "D" || people[i].name == "observer" || people[i].name == "admin";
    CHECK(people[i].http->post("note.get", {{"note_id", note_all}}).status == (still ? 200u : 404u));
  }
}

TEST_CASE("suppliers: imports are all or nothing, over the JSON operation and the upload route") {
  supplier_world w;
  ARENA_LOG_ON_FAILURE(w.site);
  auto& A = *w.ua.http;
  // Every supplier, from the export (supplier.list pages by 1,000).
  auto list_size = [&] {
    auto e = ok_post(A, "supplier.export", {{"format", "json"}});
    return json::parse(e["content"].get<std::string>())["suppliers"].size();
  };
  auto const before = list_size();
  auto const nr = orgnrs(93456780, 80);
  auto const bad = bad_check(nr[3]);

  // Line 1 the header; line 2 a supplier whose products span two lines (3 and 4 are the same
  // record), so the file's lines are not the record numbers.
  std::string const header = "navn;organisasjonsnummer;land;kjoper;kontrakt;verdi;klausul;produkter\n";
  std::string bad_file = header +
                         "Nord Tekstil AS;" + nr[0] + ";NO;" + w.orgnr_a + ";K-100;1m_10m;basic;\"Uniformer\nog sengetøy\"\n" +  // lines 2-3
                         "Sør IKT AS;" + nr[1] + ";NO;Alfa kommune;K-101;under_1m;advanced;PC\n" +                             // line 4
                         "Feil Nummer AS;" + bad + ";NO;" + w.orgnr_a + ";K-102;1m_10m;basic;Stoler\n" +                         // line 5
                         "Ukjent Kjøper AS;" + nr[4] + ";NO;Ukjent etat;K-103;1m_10m;basic;Bord\n" +                             // line 6
                         "Sør IKT AS;" + nr[1] + ";NO;Alfa kommune;K-101;under_1m;advanced;PC igjen\n" +                        // line 7
                         "Vest Bygg AS;" + nr[5] + ";NO;;;;;\n";                                                                   // line 8
  auto dry = ok_post(A, "supplier.import", {{"csv", bad_file}}, "dry run");  // dry_run defaults to true
  INFO(dry.dump());
  CHECK(dry["dry_run"] == true);
  CHECK(dry["stored"] == false);
  CHECK(dry["rows"] == 6);
  std::map<std::string, std::pair<int, std::string>> by_code;
  for (auto const& e : dry["errors"]) by_code[e["code"].get<std::string>()] = {e["row"].get<int>(), e["field"].get<std::string>()};
  CHECK(dry["errors"].size() == 3);
  CHECK(by_code["bad_orgnr"] == std::make_pair(5, std::string("orgnr")));
  CHECK(by_code["unknown_org"] == std::make_pair(6, std::string("buyer_org")));
  CHECK(by_code["duplicate"] == std::make_pair(7, std::string("contract_ref")));
  // Each error says which check failed and the cell as written (the client words it).
  for (auto const& e : dry["errors"]) {
    if (e["code"] == "bad_orgnr") CHECK((e["detail"] == "orgnr_invalid" && e["value"] == bad));
    if (e["code"] == "unknown_org") CHECK((e["detail"] == "no_such_org" && e["value"] == "Ukjent etat"));
    if (e["code"] == "duplicate") CHECK((e["detail"] == "contract_twice_in_file" && e["value"] == "K-101"));
  }
  CHECK(list_size() == before);

  // Not a dry run: the same errors, nothing stored.
  auto real = ok_post(A, "supplier.import", {{"csv", bad_file}, {"dry_run", false}}, "with errors");
  CHECK(real["dry_run"] == false);
  CHECK(real["stored"] == false);
  CHECK(real["errors"].size() == 3);
  CHECK(list_size() == before);

  // Many good rows and one bad one (the last): nothing stored.
  std::string many = header;
  for (int i = 10; i < 70; ++i)
    many += "Leverandør " + std::to_string(i) + " AS;" + nr[static_cast<std::size_t>(i)] + ";NO;" + w.orgnr_a + ";R-" + std::to_string(i) +
            ";10m_50m;basic;Varer\n";
  auto many_bad = many + "Siste AS;" + bad_check(nr[70]) + ";NO;;;;;\n";
  auto one_bad = ok_post(A, "supplier.import", {{"csv", many_bad}, {"dry_run", false}}, "one bad row");
  CHECK(one_bad["stored"] == false);
  REQUIRE(one_bad["errors"].size() == 1);
  CHECK(one_bad["errors"][0]["row"] == 62);
  CHECK(one_bad["errors"][0]["code"] == "bad_orgnr");
  CHECK(one_bad["suppliers_new"] == 60);  // the rows without errors
  CHECK(list_size() == before);
  CHECK(ok_post(A, "supplier.list", {{"mine", true}})["suppliers"].empty());

  // The clean file: everything, in one go.
  auto ws = w.site.socket_for(*w.ub.http);
  auto clean = ok_post(A, "supplier.import", {{"csv", many}, {"dry_run", false}}, "clean");
  CHECK(clean["stored"] == true);
  CHECK(clean["errors"].empty());
  CHECK(clean["suppliers_new"] == 60);
  CHECK(clean["contracts_new"] == 60);
  CHECK(list_size() == before + 60);
  auto mine = ok_post(A, "supplier.list", {{"mine", true}})["suppliers"];
  CHECK(mine.size() == 60);
  auto ev = ws->wait_event("supplier.updated");
  CHECK(ev["supplier"].is_null());
  // Importing it again: the suppliers exist, the contracts are duplicates.
  auto again = ok_post(A, "supplier.import", {{"csv", many}, {"dry_run", true}}, "again");
  CHECK(again["errors"].size() == 60);
  CHECK(again["errors"][0]["code"] == "duplicate");
  // A file that cannot be read at all: the whole import is refused with a reason the client words.
  auto quote = A.post("supplier.import", {{"csv", "navn;orgnr\nAlfa;\"983974880\nBeta;910000004\n"}});
  CHECK(quote.status == 400);
  CHECK(err_reason(quote) == "csv_unterminated_quote");
  CHECK(contains(err_message(quote), "CSV line 2:"));
  auto noname = A.post("supplier.import", {{"csv", "orgnr;land\n983974880;NO\n"}});
  CHECK(err_reason(noname) == "csv_no_name_column");
  // Another organisation's contract is not B's to import.
  auto theirs = ok_post(*w.ub.http, "supplier.import", {{"csv", header + "X AS;" + nr[75] + ";NO;" + w.orgnr_a + ";Z;1m_10m;basic;\n"}}, "not B's");
  REQUIRE(theirs["errors"].size() == 1);
  CHECK(theirs["errors"][0]["code"] == "not_your_org");

  // The upload route: a file over 1 MiB (a long comment column, which the import ignores).
  auto const big_nr = orgnrs(94567890, 1100);
  std::string big = "navn;orgnr;land;kommentar\n";
  std::string const pad(1000, 'x');
  for (std::size_t i = 0; i < big_nr.size(); ++i) big += "Stor " + std::to_string(i) + " AS;" + big_nr[i] + ";NO;" + pad + "\n";
  REQUIRE(big.size() > 1024 * 1024);
  auto big_dry = upload_import(A, big, true);
  INFO("upload dry: ", big_dry.body.substr(0, 400));
  REQUIRE(big_dry.status == 200);
  CHECK(big_dry.body_json["dry_run"] == true);
  CHECK(big_dry.body_json["rows"] == 1100);
  CHECK(big_dry.body_json["suppliers_new"] == 1100);
  CHECK(big_dry.body_json["errors"].empty());
  CHECK(list_size() == before + 60);
  auto big_real = upload_import(A, big, false);
  INFO("upload: ", big_real.body.substr(0, 400));
  REQUIRE(big_real.status == 200);
  CHECK(big_real.body_json["stored"] == true);
  CHECK(list_size() == before + 60 + 1100);
  // A page holds at most 1,000 (the default); `next` leads on to the rest, `total` counts them all.
  auto const all = before + 60 + 1100;
  auto first = ok_post(A, "supplier.list", json::object());
  CHECK(first["suppliers"].size() == 1000);
  CHECK(first["total"] == all);
  REQUIRE(first["next"].is_object());
  {
    std::set<std::int64_t> seen;
    std::string last_name;
    json after = nullptr;
    int pages = 0;
    for (; pages < 10; ++pages) {
      auto page = ok_post(A, "supplier.list", {{"limit", 400}, {"after", after}}, "page");
      CHECK(page["total"] == all);
      for (auto const& s : page["suppliers"]) {
        CHECK(seen.insert(s["id"].get<std::int64_t>()).second);
        last_name = s["name"].get<std::string>();
      }
      if (page["next"].is_null()) break;
      CHECK(page["suppliers"].size() == 400);
      CHECK(page["next"]["name"] == last_name);
      after = page["next"];
    }
    CHECK(pages == 2);  // 400 + 400 + the rest
    CHECK(seen.size() == all);
  }
  auto stor = ok_post(A, "supplier.list", {{"q", "Stor 109"}});  // Stor 109, Stor 1090..1099
  CHECK(stor["suppliers"].size() == 11);
  CHECK(stor["total"] == 11);
  CHECK(stor["next"].is_null());

  // Over 10 MiB: 413, nothing stored; the server carries on.
  std::string huge = "navn;orgnr;land\n";
  while (huge.size() <= 11 * 1024 * 1024) huge += "Enorm AS;" + nr[79] + ";NO;" + pad + "\n";
  auto r413 = upload_import(A, huge, false);
  CHECK(r413.status == 413);
  CHECK(list_size() == before + 60 + 1100);
  // Without a session: 401.
  http_client anonymous(w.site.srv);
  CHECK(upload_import(anonymous, many, true).status == 401);
}

TEST_CASE("suppliers: an overdue action notifies each user of the case's organisation once, also across a restart") {
  temp_dir data("arena-it-suppliers");
  server_options opts;
  opts.data_dir = data.path();
  opts.extra_args = {"--reminder-poll-s", "1"};
  auto const yesterday = day(plus_days(oslo_today(), -1));
  auto const before_yesterday = day(plus_days(oslo_today(), -2));
  std::int64_t sup = 0, case_id = 0, action_id = 0;
  std::map<std::string, std::string> cookies;
  {
    supplier_world w(opts);
    ARENA_LOG_ON_FAILURE(w.site);
    auto& A = *w.ua.http;
    // A second user of A, in no team: notified as well (the organisation's users).
    auto a2 = w.make_user("arne@alfa.no", "Arne Alfa", w.org_a);
    sup = w.make_supplier(A, "Sen Leverandør AS", orgnrs(95678900, 1)[0]);
    w.make_contract(A, sup);
    w.make_contract(*w.ub.http, sup, "basic", "B-1");
    auto wa = w.site.socket_for(A);
    auto wa2 = w.site.socket_for(*a2.http);
    auto wb = w.site.socket_for(*w.ub.http);
    auto wadm = w.site.socket_for(w.site.admin);
    case_id = w.make_case(A, sup, {{"visibility", "all"}})["id"].get<std::int64_t>();
    auto act = ok_post(A, "action.save", {{"case_id", case_id}, {"action", "Dokumentere lønnsutbetalinger"}, {"deadline", yesterday}, {"step", "2.3"}})["action"];
    action_id = act["id"].get<std::int64_t>();
    CHECK(act["overdue"] == true);
    CHECK(act["deadline"] == yesterday);
    // A done action past its deadline is not overdue and notifies nobody.
    auto done = ok_post(A, "action.save", {{"case_id", case_id}, {"action", "Allerede gjort"}, {"deadline", yesterday}, {"status", "done"}})["action"];
    auto const done_id = done["id"].get<std::int64_t>();
    CHECK(done["overdue"] == false);

    for (auto* ws : {wa.get(), wa2.get()}) {
      auto e = wait_event_where(*ws, "notification", overdue_for(action_id));
      auto const& n = e["notification"];
      CHECK(n["case_id"] == case_id);
      CHECK(n["supplier_id"] == sup);
      CHECK(n["excerpt"] == "Dokumentere lønnsutbetalinger");
      CHECK(n["team_id"].is_null());
      CHECK(n["channel_id"].is_null());
      CHECK(n["read"] == false);
    }
    // A few polls later: still one each; then a sentinel action proves a sweep has run since.
    auto late_a = drain(*wa, 3500ms);
    CHECK(count_events(late_a, "notification", overdue_for(action_id)) == 0);
    auto sentinel = ok_post(A, "action.save", {{"case_id", case_id}, {"action", "Vaktpost 1"}, {"deadline", yesterday}})["action"]["id"].get<std::int64_t>();
    wait_event_where(*wa, "notification", overdue_for(sentinel));
    wait_event_where(*wa2, "notification", overdue_for(sentinel));
    CHECK(action_overdue_for(A, action_id).size() == 1);
    CHECK(action_overdue_for(*a2.http, action_id).size() == 1);
    CHECK(action_overdue_for(A, done_id).empty());
    // Not for other organisations, also when they see the case (B shares, the admin sees all).
    for (auto* who : {w.ub.http.get(), w.uc.http.get(), &w.site.admin}) {
      CHECK(action_overdue_for(*who, action_id).empty());
      CHECK(action_overdue_for(*who, sentinel).empty());
    }
    for (auto* ws : {wb.get(), wadm.get()}) {
      REQUIRE(ws->request("auth.me")["ok"] == true);
      auto frames = drain(*ws, 200ms);
      CHECK(count_events(frames, "notification", [](json const&) { return true; }) == 0);
    }
    // The supplier shows the overdue actions to those who see the case.
    auto g = ok_post(*w.ub.http, "supplier.get", {{"supplier_id", sup}});
    CHECK(g["supplier"]["overdue_actions"] == 2);
    cookies["a"] = A.cookie(w.site.cookie_name());
    cookies["a2"] = a2.http->cookie(w.site.cookie_name());
    cookies["b"] = w.ub.http->cookie(w.site.cookie_name());
    CHECK(w.site.srv.stop() == 0);
  }

  // The same data directory: sent notifications are remembered.
  server_process again(opts);
  INFO("server log (tail):\n", again.log_tail());
  http_client A(again), a2(again), B(again);
  A.set_cookie_value("arena_session", cookies["a"]);
  a2.set_cookie_value("arena_session", cookies["a2"]);
  B.set_cookie_value("arena_session", cookies["b"]);
  ws_client::options o;
  o.cookie = "arena_session=" + cookies["a"];
  o.origin = again.origin();
  auto wa = ws_client::connect(again.port(), false, o);
  auto late = drain(*wa, 3500ms);
  CHECK(count_events(late, "notification", overdue_for(action_id)) == 0);
  auto sentinel = ok_post(A, "action.save", {{"case_id", case_id}, {"action", "Vaktpost 2"}, {"deadline", yesterday}})["action"]["id"].get<std::int64_t>();
  wait_event_where(*wa, "notification", overdue_for(sentinel));
  CHECK(action_overdue_for(A, action_id).size() == 1);
  CHECK(action_overdue_for(a2, action_id).size() == 1);
  CHECK(action_overdue_for(B, action_id).empty());

  // Another past deadline re-arms it: a second notification, and only one more.
  auto moved = ok_post(A, "action.save", {{"case_id", case_id}, {"action_id", action_id}, {"action", "Dokumentere lønnsutbetalinger"}, {"deadline", before_yesterday}})["action"];
  CHECK(moved["deadline"] == before_yesterday);
  wait_event_where(*wa, "notification", overdue_for(action_id));
  auto late2 = drain(*wa, 3000ms);
  CHECK(count_events(late2, "notification", overdue_for(action_id)) == 0);
  CHECK(action_overdue_for(A, action_id).size() == 2);
  CHECK(action_overdue_for(a2, action_id).size() == 2);
  CHECK(action_overdue_for(B, action_id).empty());
  // Saving it with the same deadline does not re-arm it.
  ok_post(A, "action.save", {{"case_id", case_id}, {"action_id", action_id}, {"action", "Dokumentere lønnsutbetalinger."}, {"deadline", before_yesterday}});
  auto sentinel3 = ok_post(A, "action.save", {{"case_id", case_id}, {"action", "Vaktpost 3"}, {"deadline", yesterday}})["action"]["id"].get<std::int64_t>();
  wait_event_where(*wa, "notification", overdue_for(sentinel3));
  CHECK(action_overdue_for(A, action_id).size() == 2);
  CHECK(again.stop() == 0);
}

TEST_CASE("suppliers: the audit trail records reads, changes and downloads, for the sharing organisations only") {
  supplier_world w;
  ARENA_LOG_ON_FAILURE(w.site);
  auto& A = *w.ua.http;
  auto& B = *w.ub.http;
  auto const sup = w.make_supplier(A, "Revidert Leverandør AS", orgnrs(96789010, 1)[0]);
  auto const k_a = w.make_contract(A, sup);
  w.make_contract(B, sup, "advanced", "B-9");
  auto const case_id = w.make_case(A, sup, {{"visibility", "sharing"}, {"method", "office_audit"}})["id"].get<std::int64_t>();
  ok_post(A, "case.update", {{"case_id", case_id}, {"status", "ongoing"}});
  auto const action_id =
      ok_post(A, "action.save", {{"case_id", case_id}, {"action", "Ny rutine", }, {"deadline", day(plus_days(oslo_today(), 30))}})["action"]["id"].get<std::int64_t>();
  // An action whose text runs past the 80 characters the audit keeps, with a letter of two bytes
  // across the cut, is done and then verified.
  std::string long_text = std::string(79, 'x') + "ø og mer etter det";
  auto const verified_id = ok_post(A, "action.save", {{"case_id", case_id}, {"action", long_text}, {"status", "done"},
                                                     {"deadline", day(plus_days(oslo_today(), 30))}})["action"]["id"].get<std::int64_t>();
  CHECK(ok_post(A, "action.verify", {{"action_id", verified_id}})["action"]["status"] == "verified");
  auto up = upload_document(A, case_id, "Revisjonsrapport", "sharing", "rapport.pdf", "application/pdf", "%PDF-1.4 test");
  REQUIRE(up.status == 200);
  auto const doc_id = up.body_json["document"]["id"].get<std::int64_t>();
  // B reads the supplier and the case and downloads the document.
  ok_post(B, "supplier.get", {{"supplier_id", sup}});
  ok_post(B, "case.get", {{"case_id", case_id}});
  auto dl = B.get("/api/documents/" + std::to_string(doc_id));
  REQUIRE(dl.status == 200);
  CHECK(dl.body == "%PDF-1.4 test");

  // Reads and downloads are recorded without holding up the answer: wait for them.
  auto has = [](json const& entries, std::string const& user, std::string const& action, std::string const& kind, std::int64_t object) {
    for (auto const& e : entries)
      if (e["user_name"] == user && e["action"] == action && e["kind"] == kind && e["object_id"] == object) return true;
    return false;
  };
  json entries;
  auto const deadline = std::chrono::steady_clock::now() + io_timeout;
  for (;;) {
    entries = ok_post(A, "supplier.audit", {{"supplier_id", sup}})["entries"];
    if (has(entries, "Bjørn Bravo", "download", "document", doc_id) && has(entries, "Bjørn Bravo", "read", "case", case_id) &&
        has(entries, "Bjørn Bravo", "read", "supplier", sup))
      break;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(100ms);
  }
  INFO(entries.dump(1));
  CHECK(has(entries, "Anne Alfa", "create", "supplier", sup));
  CHECK(has(entries, "Anne Alfa", "create", "contract", k_a));
  CHECK(has(entries, "Anne Alfa", "create", "case", case_id));
  CHECK(has(entries, "Anne Alfa", "update", "case", case_id));
  CHECK(has(entries, "Anne Alfa", "create", "action", action_id));
  CHECK(has(entries, "Anne Alfa", "create", "document", doc_id));
  CHECK(has(entries, "Anne Alfa", "verify", "action", verified_id));
  for (auto const& e : entries)
    if (e["object_id"] == verified_id && e["kind"] == "action") CHECK(e["detail"] == std::string(79, 'x') + "ø");
  for (auto const& e : entries) {
    if (e["user_name"] == "Anne Alfa") CHECK(e["org_name"] == "Alfa kommune");
    if (e["user_name"] == "Bjørn Bravo") CHECK(e["org_name"] == "Bravo fylkeskommune");
  }
  // Newest first.
  for (std::size_t i = 1; i < entries.size(); ++i) CHECK(entries[i - 1]["at"].get<std::string>() >= entries[i]["at"].get<std::string>());
  CHECK(entries[entries.size() - 1]["action"] == "create");
  CHECK(entries[entries.size() - 1]["kind"] == "supplier");
  // B shares the supplier too; the administrator may; C (no contract) and D may not.
  auto via_b = ok_post(B, "supplier.audit", {{"supplier_id", sup}})["entries"];
  CHECK(via_b.size() >= entries.size());
  CHECK(ok_post(w.site.admin, "supplier.audit", {{"supplier_id", sup}})["entries"].size() >= entries.size());
  for (auto* who : {w.uc.http.get(), w.ud.http.get(), w.obs.http.get()}) {
    auto r = who->post("supplier.audit", {{"supplier_id", sup}});
    INFO(r.body);
    CHECK(r.status == 403);
    CHECK(r.error_code() == "forbidden");
    CHECK_FALSE(contains(r.body, "Bjørn"));
  }
  CHECK(ok_post(A, "supplier.get", {{"supplier_id", sup}})["can_see_audit"] == true);
  CHECK(ok_post(*w.uc.http, "supplier.get", {{"supplier_id", sup}})["can_see_audit"] == false);
  // A read by C (who may not see the case) records nothing about the case.
  CHECK(w.uc.http->post("case.get", {{"case_id", case_id}}).status == 404);
  CHECK(w.uc.http->get("/api/documents/" + std::to_string(doc_id)).status == 404);
  auto const deadline2 = std::chrono::steady_clock::now() + io_timeout;
  for (;;) {  // C's supplier.get above is recorded; wait for it, then check nothing else of C's
    entries = ok_post(A, "supplier.audit", {{"supplier_id", sup}})["entries"];
    if (has(entries, "Cecilie Charlie", "read", "supplier", sup)) break;
    REQUIRE(std::chrono::steady_clock::now() < deadline2);
    std::this_thread::sleep_for(100ms);
  }
  for (auto const& e : entries)
    if (e["user_name"] == "Cecilie Charlie") CHECK(e["kind"] == "supplier");
}

TEST_CASE("suppliers: relying on another organisation's completed follow-up") {
  supplier_world w;
  ARENA_LOG_ON_FAILURE(w.site);
  auto& A = *w.ua.http;
  auto& B = *w.ub.http;
  auto& C = *w.uc.http;
  auto const sup = w.make_supplier(A, "Pålitelig Leverandør AS", orgnrs(97890120, 1)[0]);
  w.make_contract(A, sup);
  auto kb = ok_post(B, "supplier.contract_save", {{"supplier_id", sup}, {"value_band", "under_1m"}, {"clause_level", "basic"}})["contract"];
  CHECK(kb["required_method"] == "self_assessment_simplified");
  auto kc = ok_post(C, "supplier.contract_save", {{"supplier_id", sup}, {"value_band", "over_50m"}, {"clause_level", "advanced"}})["contract"];
  CHECK(kc["required_method"] == "factory_audit");

  auto const today = oslo_today();
  auto recent = w.make_case(A, sup,
                            {{"method", "self_assessment_full"}, {"status", "completed"}, {"started_on", day(plus_days(today, -40))},
                             {"completed_on", day(plus_days(today, -10))}});
  auto const recent_id = recent["id"].get<std::int64_t>();
  CHECK(recent["status"] == "completed");
  auto old = w.make_case(A, sup,
                         {{"method", "self_assessment_full"}, {"status", "completed"}, {"started_on", day(plus_days(today, -4 * 365 - 40))},
                          {"completed_on", day(plus_days(today, -4 * 365))}});
  auto const old_id = old["id"].get<std::int64_t>();
  auto ongoing_id = w.make_case(A, sup, {{"method", "factory_audit"}, {"status", "ongoing"}})["id"].get<std::int64_t>();

  auto check = [&](http_client& who, std::int64_t case_id) { return ok_post(who, "supplier.reliance_check", {{"supplier_id", sup}, {"case_id", case_id}}); };
  auto reasons = [](json const& v) {
    std::set<std::string> out;
    for (auto const& r : v["reasons"]) out.insert(r.get<std::string>());
    return out;
  };

  // B: a full self-assessment is at least as thorough as the simplified one B requires.
  auto vb = check(B, recent_id);
  CHECK(vb["valid"] == true);
  CHECK(vb["reasons"].empty());
  auto rely = B.post("supplier.rely", {{"supplier_id", sup}, {"case_id", recent_id}});
  INFO(rely.body);
  REQUIRE(rely.status == 200);
  CHECK(rely.body_json["reliance"]["valid"] == true);
  CHECK(rely.body_json["reliance"]["org_id"] == w.org_b);
  CHECK(rely.body_json["reliance"]["case_id"] == recent_id);

  // C requires a factory audit: refused, and the check says why.
  auto vc = check(C, recent_id);
  CHECK(vc["valid"] == false);
  CHECK(reasons(vc) == std::set<std::string>{"method_too_weak"});
  CHECK(vc["reasons_nb"].size() == 1);
  auto refused = C.post("supplier.rely", {{"supplier_id", sup}, {"case_id", recent_id}});
  CHECK(refused.status == 409);
  CHECK(refused.error_code() == "conflict");
  // A case not completed, A's own case, an organisation without a contract (D cannot see the case).
  CHECK(reasons(check(B, ongoing_id)) == std::set<std::string>{"not_completed"});
  CHECK(reasons(check(A, recent_id)).contains("own_case"));
  CHECK(w.ud.http->post("supplier.reliance_check", {{"supplier_id", sup}, {"case_id", recent_id}}).status == 404);

  // Completed four years ago: too old.
  CHECK(reasons(check(B, old_id)) == std::set<std::string>{"too_old"});
  CHECK(B.post("supplier.rely", {{"supplier_id", sup}, {"case_id", old_id}}).status == 409);

  // The administrator's setting changes the verdict (members may not change it).
  CHECK(B.post("settings.update", {{"reliance_max_age_days", 3650}}).status == 403);
  auto st = ok_post(w.site.admin, "settings.update", {{"reliance_max_age_days", 3650}});
  CHECK(st["settings"]["reliance_max_age_days"] == 3650);
  CHECK(check(B, old_id)["valid"] == true);
  ok_post(w.site.admin, "settings.update", {{"reliance_max_age_days", 5}});
  auto v5 = check(B, recent_id);
  CHECK(reasons(v5) == std::set<std::string>{"too_old"});
  // The limit it was checked against, for the client's words, and in the Norwegian text.
  CHECK(v5["max_age_days"] == 5);
  CHECK(contains(v5["reasons_nb"][0].get<std::string>(), "mer enn 5 dager siden."));
  // The recorded reliance is re-checked when read.
  auto g = ok_post(B, "supplier.get", {{"supplier_id", sup}});
  REQUIRE(g["reliances"].size() == 1);
  CHECK(g["reliances"][0]["valid"] == false);
  CHECK(g["reliances"][0]["org_id"] == w.org_b);
  CHECK(g["reliances"][0]["max_age_days"] == 5);
  CHECK(g["reliances"][0]["reason_codes"] == json::array({"too_old"}));
  ok_post(w.site.admin, "settings.update", {{"reliance_max_age_days", 1095}});
  g = ok_post(B, "supplier.get", {{"supplier_id", sup}});
  CHECK(g["reliances"][0]["valid"] == true);
  CHECK(ok_post(w.site.admin, "settings.get", json::object())["settings"]["reliance_max_age_days"] == 1095);
  // Out of range.
  auto bad = w.site.admin.post("settings.update", {{"reliance_max_age_days", 0}});
  CHECK(bad.status == 400);
  CHECK(contains(err_message(bad), "reliance_max_age_days"));
  CHECK(ok_post(w.site.admin, "settings.get", json::object())["settings"]["reliance_max_age_days"] == 1095);
}

TEST_CASE("suppliers: bad input is refused with the field named and nothing stored") {
  supplier_world w;
  ARENA_LOG_ON_FAILURE(w.site);
  auto& A = *w.ua.http;
  auto const nr = orgnrs(98901230, 3);
  auto list = [&] { return ok_post(A, "supplier.list", json::object())["suppliers"]; };

  // A bad check digit.
  auto r = A.post("supplier.create", {{"name", "Feil AS"}, {"orgnr", bad_check(nr[0])}});
  CHECK(r.status == 400);
  CHECK(r.error_code() == "bad_request");
  CHECK(contains(err_message(r), "orgnr"));
  CHECK(list().empty());
  // An observer may read but not write; a user in no team may not even read.
  CHECK(w.obs.http->post("supplier.create", {{"name", "Obs AS"}, {"orgnr", nr[0]}}).status == 403);
  CHECK(w.nob.http->post("supplier.list", json::object()).status == 403);
  CHECK(list().empty());
  // The list's paging fields.
  for (auto const& [body, field] : std::vector<std::pair<json, std::string>>{
           {{{"limit", 0}}, "limit"},
           {{{"limit", 1001}}, "limit"},
           {{{"after", "Alfa AS"}}, "after"},
           {{{"after", {{"id", 3}}}}, "after.name"},
           {{{"after", {{"name", "Alfa AS"}, {"id", "3"}}}}, "after.id"},
           {{{"after", {{"name", ""}, {"id", 3}}}}, "after.name"}}) {
    auto bad = A.post("supplier.list", body);
    INFO(body.dump(), " -> ", bad.body);
    CHECK(bad.status == 400);
    CHECK(bad.error_code() == "bad_request");
    CHECK(err_message(bad).rfind(field, 0) == 0);
  }

  auto const sup = w.make_supplier(A, "Riktig AS", nr[0]);
  // The same orgnr again (also written with spaces): conflict.
  auto dup = A.post("supplier.create", {{"name", "Riktig igjen AS"}, {"orgnr", nr[0].substr(0, 3) + " " + nr[0].substr(3, 3) + " " + nr[0].substr(6)}});
  CHECK(dup.status == 409);
  CHECK(dup.error_code() == "conflict");
  CHECK(list().size() == 1);

  // A contract for another organisation: forbidden; none stored.
  auto other = A.post("supplier.contract_save", {{"supplier_id", sup}, {"org_id", w.org_b}, {"value_band", "under_1m"}, {"clause_level", "basic"}});
  CHECK(other.status == 403);
  CHECK(other.error_code() == "forbidden");
  auto bad_band = A.post("supplier.contract_save", {{"supplier_id", sup}, {"value_band", "huge"}, {"clause_level", "basic"}});
  CHECK(bad_band.status == 400);
  CHECK(contains(err_message(bad_band), "value_band"));
  auto bad_period = A.post("supplier.contract_save", {{"supplier_id", sup}, {"value_band", "under_1m"}, {"clause_level", "basic"},
                                                      {"period_start", "2025-05-01"}, {"period_end", "2025-04-01"}});
  CHECK(bad_period.status == 400);
  CHECK(contains(err_message(bad_period), "period_end"));
  CHECK(ok_post(A, "supplier.get", {{"supplier_id", sup}})["contracts"].empty());

  // A case with team visibility but no team; a team that is not the caller's; a bad method.
  auto no_team = A.post("case.create", {{"supplier_id", sup}, {"method", "factory_audit"}, {"visibility", "team"}});
  CHECK(no_team.status == 400);
  CHECK(contains(err_message(no_team), "team_id"));
  auto not_mine = A.post("case.create", {{"supplier_id", sup}, {"method", "factory_audit"}, {"visibility", "team"}, {"team_id", w.t2}});
  CHECK(not_mine.status == 400);
  CHECK(contains(err_message(not_mine), "team_id"));
  auto bad_method = A.post("case.create", {{"supplier_id", sup}, {"method", "guesswork"}});
  CHECK(bad_method.status == 400);
  CHECK(contains(err_message(bad_method), "method"));
  auto future = A.post("case.create", {{"supplier_id", sup}, {"method", "factory_audit"}, {"status", "completed"},
                                       {"completed_on", day(plus_days(oslo_today(), 3))}});
  CHECK(future.status == 400);
  CHECK(contains(err_message(future), "completed_on"));
  // A case for another organisation: forbidden.
  CHECK(A.post("case.create", {{"supplier_id", sup}, {"method", "factory_audit"}, {"org_id", w.org_b}}).status == 403);
  CHECK(ok_post(A, "supplier.get", {{"supplier_id", sup}})["cases"].empty());

  auto const case_id = w.make_case(A, sup, {{"visibility", "sharing"}})["id"].get<std::int64_t>();
  // An action with a bad deadline, or without text.
  for (auto const& d : {"2025-13-01", "31.12.2025", "", "2025-02-30"}) {
    auto a = A.post("action.save", {{"case_id", case_id}, {"action", "Tiltak"}, {"deadline", d}});
    INFO(d, ": ", a.body);
    CHECK(a.status == 400);
    CHECK(contains(err_message(a), "deadline"));
  }
  auto no_text = A.post("action.save", {{"case_id", case_id}, {"action", "  "}, {"deadline", day(oslo_today())}});
  CHECK(no_text.status == 400);
  CHECK(contains(err_message(no_text), "action"));
  // Another organisation may not add actions to A's case.
  CHECK(w.ub.http->post("action.save", {{"case_id", case_id}, {"action", "Tiltak"}, {"deadline", day(oslo_today())}}).status == 404);
  CHECK(ok_post(A, "case.get", {{"case_id", case_id}})["case"]["actions"].empty());

  // A document of a disallowed type, an empty one, a bad filename; team visibility on a case without a team.
  auto exe = upload_document(A, case_id, "Program", "sharing", "setup.exe", "application/x-msdownload", "MZ\x90");
  CHECK(exe.status == 400);
  CHECK(contains(err_message(exe), "content_type"));
  CHECK(err_reason(exe) == "document_type");
  auto html = upload_document(A, case_id, "Side", "sharing", "side.html", "text/html", "<script>alert(1)</script>");
  CHECK(html.status == 400);
  CHECK(contains(err_message(html), "content_type"));
  auto empty = upload_document(A, case_id, "Tom", "sharing", "tom.txt", "text/plain", "");
  CHECK(empty.status == 400);
  auto slash = upload_document(A, case_id, "Skråstrek", "sharing", "../../etc/passwd", "text/plain", "x");
  CHECK(slash.status == 400);
  CHECK(contains(err_message(slash), "filename"));
  CHECK(err_reason(slash) == "filename_chars");
  auto team_doc = upload_document(A, case_id, "Lag", "team", "lag.txt", "text/plain", "x");
  CHECK(team_doc.status == 400);
  CHECK(contains(err_message(team_doc), "visibility"));
  // Just over 10 MiB of file (within the route's allowance for the request): too large.
  auto over = upload_document(A, case_id, "Stor", "sharing", "stor.pdf", "application/pdf", std::string(10 * 1024 * 1024 + 1, 'p'));
  CHECK(over.status == 413);
  // Without a session: 401.
  http_client anonymous(w.site.srv);
  auto anon = upload_document(anonymous, case_id, "Anonym", "sharing", "a.txt", "text/plain", "hei");
  CHECK(anon.status == 401);
  CHECK(anon.error_code() == "unauthorized");
  // Another organisation may not upload to A's case (B does not share the supplier: not even see it).
  CHECK(upload_document(*w.ub.http, case_id, "B", "sharing", "b.txt", "text/plain", "hei").status == 404);
  CHECK(upload_document(*w.uc.http, case_id, "C", "sharing", "c.txt", "text/plain", "hei").status == 404);
  CHECK(ok_post(A, "case.get", {{"case_id", case_id}})["case"]["documents"].empty());

  // Notes: a team that is not the author's; no title.
  auto nt = A.post("note.create", {{"title", "Notat"}, {"body", "x"}, {"team_ids", {w.t2}}});
  CHECK(nt.status >= 400);
  CHECK(contains(err_message(nt), "team_ids"));
  auto nn = A.post("note.create", {{"title", ""}, {"body", "x"}, {"team_ids", {w.t1}}});
  CHECK(nn.status == 400);
  CHECK(contains(err_message(nn), "title"));
  CHECK(ok_post(A, "note.list", json::object())["notes"].empty());
  // The server carries on.
  CHECK(A.get("/healthz").status == 200);
}
