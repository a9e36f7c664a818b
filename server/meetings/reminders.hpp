// Meeting reminders, computed from the database: every (occurrence, offset) that has come due
// is recorded in meeting_reminders_sent in the same writer job as its notifications, so a
// reminder is never sent twice, also across restarts. Several offsets due at once (a server that
// was down) make one notification; an occurrence that has started makes none.
#pragma once

#include "chat/notifications.hpp"
#include "store/connection.hpp"

#include <vector>

namespace arena::meetings {

// Writer thread, inside a writer job. Returns the notifications made (to publish after COMMIT).
std::vector<chat::notification> send_due_reminders(store::connection& w, std::int64_t now_ms);

}  // namespace arena::meetings
