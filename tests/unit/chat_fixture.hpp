// A temporary database with people in teams, for the chat tests (no sockets).
#pragma once

#include "accounts/users.hpp"
#include "chat/channels.hpp"
#include "chat/messages.hpp"
#include "store/database.hpp"
#include "teams/teams.hpp"
#include "unit/store_temp.hpp"

#include <doctest/doctest.h>

namespace arena::test {

struct chat_fixture {
  temp_dir dir;
  store::database db{store::database::options{dir.path() / "arena.db", {}, 1}};
  store::connection rd{db.file().string(), store::connection::mode::read_only};

  std::int64_t add_user(std::string const& email, std::string const& name, std::optional<std::int64_t> team = 1,
                        auth::team_role role = auth::team_role::member) {
    auto u = store::write_sync(db.write(), [&](store::connection& w) {
      return accounts::create_user(w, accounts::new_user{email, name, "x", std::nullopt, "nb", false});
    });
    REQUIRE(u);
    if (team) {
      auto m = store::write_sync(db.write(), [&](store::connection& w) { return teams::add_member(w, *team, u->id, role); });
      REQUIRE(m);
    }
    return u->id;
  }
  // The id of a team's channel by name.
  std::int64_t channel(std::int64_t team, std::string const& name) {
    for (auto const& c : chat::list_channels(rd, team, 0))
      if (c.name == name) return c.id;
    FAIL("no channel " << name);
    return 0;
  }
  result<chat::sent> send(std::int64_t team, std::int64_t ch, std::int64_t author, std::string body, std::string cmid,
                          std::string topic = "Emne", chat::parsed_mentions pm = {}) {
    chat::send_input in{team, ch, author, topic, std::move(body), std::move(cmid), std::move(pm)};
    return store::write_sync(db.write(), [&](store::connection& w) { return chat::send_message(w, in); });
  }
};

}  // namespace arena::test
