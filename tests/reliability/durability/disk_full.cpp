// A failing COMMIT: the disk fills up under a running server. The server runs with the preload
// library tests/reliability/preload/enospc.c (LD_PRELOAD), which makes every write to a file
// in the data directory fail with ENOSPC while a switch file exists. With the switch on,
// message.send and draft.submit are answered with the typed error `unavailable` ("disk full")
// and no acknowledgement, no event goes out, the server stays up (healthz, reads, the same
// socket), and nothing of the failed writes is ever visible; with the switch off again the same
// server commits again without a restart, a retry of a refused message is stored once, and after
// a restart every acknowledged write is there, none of the refused ones, and integrity_check is ok.
#include "reliability/durability/durability_support.hpp"

#include "integration/chat_support.hpp"
#include "integration/draft_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace arena::rtest;
namespace store = arena::store;
namespace protocol = arena::protocol;
namespace fs = std::filesystem;

namespace {

// The value of an unlabelled Prometheus sample, or -1.
double metric(http_client& c, std::string const& name) {
  std::istringstream in(c.get("/metrics").body);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  return -1;
}

json submit(ws_client& ws, std::int64_t team, std::int64_t draft, std::int64_t base, ot::op const& o, std::string const& client_id,
            std::int64_t seq) {
  return ws.request("draft.submit", {{"team_id", team},
                                     {"draft_id", draft},
                                     {"base_version", base},
                                     {"text_op", protocol::op_to_json(o)},
                                     {"client_id", client_id},
                                     {"client_seq", seq}});
}

bool queued_message_with(ws_client& ws, std::string const& body) {
  // Drains what is queued now (nothing blocks: poll(0) only looks at what has arrived).
  bool found = false;
  while (ws.poll(std::chrono::milliseconds(0))) {
    auto f = ws.next();
    if (f.value("ev", "") == "message.new" && f["message"]["body"] == body) found = true;
  }
  return found;
}

}  // namespace

TEST_CASE("a full disk fails the COMMIT: a typed error, no acknowledgement, the server stays up and recovers") {
  temp_dir dir("arena-rel-enospc");
  auto const data = dir / "data";
  fs::create_directories(data);
  auto const switch_file = dir / "disk-is-full";  // outside the data directory
  auto opts = durable_server(data);
  opts.env = {{"LD_PRELOAD", ARENA_ENOSPC_LIB},
              {"ARENA_ENOSPC_DIR", fs::canonical(data).string()},
              {"ARENA_ENOSPC_SWITCH", switch_file.string()}};

  std::int64_t team = 0, ch = 0, draft = 0;
  std::string per_session;
  std::vector<std::string> acked_bodies;  // acknowledged messages
  std::string lost_body, retried_body;    // refused; the first is never retried
  std::string text_before_fault, final_text;
  std::int64_t final_version = 0;
  {
    arena_site site(opts);
    ARENA_LOG_ON_FAILURE(site);
    // The fault is only as good as its injection: the library must be in the server's address
    // space, or every check below would pass against a healthy disk.
    {
      auto maps = read_file("/proc/" + std::to_string(site.srv.pid()) + "/maps");
      REQUIRE_MESSAGE(maps.find(fs::path(ARENA_ENOSPC_LIB).filename().string()) != std::string::npos,
                      "the preload library is not loaded into the server");
    }
    team = site.team_id("IKT");
    auto per = site.add_person("per@example.no", "Per Hansen");
    site.add_member(team, per.id, "member");
    per_session = session_cookie(*per.http);
    ch = channel_id(*per.http, team, "Generelt");
    draft = draft_create(*per.http, team, "Krav til arbeidsforhold")["id"].get<std::int64_t>();
    auto ws = site.socket_for(*per.http);
    REQUIRE(chat_subscribe(*ws, team, ch)["ok"] == true);
    auto opened = ws->request("draft.open", {{"team_id", team}, {"draft_id", draft}});
    REQUIRE(opened["ok"] == true);
    std::int64_t version = opened["version"].get<std::int64_t>();

    // Healthy disk: writes are acknowledged.
    for (int i = 1; i <= 3; ++i) {
      auto body = "før fullt nr " + std::to_string(i);
      auto a = chat_send(*ws, team, ch, body, "full-ok-" + std::to_string(i));
      REQUIRE_MESSAGE(a["ok"] == true, a.dump());
      acked_bodies.push_back(body);
      auto a2 = submit(*ws, team, draft, version, ot::make_insert(0, "krav " + std::to_string(i) + " "), "editor", i);
      REQUIRE_MESSAGE(a2["ok"] == true, a2.dump());
      version = a2["version"].get<std::int64_t>();
    }
    text_before_fault = draft_text_now(*per.http, team, draft);
    (void)queued_message_with(*ws, "");  // drop the events of the writes above
    auto const failed_before = metric(*per.http, "arena_db_write_failed_commits_total");
    REQUIRE(failed_before >= 0);

    // The disk is full.
    write_file(switch_file, "");
    lost_body = "tapt melding";
    auto m1 = chat_send(*ws, team, ch, lost_body, "full-lost-1");
    INFO("answer: ", m1.dump());
    CHECK(m1["ok"] == false);
    CHECK(m1["error"]["code"] == "unavailable");
    CHECK(m1["error"]["message"] == "disk full");
    CHECK_FALSE(m1.contains("message"));
    retried_body = "melding som prøves igjen";
    auto m2 = chat_send(*ws, team, ch, retried_body, "full-retry-1");
    CHECK(m2["ok"] == false);
    CHECK(m2["error"]["code"] == "unavailable");
    // A retry while the disk is still full fails the same way (and stores nothing).
    auto m3 = chat_send(*ws, team, ch, retried_body, "full-retry-1");
    CHECK(m3["error"]["code"] == "unavailable");
    // Several sends queued at once land in one group commit: every one of them is refused.
    {
      std::vector<json> rids;
      for (int i = 1; i <= 8; ++i) {
        rids.push_back(ws->next_rid());
        json req = {{"op", "message.send"}, {"rid", rids.back()}, {"team_id", team}, {"channel_id", ch}, {"topic", "Emne"},
                    {"body", "tapt i gruppe " + std::to_string(i)}, {"client_msg_id", "full-group-" + std::to_string(i)}};
        REQUIRE(ws->send_text(req.dump()));
      }
      for (auto const& rid : rids) {
        auto a = ws->wait_answer(rid);
        CHECK_MESSAGE(a["ok"] == false, a.dump());
        CHECK(a["error"]["code"] == "unavailable");
      }
    }
    auto d1 = submit(*ws, team, draft, version, ot::make_insert(0, "tapt "), "editor-lost", 1);
    INFO("draft.submit answer: ", d1.dump());
    CHECK(d1["ok"] == false);
    CHECK(d1["error"]["code"] == "unavailable");
    CHECK_FALSE(d1.contains("version"));
    // No event announced the refused writes.
    CHECK_FALSE(ws->has_queued_event("draft.op"));
    CHECK_FALSE(queued_message_with(*ws, lost_body));

    // The fault bit: the server counted failed commits (the preload did fail the writes).
    CHECK(metric(*per.http, "arena_db_write_failed_commits_total") >= failed_before + 4);
    // The server is up, reads work, the socket is still open and usable.
    CHECK(per.http->get("/healthz").status == 200);
    CHECK(ws->request("server.info")["ok"] == true);
    CHECK_FALSE(ws->closed());
    {
      auto h = per.http->post("channel.history", {{"team_id", team}, {"channel_id", ch}});
      REQUIRE_MESSAGE(h.status == 200, h.body);
      std::vector<std::string> bodies;
      for (auto const& m : h.body_json["messages"]) bodies.push_back(m["body"].get<std::string>());
      CHECK(bodies == acked_bodies);
      CHECK(draft_text_now(*per.http, team, draft) == text_before_fault);
    }

    // Space returns: the same server commits again, without a restart.
    fs::remove(switch_file);
    auto r1 = chat_send(*ws, team, ch, retried_body, "full-retry-1");
    REQUIRE_MESSAGE(r1["ok"] == true, r1.dump());
    acked_bodies.push_back(retried_body);
    auto r2 = chat_send(*ws, team, ch, "etter fullt", "full-after-1");
    REQUIRE_MESSAGE(r2["ok"] == true, r2.dump());
    acked_bodies.push_back("etter fullt");
    CHECK(r2["message"]["seq"].get<std::int64_t>() == r1["message"]["seq"].get<std::int64_t>() + 1);
    // The draft was dropped from memory when its COMMIT failed; it reloads from the database,
    // which does not have the refused op, and takes new ops at the version it really has.
    auto reopened = ws->request("draft.open", {{"team_id", team}, {"draft_id", draft}});
    REQUIRE(reopened["ok"] == true);
    CHECK(reopened["version"] == version);
    CHECK(reopened["text"] == text_before_fault);
    auto d2 = submit(*ws, team, draft, version, ot::make_insert(0, "etter "), "editor", 4);
    REQUIRE_MESSAGE(d2["ok"] == true, d2.dump());
    CHECK(d2["version"] == version + 1);
    final_version = d2["version"].get<std::int64_t>();
    final_text = draft_text_now(*per.http, team, draft);
    CHECK(final_text == "etter " + text_before_fault);
    REQUIRE(site.srv.stop() == 0);
  }

  // After a restart (no fault library this time): everything acknowledged, nothing refused.
  {
    server_process srv(durable_server(data));
    INFO("server log (tail):\n", srv.log_tail());
    auto c = client_with(srv, per_session);
    std::vector<std::string> problems;
    auto all = channel_messages(*c, team, ch, problems);
    REQUIRE(problems.empty());
    std::vector<std::string> bodies;
    for (auto const& m : all) bodies.push_back(m["body"].get<std::string>());
    CHECK(bodies == acked_bodies);
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i]["seq"] == static_cast<std::int64_t>(i + 1));
    auto log = c->post("draft.open", {{"team_id", team}, {"draft_id", draft}, {"since_version", 0}});
    REQUIRE(log.status == 200);
    std::string replay;
    std::int64_t v = 0;
    for (auto const& rec : log.body_json["ops"]) {
      CHECK(rec["version"] == ++v);
      CHECK(rec["client_id"] == "editor");
      auto o = protocol::op_from_json(rec["op"]);
      REQUIRE(o.has_value());
      auto t = ot::apply_text(replay, *o);
      REQUIRE(t.has_value());
      replay = *t;
    }
    CHECK(v == final_version);
    CHECK(replay == final_text);
    CHECK(draft_text_now(*c, team, draft) == final_text);
    REQUIRE(srv.stop() == 0);
  }
  auto problems = verify_file(data / "arena.db");
  CHECK_MESSAGE(problems.empty(), join_lines(problems));
  // And the refused rows are not hiding anywhere in the file.
  store::connection db((data / "arena.db").string(), store::connection::mode::read_only);
  auto s = db.prepare("SELECT count(*) FROM messages WHERE client_msg_id = 'full-lost-1' OR body = ?");
  s.bind(1, lost_body);
  REQUIRE(s.step());
  CHECK(s.col_int(0) == 0);
  auto g = db.prepare("SELECT count(*) FROM messages WHERE client_msg_id LIKE 'full-group-%'");
  REQUIRE(g.step());
  CHECK(g.col_int(0) == 0);
  auto o = db.prepare("SELECT count(*) FROM draft_ops WHERE client_id = 'editor-lost'");
  REQUIRE(o.step());
  CHECK(o.col_int(0) == 0);
  auto r = db.prepare("SELECT count(*) FROM messages WHERE client_msg_id = 'full-retry-1'");
  REQUIRE(r.step());
  CHECK(r.col_int(0) == 1);
}
