// iCalendar (RFC 5545) for meetings, built with libical: one VCALENDAR with a VTIMEZONE per
// zone used (truncated to the years the meetings span), a VEVENT per meeting (RRULE, EXDATE
// for cancelled occurrences, STATUS, SEQUENCE, ORGANIZER, ATTENDEE with PARTSTAT, VALARMs for
// the reminders) and a VEVENT with RECURRENCE-ID per occurrence that was moved or answered.
// libical escapes and folds the text.
#pragma once

#include "meetings/model.hpp"
#include "store/connection.hpp"

#include <string>
#include <vector>

namespace arena::meetings {

struct ics_entry {
  meeting m;
  std::vector<person> invitees;
  // Answers given, per occurrence key.
  std::vector<std::pair<std::string, std::vector<answer>>> answers;
  std::string url;  // the meeting's page
};

// The entry of one meeting: its invitees and answers, and its page under `base_url`.
ics_entry make_entry(store::connection& db, meeting m, std::string const& base_url);

// The calendar text (CRLF lines). `name` becomes X-WR-CALNAME when not empty.
std::string calendar_text(std::vector<ics_entry> const& entries, std::string const& name, std::int64_t now_ms);

// One meeting's calendar, when `user_id` may see it (a member of its team or a guest; admins
// too); not_found otherwise.
result<std::string> meeting_calendar(store::connection& db, std::int64_t meeting_id, std::int64_t user_id, bool is_admin,
                                     std::string const& base_url, std::int64_t now_ms);
// The personal feed: every meeting of the user's teams and of meetings they are a guest of
// (those that ended more than a year ago left out).
std::string feed_calendar(store::connection& db, std::int64_t user_id, std::string const& base_url, std::int64_t now_ms);

}  // namespace arena::meetings
