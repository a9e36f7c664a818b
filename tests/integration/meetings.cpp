// Meetings against the real server: reminders that fire once per invitee (also across a
// restart), editing one occurrence versus the series versus the following ones, who may do
// what (facilitators, members, observers, outsiders, guests) and which sockets see the events,
// bad input refused with the field named and nothing stored, and the personal calendar feed.
#include "integration/meeting_support.hpp"

using namespace arena::itest;

namespace {

bool starts_with(std::string const& s, std::string const& prefix) { return s.rfind(prefix, 0) == 0; }

bool contains(std::string const& s, std::string const& part) { return s.find(part) != std::string::npos; }

// A team ("IKT") with a facilitator, two members and an observer; an outsider in another team
// ("Tekstil"); a user in no team (a guest candidate).
struct meeting_team {
  arena_site site;
  std::int64_t team = 0, other = 0;
  person fac, mem, mem2, obs, outsider, guest;
  explicit meeting_team(server_options o = {})
      : site(std::move(o)),
        team(site.team_id("IKT")),
        other(site.team_id("Tekstil")),
        fac(site.add_person("fac@example.no", "Frida Fasilitator")),
        mem(site.add_person("mia@example.no", "Mia Medlem")),
        mem2(site.add_person("mons@example.no", "Mons Medlem")),
        obs(site.add_person("otto@example.no", "Otto Observatør")),
        outsider(site.add_person("ulla@example.no", "Ulla Utenfor")),
        guest(site.add_person("gustav@example.no", "Gustav Gjest")) {
    site.add_member(team, fac.id, "facilitator");
    site.add_member(team, mem.id, "member");
    site.add_member(team, mem2.id, "member");
    site.add_member(team, obs.id, "observer");
    site.add_member(other, outsider.id, "member");
  }
};

// A one-hour meeting starting `minutes` from now (whole minutes in Oslo).
json soon_fields(std::string const& title, std::int64_t minutes, json reminders) {
  auto const now = arena::util::now_ms();
  auto start = mt::from_utc_ms(now + minutes * 60'000, oslo);
  auto end = mt::from_utc_ms(now + (minutes + 60) * 60'000, oslo);
  return {{"title", title}, {"start", mt::format(start)}, {"end", mt::format(end)}, {"reminders", std::move(reminders)}};
}

std::string key_of(json const& meeting) { return meeting["start"].get<std::string>().substr(0, 10); }

std::function<bool(json const&)> reminder_for(std::int64_t meeting_id) {
  return [meeting_id](json const& e) {
    auto const& n = e["notification"];
    return n["kind"] == "meeting_reminder" && n.value("meeting_id", std::int64_t{0}) == meeting_id;
  };
}

ws_client::options socket_options(server_process const& srv, std::string const& cookie) {
  ws_client::options o;
  o.cookie = "arena_session=" + cookie;
  o.origin = srv.origin();
  return o;
}

}  // namespace

TEST_CASE("meetings: reminders fire once per invitee who has not declined, also across a restart") {
  temp_dir data("arena-it-meetings");
  server_options opts;
  opts.data_dir = data.path();
  opts.extra_args = {"--reminder-poll-s", "1"};
  std::int64_t team = 0, soon_id = 0, far_id = 0;
  std::string fac_cookie, mem_cookie, mem2_cookie, soon_key;
  {
    meeting_team t(opts);
    ARENA_LOG_ON_FAILURE(t.site);
    team = t.team;
    auto wf = t.site.socket_for(*t.fac.http);
    auto wm = t.site.socket_for(*t.mem.http);
    auto wm2 = t.site.socket_for(*t.mem2.http);
    auto wo = t.site.socket_for(*t.obs.http);

    // Created without reminders, so that Mia can decline before any is due.
    auto const before = arena::util::now_ms();
    auto soon = meeting_create(*t.fac.http, team, soon_fields("Statusmøte", 10, json::array()));
    auto const after = arena::util::now_ms();
    soon_id = soon["id"].get<std::int64_t>();
    soon_key = key_of(soon);
    CHECK(soon["reminders"] == json::array());
    // The local time was converted right: the meeting starts 9..10 minutes from now.
    auto const start_ms = utc_ms(soon["start_utc"]);
    CHECK(start_ms > before + 8 * 60'000);
    CHECK(start_ms <= after + 10 * 60'000);
    CHECK(utc_ms(soon["end_utc"]) - start_ms == 60 * 60'000);
    auto far = meeting_create(*t.fac.http, team, soon_fields("Om tre dager", 3 * 24 * 60, json::array({1440})));
    far_id = far["id"].get<std::int64_t>();

    auto no = t.mem.http->post("meeting.answer", {{"team_id", team}, {"meeting_id", soon_id}, {"occurrence", soon_key}, {"answer", "no"}});
    INFO(no.body);
    REQUIRE(no.status == 200);
    CHECK(no.body_json["answer"]["answer"] == "no");
    auto up = t.fac.http->post("meeting.update",
                               {{"team_id", team}, {"meeting_id", soon_id}, {"scope", "series"}, {"reminders", {1440, 15}}});
    INFO(up.body);
    REQUIRE(up.status == 200);
    CHECK(up.body_json["meeting"]["reminders"] == json::array({1440, 15}));

    // Both offsets are due at once (24 hours and 15 minutes before a start 10 minutes away):
    // one notification each, live on the socket.
    for (auto* ws : {wf.get(), wm2.get()}) {
      auto e = wait_event_where(*ws, "notification", reminder_for(soon_id));
      auto const& n = e["notification"];
      CHECK(n["occurrence"] == soon_key);
      CHECK(n["excerpt"] == "Statusmøte");
      CHECK(utc_ms(n["start_utc"]) == start_ms);
      CHECK(n["read"] == false);
    }
    auto counts = [&](http_client& who) {
      return std::make_pair(meeting_notifications(who, "meeting_reminder", soon_id).size(),
                            meeting_notifications(who, "meeting_reminder", far_id).size());
    };
    CHECK(counts(*t.fac.http) == std::make_pair(std::size_t{1}, std::size_t{0}));
    CHECK(counts(*t.mem2.http) == std::make_pair(std::size_t{1}, std::size_t{0}));
    CHECK(counts(*t.mem.http) == std::make_pair(std::size_t{0}, std::size_t{0}));  // declined
    CHECK(counts(*t.obs.http) == std::make_pair(std::size_t{0}, std::size_t{0}));  // not invited (not open)
    CHECK(counts(*t.outsider.http) == std::make_pair(std::size_t{0}, std::size_t{0}));

    // A few poll periods later: still one. Then a sentinel meeting whose reminder is due now
    // proves that a sweep has run since (all due reminders go out in one sweep).
    auto late_f = drain(*wf, 3500ms);
    auto late_m = drain(*wm, 100ms);
    auto late_m2 = drain(*wm2, 100ms);
    auto late_o = drain(*wo, 100ms);
    CHECK(count_events(late_f, "notification", reminder_for(soon_id)) == 0);
    CHECK(count_events(late_m2, "notification", reminder_for(soon_id)) == 0);
    CHECK(count_events(late_m, "notification", [](json const&) { return true; }) == 0);
    CHECK(count_events(late_o, "notification", [](json const&) { return true; }) == 0);
    auto sentinel = meeting_create(*t.fac.http, team, soon_fields("Vaktpost 1", 10, json::array({1440})));
    wait_event_where(*wf, "notification", reminder_for(sentinel["id"].get<std::int64_t>()));
    CHECK(counts(*t.fac.http) == std::make_pair(std::size_t{1}, std::size_t{0}));
    CHECK(counts(*t.mem2.http) == std::make_pair(std::size_t{1}, std::size_t{0}));
    CHECK(counts(*t.mem.http) == std::make_pair(std::size_t{0}, std::size_t{0}));
    // Nothing arrived on Mia's socket, who declined (the sentinel she did not decline).
    REQUIRE(wm->request("auth.me")["ok"] == true);
    std::vector<json> mia_notes;
    while (wm->has_queued_event("notification")) mia_notes.push_back(wm->wait_event("notification"));
    CHECK(count_events(mia_notes, "notification", reminder_for(soon_id)) == 0);

    fac_cookie = t.fac.http->cookie(t.site.cookie_name());
    mem_cookie = t.mem.http->cookie(t.site.cookie_name());
    mem2_cookie = t.mem2.http->cookie(t.site.cookie_name());
    CHECK(t.site.srv.stop() == 0);
  }

  // The same data directory: the sent reminders are remembered.
  server_process again(opts);
  INFO("server log (tail):\n", again.log_tail());
  http_client fac(again), mem(again), mem2(again);
  fac.set_cookie_value("arena_session", fac_cookie);
  mem.set_cookie_value("arena_session", mem_cookie);
  mem2.set_cookie_value("arena_session", mem2_cookie);
  auto wf = ws_client::connect(again.port(), false, socket_options(again, fac_cookie));
  auto wm2 = ws_client::connect(again.port(), false, socket_options(again, mem2_cookie));
  auto late_f = drain(*wf, 3500ms);
  auto late_m2 = drain(*wm2, 100ms);
  CHECK(count_events(late_f, "notification", reminder_for(soon_id)) == 0);
  CHECK(count_events(late_m2, "notification", reminder_for(soon_id)) == 0);
  auto sentinel = meeting_create(fac, team, soon_fields("Vaktpost 2", 10, json::array({1440})));
  auto const sentinel_id = sentinel["id"].get<std::int64_t>();
  wait_event_where(*wf, "notification", reminder_for(sentinel_id));
  wait_event_where(*wm2, "notification", reminder_for(sentinel_id));
  CHECK(meeting_notifications(fac, "meeting_reminder", soon_id).size() == 1);
  CHECK(meeting_notifications(mem2, "meeting_reminder", soon_id).size() == 1);
  CHECK(meeting_notifications(mem, "meeting_reminder", soon_id).empty());
  CHECK(meeting_notifications(mem, "meeting_reminder", sentinel_id).size() == 1);
  for (auto* who : {&fac, &mem, &mem2}) CHECK(meeting_notifications(*who, "meeting_reminder", far_id).empty());
  // The meeting 3 days ahead has its 24-hour reminder still to come.
  auto far = meeting_get(fac, team, far_id);
  CHECK(far["meeting"]["reminders"] == json::array({1440}));
  CHECK(again.stop() == 0);
}

TEST_CASE("meetings: editing one occurrence, the series, and the following ones") {
  meeting_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto& fac = *t.fac.http;
  auto const team = t.team;
  auto const d0 = plus_days(oslo_today(), 7);
  std::vector<std::string> keys;
  for (int i = 0; i < 6; ++i) keys.push_back(day(plus_days(d0, 7 * i)));
  auto const from = d0, to = plus_days(d0, 45);

  auto s = meeting_create(fac, team,
                          {{"title", "Ukemøte"},
                           {"start", at(d0, 9)},
                           {"end", at(d0, 10)},
                           {"recurrence", {{"freq", "weekly"}, {"interval", 1}, {"count", 6}}}});
  auto const sid = s["id"].get<std::int64_t>();
  auto occs = meeting_list(fac, team, from, to);
  REQUIRE(occs.size() == 6);
  for (int i = 0; i < 6; ++i) {
    CHECK(occs[i]["occurrence"] == keys[i]);
    CHECK(occs[i]["start"] == at(plus_days(d0, 7 * i), 9));
    CHECK(occs[i]["meeting_id"] == sid);
    CHECK(occs[i]["recurring"] == true);
  }
  // Mia answers some occurrences.
  auto answer = [&](http_client& who, std::int64_t id, std::string const& key, std::string const& v) {
    auto r = who.post("meeting.answer", {{"team_id", team}, {"meeting_id", id}, {"occurrence", key}, {"answer", v}});
    INFO("meeting.answer ", key, " ", v, ": ", r.body);
    return r;
  };
  REQUIRE(answer(*t.mem.http, sid, keys[0], "no").status == 200);
  REQUIRE(answer(*t.mem.http, sid, keys[3], "yes").status == 200);
  REQUIRE(answer(*t.mem.http, sid, keys[4], "maybe").status == 200);

  // One occurrence moved to the next day in the afternoon: only it changes.
  auto const moved_start = at(plus_days(d0, 8), 13), moved_end = at(plus_days(d0, 8), 14);
  auto one = fac.post("meeting.update", {{"team_id", team},
                                         {"meeting_id", sid},
                                         {"scope", "occurrence"},
                                         {"occurrence", keys[1]},
                                         {"start", moved_start},
                                         {"end", moved_end}});
  INFO(one.body);
  REQUIRE(one.status == 200);
  CHECK(one.body_json["meeting"]["sequence"].get<std::int64_t>() > s["sequence"].get<std::int64_t>());
  CHECK(one.body_json["meeting"]["start"] == at(d0, 9));  // the series is as it was
  occs = meeting_list(fac, team, from, to);
  REQUIRE(occs.size() == 6);
  for (int i = 0; i < 6; ++i) {
    auto o = find_occurrence(occs, keys[i], sid);
    REQUIRE(o.is_object());
    CHECK(o["title"] == "Ukemøte");
    if (i == 1) {
      CHECK(o["start"] == moved_start);
      CHECK(o["end"] == moved_end);
      CHECK(o["moved"] == true);
    } else {
      CHECK(o["start"] == at(plus_days(d0, 7 * i), 9));
      CHECK(o["moved"] == false);
    }
  }
  // An option that only the series has is refused for one occurrence, and nothing changes.
  auto bad = fac.post("meeting.update", {{"team_id", team}, {"meeting_id", sid}, {"scope", "occurrence"}, {"occurrence", keys[2]}, {"tz", "UTC"}});
  CHECK(bad.status == 400);
  CHECK(meeting_list(fac, team, from, to) == occs);

  // The series gets a new title and a new time: all but the moved one move; that one keeps
  // its own time (and takes the new title, which it did not override).
  auto series = fac.post("meeting.update", {{"team_id", team},
                                            {"meeting_id", sid},
                                            {"scope", "series"},
                                            {"title", "Ukemøte (nytt rom)"},
                                            {"start", at(d0, 10)},
                                            {"end", at(d0, 11)}});
  INFO(series.body);
  REQUIRE(series.status == 200);
  CHECK(series.body_json["meeting"]["title"] == "Ukemøte (nytt rom)");
  CHECK(series.body_json["meeting"]["start"] == at(d0, 10));
  occs = meeting_list(fac, team, from, to);
  REQUIRE(occs.size() == 6);
  for (int i = 0; i < 6; ++i) {
    auto o = find_occurrence(occs, keys[i], sid);
    REQUIRE(o.is_object());
    CHECK(o["title"] == "Ukemøte (nytt rom)");
    if (i == 1) {
      CHECK(o["start"] == moved_start);
      CHECK(o["end"] == moved_end);
      CHECK(o["moved"] == true);
    } else {
      CHECK(o["start"] == at(plus_days(d0, 7 * i), 10));
      CHECK(o["end"] == at(plus_days(d0, 7 * i), 11));
    }
  }
  // Answers stay on their occurrences.
  auto mine = meeting_list(*t.mem.http, team, from, to);
  CHECK(find_occurrence(mine, keys[0])["my_answer"] == "no");
  CHECK(find_occurrence(mine, keys[3])["my_answer"] == "yes");
  CHECK(find_occurrence(mine, keys[4])["my_answer"] == "maybe");

  // This and the following: the series is split at keys[2].
  auto split = fac.post("meeting.update", {{"team_id", team},
                                           {"meeting_id", sid},
                                           {"scope", "following"},
                                           {"occurrence", keys[2]},
                                           {"title", "Ukemøte, andre halvår"},
                                           {"location", "Rom 2"}});
  INFO(split.body);
  REQUIRE(split.status == 200);
  auto const nid = split.body_json["meeting"]["id"].get<std::int64_t>();
  CHECK(nid != sid);
  CHECK(split.body_json["meeting"]["uid"] != s["uid"]);
  CHECK(split.body_json["meeting"]["start"] == at(plus_days(d0, 14), 10));
  CHECK(split.body_json["previous"]["id"] == sid);
  CHECK(split.body_json["previous"]["uid"] == s["uid"]);
  occs = meeting_list(fac, team, from, to);
  REQUIRE(occs.size() == 6);
  for (int i = 0; i < 6; ++i) {
    auto o = find_occurrence(occs, keys[i]);
    REQUIRE(o.is_object());
    INFO("occurrence ", keys[i], ": ", o.dump());
    if (i < 2) {
      CHECK(o["meeting_id"] == sid);
      CHECK(o["title"] == "Ukemøte (nytt rom)");
      CHECK(o["location"] == "");
    } else {
      CHECK(o["meeting_id"] == nid);
      CHECK(o["title"] == "Ukemøte, andre halvår");
      CHECK(o["location"] == "Rom 2");
      CHECK(o["start"] == at(plus_days(d0, 7 * i), 10));
    }
  }
  CHECK(find_occurrence(occs, keys[1])["start"] == moved_start);  // the earlier exception stays
  // Answers to the later occurrences moved along to the new meeting.
  mine = meeting_list(*t.mem.http, team, from, to);
  CHECK(find_occurrence(mine, keys[0], sid)["my_answer"] == "no");
  CHECK(find_occurrence(mine, keys[3], nid)["my_answer"] == "yes");
  CHECK(find_occurrence(mine, keys[4], nid)["my_answer"] == "maybe");
  auto answers_of = [&](std::int64_t id, std::string const& key) {
    auto g = meeting_get(fac, team, id, key);
    for (auto const& a : g["answers"])
      if (a["user_id"] == t.mem.id) return a["answer"];
    return json("missing");
  };
  CHECK(answers_of(nid, keys[3]) == "yes");
  CHECK(answers_of(nid, keys[4]) == "maybe");
  CHECK(answers_of(sid, keys[0]) == "no");
  // The old meeting no longer has the later occurrences.
  auto gone = fac.post("meeting.get", {{"team_id", team}, {"meeting_id", sid}, {"occurrence", keys[3]}});
  CHECK(gone.status == 404);

  // One occurrence of the new series cancelled: it stays in the list, struck through.
  auto cancel = fac.post("meeting.cancel", {{"team_id", team}, {"meeting_id", nid}, {"scope", "occurrence"}, {"occurrence", keys[4]}});
  INFO(cancel.body);
  REQUIRE(cancel.status == 200);
  CHECK(cancel.body_json["meeting"]["status"] == "scheduled");
  occs = meeting_list(fac, team, from, to);
  REQUIRE(occs.size() == 6);
  for (int i = 0; i < 6; ++i) CHECK(find_occurrence(occs, keys[i])["cancelled"] == (i == 4));
  // In iCalendar: the cancelled occurrence is an EXDATE of the new series; the old series has a
  // RECURRENCE-ID VEVENT for its moved occurrence and ends with a COUNT of 2.
  auto ics_new = fac.get("/api/meetings/" + std::to_string(nid) + ".ics");
  REQUIRE(ics_new.status == 200);
  auto const new_text = unfold_ics(ics_new.body);
  CHECK(contains(new_text, "UID:" + split.body_json["meeting"]["uid"].get<std::string>()));
  CHECK(contains(new_text, "EXDATE"));
  auto ics_old = fac.get("/api/meetings/" + std::to_string(sid) + ".ics");
  REQUIRE(ics_old.status == 200);
  auto const old_text = unfold_ics(ics_old.body);
  CHECK(contains(old_text, "RECURRENCE-ID"));
  CHECK(contains(old_text, "COUNT=2"));
  CHECK_FALSE(contains(old_text, "EXDATE"));
  // A cancelled occurrence cannot be answered (or cancelled again).
  CHECK(answer(*t.mem.http, nid, keys[4], "yes").error_code() == "conflict");
  CHECK(fac.post("meeting.cancel", {{"team_id", team}, {"meeting_id", nid}, {"scope", "occurrence"}, {"occurrence", keys[4]}}).error_code() ==
        "conflict");
  // Mia's "maybe" made her one of those told.
  CHECK(meeting_notifications(*t.mem.http, "meeting_cancelled", nid).size() == 1);
}

TEST_CASE("meetings: who may create, change, answer and read; events reach the team only") {
  meeting_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto& fac = *t.fac.http;
  auto const team = t.team;
  auto const d = plus_days(oslo_today(), 3);
  auto wm = t.site.socket_for(*t.mem.http);
  auto wu = t.site.socket_for(*t.outsider.http);
  auto wg = t.site.socket_for(*t.guest.http);

  auto closed = meeting_create(fac, team, {{"title", "Internt møte"}, {"start", at(d, 9)}, {"end", at(d, 10)}});
  auto open = meeting_create(fac, team,
                             {{"title", "Åpent dialogmøte"}, {"start", at(d, 12)}, {"end", at(d, 14)}, {"is_open", true}, {"guests", {t.guest.id}}});
  auto const m1 = closed["id"].get<std::int64_t>(), m2 = open["id"].get<std::int64_t>();
  auto const k = day(d);
  REQUIRE(open["guests"].size() == 1);
  CHECK(open["guests"][0]["user_id"] == t.guest.id);
  // meeting.updated reaches a member's socket live.
  wait_event_where(*wm, "meeting.updated", [&](json const& e) { return e["meeting"]["id"] == m1; });
  wait_event_where(*wm, "meeting.updated", [&](json const& e) { return e["meeting"]["id"] == m2; });
  // ... and the guest's for the open meeting they are invited to.
  wait_event_where(*wg, "meeting.updated", [&](json const& e) { return e["meeting"]["id"] == m2; });

  auto poll = fac.post("poll.create", {{"team_id", team},
                                       {"title", "Når passer det?"},
                                       {"slots", {{{"start", at(d, 9)}, {"end", at(d, 10)}}, {{"start", at(d, 13)}, {"end", at(d, 14)}}}}});
  INFO(poll.body);
  REQUIRE(poll.status == 200);
  auto const pid = poll.body_json["poll"]["id"].get<std::int64_t>();
  auto const slot1 = poll.body_json["poll"]["slots"][0]["id"].get<std::int64_t>();
  wait_event_where(*wm, "poll.updated", [&](json const& e) { return e["poll"]["id"] == pid; });

  auto const list_before = meeting_list(fac, team, oslo_today(), plus_days(d, 30));
  REQUIRE(list_before.size() == 2);
  auto polls_of = [&](http_client& who) {
    auto r = who.post("poll.list", {{"team_id", team}, {"include_closed", true}});
    REQUIRE(r.status == 200);
    return r.body_json["polls"];
  };
  auto const polls_before = polls_of(fac);
  REQUIRE(polls_before.size() == 1);

  // Members and observers may not do what facilitators do; nothing is stored.
  for (auto* p : {&t.mem, &t.obs}) {
    auto& who = *p->http;
    INFO("as ", p->email);
    auto code = [&](std::string const& op, json f) {
      f["team_id"] = team;
      auto r = who.post(op, f);
      INFO(op, " → ", r.body);
      CHECK(r.status == 403);
      return r.error_code();
    };
    CHECK(code("meeting.create", {{"title", "Mitt møte"}, {"start", at(d, 15)}, {"end", at(d, 16)}}) == "forbidden");
    CHECK(code("meeting.update", {{"meeting_id", m1}, {"scope", "series"}, {"title", "Kapret"}}) == "forbidden");
    CHECK(code("meeting.update", {{"meeting_id", m1}, {"scope", "occurrence"}, {"occurrence", k}, {"start", at(d, 7)}, {"end", at(d, 8)}}) ==
          "forbidden");
    CHECK(code("meeting.cancel", {{"meeting_id", m1}, {"scope", "series"}}) == "forbidden");
    CHECK(code("meeting.attendance", {{"meeting_id", m1}, {"occurrence", k}, {"attended", {t.mem.id}}}) == "forbidden");
    CHECK(code("poll.create", {{"title", "Min avstemning"}, {"slots", {{{"start", at(d, 9)}, {"end", at(d, 10)}}}}}) == "forbidden");
    CHECK(code("poll.close", {{"poll_id", pid}}) == "forbidden");
    CHECK(code("poll.decide", {{"poll_id", pid}, {"slot_id", slot1}}) == "forbidden");
    CHECK(meeting_list(fac, team, oslo_today(), plus_days(d, 30)) == list_before);
    CHECK(polls_of(fac) == polls_before);
  }
  auto g1 = meeting_get(fac, team, m1);
  CHECK(g1["meeting"]["title"] == "Internt møte");
  CHECK(g1["meeting"]["status"] == "scheduled");
  CHECK(g1["meeting"]["sequence"] == closed["sequence"]);
  CHECK(g1["can_edit"] == true);

  // Observers read everything, answer only open meetings.
  auto& obs = *t.obs.http;
  CHECK(meeting_list(obs, team, oslo_today(), plus_days(d, 30)).size() == 2);
  auto og = meeting_get(obs, team, m1, k);
  CHECK(og["can_edit"] == false);
  CHECK(og["can_answer"] == false);
  auto op = obs.post("poll.get", {{"team_id", team}, {"poll_id", pid}});
  CHECK(op.status == 200);
  CHECK(obs.post("poll.answer", {{"team_id", team}, {"poll_id", pid}, {"answers", {{{"slot_id", slot1}, {"answer", "yes"}}}}}).status == 403);
  auto oa = obs.post("meeting.answer", {{"team_id", team}, {"meeting_id", m1}, {"occurrence", k}, {"answer", "yes"}});
  CHECK(oa.status == 403);
  CHECK(oa.error_code() == "forbidden");
  CHECK(meeting_get(fac, team, m1, k)["answers"].size() == 3);  // Frida, Mia, Mons: no observer
  CHECK(meeting_get(obs, team, m2, k)["can_answer"] == true);
  auto ob = obs.post("meeting.answer", {{"team_id", team}, {"meeting_id", m2}, {"occurrence", k}, {"answer", "maybe"}});
  INFO(ob.body);
  CHECK(ob.status == 200);
  // meeting.answered reaches a member's socket (and the guest's).
  auto ev = wait_event_where(*wm, "meeting.answered", [&](json const& e) { return e["meeting_id"] == m2 && e["answer"]["user_id"] == t.obs.id; });
  CHECK(ev["occurrence"] == k);
  CHECK(ev["answer"]["answer"] == "maybe");
  wait_event_where(*wg, "meeting.answered", [&](json const& e) { return e["meeting_id"] == m2 && e["answer"]["user_id"] == t.obs.id; });

  // Someone outside the team sees nothing.
  auto& out = *t.outsider.http;
  auto ul = out.post("meeting.list", {{"team_id", team}, {"from", day(oslo_today())}, {"to", day(plus_days(d, 30))}});
  CHECK(ul.status == 403);
  CHECK(ul.error_code() == "forbidden");
  for (auto id : {m1, m2}) {
    auto ug = out.post("meeting.get", {{"team_id", team}, {"meeting_id", id}});
    CHECK((ug.error_code() == "not_found" || ug.error_code() == "forbidden"));
    auto ua = out.post("meeting.answer", {{"team_id", team}, {"meeting_id", id}, {"occurrence", k}, {"answer", "yes"}});
    CHECK((ua.error_code() == "not_found" || ua.error_code() == "forbidden"));
    CHECK(out.get("/api/meetings/" + std::to_string(id) + ".ics").status == 404);
  }
  CHECK(out.post("poll.get", {{"team_id", team}, {"poll_id", pid}}).status == 403);
  http_client anonymous(t.site.srv);
  CHECK(anonymous.get("/api/meetings/" + std::to_string(m1) + ".ics").status == 401);
  CHECK(anonymous.get("/api/meetings/999999.ics").status == 401);
  // A member downloads the meeting; an unknown meeting is 404.
  auto mi = t.mem.http->get("/api/meetings/" + std::to_string(m1) + ".ics");
  CHECK(mi.status == 200);
  CHECK(starts_with(mi.header("content-type"), "text/calendar"));
  CHECK(contains(unfold_ics(mi.body), "UID:" + closed["uid"].get<std::string>()));
  CHECK(t.mem.http->get("/api/meetings/999999.ics").status == 404);

  // The guest of the open meeting reads, answers and downloads it, and nothing else.
  auto& guest = *t.guest.http;
  auto gg = meeting_get(guest, team, m2, k);
  CHECK(gg["meeting"]["id"] == m2);
  CHECK(gg["can_answer"] == true);
  CHECK(gg["can_edit"] == false);
  auto ga = guest.post("meeting.answer", {{"team_id", team}, {"meeting_id", m2}, {"occurrence", k}, {"answer", "yes"}, {"comment", "Jeg kommer"}});
  INFO(ga.body);
  REQUIRE(ga.status == 200);
  CHECK(ga.body_json["answer"]["guest"] == true);
  CHECK(ga.body_json["answer"]["answer"] == "yes");
  wait_event_where(*wm, "meeting.answered", [&](json const& e) { return e["meeting_id"] == m2 && e["answer"]["user_id"] == t.guest.id; });
  auto gi = guest.get("/api/meetings/" + std::to_string(m2) + ".ics");
  CHECK(gi.status == 200);
  CHECK(starts_with(gi.header("content-type"), "text/calendar"));
  CHECK(contains(unfold_ics(gi.body), "UID:" + open["uid"].get<std::string>()));
  CHECK(guest.get("/api/meetings/" + std::to_string(m1) + ".ics").status == 404);
  auto gl = guest.post("meeting.list", {{"team_id", team}, {"from", day(oslo_today())}, {"to", day(plus_days(d, 30))}});
  CHECK(gl.status == 403);
  auto gm1 = guest.post("meeting.get", {{"team_id", team}, {"meeting_id", m1}});
  CHECK(gm1.error_code() == "not_found");
  auto gm1a = guest.post("meeting.answer", {{"team_id", team}, {"meeting_id", m1}, {"occurrence", k}, {"answer", "yes"}});
  CHECK((gm1a.error_code() == "not_found" || gm1a.error_code() == "forbidden"));
  CHECK(guest.post("poll.get", {{"team_id", team}, {"poll_id", pid}}).status == 403);
  // The guest's answer is there; the outsider's and the observer's refused ones are not.
  auto answers = meeting_get(fac, team, m2, k)["answers"];
  std::map<std::int64_t, json> by_user;
  for (auto const& a : answers) by_user[a["user_id"].get<std::int64_t>()] = a["answer"];
  CHECK(by_user[t.guest.id] == "yes");
  CHECK(by_user[t.obs.id] == "maybe");
  CHECK(by_user.count(t.outsider.id) == 0);
  auto a1 = meeting_get(fac, team, m1, k)["answers"];
  for (auto const& a : a1) CHECK(a["answer"].is_null());

  // A poll answered after it was closed: conflict, the answers stay as they were.
  auto pa = t.mem.http->post("poll.answer", {{"team_id", team}, {"poll_id", pid}, {"answers", {{{"slot_id", slot1}, {"answer", "yes"}}}}});
  INFO(pa.body);
  REQUIRE(pa.status == 200);
  wait_event_where(*wm, "poll.updated", [&](json const& e) { return e["poll"]["id"] == pid && e["poll"]["respondents"] == 1; });
  auto pc = fac.post("poll.close", {{"team_id", team}, {"poll_id", pid}});
  REQUIRE(pc.status == 200);
  CHECK(pc.body_json["poll"]["status"] == "closed");
  wait_event_where(*wm, "poll.updated", [&](json const& e) { return e["poll"]["id"] == pid && e["poll"]["status"] == "closed"; });
  auto late = t.mem.http->post("poll.answer", {{"team_id", team}, {"poll_id", pid}, {"answers", {{{"slot_id", slot1}, {"answer", "no"}}}}});
  CHECK(late.status == 409);
  CHECK(late.error_code() == "conflict");
  auto pg = fac.post("poll.get", {{"team_id", team}, {"poll_id", pid}});
  REQUIRE(pg.status == 200);
  REQUIRE(pg.body_json["poll"]["answers"].size() == 1);
  CHECK(pg.body_json["poll"]["answers"][0]["answer"] == "yes");
  CHECK(pg.body_json["poll"]["slots"][0]["yes"] == 1);
  CHECK(fac.post("poll.close", {{"team_id", team}, {"poll_id", pid}}).error_code() == "conflict");
  CHECK(fac.post("poll.decide", {{"team_id", team}, {"poll_id", pid}, {"slot_id", slot1}}).error_code() == "conflict");

  // The outsider's socket got none of the team's meeting or poll events.
  REQUIRE(wu->request("auth.me")["ok"] == true);
  for (auto const* name : {"meeting.updated", "meeting.answered", "poll.updated", "notification"}) CHECK_FALSE(wu->has_queued_event(name));
  // The guest's socket got nothing about the closed meeting or the polls.
  REQUIRE(wg->request("auth.me")["ok"] == true);
  CHECK_FALSE(wg->has_queued_event("poll.updated"));
  while (wg->has_queued_event("meeting.updated")) CHECK(wg->wait_event("meeting.updated")["meeting"]["id"] != m1);
}

TEST_CASE("meetings: bad input is refused with the field named and nothing stored") {
  meeting_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto& fac = *t.fac.http;
  auto const team = t.team;
  // A date that is the first of its weekday in its month, so setpos 2 does not match it.
  auto d = plus_days(oslo_today(), 3);
  while (mt::nth_in_month(d) != 1) d = plus_days(d, 1);
  auto const k = day(d);
  auto const from = oslo_today(), to = plus_days(oslo_today(), 400);
  auto good = meeting_create(fac, team, {{"title", "Gyldig"}, {"start", at(d, 9)}, {"end", at(d, 10)}});
  auto const before = meeting_list(fac, team, from, to);
  REQUIRE(before.size() == 1);

  auto base = [&] { return json{{"team_id", team}, {"title", "Feil"}, {"start", at(d, 9)}, {"end", at(d, 10)}}; };
  auto with = [&](json extra) {
    auto f = base();
    for (auto& [key, v] : extra.items()) f[key] = v;
    return f;
  };
  auto six_years = mt::local_date{d.year + 5, d.month, std::min(d.day, 28)};
  six_years = plus_days(six_years, 7);
  struct bad_case {
    std::string what;
    std::string op;
    json body;
    std::string field;       // the message starts with "<field>:"
    std::string also = {};   // and contains this
    std::string reason = {}; // the error's reason code (PROTOCOL.md "Errors"), or none
  };
  std::vector<bad_case> cases = {
      {"end before start", "meeting.create", with({{"end", at(d, 8)}}), "end", {}, "end_before_start"},
      {"end equal to start", "meeting.create", with({{"end", at(d, 9)}}), "end", {}, "end_before_start"},
      {"longer than a day", "meeting.create", with({{"end", at(plus_days(d, 1), 10)}}), "end", {}, "longer_than_a_day"},
      {"unknown zone", "meeting.create", with({{"tz", "Europe/Atlantis"}}), "tz"},
      {"setpos not matching the start", "meeting.create",
       with({{"recurrence", {{"freq", "monthly_weekday"}, {"interval", 1}, {"setpos", 2}, {"count", 3}}}}), "recurrence", "setpos",
       "start_not_on_rule_weekday"},
      {"count 501", "meeting.create", with({{"recurrence", {{"freq", "weekly"}, {"interval", 1}, {"count", 501}}}}), "recurrence.count", {},
       "series_too_many"},
      {"until more than 5 years on", "meeting.create",
       with({{"recurrence", {{"freq", "weekly"}, {"interval", 1}, {"until", day(six_years)}}}}), "recurrence.until", {}, "series_too_long"},
      {"until before the start", "meeting.create",
       with({{"recurrence", {{"freq", "weekly"}, {"interval", 1}, {"until", day(plus_days(d, -1))}}}}), "recurrence.until", {},
       "until_before_start"},
      {"guests on a meeting that is not open", "meeting.create", with({{"guests", {t.guest.id}}}), "guests"},
      {"guests on a meeting that is explicitly not open", "meeting.create", with({{"is_open", false}, {"guests", {t.guest.id}}}), "guests"},
      {"an agenda link of an unknown kind", "meeting.create",
       with({{"agenda", {{{"title", "Leverandørdialog"}, {"link", {{"kind", "widget"}, {"id", 1}}}}}}}), "agenda.link.kind"},
      {"series update: end before start", "meeting.update",
       {{"team_id", team}, {"meeting_id", good["id"]}, {"scope", "series"}, {"end", at(d, 8)}}, "end", {}, "end_before_start"},
      {"series update: unknown zone", "meeting.update",
       {{"team_id", team}, {"meeting_id", good["id"]}, {"scope", "series"}, {"tz", "Mars/Olympus_Mons"}}, "tz"},
      {"series update: guests while not open", "meeting.update",
       {{"team_id", team}, {"meeting_id", good["id"]}, {"scope", "series"}, {"guests", {t.guest.id}}}, "guests"},
      {"answer kanskje", "meeting.answer",
       {{"team_id", team}, {"meeting_id", good["id"]}, {"occurrence", k}, {"answer", "kanskje"}}, "answer"},
  };
  for (auto const& c : cases) {
    auto who = c.op == "meeting.answer" ? t.mem.http.get() : &fac;
    auto r = who->post(c.op, c.body);
    INFO(c.what, " → ", r.status, " ", r.body);
    CHECK(r.status == 400);
    CHECK(r.error_code() == "bad_request");
    auto msg = error_message(r);
    CHECK(starts_with(msg, c.field + ":"));
    if (!c.also.empty()) CHECK(contains(msg, c.also));
    auto const& err = r.body_json["error"];
    if (c.reason.empty()) CHECK_FALSE(err.contains("reason"));
    else CHECK(err.value("reason", "") == c.reason);
  }
  // A start the clocks skip (02:30 on the last Sunday of March 2027 in Oslo): the reason says so.
  auto gap = fac.post("meeting.create", with({{"start", "2027-03-28T02:30"}, {"end", "2027-03-28T04:00"}}));
  INFO(gap.body);
  CHECK(gap.status == 400);
  CHECK(gap.body_json["error"].value("reason", "") == "time_in_gap");
  CHECK(contains(error_message(gap), "does not exist in Europe/Oslo"));
  // Nothing was stored: the same occurrences, the meeting as it was, no answer.
  CHECK(meeting_list(fac, team, from, to) == before);
  auto g = meeting_get(fac, team, good["id"].get<std::int64_t>(), k);
  CHECK(g["meeting"]["sequence"] == good["sequence"]);
  CHECK(g["meeting"]["tz"] == "Europe/Oslo");
  CHECK(g["meeting"]["guests"].empty());
  for (auto const& a : g["answers"]) CHECK(a["answer"].is_null());
  CHECK(meeting_list(*t.mem.http, team, from, to)[0]["my_answer"].is_null());
  // The same setpos on the first weekday of the month is accepted (the case above was the rule).
  auto ok = fac.post("meeting.create", with({{"recurrence", {{"freq", "monthly_weekday"}, {"interval", 1}, {"setpos", 1}, {"count", 3}}}}));
  INFO(ok.body);
  CHECK(ok.status == 200);
}

TEST_CASE("meetings: the personal calendar feed over HTTP") {
  meeting_team t;
  ARENA_LOG_ON_FAILURE(t.site);
  auto const team = t.team, second = t.site.team_id("Bygg og anlegg"), foreign = t.other;
  t.site.add_member(second, t.fac.id, "facilitator");
  t.site.add_member(second, t.mem.id, "member");
  auto const d = plus_days(oslo_today(), 5);
  auto a = meeting_create(*t.fac.http, team, {{"title", "IKT-møte"}, {"start", at(d, 9)}, {"end", at(d, 10)}});
  auto b = meeting_create(*t.fac.http, second,
                          {{"title", "Byggmøte"}, {"start", at(d, 11)}, {"end", at(d, 12)},
                           {"recurrence", {{"freq", "weekly"}, {"interval", 2}, {"count", 4}}}});
  auto c = meeting_create(t.site.admin, foreign, {{"title", "Tekstilmøte"}, {"start", at(d, 13)}, {"end", at(d, 14)}});
  auto uid = [](json const& m) { return "UID:" + m["uid"].get<std::string>(); };

  auto& mem = *t.mem.http;
  auto st = mem.post("calendar.feed");
  REQUIRE(st.status == 200);
  CHECK(st.body_json["active"] == false);
  auto r1 = mem.post("calendar.feed_reset");
  INFO(r1.body);
  REQUIRE(r1.status == 200);
  auto const path1 = r1.body_json["path"].get<std::string>();
  auto const url1 = r1.body_json["url"].get<std::string>();
  CHECK(starts_with(path1, "/calendar/"));
  CHECK(url1.size() > path1.size());
  CHECK(url1.substr(url1.size() - path1.size()) == path1);
  CHECK(starts_with(url1, "http"));
  CHECK(mem.post("calendar.feed").body_json["active"] == true);

  http_client anonymous(t.site.srv);  // no cookie: the token is the credential
  auto f1 = anonymous.get(path1);
  REQUIRE(f1.status == 200);
  CHECK(starts_with(f1.header("content-type"), "text/calendar"));
  auto const text = unfold_ics(f1.body);
  CHECK(starts_with(text, "BEGIN:VCALENDAR"));
  CHECK(contains(text, uid(a)));
  CHECK(contains(text, uid(b)));
  CHECK(contains(text, "RRULE:"));
  CHECK_FALSE(contains(text, uid(c)));  // a team Mia is not in
  CHECK_FALSE(contains(text, "Tekstilmøte"));
  // Another user's feed has their own teams only.
  auto ro = t.outsider.http->post("calendar.feed_reset");
  REQUIRE(ro.status == 200);
  auto fo = unfold_ics(anonymous.get(ro.body_json["path"].get<std::string>()).body);
  CHECK(contains(fo, uid(c)));
  CHECK_FALSE(contains(fo, uid(a)));
  CHECK_FALSE(contains(fo, uid(b)));

  // A new secret: the old URL stops working.
  auto r2 = mem.post("calendar.feed_reset");
  REQUIRE(r2.status == 200);
  auto const path2 = r2.body_json["path"].get<std::string>();
  CHECK(path2 != path1);
  CHECK(anonymous.get(path1).status == 404);
  auto f2 = anonymous.get(path2);
  CHECK(f2.status == 200);
  CHECK(contains(unfold_ics(f2.body), uid(a)));
  CHECK(anonymous.get("/calendar/not-a-token.ics").status == 404);

  // Revoked: 404, and the feed is inactive.
  auto rv = mem.post("calendar.feed_revoke");
  REQUIRE(rv.status == 200);
  CHECK(rv.body_json["active"] == false);
  CHECK(anonymous.get(path2).status == 404);
  CHECK(mem.post("calendar.feed").body_json["active"] == false);
  // The outsider's feed is untouched by Mia's reset and revoke.
  CHECK(anonymous.get(ro.body_json["path"].get<std::string>()).status == 200);
}
