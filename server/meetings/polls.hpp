// Time polls (finn tidspunkt): a facilitator proposes slots, members answer yes, if need be or
// no per slot, and the facilitator picks one; the meeting is then created from it.
#pragma once

#include "meetings/meetings.hpp"

namespace arena::meetings {

struct poll_slot {
  std::int64_t id = 0;
  local_dt start, end;
  std::int64_t start_utc = 0, end_utc = 0;
  int yes = 0, if_need_be = 0, no = 0;
};

struct poll_answer {
  std::int64_t user_id = 0;
  std::string display_name;
  std::int64_t slot_id = 0;
  std::string value;  // yes | if_need_be | no
};

struct poll {
  std::int64_t id = 0;
  std::int64_t team_id = 0;
  std::string title, description, location, video_url;
  bool is_open = false;
  std::string tz;
  std::string status;  // open | closed | decided
  std::vector<poll_slot> slots;
  std::vector<poll_answer> answers;
  int respondents = 0;
  std::optional<std::int64_t> meeting_id, decided_slot_id;
  std::int64_t created_by = 0;
  std::string created_by_name;
  std::int64_t created_at = 0;
};

struct poll_input {
  std::string title, description, location, video_url;
  bool is_open = false;
  std::string tz = std::string(default_zone);
  std::vector<std::pair<local_dt, local_dt>> slots;
};

inline constexpr std::size_t max_poll_slots = 30;

result<poll> create_poll(store::connection& w, std::int64_t team_id, std::int64_t user_id, poll_input const& in);
result<poll> find_poll(store::connection& db, std::int64_t team_id, std::int64_t poll_id);
std::vector<poll> list_polls(store::connection& db, std::int64_t team_id, bool include_closed);
// The caller's answers for these slots (replacing earlier ones). conflict unless open.
result<poll> answer_poll(store::connection& w, poll const& p, std::int64_t user_id, std::vector<std::pair<std::int64_t, std::string>> const& answers);
result<poll> close_poll(store::connection& w, poll const& p);
// Closes the poll and creates the meeting from the slot (with these agenda and reminders).
struct decided {
  poll p;
  meeting m;
};
result<decided> decide_poll(store::connection& w, poll const& p, std::int64_t slot_id, std::int64_t user_id, fields extra);

}  // namespace arena::meetings
