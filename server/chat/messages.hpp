// Messages in the store: sending (sequence numbers, idempotency), edits with history,
// tombstones, reactions, pins and the archive-worthy mark, and the reads behind history and
// subscriptions. Writes take the writer's connection inside a writer job.
//
// Sequence numbers: send_message bumps channels.last_seq with UPDATE ... RETURNING and inserts
// the message under that number in the same job. A job that fails is rolled back to its
// savepoint, number included, so every channel's seqs are 1, 2, 3, ... with no hole. A deleted
// message keeps its row (a tombstone), so the numbering never changes.
#pragma once

#include "chat/mentions.hpp"
#include "chat/model.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <vector>

namespace arena::chat {

inline constexpr std::size_t max_body_bytes = 16 * 1024;
inline constexpr int max_page = 200;

struct send_input {
  std::int64_t team_id = 0;
  std::int64_t channel_id = 0;
  std::int64_t author_id = 0;
  std::string topic;
  std::string body;
  std::string client_msg_id;
  parsed_mentions mentions;
};

struct sent {
  message msg;
  bool existing = false;  // a retry: the original, nothing stored
};

// Stores a message (or finds the original of a retried client_msg_id). conflict: archived
// channel; not_found: no such channel in the team.
result<sent> send_message(store::connection& w, send_input const& in);

// The message if it is in that channel (not_found otherwise). `viewer_id` decides `mine`.
result<message> find_message(store::connection& db, std::int64_t channel_id, std::int64_t message_id, std::int64_t viewer_id = 0);
// Messages with seq > after_seq, oldest first, at most `limit`.
std::vector<message> messages_after(store::connection& db, std::int64_t channel_id, std::int64_t after_seq, int limit, std::int64_t viewer_id = 0);
// The last `limit` messages with seq < before_seq (0: no bound), oldest first; optionally one topic.
std::vector<message> messages_before(store::connection& db, std::int64_t channel_id, std::int64_t before_seq, int limit,
                                     std::optional<std::int64_t> topic_id = {}, std::int64_t viewer_id = 0);
// Every message of a channel (or one topic), oldest first (exports).
std::vector<message> all_messages(store::connection& db, std::int64_t channel_id, std::optional<std::int64_t> topic_id = {});
std::vector<message> pinned_messages(store::connection& db, std::int64_t channel_id, std::int64_t viewer_id = 0);
std::optional<std::int64_t> find_topic_id(store::connection& db, std::int64_t channel_id, std::string const& name);

// The author's edit: the old text goes to the history. conflict on a deleted message.
result<message> edit_message(store::connection& w, std::int64_t channel_id, std::int64_t message_id, std::string const& body,
                             parsed_mentions const& mentions);
// Earlier texts, oldest first.
std::vector<edit> edit_history(store::connection& db, std::int64_t message_id);
// Erases text, history, reactions and mentions; keeps the row and its seq.
result<message> delete_message(store::connection& w, std::int64_t channel_id, std::int64_t message_id);
result<message> react(store::connection& w, std::int64_t channel_id, std::int64_t message_id, std::int64_t user_id,
                      std::string const& emoji, bool on);
enum class flag { pinned, archive_worthy };
result<message> set_flag(store::connection& w, std::int64_t channel_id, std::int64_t message_id, flag f, bool on);

struct topic_input {
  std::optional<std::string> name;      // rename; merges into an existing topic of that name
  std::optional<bool> resolved;
  std::optional<std::int64_t> to_channel_id;  // move every message to this channel of the team
};
struct topic_change {
  topic result;                            // the topic afterwards (in the target channel after a move)
  std::int64_t from_channel_id = 0;
  std::vector<std::int64_t> moved;         // message ids, now in result.channel_id, in new seq order
  std::vector<std::int64_t> tombstones;    // ids of the tombstones left in from_channel_id
};
// Facilitators' topic changes. A move gives each message a new seq in the target channel and
// leaves a tombstone at its old seq, so both channels' sequences stay contiguous.
result<topic_change> update_topic(store::connection& w, std::int64_t team_id, std::int64_t channel_id, std::int64_t topic_id,
                                  topic_input const& in);

}  // namespace arena::chat
