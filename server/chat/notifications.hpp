// Notifications: a mention, a reply in a topic the user wrote in, a new pinned message; and for
// meetings a reminder, a meeting scheduled from a poll, a cancellation. Made in the writer job
// that stores the cause; listed with read/unread. Only notifications from teams the user still
// belongs to (or meetings they are a guest of) are shown.
#pragma once

#include "chat/model.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <vector>

namespace arena::chat {

struct notification {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind;  // mention | reply | pin | meeting_reminder | meeting_scheduled | meeting_cancelled | action_overdue
  std::int64_t team_id = 0;
  std::int64_t channel_id = 0;
  std::string topic;
  std::int64_t message_id = 0;
  std::int64_t seq = 0;
  std::string actor_name;
  std::string excerpt;
  std::int64_t created_at = 0;
  bool read = false;
  // Meeting kinds: the occurrence (message fields are zero/empty then).
  std::int64_t meeting_id = 0;
  std::string occurrence;
  std::int64_t starts_at = 0;
  // action_overdue: the corrective action, its case and supplier.
  std::int64_t action_id = 0, case_id = 0, supplier_id = 0;
};

inline constexpr std::size_t excerpt_bytes = 140;

// For a message just stored: mentions (people, or everyone for @team) and replies (earlier
// authors in the topic). Never the author. Returns the new notifications.
std::vector<notification> notify_message(store::connection& w, message const& m);
// For a message just pinned by `actor_id`: every member of the team but the actor.
std::vector<notification> notify_pin(store::connection& w, message const& m, std::int64_t actor_id);

// A meeting notification of `kind` to each of `users` (the excerpt is the meeting's title).
// `actor_id` 0: none (a reminder).
std::vector<notification> notify_meeting(store::connection& w, std::vector<std::int64_t> const& users, std::string const& kind,
                                         std::int64_t meeting_id, std::string const& occurrence, std::int64_t starts_at,
                                         std::int64_t actor_id);

// An `action_overdue` notification of a corrective action to each of `users`.
std::vector<notification> notify_action(store::connection& w, std::vector<std::int64_t> const& users, std::int64_t action_id);

std::vector<notification> list_notifications(store::connection& db, std::int64_t user_id, bool unread_only, int limit);
std::int64_t unread_notifications(store::connection& db, std::int64_t user_id);
// Marks these (or all, when ids is empty and `all`) read; returns the unread count after.
std::int64_t mark_notifications_read(store::connection& w, std::int64_t user_id, std::vector<std::int64_t> const& ids, bool all);

// The first `max_bytes` of text, cut at a UTF-8 boundary, with "…" when cut.
std::string excerpt(std::string_view text, std::size_t max_bytes = excerpt_bytes);

}  // namespace arena::chat
