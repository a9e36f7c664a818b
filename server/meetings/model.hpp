// Meetings as the rest of the server sees them (docs/PROTOCOL.md, "Meetings"). Plain data; no
// JSON, no SQLite.
#pragma once

#include "meetings/local_time.hpp"
#include "meetings/recurrence.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace arena::meetings {

struct link_ref {
  std::string kind;  // draft | topic | supplier
  std::int64_t id = 0;
  std::string label;
};

struct agenda_item {
  std::string title;
  std::optional<std::int64_t> owner_id;
  std::string owner_name;
  std::optional<int> minutes;
  std::optional<link_ref> link;
};

struct person {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string email;
  std::string org_name;
  bool guest = false;
};

// A change to one occurrence; fields not overridden are empty.
struct exception_row {
  std::string occurrence;  // the local date key
  bool cancelled = false;
  std::optional<local_dt> start, end;
  std::optional<std::string> title, description, location, video_url;
};

struct topic_ref {
  std::int64_t channel_id = 0;
  std::int64_t topic_id = 0;
  std::string name;
};

struct meeting {
  std::int64_t id = 0;
  std::int64_t team_id = 0;
  std::string uid;
  std::string title, description, location, video_url;
  bool is_open = false;
  std::string tz;
  local_dt start, end;
  std::int64_t start_utc = 0, end_utc = 0;
  std::optional<recurrence> rule;
  std::vector<agenda_item> agenda;
  std::vector<person> guests;
  std::vector<int> reminders;  // minutes before the start
  bool cancelled = false;
  std::int64_t sequence = 0;
  std::int64_t created_by = 0;
  std::string created_by_name, created_by_email;
  std::int64_t created_at = 0, updated_at = 0;
  std::vector<exception_row> exceptions;
  std::vector<topic_ref> topics;
};

struct occurrence {
  std::int64_t meeting_id = 0;
  std::int64_t team_id = 0;
  std::string key;
  std::string title, description, location, video_url;
  bool is_open = false;
  std::string tz;
  local_dt start, end;
  std::int64_t start_utc = 0, end_utc = 0;
  local_dt original_start;  // where the rule put it (RECURRENCE-ID)
  std::int64_t original_start_utc = 0;
  bool recurring = false, moved = false, cancelled = false;
  std::optional<std::string> my_answer;
};

struct answer {
  person who;
  std::optional<std::string> value;  // yes | maybe | no
  std::string comment;
  std::optional<std::int64_t> answered_at;
  std::optional<bool> attended;
};

}  // namespace arena::meetings
