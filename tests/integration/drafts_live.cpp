// Requirement drafts against the real server: metadata and identifiers, live co-editing with
// server-side transforms, idempotent resubmission, every refused op leaving the text as it was,
// status rules, versions, diff, authorship, restore, comments that move with the text, export,
// the library, cursors, and who may do what.
#include "integration/draft_support.hpp"

#include <random>

using namespace arena::itest;

namespace {

struct draft_team {
  arena_site site;
  std::int64_t team = 0;
  person kari, ola, obs, outsider, fac;
  draft_team(server_options o = {})
      : site(std::move(o)),
        team(site.team_id("Bygg og anlegg")),
        kari(site.add_person("kari@example.no", "Kari Nordmann")),
        ola(site.add_person("ola@example.no", "Ola Øren")),
        obs(site.add_person("obs@example.no", "Olga Observatør")),
        outsider(site.add_person("ute@example.no", "Ute Utenfor")),
        fac(site.add_person("fac@example.no", "Frida Fasilitator")) {
    site.add_member(team, kari.id, "member");
    site.add_member(team, ola.id, "member");
    site.add_member(team, obs.id, "observer");
    site.add_member(team, fac.id, "facilitator");
  }
};

json submit(ws_client& ws, std::int64_t team, std::int64_t draft, std::int64_t base, json op, std::string const& cid, std::int64_t seq) {
  return ws.request("draft.submit",
                    {{"team_id", team}, {"draft_id", draft}, {"base_version", base}, {"text_op", std::move(op)}, {"client_id", cid}, {"client_seq", seq}});
}

}  // namespace

TEST_CASE("drafts: create, identifiers, list, update, get") {
  draft_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto d1 = draft_create(*t.kari.http, t.team, "Krav til arbeidsforhold", "# Krav\n");
  auto d2 = draft_create(*t.kari.http, t.team, "Tildeling: sporbarhet", "", "tildelingskriterium");
  CHECK(d1["identifier"] == "BA-001");
  CHECK(d2["identifier"] == "BA-002");
  CHECK(d1["status"] == "utkast");
  CHECK(d1["version"] == 0);
  CHECK(d1["length"] == 7);
  CHECK(d1["created_by_name"] == "Kari Nordmann");

  auto bad = t.kari.http->post("draft.create", {{"team_id", t.team}, {"title", "x"}, {"kind", "noe annet"}});
  CHECK(bad.status == 400);
  CHECK(bad.error_code() == "bad_request");
  CHECK(t.kari.http->post("draft.create", {{"team_id", t.team}, {"title", ""}, {"kind", "annet"}}).status == 400);
  CHECK(t.kari.http->post("draft.create", {{"team_id", t.team}, {"title", "x"}, {"kind", "annet"}, {"category", "våpen"}}).status == 400);
  CHECK(t.kari.http->post("draft.create", {{"team_id", t.team}, {"title", "x"}, {"kind", "annet"}, {"tags", {"a", 3}}}).status == 400);
  auto big = t.kari.http->post("draft.create", {{"team_id", t.team}, {"title", "x"}, {"kind", "annet"}, {"body", std::string(60000, 'x')}});
  CHECK(big.status == 200);  // 64 KiB is the request limit; the 1 MiB text limit is tested through ops
  CHECK(t.obs.http->post("draft.create", {{"team_id", t.team}, {"title", "x"}, {"kind", "annet"}}).status == 403);
  CHECK(t.outsider.http->post("draft.create", {{"team_id", t.team}, {"title", "x"}, {"kind", "annet"}}).status == 403);

  auto up = t.ola.http->post("draft.update", {{"team_id", t.team}, {"draft_id", d1["id"]}, {"title", "Krav til arbeidsforhold i leverandørkjeden"},
                                               {"category", "bygg"}, {"tags", {"solceller", "arbeidsforhold", "solceller"}}});
  REQUIRE(up.status == 200);
  CHECK(up.body_json["draft"]["category"] == "bygg");
  CHECK(up.body_json["draft"]["tags"] == json::array({"arbeidsforhold", "solceller"}));
  auto list = t.obs.http->post("draft.list", {{"team_id", t.team}});
  REQUIRE(list.status == 200);
  CHECK(list.body_json["drafts"].size() == 3);
  CHECK(list.body_json["drafts"][0]["id"] == d1["id"]);  // latest change first
  CHECK(t.outsider.http->post("draft.list", {{"team_id", t.team}}).status == 403);
  CHECK(t.outsider.http->post("draft.get", {{"team_id", t.team}, {"draft_id", d1["id"]}}).status == 403);
  // A draft of another team is not found through this team.
  auto ikt = t.site.team_id("IKT");
  t.site.add_member(ikt, t.kari.id, "member");
  auto other = draft_create(*t.kari.http, ikt, "IKT-krav");
  CHECK(other["identifier"] == "IKT-001");
  CHECK(t.kari.http->post("draft.get", {{"team_id", t.team}, {"draft_id", other["id"]}}).status == 404);
}

TEST_CASE("drafts: two editors' concurrent ops are transformed and converge; resubmission is acknowledged once") {
  draft_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto d = draft_create(*t.kari.http, t.team, "Samtidig", "abc");
  auto const id = d["id"].get<std::int64_t>();
  auto wk = t.site.socket_for(*t.kari.http);
  auto wo = t.site.socket_for(*t.ola.http);
  auto ok = wk->request("draft.open", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(ok["ok"] == true);
  CHECK(ok["text"] == "abc");
  CHECK(ok["version"] == 0);
  REQUIRE(wo->request("draft.open", {{"team_id", t.team}, {"draft_id", id}})["ok"] == true);

  // Both insert at 1 against version 0: Kari's lands first; Ola's is transformed after it.
  auto a = submit(*wk, t.team, id, 0, json::array({1, "X"}), "kari-1", 1);
  REQUIRE(a["ok"] == true);
  CHECK(a["version"] == 1);
  auto b = submit(*wo, t.team, id, 0, json::array({1, "YØ😀"}), "ola-1", 1);
  REQUIRE(b["ok"] == true);
  CHECK(b["version"] == 2);
  auto e1 = wk->wait_event("draft.op");
  CHECK(e1["version"] == 1);
  CHECK(e1["client_id"] == "kari-1");
  auto e2 = wk->wait_event("draft.op");
  CHECK(e2["version"] == 2);
  CHECK(e2["op"] == json::array({1, "YØ😀"}));  // left of Kari's X: Ola's op goes first at 1 ("left")
  CHECK(e2["user_id"] == t.ola.id);
  CHECK(draft_text_now(*t.kari.http, t.team, id) == "aYØ😀Xbc");

  // The same (client_id, client_seq) again: acknowledged with the original version, not applied.
  auto again = submit(*wo, t.team, id, 0, json::array({1, "YØ😀"}), "ola-1", 1);
  REQUIRE(again["ok"] == true);
  CHECK(again["version"] == 2);
  CHECK(again["duplicate"] == true);
  CHECK(draft_text_now(*t.kari.http, t.team, id) == "aYØ😀Xbc");
  CHECK_FALSE(wk->has_queued_event("draft.op"));

  // Catching up from version 1 gives exactly op 2.
  auto since = wk->request("draft.open", {{"team_id", t.team}, {"draft_id", id}, {"since_version", 1}});
  REQUIRE(since["ok"] == true);
  REQUIRE(since["ops"].size() == 1);
  CHECK(since["ops"][0]["version"] == 2);
  CHECK(wk->request("draft.open", {{"team_id", t.team}, {"draft_id", id}, {"since_version", 9}})["error"]["code"] == "bad_request");
}

TEST_CASE("drafts: every refused op leaves the text unchanged with a typed error") {
  draft_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto d = draft_create(*t.kari.http, t.team, "Feil", "abc");
  auto const id = d["id"].get<std::int64_t>();
  auto wk = t.site.socket_for(*t.kari.http);
  std::int64_t seq = 0;
  auto refused = [&](json op, std::int64_t base = 0) {
    auto r = submit(*wk, t.team, id, base, std::move(op), "kari", ++seq);
    CHECK(r["ok"] == false);
    return r["error"]["code"].get<std::string>();
  };
  CHECK(refused(json::array({4, "x"})) == "bad_request");                 // skip past the end
  CHECK(refused(json::array({1, json{{"d", 5}}})) == "bad_request");      // delete past the end
  CHECK(refused(json::array({json{{"d", "xy"}}})) == "bad_request");     // deleted text does not match
  CHECK(refused(json::array({1, "x", 1})) == "bad_request");              // trailing skip: not normalised
  CHECK(refused(json::array({"a", "b"})) == "bad_request");               // two inserts: not normalised
  CHECK(refused(json::array({0, "x"})) == "bad_request");                 // empty skip
  CHECK(refused(json::array({""})) == "bad_request");                     // empty insert
  CHECK(refused(json::array({1e300, "X"})) == "bad_request");             // not a whole number
  CHECK(refused(json::array({-1, "X"})) == "bad_request");
  CHECK(refused(json::array({1.5, "X"})) == "bad_request");
  CHECK(refused(json::array({9007199254740993ull, "X"})) == "bad_request");  // past 2^53 - 1
  CHECK(refused(json::array({json{{"x", 1}}})) == "bad_request");
  CHECK(refused(json{{"op", 1}}) == "bad_request");
  CHECK(refused(json::array({1, "x"}), 7) == "bad_request");              // base_version in the future
  // Lone surrogates cannot travel in JSON text as UTF-8; invalid UTF-8 in a frame closes the
  // socket (1007, tested in websocket.cpp). An escaped lone surrogate is refused by the parser.
  CHECK(wk->send_text(R"({"op":"draft.submit","rid":"s","team_id":)" + std::to_string(t.team) + R"(,"draft_id":)" + std::to_string(id) +
                      R"(,"base_version":0,"text_op":["\ud800"],"client_id":"kari","client_seq":99})"));
  auto lone = wk->next();  // the parser refuses it before it can read the rid
  while (lone.contains("ev")) lone = wk->next();
  INFO(lone.dump());
  CHECK(lone["ok"] == false);
  CHECK(lone["error"]["code"] == "invalid_json");
  CHECK(draft_text_now(*t.kari.http, t.team, id) == "abc");
  auto dr = t.kari.http->post("draft.get", {{"team_id", t.team}, {"draft_id", id}});
  CHECK(dr.body_json["draft"]["version"] == 0);
  // Observers and outsiders may not edit.
  auto wobs = t.site.socket_for(*t.obs.http);
  CHECK(submit(*wobs, t.team, id, 0, json::array({"x"}), "obs", 1)["error"]["code"] == "forbidden");
  CHECK(t.outsider.http->post("draft.submit", {{"team_id", t.team}, {"draft_id", id}, {"base_version", 0}, {"text_op", {"x"}},
                                                {"client_id", "u"}, {"client_seq", 1}})
            .status == 403);
  // Over the WebSocket, draft.submit skips the pool and its writer job makes the team check:
  // the same answers as every other op's.
  auto wout = t.site.socket_for(*t.outsider.http);
  CHECK(submit(*wout, t.team, id, 0, json::array({"x"}), "u", 1)["error"]["code"] == "forbidden");
  CHECK(submit(*wout, 999999, id, 0, json::array({"x"}), "u", 1)["error"]["code"] == "not_found");
  // A member of another team cannot edit this team's draft in the name of their own team, nor
  // get a stored op acknowledged by resubmitting its client_id and client_seq.
  auto const ikt = t.site.team_id("IKT");
  t.site.add_member(ikt, t.outsider.id, "member");
  REQUIRE(submit(*wk, t.team, id, 0, json::array({3, "!"}), "kari", 100)["ok"] == true);
  for (auto const& [cid, seq] : {std::pair<std::string, int>{"u", 2}, {"kari", 100}}) {
    CAPTURE(cid);
    auto r = submit(*wout, ikt, id, 1, json::array({"x"}), cid, seq);
    CHECK(r["error"]["code"] == "not_found");
    CHECK_FALSE(r.contains("version"));
  }
  CHECK(draft_text_now(*t.kari.http, t.team, id) == "abc!");
}

TEST_CASE("drafts: the 1 MiB limit, status rules and closed edits") {
  draft_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto d = draft_create(*t.kari.http, t.team, "Stor", "");
  auto const id = d["id"].get<std::int64_t>();
  auto wk = t.site.socket_for(*t.kari.http);
  // Grow to just under 1 MiB with 60,000-byte inserts, then one more byte over fails.
  std::int64_t v = 0;
  std::string const chunk(60000, 'a');
  std::uint64_t bytes = 0;
  while (bytes + chunk.size() <= 1024 * 1024) {
    auto r = submit(*wk, t.team, id, v, bytes ? json::array({bytes, chunk}) : json::array({chunk}), "kari", v + 1);
    REQUIRE(r["ok"] == true);
    v = r["version"].get<std::int64_t>();
    bytes += chunk.size();
  }
  auto fill = std::string(1024 * 1024 - bytes, 'b');
  REQUIRE(submit(*wk, t.team, id, v, json::array({bytes, fill}), "kari", v + 1)["ok"] == true);
  ++v;
  auto over = submit(*wk, t.team, id, v, json::array({"x"}), "kari", v + 1);
  CHECK(over["error"]["code"] == "too_large");
  // Replacing a character keeps the size: allowed at the limit.
  CHECK(submit(*wk, t.team, id, v, json::array({json{{"d", 1}}, "c"}), "kari", v + 2)["ok"] == true);

  auto st = [&](person& who, std::string const& to) {
    auto r = who.http->post("draft.set_status", {{"team_id", t.team}, {"draft_id", id}, {"status", to}, {"comment", "ok for meg"}});
    return r.status == 200 ? std::string("ok") : r.error_code();
  };
  CHECK(st(t.kari, "godkjent") == "forbidden");
  CHECK(st(t.kari, "til_gjennomgang") == "ok");
  CHECK(st(t.kari, "til_gjennomgang") == "conflict");
  CHECK(st(t.obs, "utkast") == "forbidden");
  CHECK(st(t.fac, "publisert") == "conflict");  // approve first
  CHECK(st(t.fac, "godkjent") == "ok");
  CHECK(submit(*wk, t.team, id, v + 1, json::array({"x"}), "kari", 1000)["error"]["code"] == "conflict");
  CHECK(st(t.kari, "utkast") == "forbidden");
  CHECK(st(t.fac, "publisert") == "ok");
  auto g = t.kari.http->post("draft.get", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(g.status == 200);
  CHECK(g.body_json["draft"]["status"] == "publisert");
  CHECK(g.body_json["draft"]["published_version"] == v + 1);
  auto const& h = g.body_json["status_history"];
  REQUIRE(h.size() == 3);
  CHECK(h[0]["from"] == "utkast");
  CHECK(h[0]["to"] == "til_gjennomgang");
  CHECK(h[0]["by_name"] == "Kari Nordmann");
  CHECK(h[0]["comment"] == "ok for meg");
  CHECK(h[2]["to"] == "publisert");
  CHECK(h[2]["by_name"] == "Frida Fasilitator");
  CHECK(st(t.fac, "utkast") == "ok");
  CHECK(submit(*wk, t.team, id, v + 1, json::array({"x"}), "kari", 1001)["ok"] == false);  // still at the limit: too_large
}

TEST_CASE("drafts: versions, text at a version, diff, authorship and restore") {
  draft_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto d = draft_create(*t.kari.http, t.team, "Historikk", "Leverandøren skal dokumentere.\n");
  auto const id = d["id"].get<std::int64_t>();
  auto wk = t.site.socket_for(*t.kari.http);
  auto wo = t.site.socket_for(*t.ola.http);
  REQUIRE(wo->request("draft.open", {{"team_id", t.team}, {"draft_id", id}})["ok"] == true);
  REQUIRE(submit(*wk, t.team, id, 0, json::array({30, " Årlig."}), "kari", 1)["ok"] == true);
  auto named = wk->request("draft.version_create", {{"team_id", t.team}, {"draft_id", id}, {"label", "Til møtet 12.03."}});
  REQUIRE(named["ok"] == true);
  CHECK(named["version"]["version"] == 1);
  CHECK(named["version"]["kind"] == "named");
  CHECK(wo->wait_event("draft.version")["version"]["label"] == "Til møtet 12.03.");
  REQUIRE(submit(*wo, t.team, id, 1, json::array({json{{"d", 13}}, "Selgeren"}), "ola", 1)["ok"] == true);

  auto text0 = t.kari.http->post("draft.text", {{"team_id", t.team}, {"draft_id", id}, {"version", 0}});
  CHECK(text0.body_json["text"] == "Leverandøren skal dokumentere.\n");
  auto text1 = t.kari.http->post("draft.text", {{"team_id", t.team}, {"draft_id", id}, {"version", 1}});
  CHECK(text1.body_json["text"] == "Leverandøren skal dokumentere. Årlig.\n");
  CHECK(t.kari.http->post("draft.text", {{"team_id", t.team}, {"draft_id", id}, {"version", 3}}).status == 400);

  auto diff = t.kari.http->post("draft.diff", {{"team_id", t.team}, {"draft_id", id}, {"from", 0}, {"to", 2}, {"granularity", "word"}});
  REQUIRE(diff.status == 200);
  std::string del, ins;
  for (auto const& c : diff.body_json["chunks"]) {
    if (c["op"] == "delete") del += c["text"].get<std::string>();
    if (c["op"] == "insert") ins += c["text"].get<std::string>();
  }
  CHECK(del.find("Leverandøren") != std::string::npos);
  CHECK(ins.find("Selgeren") != std::string::npos);
  CHECK(ins.find("Årlig") != std::string::npos);
  CHECK(t.kari.http->post("draft.diff", {{"team_id", t.team}, {"draft_id", id}, {"from", 0}, {"to", 2}, {"granularity", "tegn"}}).status == 400);

  auto who = t.kari.http->post("draft.authorship", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(who.status == 200);
  std::uint64_t total = 0;
  std::map<std::int64_t, std::uint64_t> by;
  for (auto const& r : who.body_json["runs"]) {
    total += r["length"].get<std::uint64_t>();
    by[r["user_id"].get<std::int64_t>()] += r["length"].get<std::uint64_t>();
  }
  CHECK(total == 33);  // "Selgerenskal dokumentere. Årlig.\n": Ola's delete took the space too
  CHECK(by[t.ola.id] == 8);
  CHECK(by[t.kari.id] == total - 8);
  CHECK(who.body_json["authors"].size() == 2);

  auto restored = wk->request("draft.restore", {{"team_id", t.team}, {"draft_id", id}, {"version", 0}});
  REQUIRE(restored["ok"] == true);
  CHECK(restored["version"] == 3);
  CHECK(draft_text_now(*t.kari.http, t.team, id) == "Leverandøren skal dokumentere.\n");
  auto ev = wo->wait_event("draft.op");
  while (ev["version"] != 3) ev = wo->wait_event("draft.op");
  CHECK(ev["user_id"] == t.kari.id);
  auto vs = t.kari.http->post("draft.versions", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(vs.status == 200);
  CHECK(vs.body_json["versions"][0]["kind"] == "restore");
  CHECK(vs.body_json["versions"][0]["label"] == "0");
  CHECK(vs.body_json["versions"][0]["version"] == 3);
  CHECK(wk->request("draft.restore", {{"team_id", t.team}, {"draft_id", id}, {"version", 3}})["error"]["code"] == "conflict");
}

TEST_CASE("drafts: comments stay on their words, detach when the words go, and thread") {
  draft_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto d = draft_create(*t.kari.http, t.team, "Kommentarer", "Krav om lønn. Krav om arbeidstid.");
  auto const id = d["id"].get<std::int64_t>();
  auto wk = t.site.socket_for(*t.kari.http);
  auto wo = t.site.socket_for(*t.ola.http);
  REQUIRE(wo->request("draft.open", {{"team_id", t.team}, {"draft_id", id}})["ok"] == true);
  // Comment on "lønn" (code points 8..12).
  auto c = wk->request("comment.create", {{"team_id", t.team}, {"draft_id", id}, {"body", "Hvilket nivå?"}, {"version", 0}, {"start", 8}, {"end", 12}});
  REQUIRE(c["ok"] == true);
  CHECK(c["comment"]["quote"] == "lønn");
  auto const cid = c["comment"]["id"].get<std::int64_t>();
  CHECK(wo->wait_event("draft.comment")["comment"]["id"] == cid);
  // Ola types above it; the anchor moves with the text.
  REQUIRE(submit(*wo, t.team, id, 0, json::array({"Innledning. "}), "ola", 1)["ok"] == true);
  auto list = t.kari.http->post("comment.list", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(list.status == 200);
  CHECK(list.body_json["version"] == 1);
  CHECK(list.body_json["comments"][0]["start"] == 20);
  CHECK(list.body_json["comments"][0]["end"] == 24);
  // A comment made against version 0 lands on the same words at version 1.
  auto late = wk->request("comment.create", {{"team_id", t.team}, {"draft_id", id}, {"body", "Og her"}, {"version", 0}, {"start", 22}, {"end", 32}});
  REQUIRE(late["ok"] == true);
  CHECK(late["comment"]["quote"] == "arbeidstid");
  CHECK(late["comment"]["version"] == 1);
  auto reply = wo->request("comment.create", {{"team_id", t.team}, {"draft_id", id}, {"body", "Tariff."}, {"parent_id", cid}});
  REQUIRE(reply["ok"] == true);
  CHECK(reply["comment"]["parent_id"] == cid);
  CHECK(wo->request("comment.update", {{"team_id", t.team}, {"draft_id", id}, {"comment_id", cid}, {"body", "endret"}})["error"]["code"] == "forbidden");
  auto resolved = wo->request("comment.update", {{"team_id", t.team}, {"draft_id", id}, {"comment_id", cid}, {"resolved", true}});
  CHECK(resolved["comment"]["resolved"] == true);
  CHECK(resolved["comment"]["start"] == 20);
  // Deleting "Krav om lønn." detaches the first thread (kept, with its quote).
  REQUIRE(submit(*wk, t.team, id, 1, json::array({12, json{{"d", 14}}}), "kari", 1)["ok"] == true);
  json det;
  do det = wo->wait_event("draft.comment");
  while (det["comment"]["id"] != cid || det["comment"]["detached"] != true);
  auto after = t.kari.http->post("comment.list", {{"team_id", t.team}, {"draft_id", id}});
  for (auto const& cm : after.body_json["comments"]) {
    if (cm["id"] == cid) {
      CHECK(cm["detached"] == true);
      CHECK(cm["quote"] == "lønn");
    }
    if (cm["id"] == late["comment"]["id"]) {
      CHECK(cm["detached"] == false);
      CHECK(cm["start"] == 20);
    }
  }
  CHECK(t.obs.http->post("comment.create", {{"team_id", t.team}, {"draft_id", id}, {"body", "x"}, {"parent_id", cid}}).status == 403);
  CHECK(t.ola.http->post("comment.delete", {{"team_id", t.team}, {"draft_id", id}, {"comment_id", cid}}).status == 403);
  CHECK(t.fac.http->post("comment.delete", {{"team_id", t.team}, {"draft_id", id}, {"comment_id", cid}}).status == 200);
  auto gone = t.kari.http->post("comment.list", {{"team_id", t.team}, {"draft_id", id}});
  CHECK(gone.body_json["comments"].size() == 1);  // the thread took its reply with it
  CHECK(t.kari.http->post("comment.create", {{"team_id", t.team}, {"draft_id", id}, {"body", "x"}, {"version", 0}, {"start", 3}, {"end", 3}}).status == 400);
}

TEST_CASE("drafts: export as Markdown, HTML and docx; the library across teams") {
  draft_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto d = draft_create(*t.kari.http, t.team, "Krav <til> solcellepaneler", "## Sporbarhet\n\nLeverandøren skal <script>alert(1)</script> spore polysilisium.\n");
  auto const id = d["id"].get<std::int64_t>();
  auto md = t.kari.http->post("draft.export", {{"team_id", t.team}, {"draft_id", id}, {"format", "md"}});
  REQUIRE(md.status == 200);
  CHECK(md.body_json["filename"] == "BA-001-v0.md");
  CHECK(md.body_json["content"].get<std::string>().find("BA-001") != std::string::npos);
  CHECK(md.body_json["content"].get<std::string>().find("spore polysilisium") != std::string::npos);
  auto html = t.kari.http->post("draft.export", {{"team_id", t.team}, {"draft_id", id}, {"format", "html"}});
  REQUIRE(html.status == 200);
  auto const h = html.body_json["content"].get<std::string>();
  CHECK(h.find("<h2>Sporbarhet</h2>") != std::string::npos);
  CHECK(h.find("<script>") == std::string::npos);
  CHECK(h.find("Krav &lt;til&gt; solcellepaneler") != std::string::npos);
  auto docx = t.kari.http->post("draft.export", {{"team_id", t.team}, {"draft_id", id}, {"format", "docx"}});
  if (docx.status == 503) {
    MESSAGE("pandoc is not installed: docx export not checked");
  } else {
    REQUIRE(docx.status == 200);
    CHECK(docx.body_json["content_base64"].get<std::string>().rfind("UEsDB", 0) == 0);  // "PK\3\4"
  }
  CHECK(t.kari.http->post("draft.export", {{"team_id", t.team}, {"draft_id", id}, {"format", "pdf"}}).status == 400);

  // Not in the library until published.
  auto ikt = t.site.team_id("IKT");
  auto ikt_member = t.site.add_person("ikt@example.no", "Ingrid IKT");
  t.site.add_member(ikt, ikt_member.id, "member");
  CHECK(ikt_member.http->post("library.search", {{"q", "polysilisium"}}).body_json["results"].empty());
  CHECK(ikt_member.http->post("library.get", {{"draft_id", id}}).status == 404);
  REQUIRE(t.kari.http->post("draft.update", {{"team_id", t.team}, {"draft_id", id}, {"category", "bygg"}}).status == 200);
  REQUIRE(t.kari.http->post("draft.set_status", {{"team_id", t.team}, {"draft_id", id}, {"status", "til_gjennomgang"}}).status == 200);
  REQUIRE(t.fac.http->post("draft.set_status", {{"team_id", t.team}, {"draft_id", id}, {"status", "godkjent"}}).status == 200);
  REQUIRE(t.fac.http->post("draft.set_status", {{"team_id", t.team}, {"draft_id", id}, {"status", "publisert"}}).status == 200);
  auto found = ikt_member.http->post("library.search", {{"q", "polysili"}});
  REQUIRE(found.status == 200);
  REQUIRE(found.body_json["results"].size() == 1);
  CHECK(found.body_json["results"][0]["draft"]["identifier"] == "BA-001");
  CHECK(found.body_json["results"][0]["snippet"].get<std::string>().find("<mark>polysilisium</mark>") != std::string::npos);
  CHECK(ikt_member.http->post("library.search", {{"category", "bygg"}}).body_json["results"].size() == 1);
  CHECK(ikt_member.http->post("library.search", {{"category", "ikt"}}).body_json["results"].empty());
  CHECK(ikt_member.http->post("library.search", {{"kind", "tildelingskriterium"}}).body_json["results"].empty());
  CHECK(ikt_member.http->post("library.search", {{"kind", "våpen"}}).status == 400);
  auto got = ikt_member.http->post("library.get", {{"draft_id", id}});
  REQUIRE(got.status == 200);
  CHECK(got.body_json["text"].get<std::string>().find("polysilisium") != std::string::npos);
  // Copy to my team: a new utkast recording its source.
  CHECK(ikt_member.http->post("library.copy", {{"team_id", t.team}, {"draft_id", id}}).status == 403);
  auto copy = ikt_member.http->post("library.copy", {{"team_id", ikt}, {"draft_id", id}});
  REQUIRE(copy.status == 200);
  CHECK(copy.body_json["draft"]["identifier"] == "IKT-001");
  CHECK(copy.body_json["draft"]["status"] == "utkast");
  CHECK(copy.body_json["draft"]["source"]["draft_id"] == id);
  CHECK(copy.body_json["draft"]["source"]["identifier"] == "BA-001");
  CHECK(copy.body_json["draft"]["source"]["version"] == 0);
  CHECK(draft_text_now(*ikt_member.http, ikt, copy.body_json["draft"]["id"]) == got.body_json["text"]);
  // Unpublished again: gone from the library.
  REQUIRE(t.fac.http->post("draft.set_status", {{"team_id", t.team}, {"draft_id", id}, {"status", "utkast"}}).status == 200);
  CHECK(ikt_member.http->post("library.search", {{"q", "polysilisium"}}).body_json["results"].empty());
}

TEST_CASE("drafts: cursors are live, transformed and gone with their socket; removal stops delivery") {
  draft_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto d = draft_create(*t.kari.http, t.team, "Markører", "0123456789");
  auto const id = d["id"].get<std::int64_t>();
  auto wk = t.site.socket_for(*t.kari.http);
  auto wo = t.site.socket_for(*t.ola.http);
  auto ko = wk->request("draft.open", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(wo->request("draft.open", {{"team_id", t.team}, {"draft_id", id}})["ok"] == true);
  CHECK(wk->request("draft.cursor", {{"team_id", t.team}, {"draft_id", id}, {"version", 0}, {"anchor", 5}, {"head", 7}})["ok"] == true);
  auto cur = wo->wait_event("draft.cursor");
  CHECK(cur["user_id"] == t.kari.id);
  CHECK(cur["display_name"] == "Kari Nordmann");
  CHECK(cur["socket"] == ko["socket"]);
  CHECK(cur["anchor"] == 5);
  CHECK(cur["head"] == 7);
  CHECK(cur["color"].get<std::string>().size() == 7);
  // Ola inserts at 0; a cursor Kari sends against version 0 is moved to version 1.
  REQUIRE(submit(*wo, t.team, id, 0, json::array({"ab"}), "ola", 1)["ok"] == true);
  CHECK(wk->request("draft.cursor", {{"team_id", t.team}, {"draft_id", id}, {"version", 0}, {"anchor", 5}, {"head", 5}})["ok"] == true);
  cur = wo->wait_event("draft.cursor");
  CHECK(cur["version"] == 1);
  CHECK(cur["anchor"] == 7);
  // A new opener sees the cursor in the open answer.
  auto wf = t.site.socket_for(*t.fac.http);
  auto fo = wf->request("draft.open", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(fo["cursors"].size() == 1);
  CHECK(fo["cursors"][0]["anchor"] == 7);
  // Closing the socket removes the cursor for the others.
  wk->close();
  auto gone = wo->wait_event("draft.cursor");
  while (!gone["anchor"].is_null()) gone = wo->wait_event("draft.cursor");
  CHECK(gone["socket"] == ko["socket"]);
  // Removal from the team: no more ops reach Ola's socket, and his requests are refused.
  while (wo->has_queued_event("draft.op")) wo->wait_event("draft.op");
  REQUIRE(t.fac.http->post("team.remove_member", {{"team_id", t.team}, {"user_id", t.ola.id}}).status == 200);
  REQUIRE(submit(*wf, t.team, id, 1, json::array({"Z"}), "fac", 1)["ok"] == true);
  CHECK(submit(*wo, t.team, id, 2, json::array({"Q"}), "ola", 2)["error"]["code"] == "forbidden");
  // Had the op reached Ola, it would be queued before the answer he just read.
  CHECK_FALSE(wo->has_queued_event("draft.op"));
}

TEST_CASE("drafts: an editing session that goes idle becomes an automatic version") {
  server_options o;
  o.extra_args = {"--draft-session-idle-s", "1"};
  draft_team t(std::move(o));
  ARENA_LOG_ON_FAILURE(t.site);
  auto d = draft_create(*t.kari.http, t.team, "Økt", "a");
  auto const id = d["id"].get<std::int64_t>();
  auto wk = t.site.socket_for(*t.kari.http);
  REQUIRE(wk->request("draft.open", {{"team_id", t.team}, {"draft_id", id}})["ok"] == true);
  REQUIRE(submit(*wk, t.team, id, 0, json::array({1, "b"}), "kari", 1)["ok"] == true);
  REQUIRE(submit(*wk, t.team, id, 1, json::array({2, "c"}), "kari", 2)["ok"] == true);
  auto ev = wk->wait_event("draft.version", std::chrono::seconds(20));
  CHECK(ev["version"]["kind"] == "auto");
  CHECK(ev["version"]["version"] == 2);
  auto vs = t.kari.http->post("draft.versions", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(vs.body_json["versions"].size() == 1);
  CHECK(vs.body_json["versions"][0]["kind"] == "auto");
}

TEST_CASE("drafts: a channel topic bound to a draft is listed on the draft and follows a rename") {
  draft_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto d = draft_create(*t.kari.http, t.team, "Krav til arbeidsforhold", "x");
  auto const id = d["id"].get<std::int64_t>();
  auto ch = t.kari.http->post("channel.list", {{"team_id", t.team}}).body_json["channels"][0]["id"].get<std::int64_t>();
  auto sent = t.kari.http->post("message.send", {{"team_id", t.team}, {"channel_id", ch}, {"topic", "Arbeidsforhold"}, {"body", "Se utkastet"},
                                                  {"client_msg_id", "bind-test-1"}});
  REQUIRE(sent.status == 200);
  auto const topic_id = sent.body_json["message"]["topic_id"].get<std::int64_t>();
  auto bind = [&](person& who, json bound) {
    return who.http->post("topic.bind", {{"team_id", t.team}, {"channel_id", ch}, {"topic_id", topic_id}, {"bound", std::move(bound)}});
  };
  CHECK(bind(t.obs, {{"kind", "draft"}, {"id", id}}).status == 403);
  CHECK(bind(t.kari, {{"kind", "widget"}, {"id", 1}}).status == 400);
  CHECK(bind(t.kari, {{"kind", "meeting"}, {"id", 1}}).status == 404);
  CHECK(bind(t.kari, {{"kind", "draft"}, {"id", id + 100}}).status == 404);
  CHECK(t.kari.http->post("topic.bind", {{"team_id", t.team}, {"channel_id", ch}, {"topic_id", topic_id}}).status == 400);
  auto ok = bind(t.kari, {{"kind", "draft"}, {"id", id}});
  REQUIRE(ok.status == 200);
  CHECK(ok.body_json["topic"]["bound"]["kind"] == "draft");
  CHECK(ok.body_json["topic"]["bound"]["id"] == id);
  CHECK(ok.body_json["topic"]["bound"]["label"] == "BA-001 Krav til arbeidsforhold");
  auto g = t.ola.http->post("draft.get", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(g.body_json["topics"].size() == 1);
  CHECK(g.body_json["topics"][0]["name"] == "Arbeidsforhold");
  CHECK(g.body_json["topics"][0]["channel_name"] == "Generelt");
  CHECK(g.body_json["topics"][0]["message_count"] == 1);
  REQUIRE(t.fac.http->post("topic.update", {{"team_id", t.team}, {"channel_id", ch}, {"topic_id", topic_id}, {"name", "Arbeidsforhold i kjeden"}}).status == 200);
  g = t.ola.http->post("draft.get", {{"team_id", t.team}, {"draft_id", id}});
  REQUIRE(g.body_json["topics"].size() == 1);
  CHECK(g.body_json["topics"][0]["name"] == "Arbeidsforhold i kjeden");
  // A draft of another team cannot be bound here.
  auto ikt = t.site.team_id("IKT");
  t.site.add_member(ikt, t.kari.id, "member");
  auto other = draft_create(*t.kari.http, ikt, "IKT");
  CHECK(bind(t.kari, {{"kind", "draft"}, {"id", other["id"]}}).status == 404);
  REQUIRE(bind(t.kari, nullptr).status == 200);
  CHECK(t.ola.http->post("draft.get", {{"team_id", t.team}, {"draft_id", id}}).body_json["topics"].empty());
}
