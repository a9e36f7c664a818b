// Channels, topics and messages as the rest of the server sees them (docs/PROTOCOL.md, "Live
// team channels"). Plain data; no JSON, no SQLite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace arena::chat {

struct channel {
  std::int64_t id = 0;
  std::int64_t team_id = 0;
  std::string name;
  std::string description;
  bool archived = false;
  std::int64_t last_seq = 0;
  std::int64_t unread = 0;    // the viewer's counts (0 when there is no viewer)
  std::int64_t mentions = 0;
};

// What a topic is about: an object of the same team.
struct binding {
  std::string kind;  // draft | meeting | supplier | case
  std::int64_t id = 0;
  std::string label;  // the object's identifier and title, for showing ("BA-003 Krav til ...")
};

struct topic {
  std::int64_t id = 0;
  std::int64_t channel_id = 0;
  std::string name;
  bool resolved = false;
  std::int64_t last_activity_at = 0;
  std::int64_t message_count = 0;
  std::int64_t unread = 0;
  std::optional<binding> bound;
  std::string channel_name;  // filled where topics of several channels are listed
};

struct reaction {
  std::string emoji;
  std::int64_t count = 0;
  bool mine = false;
  std::vector<std::int64_t> user_ids;
};

struct message {
  std::int64_t id = 0;
  std::int64_t channel_id = 0;
  std::int64_t team_id = 0;
  std::int64_t seq = 0;
  std::string topic;
  std::int64_t topic_id = 0;
  std::int64_t author_id = 0;
  std::string author_name;
  std::string org_name;
  std::string body;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> edited_at;
  bool deleted = false;
  std::vector<reaction> reactions;
  bool pinned = false;
  bool archive_worthy = false;
  std::vector<std::int64_t> mentions;
  bool mentions_team = false;
};

struct edit {
  std::string body;
  std::int64_t edited_at = 0;
};

}  // namespace arena::chat
