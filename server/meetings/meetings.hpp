// Meetings in the store: series and single meetings, their exceptions, agenda and guests, the
// invitees and their answers per occurrence. Writes take the writer's connection inside a
// writer job; reads take any connection. Occurrences are expanded from the rule (recurrence.hpp)
// and the exceptions, never stored.
#pragma once

#include "meetings/model.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <optional>
#include <vector>

namespace arena::meetings {

struct agenda_input {
  std::string title;
  std::optional<std::int64_t> owner_id;
  std::optional<int> minutes;
  std::optional<std::pair<std::string, std::int64_t>> link;  // kind, id
};

// The fields of a create or an update; only those given change.
struct fields {
  std::optional<std::string> title, description, location, video_url, tz;
  std::optional<bool> is_open;
  std::optional<local_dt> start, end;
  std::optional<std::optional<recurrence>> rule;
  std::optional<std::vector<agenda_input>> agenda;
  std::optional<std::vector<std::int64_t>> guests;
  std::optional<std::vector<int>> reminders;
};

inline constexpr std::size_t max_agenda_items = 50;
inline constexpr std::int64_t max_duration_ms = 24LL * 3600 * 1000;

// Creates a meeting of the team (title, start and end required). bad_request naming the field
// for anything out of bounds (docs/PROTOCOL.md); not_found for a linked draft or topic outside
// the team.
result<meeting> create_meeting(store::connection& w, std::int64_t team_id, std::int64_t user_id, fields const& f);

result<meeting> load_meeting(store::connection& db, std::int64_t meeting_id);
// not_found unless the meeting belongs to the team.
result<meeting> find_meeting(store::connection& db, std::int64_t team_id, std::int64_t meeting_id);

// Every occurrence of the meeting, in start order, exceptions applied (cancelled ones kept).
std::vector<occurrence> occurrences(meeting const& m);
std::optional<occurrence> find_occurrence(meeting const& m, std::string const& key);

// Meetings of the team with an occurrence that may overlap [from_ms, to_ms].
std::vector<meeting> team_meetings(store::connection& db, std::int64_t team_id, std::int64_t from_ms, std::int64_t to_ms);
// Meetings of every team the user belongs to and of meetings the user is a guest of, whose
// last occurrence ends after `after_ms`.
std::vector<meeting> meetings_of_user(store::connection& db, std::int64_t user_id, std::int64_t after_ms);

// Changes the whole series (exceptions stay; those the new rule no longer gives are dropped).
result<meeting> update_series(store::connection& w, meeting const& m, fields const& f);
// Changes one occurrence: title, description, start, end, location, video_url only.
result<meeting> update_occurrence(store::connection& w, meeting const& m, std::string const& key, fields const& f);
// Splits the series at `key`: the old one ends before it, a new one (new id and uid) starts there
// with the changes and takes the later exceptions, answers, minutes and reminders sent.
struct split_result {
  meeting previous;
  meeting next;
};
result<split_result> update_following(store::connection& w, meeting const& m, std::string const& key, fields const& f, std::int64_t user_id);

result<meeting> cancel_series(store::connection& w, meeting const& m);
result<meeting> cancel_occurrence(store::connection& w, meeting const& m, std::string const& key);
// Ends the series before `key` (the first occurrence: the whole meeting is cancelled).
result<meeting> cancel_following(store::connection& w, meeting const& m, std::string const& key);

// The team's members and facilitators; observers and guests when the meeting is open.
std::vector<person> invitees(store::connection& db, meeting const& m);
bool is_invitee(store::connection& db, meeting const& m, std::int64_t user_id);
// A member of the meeting's team (any role) or one of its guests.
bool can_read(store::connection& db, meeting const& m, std::int64_t user_id);

// One row per invitee (answer empty when not given).
std::vector<answer> answers(store::connection& db, meeting const& m, std::string const& key);
result<answer> set_answer(store::connection& w, meeting const& m, std::string const& key, std::int64_t user_id, std::string const& value,
                          std::string const& comment, std::int64_t now_ms);
// conflict before the occurrence has started; bad_request for someone not invited.
result<std::vector<answer>> set_attendance(store::connection& w, meeting const& m, std::string const& key,
                                           std::vector<std::int64_t> const& attended, std::int64_t now_ms);
// Answers of every occurrence (for iCalendar): key → answers given.
std::vector<std::pair<std::string, std::vector<answer>>> answers_by_occurrence(store::connection& db, meeting const& m);

// Enabled users outside the team whose name or e-mail contains q (at most 20).
std::vector<person> guest_candidates(store::connection& db, std::int64_t team_id, std::string const& q);

// The user's answer to each of these occurrences (fills occurrence::my_answer).
void fill_my_answers(store::connection& db, std::int64_t user_id, std::vector<occurrence>& occs);

}  // namespace arena::meetings
