// Delivery guarantees of live channels: resume with since_seq across forced disconnects (no gap,
// no duplicate), idempotent retries from many sockets, the rate limit, and slow readers.
#include "integration/chat_support.hpp"

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

using namespace arena::itest;

TEST_CASE("resuming with since_seq across forced disconnects loses nothing and repeats nothing") {
  arena_site site(fast_chat());
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  auto ola = site.add_person("ola@example.no", "Ola");
  site.add_member(team, kari.id, "member");
  site.add_member(team, ola.id, "member");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  constexpr int total = 150;

  // Kari sends over HTTP from another thread while Ola keeps dropping and resuming.
  std::atomic<bool> failed{false};
  std::thread sender([&] {
    http_client c(site.srv);
    c.set_cookie_value("arena_session", kari.http->cookie("arena_session"));
    for (int i = 1; i <= total && !failed; ++i) {
      auto r = c.post("message.send", {{"team_id", team}, {"channel_id", ch}, {"topic", "Løpende"}, {"body", "nr " + std::to_string(i)},
                                       {"client_msg_id", "resume-" + std::to_string(i)}});
      if (r.status != 200) failed = true;
    }
  });

  std::vector<std::int64_t> seen;
  std::int64_t last = 0;
  int round = 0;
  while (last < total && round < 1000) {
    ++round;
    auto ws = site.socket_for(*ola.http);
    auto a = chat_subscribe(*ws, team, ch, last);
    REQUIRE(a["ok"] == true);
    REQUIRE_FALSE(a.contains("resync"));
    for (auto const& m : a["messages"]) {
      seen.push_back(m["seq"].get<std::int64_t>());
      last = seen.back();
    }
    // Read a few live events, then drop the connection without a goodbye.
    int const want = 1 + round % 7;
    for (int i = 0; i < want && last < total; ++i) {
      auto ev = ws->wait_event("message.new");
      seen.push_back(ev["message"]["seq"].get<std::int64_t>());
      last = seen.back();
    }
    ws.reset();
  }
  sender.join();
  REQUIRE_FALSE(failed.load());
  REQUIRE(seen.size() == static_cast<std::size_t>(total));
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == static_cast<std::int64_t>(i + 1));
  CHECK(round > 5);
}

TEST_CASE("1,000 concurrent retries of one client_msg_id from several sockets store one message") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  site.add_member(team, kari.id, "member");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  std::vector<std::unique_ptr<ws_client>> sockets;
  for (int i = 0; i < 10; ++i) sockets.push_back(site.socket_for(*kari.http));
  json const req = {{"op", "message.send"}, {"team_id", team}, {"channel_id", ch}, {"topic", "Samme"}, {"body", "én gang"},
                    {"client_msg_id", "the-one-and-only"}};
  std::set<std::int64_t> ids;
  int answers = 0;
  // Rounds of 25 pipelined requests on each of 10 sockets (under the per-socket in-flight bound).
  for (int round = 0; round < 4; ++round) {
    std::vector<std::vector<json>> rids(sockets.size());
    for (std::size_t s = 0; s < sockets.size(); ++s)
      for (int i = 0; i < 25; ++i) {
        auto r = req;
        r["rid"] = sockets[s]->next_rid();
        rids[s].push_back(r["rid"]);
        REQUIRE(sockets[s]->send_text(r.dump()));
      }
    for (std::size_t s = 0; s < sockets.size(); ++s)
      for (auto const& rid : rids[s]) {
        auto a = sockets[s]->wait_answer(rid);
        INFO(a.dump());
        REQUIRE(a["ok"] == true);
        ids.insert(a["message"]["id"].get<std::int64_t>());
        ++answers;
      }
  }
  CHECK(answers == 1000);
  CHECK(ids.size() == 1);
  auto h = kari.http->post("channel.history", {{"team_id", team}, {"channel_id", ch}});
  REQUIRE(h.status == 200);
  CHECK(h.body_json["messages"].size() == 1);
  CHECK(channel_id(*kari.http, team, "Generelt") == ch);
  auto list = kari.http->post("channel.list", {{"team_id", team}});
  CHECK(list.body_json["channels"][0]["last_seq"] == 1);
}

TEST_CASE("the rate limit answers rate_limited with retry_after, and persistent abuse closes the socket with 1008") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  site.add_member(team, kari.id, "member");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  auto ws = site.socket_for(*kari.http);
  int ok = 0;
  json limited;
  for (int i = 0; i < 40 && limited.is_null(); ++i) {
    auto a = chat_send(*ws, team, ch, "spam", "rate-msg-" + std::to_string(i));
    if (a["ok"] == true) ++ok;
    else limited = a;
  }
  REQUIRE_FALSE(limited.is_null());
  CHECK(ok >= 20);
  CHECK(limited["error"]["code"] == "rate_limited");
  CHECK(limited["error"]["retry_after"].get<int>() >= 1);
  // The limit is the user's, not the socket's.
  auto ws2 = site.socket_for(*kari.http);
  // Keep sending while refused: the socket is closed (1008); the other socket stays open.
  int sent = 0;
  while (!ws->closed() && sent < 400) {
    std::vector<json> rids;
    for (int i = 0; i < 20; ++i) {
      json r = {{"op", "message.send"}, {"rid", ws->next_rid()}, {"team_id", team}, {"channel_id", ch}, {"topic", "Emne"},
                {"body", "spam"}, {"client_msg_id", "abuse-msg-" + std::to_string(sent++)}};
      rids.push_back(r["rid"]);
      if (!ws->send_text(r.dump())) break;
    }
    try {
      for (auto const& rid : rids) ws->wait_answer(rid);
    } catch (std::exception const&) {
      break;  // closed while we waited
    }
  }
  CHECK(ws->wait_close() == 1008);
  CHECK(ws2->request("auth.me")["ok"] == true);
}

TEST_CASE("one client that never reads does not keep 50 others from getting every message in order") {
  arena_site site(fast_chat({"--max-sockets-per-user", "60"}));
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  auto ola = site.add_person("ola@example.no", "Ola");
  site.add_member(team, kari.id, "member");
  site.add_member(team, ola.id, "observer");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  auto sluggard = site.socket_for(*ola.http);
  REQUIRE(chat_subscribe(*sluggard, team, ch)["ok"] == true);
  std::vector<std::unique_ptr<ws_client>> readers;
  for (int i = 0; i < 50; ++i) {
    readers.push_back(site.socket_for(*ola.http));
    REQUIRE(chat_subscribe(*readers.back(), team, ch)["ok"] == true);
  }
  constexpr int total = 200;
  auto ws = site.socket_for(*kari.http);
  std::string const body(1000, 'x');
  for (int i = 1; i <= total; ++i) REQUIRE(chat_send(*ws, team, ch, body + std::to_string(i), "slow-msg-" + std::to_string(i))["ok"] == true);
  for (auto& r : readers) {
    for (int i = 1; i <= total; ++i) {
      auto ev = r->wait_event("message.new");
      REQUIRE(ev["message"]["seq"] == i);
    }
  }
  (void)sluggard;
}

TEST_CASE("a client more than 1,000 messages behind is told to resync") {
  arena_site site(fast_chat());
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  site.add_member(team, kari.id, "member");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  auto ws = site.socket_for(*kari.http);
  constexpr int total = 1005;
  for (int base = 0; base < total; base += 25) {
    std::vector<json> rids;
    for (int i = base; i < std::min(total, base + 25); ++i) {
      json r = {{"op", "message.send"}, {"rid", ws->next_rid()}, {"team_id", team}, {"channel_id", ch}, {"topic", "Mye"},
                {"body", "m"}, {"client_msg_id", "resync-msg-" + std::to_string(i)}};
      rids.push_back(r["rid"]);
      REQUIRE(ws->send_text(r.dump()));
    }
    for (auto const& rid : rids) REQUIRE(ws->wait_answer(rid)["ok"] == true);
  }
  auto far = chat_subscribe(*ws, team, ch, 2);
  CHECK(far["resync"] == true);
  CHECK(far["last_seq"] == total);
  CHECK_FALSE(far.contains("messages"));
  auto near = chat_subscribe(*ws, team, ch, 5);
  CHECK_FALSE(near.contains("resync"));
  CHECK(near["messages"].size() == total - 5);
  auto latest = chat_subscribe(*ws, team, ch);
  REQUIRE(latest["messages"].size() == 50);
  CHECK(latest["messages"][49]["seq"] == total);
}

namespace {
// The server's resident memory in KiB (VmRSS), or 0 when /proc is not readable.
std::int64_t rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  return 0;
}
}  // namespace

TEST_CASE("5,000 messages to 50 readers and one that never reads: all in order, server memory bounded") {
  arena_site site(fast_chat({"--max-sockets-per-user", "60"}));
  ARENA_LOG_ON_FAILURE(site);
  auto const team = site.team_id("IKT");
  auto kari = site.add_person("kari@example.no", "Kari");
  auto ola = site.add_person("ola@example.no", "Ola");
  site.add_member(team, kari.id, "member");
  site.add_member(team, ola.id, "observer");
  auto const ch = channel_id(*kari.http, team, "Generelt");
  auto sluggard = site.socket_for(*ola.http);
  REQUIRE(chat_subscribe(*sluggard, team, ch)["ok"] == true);
  std::vector<std::unique_ptr<ws_client>> readers;
  for (int i = 0; i < 50; ++i) {
    readers.push_back(site.socket_for(*ola.http));
    REQUIRE(chat_subscribe(*readers.back(), team, ch)["ok"] == true);
  }
  auto const before = rss_kib(site.srv.pid());
  std::int64_t peak = before;
  std::vector<std::int64_t> next(readers.size(), 1);
  // Reads whatever has arrived on every healthy reader, checking the order.
  auto drain = [&](std::chrono::milliseconds wait) {
    for (std::size_t r = 0; r < readers.size(); ++r)
      while (readers[r]->poll(wait)) {
        auto f = readers[r]->next();
        if (!f.contains("ev") || f["ev"] != "message.new") continue;
        REQUIRE(f["message"]["seq"] == next[r]);
        ++next[r];
      }
  };
  int const total = scaled(5000, 5);  // 1,000 under a sanitizer (harness.hpp: sanitized)
  std::string const body(1000, 'x');
  auto ws = site.socket_for(*kari.http);
  for (int base = 0; base < total; base += 25) {
    std::vector<json> rids;
    for (int i = base; i < base + 25; ++i) {
      json r = {{"op", "message.send"}, {"rid", ws->next_rid()}, {"team_id", team}, {"channel_id", ch}, {"topic", "Mye"},
                {"body", body}, {"client_msg_id", "flood-msg-" + std::to_string(i)}};
      rids.push_back(r["rid"]);
      REQUIRE(ws->send_text(r.dump()));
    }
    for (auto const& rid : rids) {
      auto a = ws->wait_answer(rid);
      REQUIRE_MESSAGE(a["ok"] == true, a.dump());
    }
    drain(std::chrono::milliseconds(0));
    peak = std::max(peak, rss_kib(site.srv.pid()));
  }
  for (std::size_t r = 0; r < readers.size(); ++r)
    while (next[r] <= total) drain(std::chrono::milliseconds(50));
  // The reader that never reads holds at most its send queue's hard limit (4 MiB, then it is
  // closed with 4000) plus what the kernel buffers; frames are shared, never copied per socket.
  CHECK_FALSE(sluggard->closed());  // it never read: nothing of this has reached it yet
  auto const growth_mib = (peak - before) / 1024;
  MESSAGE("server RSS " << before / 1024 << " MiB before, peak " << peak / 1024 << " MiB (+" << growth_mib << " MiB) for " << total
                        << " x 1 KB to 51 sockets" << std::string(sanitized ? " (sanitizer build: bound not applied)" : ""));
  if (before > 0 && !sanitized) CHECK(growth_mib < 64);  // 51 sockets x 5 MB unshared would be 255 MiB
}
