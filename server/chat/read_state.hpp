// Read markers (one per user per channel, only moving forward) and the unread and mention
// counts derived from them.
#pragma once

#include "store/connection.hpp"
#include "util/error.hpp"

#include <vector>

namespace arena::chat {

struct counts {
  std::int64_t unread = 0;    // live messages after the marker, not by the reader
  std::int64_t mentions = 0;  // of those, the ones that mention the reader or @team
};

counts channel_counts(store::connection& db, std::int64_t channel_id, std::int64_t user_id);
std::int64_t read_marker(store::connection& db, std::int64_t channel_id, std::int64_t user_id);
// Moves the marker to `seq` if that is forward (clamped to the channel's last_seq). Returns the
// marker after the call.
std::int64_t mark_read(store::connection& w, std::int64_t channel_id, std::int64_t user_id, std::int64_t seq);

struct topic_unread {
  std::int64_t topic_id = 0;
  std::int64_t unread = 0;
};
struct channel_unread {
  std::int64_t channel_id = 0;
  std::int64_t team_id = 0;
  counts n;
  std::vector<topic_unread> topics;
};
// Every channel of every team the user belongs to (all teams for `all_teams`, the admin case).
std::vector<channel_unread> unread_overview(store::connection& db, std::int64_t user_id, bool all_teams);

}  // namespace arena::chat
