// Minutes of a meeting occurrence: a co-edited draft of the team (drafts/), created on first
// use and pre-filled with the agenda; and the action items written in it as Markdown task lines
// ("- [ ] Send the clause to the supplier @Kari Nordmann 15.12.2026").
#pragma once

#include "drafts/model.hpp"
#include "meetings/model.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <optional>
#include <vector>

namespace arena::meetings {

struct minutes_ref {
  std::int64_t draft_id = 0;
  std::string identifier;
  std::string title;
};

struct action_item {
  std::int64_t meeting_id = 0;
  std::string occurrence;
  std::int64_t draft_id = 0;
  std::string text;
  std::optional<std::int64_t> owner_id;
  std::string owner_name;
  std::optional<local_date> due;
  bool done = false;
  bool overdue = false;
};

std::optional<minutes_ref> minutes_of(store::connection& db, std::int64_t meeting_id, std::string const& key);

// The Markdown a new minutes draft starts with.
std::string minutes_template(meeting const& m, occurrence const& o);

// The occurrence's minutes draft, made (and linked) on the first call; `created` tells which.
struct opened {
  drafts::draft d;
  bool created = false;
};
result<opened> open_minutes(store::connection& w, meeting const& m, occurrence const& o, std::int64_t user_id);

struct member_name {
  std::int64_t user_id = 0;
  std::string name;
};
// The task lines of a text; `today` (local) decides what is overdue. Pure.
std::vector<action_item> parse_actions(std::string_view text, std::vector<member_name> const& members, local_date today);

// Action items of one occurrence's minutes, or of every minutes draft of the team (open ones
// first, by due date).
std::vector<action_item> occurrence_actions(store::connection& db, meeting const& m, std::string const& key, local_date today);
std::vector<action_item> team_actions(store::connection& db, std::int64_t team_id, bool open_only, local_date today);

}  // namespace arena::meetings
