// A random model check of authorisation: who may do what, against a reference model written
// from docs/PROTOCOL.md (not from the server code).
//
// The world: three organisations, three teams and seven people besides the administrator, each
// with a different standing (facilitator, member, observer, member of one team and observer of
// another, a removed member, someone in no team who is the guest of an open meeting), and in
// every team a channel with messages, a draft with a comment, a meeting, a poll and a team note;
// one published draft, one note for everyone, two suppliers and three follow-up cases of
// different visibility. Then >= 1,000 seeded random (user, resource, action) checks (ARENA_SEED
// sets the seed, ARENA_SOAK=1 runs 20,000), alternately over HTTP and the user's WebSocket:
// reads, writes, searches and lists. An allowed one must succeed; a refused one must give the
// typed `forbidden` or `not_found` (PROTOCOL lets the server hide existence) and write nothing.
// Every private text carries a marker (zqT1q: team 1's; zqKSq: the sharing case's, ...), and no
// answer, search result or event a user receives may contain a marker the model says they may
// not see. Every user keeps a socket subscribed to every channel and draft they may open; after
// the run each event frame is mapped to its team or object and checked against the model.
// Finally the stored state (messages, channels, comments, pins, descriptions, tags, poll
// answers, note comments) must equal what the allowed writes alone produce.
#include "integration/chat_support.hpp"
#include "integration/supplier_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <set>

using namespace arena::itest;

namespace {

enum class role { none, observer, member, facilitator };

struct user_t {
  std::string key;  // short name in the report
  std::int64_t id = 0;
  std::int64_t org = 0;
  bool admin = false;
  http_client* http = nullptr;
  std::unique_ptr<ws_client> ws;
  std::vector<json> events;
};

struct team_t {
  std::int64_t id = 0;
  std::string marker;  // zqT1q
  std::int64_t channel = 0;
  std::vector<std::int64_t> messages;
  std::int64_t draft = 0, comment = 0, meeting = 0, poll = 0, slot = 0, note = 0;
};

bool contains(std::string const& hay, std::string const& needle) { return hay.find(needle) != std::string::npos; }

std::int64_t env_int(char const* name, std::int64_t fallback) {
  char const* v = std::getenv(name);
  return v && *v ? std::strtoll(v, nullptr, 10) : fallback;
}

}  // namespace

TEST_CASE("abuse: >= 1,000 random (user, resource, action) checks against the reference model: zero leaks") {
  arena_site site(fast_chat());
  ARENA_LOG_ON_FAILURE(site);
  auto& A = site.admin;

  // --- the world -----------------------------------------------------------------------------
  auto nrs = orgnrs(93456780, 5);
  auto make_org = [&](std::string const& name, std::string const& nr) {
    return ok_post(A, "org.create", {{"name", name}, {"orgnr", nr}})["organisation"]["id"].get<std::int64_t>();
  };
  auto const org_a = make_org("Alfa kommune", nrs[0]), org_b = make_org("Bravo fylke", nrs[1]), org_c = make_org("Charlie HF", nrs[2]);
  std::vector<std::unique_ptr<http_client>> clients;
  std::map<std::string, user_t> U;
  auto make_user = [&](std::string const& key, std::string const& name, std::int64_t org) {
    auto j = ok_post(A, "user.create", {{"email", key + "@modell.no"}, {"display_name", name}, {"password", default_password}, {"org_id", org}});
    user_t u;
    u.key = key;
    u.id = j["user"]["id"].get<std::int64_t>();
    u.org = org;
    clients.push_back(site.login(key + "@modell.no", default_password));
    u.http = clients.back().get();
    U[key] = std::move(u);
  };
  make_user("fa", "Frida Fasilitator", org_a);  // facilitator of T1
  make_user("ma", "Magnus Medlem", org_a);      // member of T1, observer of T2
  make_user("mb", "Marit Bravo", org_b);        // member of T2, facilitator of T3
  make_user("ob", "Oddvar Observatør", org_b);  // observer of T1
  make_user("rm", "Rolf Fjernet", org_c);       // member of T1, removed before the run
  make_user("nt", "Nora Utenfor", org_c);       // in no team; guest of T1's open meeting
  make_user("mc", "Mats Charlie", org_c);       // member of T3
  {
    user_t a;
    a.key = "admin";
    a.id = site.admin_user["id"].get<std::int64_t>();
    a.admin = true;
    a.http = &site.admin;
    U["admin"] = std::move(a);
  }
  std::vector<team_t> T(3);
  T[0].id = site.team_id("IKT");
  T[1].id = site.team_id("Tekstil");
  T[2].id = ok_post(A, "team.create", {{"name", "Modell-laget"}, {"slug", "modell-laget"}})["team"]["id"].get<std::int64_t>();
  for (int t = 0; t < 3; ++t) T[t].marker = "zqT" + std::to_string(t + 1) + "q";
  // The reference roles: the removal below takes one out; nothing in the run changes them.
  std::map<std::pair<std::string, int>, role> roles;
  auto set_role = [&](std::string const& who, int t, role r, char const* wire) {
    site.add_member(T[t].id, U[who].id, wire);
    roles[{who, t}] = r;
  };
  set_role("fa", 0, role::facilitator, "facilitator");
  set_role("ma", 0, role::member, "member");
  set_role("ma", 1, role::observer, "observer");
  set_role("mb", 1, role::member, "member");
  set_role("mb", 2, role::facilitator, "facilitator");
  set_role("ob", 0, role::observer, "observer");
  set_role("rm", 0, role::member, "member");
  set_role("mc", 2, role::member, "member");

  // --- the reference model (docs/PROTOCOL.md) --------------------------------------------------
  auto role_of = [&](std::string const& u, int t) {
    auto it = roles.find({u, t});
    return it == roles.end() ? role::none : it->second;
  };
  // team: any member of the team, observers included, or an admin.
  auto reads = [&](std::string const& u, int t) { return U[u].admin || role_of(u, t) != role::none; };
  // team_write: a member or facilitator (not an observer), or an admin.
  auto writes = [&](std::string const& u, int t) {
    auto r = role_of(u, t);
    return U[u].admin || r == role::member || r == role::facilitator;
  };
  auto facilitates = [&](std::string const& u, int t) { return U[u].admin || role_of(u, t) == role::facilitator; };
  // "a member": anyone who belongs to a team, observers included (suppliers, notes for all).
  auto in_any_team = [&](std::string const& u) {
    for (int t = 0; t < 3; ++t)
      if (role_of(u, t) != role::none) return true;
    return false;
  };
  auto member_or_admin = [&](std::string const& u) { return U[u].admin || in_any_team(u); };

  // Channels and drafts of the teams; the admin makes what needs no particular author.
  for (int t = 0; t < 3; ++t) T[t].channel = channel_id(A, T[t].id, "Generelt");
  // The removed member: a socket subscribed while still a member, and a mention to be notified.
  U["rm"].ws = site.socket_for(*U["rm"].http);
  REQUIRE(chat_subscribe(*U["rm"].ws, T[0].id, T[0].channel)["ok"] == true);

  std::string const writers[3] = {"ma", "mb", "mc"};
  for (int t = 0; t < 3; ++t) {
    auto& w = *U[writers[t]].http;
    std::string body = "modellsjekk " + T[t].marker + " første melding";
    if (t == 0) body += " til @\"Rolf Fjernet\"";
    auto m = ok_post(w, "message.send", {{"team_id", T[t].id}, {"channel_id", T[t].channel}, {"topic", "Emne " + T[t].marker},
                                        {"body", body}, {"client_msg_id", "setup-msg-" + std::to_string(t)}});
    T[t].messages.push_back(m["message"]["id"].get<std::int64_t>());
    auto d = ok_post(A, "draft.create", {{"team_id", T[t].id}, {"title", "Krav " + T[t].marker}, {"kind", "kravspesifikasjon"},
                                        {"body", "Leverandøren skal " + T[t].marker + " dokumentere."}});
    T[t].draft = d["draft"]["id"].get<std::int64_t>();
    auto c = ok_post(A, "comment.create", {{"team_id", T[t].id}, {"draft_id", T[t].draft}, {"body", "Merknad " + T[t].marker},
                                          {"version", d["draft"]["version"]}, {"start", 0}, {"end", 5}});
    T[t].comment = c["comment"]["id"].get<std::int64_t>();
    auto mt = ok_post(A, "meeting.create", {{"team_id", T[t].id}, {"title", "Møte " + T[t].marker}, {"start", "2030-01-15T09:00"},
                                           {"end", "2030-01-15T10:00"}});
    T[t].meeting = mt["meeting"]["id"].get<std::int64_t>();
    auto p = ok_post(A, "poll.create", {{"team_id", T[t].id}, {"title", "Avstemning " + T[t].marker},
                                       {"slots", {{{"start", "2030-01-16T09:00"}, {"end", "2030-01-16T10:00"}}}}});
    T[t].poll = p["poll"]["id"].get<std::int64_t>();
    T[t].slot = p["poll"]["slots"][0]["id"].get<std::int64_t>();
    std::string const note_author = t == 0 ? "fa" : writers[t];
    auto n = ok_post(*U[note_author].http, "note.create", {{"title", "Notat " + T[t].marker}, {"body", "Erfaring " + T[t].marker},
                                                           {"team_ids", {T[t].id}}, {"visibility", "team"}});
    T[t].note = n["note"]["id"].get<std::int64_t>();
  }
  // Team 1's open meeting with a guest from outside (its own marker: the guest may see it).
  auto open_meeting = ok_post(A, "meeting.create", {{"team_id", T[0].id}, {"title", "Åpent møte zqG1q"}, {"start", "2030-01-17T09:00"},
                                                   {"end", "2030-01-17T10:00"}, {"is_open", true}, {"guests", {U["nt"].id}}})["meeting"];
  auto const open_meeting_id = open_meeting["id"].get<std::int64_t>();
  // A published draft in team 1: the library shows it to every signed-in user.
  auto pub = ok_post(A, "draft.create", {{"team_id", T[0].id}, {"title", "Publisert krav offentlig"}, {"kind", "kontraktsvilkar"},
                                        {"body", "Offentlig tekst."}})["draft"];
  auto const pub_id = pub["id"].get<std::int64_t>();
  for (auto const* st : {"til_gjennomgang", "godkjent", "publisert"})
    ok_post(A, "draft.set_status", {{"team_id", T[0].id}, {"draft_id", pub_id}, {"status", st}});
  // A note for every member.
  auto const note_all = ok_post(*U["mb"].http, "note.create", {{"title", "Felles zqALLq"}, {"body", "For alle medlemmer zqALLq"},
                                                               {"team_ids", {T[1].id}}, {"visibility", "all"}})["note"]["id"].get<std::int64_t>();
  // Suppliers (shared by every member); organisation A buys from S1, B from S2.
  auto const s1 = ok_post(*U["fa"].http, "supplier.create", {{"name", "Leverandør En AS"}, {"orgnr", nrs[3]}})["supplier"]["id"].get<std::int64_t>();
  auto const s2 = ok_post(*U["mb"].http, "supplier.create", {{"name", "Leverandør To AS"}, {"orgnr", nrs[4]}})["supplier"]["id"].get<std::int64_t>();
  ok_post(*U["fa"].http, "supplier.contract_save", {{"supplier_id", s1}, {"value_band", "1m_10m"}, {"clause_level", "basic"}});
  ok_post(*U["mb"].http, "supplier.contract_save", {{"supplier_id", s2}, {"value_band", "1m_10m"}, {"clause_level", "basic"}});
  // Cases of organisation A on S1: team (T1), sharing (the sharing organisations: A), all (every member).
  auto make_case = [&](std::string const& vis, std::string const& marker) {
    json f = {{"supplier_id", s1}, {"method", "document_review"}, {"visibility", vis}, {"exempt_reason", "Begrunnelse " + marker}};
    if (vis == "team") f["team_id"] = T[0].id;
    return ok_post(*U["fa"].http, "case.create", f)["case"]["id"].get<std::int64_t>();
  };
  auto const k_team = make_case("team", "zqKTq"), k_share = make_case("sharing", "zqKSq"), k_all = make_case("all", "zqKAq");

  // The removal: from now on nothing of team 1 may reach the removed member.
  REQUIRE(A.post("team.remove_member", {{"team_id", T[0].id}, {"user_id", U["rm"].id}}).status == 200);
  roles.erase({"rm", 0});

  // Who may see which marker (and so which object).
  auto case_visible = [&](std::string const& u, std::int64_t k) {
    if (U[u].admin) return true;
    if (k == k_team) return reads(u, 0);                     // members of the case's team
    if (k == k_share) return U[u].org == org_a;              // the sharing organisations (A: its contract) and the case's (A)
    if (k == k_all) return in_any_team(u);                   // every member
    return false;
  };
  auto note_visible = [&](std::string const& u, std::int64_t n) {
    if (U[u].admin) return true;
    if (n == note_all) return in_any_team(u);
    for (int t = 0; t < 3; ++t)
      if (n == T[t].note) return reads(u, t);
    return false;
  };
  std::map<std::string, std::function<bool(std::string const&)>> markers = {
      {"zqG1q", [&](std::string const& u) { return reads(u, 0) || u == "nt"; }},
      {"zqALLq", [&](std::string const& u) { return note_visible(u, note_all); }},
      {"zqKTq", [&](std::string const& u) { return case_visible(u, k_team); }},
      {"zqKSq", [&](std::string const& u) { return case_visible(u, k_share); }},
      {"zqKAq", [&](std::string const& u) { return case_visible(u, k_all); }},
  };
  for (int t = 0; t < 3; ++t) markers[T[t].marker] = [&, t](std::string const& u) { return reads(u, t); };
  // The first marker in `text` that `u` may not see, or empty.
  auto leaked_marker = [&](std::string const& u, std::string const& text) -> std::string {
    for (auto const& [m, may] : markers)
      if (contains(text, m) && !may(u)) return m;
    return {};
  };

  // Objects to their team, for the events.
  std::map<std::int64_t, int> team_of_channel, team_of_draft, team_of_meeting, team_index;
  for (int t = 0; t < 3; ++t) {
    team_of_channel[T[t].channel] = t;
    team_of_draft[T[t].draft] = t;
    team_of_meeting[T[t].meeting] = t;
    team_index[T[t].id] = t;
  }
  team_of_draft[pub_id] = 0;
  team_of_meeting[open_meeting_id] = 0;

  // Every user's socket, subscribed to every channel and draft the server lets them open.
  std::vector<std::string> const keys = {"fa", "ma", "mb", "ob", "rm", "nt", "mc", "admin"};
  for (auto const& k : keys) {
    auto& u = U[k];
    if (!u.ws) u.ws = site.socket_for(*u.http);
    for (int t = 0; t < 3; ++t) {
      auto s = chat_subscribe(*u.ws, T[t].id, T[t].channel);
      CHECK_MESSAGE((s["ok"] == true) == reads(k, t), k, " subscribe team ", t + 1, ": ", s.dump());
      auto o = u.ws->request("draft.open", {{"team_id", T[t].id}, {"draft_id", T[t].draft}});
      CHECK_MESSAGE((o["ok"] == true) == reads(k, t), k, " draft.open team ", t + 1, ": ", o.dump());
    }
  }
  // The barrier: what was published before an answer on a socket is queued before it; drop it.
  auto drain = [&](user_t& u, bool keep) {
    while (u.ws->poll(std::chrono::milliseconds(0))) {
      auto f = u.ws->next();
      if (keep && f.contains("ev")) u.events.push_back(std::move(f));
    }
  };
  for (auto const& k : keys) {
    REQUIRE(U[k].ws->request("auth.me")["ok"] == true);
    drain(U[k], false);
  }

  // --- the expected state, kept by the model as allowed writes happen ---------------------------
  std::map<int, int> channels_count, messages_count, comments_count;
  std::map<int, std::string> description;
  std::map<int, json> tags;
  std::map<int, std::set<std::int64_t>> pinned, poll_voters;
  std::map<std::int64_t, int> note_comments;
  std::map<int, std::int64_t> draft_version;
  std::map<int, int> draft_inserts;
  std::map<int, std::size_t> draft_length;
  std::map<std::int64_t, std::set<std::int64_t>> meeting_answers;  // meeting -> users who answered
  for (int t = 0; t < 3; ++t) {
    channels_count[t] = static_cast<int>(A.post("channel.list", {{"team_id", T[t].id}}).body_json["channels"].size());
    messages_count[t] = 1;
    comments_count[t] = 1;
    description[t] = A.post("team.get", {{"team_id", T[t].id}}).body_json["team"]["description"].get<std::string>();
    tags[t] = json::array();
    auto const o = A.post("draft.open", {{"team_id", T[t].id}, {"draft_id", T[t].draft}});
    draft_version[t] = o.body_json["version"].get<std::int64_t>();
    draft_length[t] = o.body_json["draft"]["length"].get<std::size_t>();
  }

  // --- the run -------------------------------------------------------------------------------
  auto const seed = static_cast<std::uint64_t>(env_int("ARENA_SEED", static_cast<std::int64_t>(std::random_device{}() & 0x7fffffff)));
  auto const n_checks = env_int("ARENA_SOAK", 0) ? 20000 : env_int("ARENA_MODEL_CHECKS", 1200);
  MESSAGE("model check: seed ", seed, " (ARENA_SEED=", seed, " repeats it), ", n_checks, " checks");
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };

  struct tally {
    int allowed = 0, refused = 0;
  };
  std::map<std::string, tally> per_action;
  int via_ws = 0, via_http = 0, counter = 0;

  // Performs one request as `u`; returns the answer object ({"ok", ...}).
  auto call = [&](std::string const& k, std::string const& op, json const& fields) -> json {
    auto& u = U[k];
    if (pick(2) == 0) {
      ++via_ws;
      return u.ws->request(op, fields);
    }
    ++via_http;
    auto r = u.http->post(op, fields);
    INFO(op, " over HTTP: ", r.status, " ", r.body);
    REQUIRE(r.body_json.is_object());
    // The HTTP status agrees with the typed error (PROTOCOL "Errors").
    if (r.ok()) CHECK(r.status == 200);
    else if (r.error_code() == "forbidden") CHECK(r.status == 403);
    else if (r.error_code() == "not_found") CHECK(r.status == 404);
    return r.body_json;
  };

  // A team-scoped action: `t` the resource's team; `tid` the team_id sent (another team's id in
  // the cross-team variant, which the model always refuses: the object is not in that team;
  // actions that name no object but the team have no such variant).
  struct action {
    std::string name;
    enum { read, write, facilitator } need;
    std::function<json(int t, std::int64_t tid)> fields;
    std::function<void(int t, json const& answer)> on_allowed;  // the model's state change
  };
  std::vector<action> team_actions = {
      {"channel.list", action::read, [&](int, std::int64_t tid) { return json{{"team_id", tid}}; }, {}},
      {"channel.history", action::read, [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"channel_id", T[t].channel}}; }, {}},
      {"topic.list", action::read, [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"channel_id", T[t].channel}}; }, {}},
      {"channel.pins", action::read, [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"channel_id", T[t].channel}}; }, {}},
      {"message.history_of", action::read,
       [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"channel_id", T[t].channel}, {"message_id", T[t].messages[pick(T[t].messages.size())]}}; }, {}},
      {"channel.export", action::read,
       [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"channel_id", T[t].channel}, {"format", "json"}}; }, {}},
      {"draft.list", action::read, [&](int, std::int64_t tid) { return json{{"team_id", tid}}; }, {}},
      {"draft.get", action::read, [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"draft_id", T[t].draft}}; }, {}},
      {"draft.text", action::read, [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"draft_id", T[t].draft}, {"version", 0}}; }, {}},
      {"draft.versions", action::read, [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"draft_id", T[t].draft}}; }, {}},
      {"comment.list", action::read, [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"draft_id", T[t].draft}}; }, {}},
      {"team.members", action::read, [&](int, std::int64_t tid) { return json{{"team_id", tid}}; }, {}},
      {"poll.list", action::read, [&](int, std::int64_t tid) { return json{{"team_id", tid}}; }, {}},
      {"poll.get", action::read, [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"poll_id", T[t].poll}}; }, {}},
      {"meeting.list", action::read, [&](int, std::int64_t tid) { return json{{"team_id", tid}, {"from", "2030-01-01"}, {"to", "2030-01-31"}}; }, {}},
      {"meeting.get", action::read, [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"meeting_id", T[t].meeting}}; }, {}},
      {"presence.list", action::read, [&](int, std::int64_t tid) { return json{{"team_id", tid}}; }, {}},
      {"message.send", action::write,
       [&](int t, std::int64_t tid) {
         return json{{"team_id", tid}, {"channel_id", T[t].channel}, {"topic", "Modell " + T[t].marker},
                     {"body", "modellsjekk " + T[t].marker + " nr " + std::to_string(counter)}, {"client_msg_id", "model-msg-" + std::to_string(counter)}};
       },
       [&](int t, json const& a) {
         ++messages_count[t];
         T[t].messages.push_back(a["message"]["id"].get<std::int64_t>());
       }},
      {"message.react", action::write,
       [&](int t, std::int64_t tid) {
         return json{{"team_id", tid}, {"channel_id", T[t].channel}, {"message_id", T[t].messages[pick(T[t].messages.size())]}, {"emoji", "👍"}, {"on", true}};
       }, {}},
      {"draft.update", action::write,
       [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"draft_id", T[t].draft}, {"tags", {"m" + std::to_string(counter)}}}; },
       [&](int t, json const& a) { tags[t] = a["draft"]["tags"]; }},
      {"comment.create", action::write,
       [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"draft_id", T[t].draft}, {"parent_id", T[t].comment}, {"body", "Svar " + T[t].marker}}; },
       [&](int t, json const&) { ++comments_count[t]; }},
      {"draft.submit", action::write,
       [&](int t, std::int64_t tid) {
         return json{{"team_id", tid}, {"draft_id", T[t].draft}, {"base_version", draft_version[t]}, {"text_op", {"m"}},
                     {"client_id", "model-" + std::to_string(counter)}, {"client_seq", 1}};
       },
       [&](int t, json const& a) {
         CHECK(a["version"] == draft_version[t] + 1);
         draft_version[t] = a["version"].get<std::int64_t>();
         ++draft_inserts[t];
       }},
      {"chat.typing", action::write,
       [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"channel_id", T[t].channel}, {"topic", "Modell " + T[t].marker}}; }, {}},
      {"poll.answer", action::write,
       [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"poll_id", T[t].poll}, {"answers", {{{"slot_id", T[t].slot}, {"answer", "yes"}}}}}; }, {}},
      {"channel.create", action::facilitator,
       [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"name", "Kanal " + T[t].marker + " " + std::to_string(counter)}}; },
       [&](int t, json const&) { ++channels_count[t]; }},
      {"team.update", action::facilitator,
       [&](int, std::int64_t tid) { return json{{"team_id", tid}, {"description", "Beskrivelse " + std::to_string(counter)}}; }, {}},
      {"message.pin", action::facilitator,
       [&](int t, std::int64_t tid) { return json{{"team_id", tid}, {"channel_id", T[t].channel}, {"message_id", T[t].messages.front()}, {"on", true}}; },
       [&](int t, json const&) { pinned[t].insert(T[t].messages.front()); }},
  };
  // Object-level and user-level actions, each with its own model.
  std::vector<std::string> const object_actions = {"case.get", "note.get", "note.comment", "library.get", "meeting.get(guest)",
                                                   "supplier.get", "supplier.list", "note.list", "chat.search", "chat.search(team)",
                                                   "library.search", "notification.list", "chat.unread", "meeting.upcoming",
                                                   "meeting.answer", "meeting.answer(open)", "case.update", "presence.set"};

  auto expect = [&](std::string const& name, std::string const& k, bool allowed, json const& a, std::string const& what) {
    INFO("check ", counter, ": ", k, " ", name, " ", what, " -> ", a.dump().substr(0, 600));
    auto& tl = per_action[name];
    if (allowed) {
      ++tl.allowed;
      CHECK(a["ok"] == true);
    } else {
      ++tl.refused;
      CHECK(a["ok"] == false);
      auto code = a.contains("error") ? a["error"].value("code", std::string()) : std::string();
      CHECK((code == "forbidden" || code == "not_found"));
    }
    auto leak = leaked_marker(k, a.dump());
    CHECK_MESSAGE(leak.empty(), "answer leaks ", leak);
    return a["ok"] == true;
  };

  for (counter = 0; counter < n_checks; ++counter) {
    auto const& k = keys[pick(keys.size())];
    bool const team_scoped = pick(3) != 0;
    if (team_scoped) {
      auto& ac = team_actions[pick(team_actions.size())];
      int const t = static_cast<int>(pick(3));
      bool const cross = pick(5) == 0 && ac.name != "channel.list" && ac.name != "draft.list" && ac.name != "team.members" &&
                         ac.name != "poll.list" && ac.name != "meeting.list" && ac.name != "presence.list" && ac.name != "team.update" && ac.name != "channel.create";
      int const sent_team = cross ? (t + 1 + static_cast<int>(pick(2))) % 3 : t;
      bool allowed = !cross && (ac.need == action::read ? reads(k, t) : ac.need == action::write ? writes(k, t) : facilitates(k, t));
      // meeting.get is open to a meeting's guests too (the open meeting is checked below).
      auto fields = ac.fields(t, T[sent_team].id);
      auto a = call(k, ac.name, fields);
      auto const name = ac.name + (cross ? "(cross-team)" : "");
      if (expect(name, k, allowed, a, "team " + std::to_string(t + 1) + " as team " + std::to_string(sent_team + 1)) && allowed) {
        if (ac.on_allowed) ac.on_allowed(t, a);
        if (ac.name == "team.update") description[t] = fields["description"].get<std::string>();
        if (ac.name == "poll.answer") poll_voters[t].insert(U[k].id);
      }
    } else {
      auto const& name = object_actions[pick(object_actions.size())];
      if (name == "case.get") {
        std::int64_t const ks[] = {k_team, k_share, k_all};
        auto id = ks[pick(3)];
        expect(name, k, case_visible(k, id), call(k, name, {{"case_id", id}}), "case " + std::to_string(id));
      } else if (name == "note.get" || name == "note.comment") {
        std::int64_t const ns[] = {T[0].note, T[1].note, T[2].note, note_all};
        auto id = ns[pick(4)];
        json f = {{"note_id", id}};
        if (name == "note.comment") f["body"] = "Kommentar " + std::to_string(counter);
        bool ok = note_visible(k, id);
        if (expect(name, k, ok, call(k, name, f), "note " + std::to_string(id)) && ok && name == "note.comment") ++note_comments[id];
      } else if (name == "library.get") {
        // Published drafts are for every signed-in user; the others exist only in their team.
        auto id = pick(2) == 0 ? pub_id : T[pick(3)].draft;
        expect(name, k, id == pub_id, call(k, name, {{"draft_id", id}}), "draft " + std::to_string(id));
      } else if (name == "meeting.get(guest)") {
        expect(name, k, reads(k, 0) || k == "nt", call(k, "meeting.get", {{"team_id", T[0].id}, {"meeting_id", open_meeting_id}}), "open meeting");
      } else if (name == "supplier.get") {
        auto a = call(k, name, {{"supplier_id", pick(2) == 0 ? s1 : s2}});
        if (expect(name, k, member_or_admin(k), a, "supplier") && a["supplier"]["id"] == s1) {
          std::set<std::int64_t> listed, visible;
          for (auto const& c : a["cases"]) listed.insert(c["id"].get<std::int64_t>());
          for (auto id : {k_team, k_share, k_all})
            if (case_visible(k, id)) visible.insert(id);
          CHECK_MESSAGE(listed == visible, k, " supplier.get lists the cases they may see, exactly");
        }
      } else if (name == "supplier.list") {
        auto a = call(k, name, json::object());
        if (expect(name, k, member_or_admin(k), a, "")) {
          std::set<std::int64_t> ids;
          for (auto const& s : a["suppliers"]) ids.insert(s["id"].get<std::int64_t>());
          CHECK(ids == std::set<std::int64_t>{s1, s2});  // the register is shared by every member
        }
      } else if (name == "note.list") {
        auto a = call(k, name, {{"q", pick(2) == 0 ? "Notat" : "Erfaring"}});
        if (expect(name, k, member_or_admin(k), a, ""))
          for (auto const& n : a["notes"]) CHECK_MESSAGE(note_visible(k, n["id"].get<std::int64_t>()), k, " note.list shows note ", n["id"]);
      } else if (name == "chat.search") {
        auto a = call(k, name, {{"query", "modellsjekk"}, {"limit", 50}});
        if (expect(name, k, true, a, "")) {
          std::set<int> seen;
          for (auto const& r : a["results"]) {
            auto ch = r["message"]["channel_id"].get<std::int64_t>();
            REQUIRE(team_of_channel.contains(ch));
            auto t = team_of_channel[ch];
            seen.insert(t);
            CHECK_MESSAGE(reads(k, t), k, " chat.search found a message of team ", t + 1);
          }
          // Complete too, while the answer is not cut at its limit.
          for (int t = 0; t < 3; ++t)
            if (reads(k, t) && a["results"].size() < 50) CHECK_MESSAGE(seen.contains(t), k, " chat.search misses team ", t + 1, "'s messages");
        }
      } else if (name == "chat.search(team)") {
        int t = static_cast<int>(pick(3));
        auto a = call(k, "chat.search", {{"query", "modellsjekk"}, {"team_id", T[t].id}});
        if (expect(name, k, reads(k, t), a, "team " + std::to_string(t + 1)))
          for (auto const& r : a["results"]) CHECK(team_of_channel[r["message"]["channel_id"].get<std::int64_t>()] == t);
      } else if (name == "library.search") {
        auto a = call(k, name, {{"q", pick(2) == 0 ? "krav" : "leverandøren"}});
        if (expect(name, k, true, a, ""))
          for (auto const& r : a["results"]) CHECK_MESSAGE(r["draft"]["id"] == pub_id, k, " library.search shows an unpublished draft");
      } else if (name == "meeting.answer" || name == "meeting.answer(open)") {
        // Invitees: the team's members and facilitators; observers and guests too when the
        // meeting is open (PROTOCOL "Meeting objects"). An administrator is not an invitee.
        bool const open = name == "meeting.answer(open)";
        int const t = open ? 0 : static_cast<int>(pick(3));
        auto const mid = open ? open_meeting_id : T[t].meeting;
        auto const r = role_of(k, t);
        bool const invited = r == role::member || r == role::facilitator || (open && (r == role::observer || k == "nt"));
        auto a = call(k, "meeting.answer", {{"team_id", T[t].id}, {"meeting_id", mid}, {"occurrence", open ? "2030-01-17" : "2030-01-15"},
                                            {"answer", pick(2) == 0 ? "yes" : "maybe"}});
        if (expect(name, k, invited, a, "meeting " + std::to_string(mid)) && invited) meeting_answers[mid].insert(U[k].id);
      } else if (name == "case.update") {
        // The case's organisation (A): its users who are participants (not only observers), or an admin.
        std::int64_t const ks[] = {k_team, k_share, k_all};
        std::string const ms[] = {"zqKTq", "zqKSq", "zqKAq"};
        auto const i = pick(3);
        bool const may = U[k].admin || (U[k].org == org_a && (role_of(k, 0) == role::member || role_of(k, 0) == role::facilitator));
        expect(name, k, may, call(k, name, {{"case_id", ks[i]}, {"exempt_reason", "Begrunnelse " + ms[i] + " " + std::to_string(counter)}}),
               "case " + std::to_string(ks[i]));
      } else if (name == "presence.set") {
        // Over the socket (over HTTP it does nothing): the person's teams hear of it.
        ++via_ws;
        expect(name, k, true, U[k].ws->request("presence.set", {{"state", pick(2) == 0 ? "idle" : "online"}}), "");
      } else if (name == "notification.list" || name == "chat.unread" || name == "meeting.upcoming") {
        auto a = call(k, name, json::object());
        if (expect(name, k, true, a, "") && name == "chat.unread")
          for (auto const& c : a["channels"]) {
            auto it = team_index.find(c["team_id"].get<std::int64_t>());
            // (Nobody is in the fourth seed team: a channel of it would be a leak too.)
            CHECK_MESSAGE((U[k].admin || (it != team_index.end() && reads(k, it->second))), k, " chat.unread counts channel ", c["channel_id"]);
          }
      }
    }
    if (counter % 50 == 49)
      for (auto const& kk : keys) drain(U[kk], true);
  }

  // --- events: every frame each user received during the run ----------------------------------
  for (auto const& k : keys) {
    REQUIRE(U[k].ws->request("auth.me")["ok"] == true);
    drain(U[k], true);
  }
  std::map<std::string, int> events_by_name;
  int events_total = 0;
  for (auto const& k : keys) {
    for (auto const& e : U[k].events) {
      ++events_total;
      auto const ev = e["ev"].get<std::string>();
      ++events_by_name[ev];
      INFO(k, " received ", e.dump().substr(0, 400));
      auto leak = leaked_marker(k, e.dump());
      CHECK_MESSAGE(leak.empty(), "event leaks ", leak);
      auto team_ok = [&](std::int64_t tid) { return team_index.contains(tid) && reads(k, team_index[tid]); };
      if (ev == "message.new" || ev == "message.updated" || ev == "topic.updated" || ev == "typing") {
        auto ch = e["channel_id"].get<std::int64_t>();
        if (team_of_channel.contains(ch)) CHECK(reads(k, team_of_channel[ch]));
        else CHECK_MESSAGE(false, "an event of an unknown channel");
      } else if (ev == "channel.updated") {
        CHECK(team_ok(e["channel"]["team_id"].get<std::int64_t>()));
      } else if (ev == "draft.updated") {
        CHECK(team_ok(e["draft"]["team_id"].get<std::int64_t>()));
      } else if (ev.rfind("draft.", 0) == 0) {
        auto d = e["draft_id"].get<std::int64_t>();
        CHECK((team_of_draft.contains(d) && reads(k, team_of_draft[d])));
      } else if (ev == "meeting.updated" || ev == "meeting.answered") {
        auto m = ev == "meeting.updated" ? e["meeting"]["id"].get<std::int64_t>() : e["meeting_id"].get<std::int64_t>();
        CHECK((team_of_meeting.contains(m) && (reads(k, team_of_meeting[m]) || (m == open_meeting_id && k == "nt"))));
      } else if (ev == "poll.updated") {
        CHECK(team_ok(e["poll"]["team_id"].get<std::int64_t>()));
      } else if (ev == "team.updated") {
        CHECK(team_ok(e["team"]["id"].get<std::int64_t>()));
      } else if (ev == "team.member_added" || ev == "team.member_updated" || ev == "team.member_removed") {
        CHECK(team_ok(e["team_id"].get<std::int64_t>()));
      } else if (ev == "case.updated") {
        CHECK(case_visible(k, e["case"]["id"].get<std::int64_t>()));
      } else if (ev == "note.updated") {
        CHECK(note_visible(k, e["note"]["id"].get<std::int64_t>()));
      } else if (ev == "notification") {
        auto const& n = e["notification"];
        if (n.contains("team_id") && n["team_id"].is_number()) CHECK(team_ok(n["team_id"].get<std::int64_t>()));
      } else if (ev == "presence") {
        // To the person's teams: the receiver shares a team with them (or is them).
        auto who = e["user_id"].get<std::int64_t>();
        bool shares = who == U[k].id;
        for (auto const& kk : keys)
          if (U[kk].id == who)
            for (int t = 0; t < 3; ++t) shares = shares || (role_of(kk, t) != role::none && role_of(k, t) != role::none);
        CHECK(shares);
      } else if (ev == "supplier.updated" || ev == "channel.read" || ev == "hello") {
        // To every signed-in socket / to the reader's own sockets.
      } else {
        CHECK_MESSAGE(false, "an event the model does not know: ", ev);
      }
    }
  }
  // The removed member got nothing of team 1 at all.
  for (auto const& e : U["rm"].events) CHECK_MESSAGE(!contains(e.dump(), T[0].marker), "the removed member received ", e.dump());

  // --- nothing written by a refused operation -------------------------------------------------
  for (int t = 0; t < 3; ++t) {
    INFO("team ", t + 1);
    auto h = A.post("channel.history", {{"team_id", T[t].id}, {"channel_id", T[t].channel}, {"limit", 200}});
    REQUIRE(h.status == 200);
    CHECK(h.body_json["messages"].size() == static_cast<std::size_t>(std::min(messages_count[t], 200)));
    CHECK(A.post("channel.list", {{"team_id", T[t].id}}).body_json["channels"].size() == static_cast<std::size_t>(channels_count[t]));
    CHECK(A.post("comment.list", {{"team_id", T[t].id}, {"draft_id", T[t].draft}}).body_json["comments"].size() ==
          static_cast<std::size_t>(comments_count[t]));
    CHECK(A.post("team.get", {{"team_id", T[t].id}}).body_json["team"]["description"] == description[t]);
    CHECK(A.post("draft.get", {{"team_id", T[t].id}, {"draft_id", T[t].draft}}).body_json["draft"]["tags"] == tags[t]);
    std::set<std::int64_t> pins;
    auto const pr = A.post("channel.pins", {{"team_id", T[t].id}, {"channel_id", T[t].channel}});
    for (auto const& m : pr.body_json["messages"])
      pins.insert(m["id"].get<std::int64_t>());
    INFO("pinned: ", json(pins).dump(), " expected ", json(pinned[t]).dump());
    CHECK(pins == pinned[t]);
    std::set<std::int64_t> voters;
    auto const poll = A.post("poll.get", {{"team_id", T[t].id}, {"poll_id", T[t].poll}});  // (kept: the loop reads into it)
    for (auto const& v : poll.body_json["poll"]["answers"])
      voters.insert(v["user_id"].get<std::int64_t>());
    INFO("voters: ", json(voters).dump(), " expected ", json(poll_voters[t]).dump());
    CHECK(voters == poll_voters[t]);
  }
  for (int t = 0; t < 3; ++t) {
    INFO("draft of team ", t + 1);
    auto const o = A.post("draft.open", {{"team_id", T[t].id}, {"draft_id", T[t].draft}});
    CHECK(o.body_json["version"] == draft_version[t]);
    CHECK(o.body_json["draft"]["length"] == draft_length[t] + static_cast<std::size_t>(draft_inserts[t]));
  }
  for (int t = 0; t < 3; ++t)
    for (auto mid : {T[t].meeting, t == 0 ? open_meeting_id : T[t].meeting}) {
      auto const g = A.post("meeting.get", {{"team_id", T[t].id}, {"meeting_id", mid}});
      REQUIRE(g.status == 200);
      std::set<std::int64_t> answered;
      for (auto const& x : g.body_json["answers"])
        if (!x["answer"].is_null()) answered.insert(x["user_id"].get<std::int64_t>());
      INFO("meeting ", mid, ": ", json(answered).dump(), " expected ", json(meeting_answers[mid]).dump());
      CHECK(answered == meeting_answers[mid]);
    }
  for (auto id : {T[0].note, T[1].note, T[2].note, note_all})
    CHECK(A.post("note.get", {{"note_id", id}}).body_json["comments"].size() == static_cast<std::size_t>(note_comments[id]));

  // --- the figures ----------------------------------------------------------------------------
  int allowed = 0, refused = 0;
  std::string table;
  for (auto const& [name, tl] : per_action) {
    allowed += tl.allowed;
    refused += tl.refused;
    table += "  " + name + ": " + std::to_string(tl.allowed) + " allowed, " + std::to_string(tl.refused) + " refused\n";
  }
  std::string evs;
  for (auto const& [name, n] : events_by_name) evs += " " + name + "=" + std::to_string(n);
  MESSAGE("model check, seed ", seed, ": ", allowed + refused, " checks (", allowed, " allowed, ", refused, " refused; ", via_http,
          " over HTTP, ", via_ws, " over WebSocket)\n", table, "events inspected: ", events_total, " (", evs, " )");
  CHECK(allowed + refused == n_checks);
  CHECK(n_checks >= 1000);
  CHECK(refused >= n_checks / 5);  // the run did exercise refusals (and allowed ones, below)
  CHECK(allowed >= n_checks / 5);
}
