// Shared steps of the chat integration tests: a team with people in it, and the chat requests.
#pragma once

#include "integration/site.hpp"

#include <doctest/doctest.h>

namespace arena::itest {

// The id of a team's channel by name (channel.list as `who`).
inline std::int64_t channel_id(http_client& who, std::int64_t team, std::string const& name) {
  auto r = who.post("channel.list", {{"team_id", team}});
  REQUIRE(r.status == 200);
  for (auto const& c : r.body_json["channels"])
    if (c["name"] == name) return c["id"].get<std::int64_t>();
  FAIL("no channel " << name);
  return 0;
}

inline json chat_send(ws_client& ws, std::int64_t team, std::int64_t ch, std::string const& body, std::string const& cmid,
                      std::string const& topic = "Emne") {
  return ws.request("message.send", {{"team_id", team}, {"channel_id", ch}, {"topic", topic}, {"body", body}, {"client_msg_id", cmid}});
}

inline json chat_subscribe(ws_client& ws, std::int64_t team, std::int64_t ch, std::optional<std::int64_t> since = std::nullopt) {
  json f = {{"team_id", team}, {"channel_id", ch}};
  if (since) f["since_seq"] = *since;
  return ws.request("channel.subscribe", f);
}

// Server options for tests that send many messages: a generous rate limit.
inline server_options fast_chat(std::vector<std::string> more = {}) {
  server_options o;
  o.extra_args = {"--chat-rate-per-s", "100000", "--chat-burst", "100000"};
  // Under a sanitizer (harness.hpp) a test client reading a flood can be more than the 30 s of
  // the keep-alive ping behind, so its pong would come too late: the slowness, not the client,
  // would end the connection.
  if (sanitized) o.extra_args.insert(o.extra_args.end(), {"--ws-idle-timeout-s", "600"});
  o.extra_args.insert(o.extra_args.end(), more.begin(), more.end());
  return o;
}

}  // namespace arena::itest
