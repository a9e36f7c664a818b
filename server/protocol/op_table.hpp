// The one table of named operations. Each entry names its access level, the field that names
// its team (for team-scoped access), whether it is HTTP-only, and its handler. The same table
// serves the WebSocket and POST /api/<op>; docs/PROTOCOL.md must document every name in it (a
// unit test checks).
//
// Handlers run on a pool thread (they may block on reads and on the writer), get the caller's
// read-only connection and return the answer's fields or an error. An operation's writes are
// one writer job: all or nothing. Events are published only after that job has committed.
#pragma once

#include "auth/password_hasher.hpp"
#include "auth/policy.hpp"
#include "auth/principal.hpp"
#include "auth/sessions.hpp"
#include "auth/throttle.hpp"
#include "bus/hub.hpp"
#include "chat/limits.hpp"
#include "chat/notifications.hpp"
#include "chat/presence.hpp"
#include "drafts/documents.hpp"
#include "protocol/codec.hpp"
#include "store/database.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace arena::protocol {

// What an operation may do to live connections; implemented by app/.
class effects {
 public:
  virtual ~effects() = default;
  // Closes every socket of these sessions (1008) and forgets them.
  // `except_socket` (a socket id) is left open for the caller to answer and close itself.
  virtual void end_sessions(std::vector<std::int64_t> const& session_ids, std::uint64_t except_socket = 0) = 0;
  // The user joined or left a team: subscribe or unsubscribe their live sockets at once.
  virtual void membership_changed(std::int64_t user_id, std::int64_t team_id, bool is_member) = 0;
};

// Long-lived services every handler may use. Thread-safe.
struct services {
  store::database& db;
  auth::password_hasher& hasher;
  auth::login_throttle& throttle;
  bus::hub& hub;
  effects& fx;
  auth::session_policy policy;
  std::string server_version;
  std::string public_url;  // "https://arena.example" (no trailing slash): links in calendars
  std::shared_ptr<chat::live_limits> chat_limits = std::make_shared<chat::live_limits>();
  std::shared_ptr<chat::presence_tracker> presence = std::make_shared<chat::presence_tracker>();
  std::shared_ptr<drafts::live_documents> drafts = std::make_shared<drafts::live_documents>();
};

// The WebSocket a call came from (absent over HTTP). Every function is safe to call from any
// thread, also after the socket has closed (it then does nothing).
struct socket_link {
  std::uint64_t id = 0;
  json rid;  // the request id, for handlers that answer themselves
  // Queues a frame to this socket.
  std::function<void(std::shared_ptr<const std::string> const& frame, bool ephemeral)> send;
  // Closes this socket (e.g. 1008).
  std::function<void(std::uint16_t code, std::string reason)> close;
  // Subscribes this socket to (on) or unsubscribes it from a bus topic that belongs to a team:
  // leaving the team (effects::membership_changed) drops it too.
  std::function<void(std::string const& topic, std::int64_t team_id, bool on)> subscribe;
  // Counts the request as in flight on its socket until the last copy of this link is gone, so
  // a handler that answers later (from a writer job's done) keeps its slot until then.
  std::shared_ptr<void const> in_flight;
};

// One call of an operation.
struct call {
  std::optional<auth::principal> who;
  bool via_http = false;
  std::string remote_addr;
  store::connection* db = nullptr;  // the pool thread's read-only connection
  // Set by handlers that start or end a cookie session (HTTP only).
  std::optional<std::string> new_session_token;
  bool clear_session_cookie = false;
  std::optional<socket_link> socket;
  // The raw request body of an upload (POST /api/upload/<what>), whose other fields come from the
  // query string; absent otherwise.
  std::optional<std::string> upload;
  // Set by a handler that answers through `socket` itself (later, in order with events it must
  // precede: channel.subscribe). The caller of dispatch then sends nothing.
  bool answered = false;
};

// Wraps answer fields (json converts to anything, so result<json> needs it said explicitly).
inline result<json> answer(json j) { return result<json>(boost::system::in_place_value, std::move(j)); }

using handler_fn = result<json> (*)(services&, call&, json const& args);

struct op_def {
  std::string_view name;
  auth::access need;
  std::string_view team_field;  // non-empty: the args field holding the team id
  bool http_only;
  handler_fn fn;
  // Over WebSocket, runs on the io thread that read the request instead of a pool thread, with
  // no connection (call::db is null) and no team check before it: the handler must not read,
  // and its writer job makes the team check itself (team_check_in_job). For the ops on a
  // typing person's round trip (message.send, draft.submit), where the pool's thread hop and
  // reads are most of the cost.
  bool direct = false;
};

std::span<op_def const> op_table();
op_def const* find_op(std::string_view name);

// Runs one operation: lookup, authentication, authorisation (auth/policy), then the handler.
// Never throws. Returns the answer fields, or an error.
result<json> dispatch(services& svc, call& c, std::string_view op, json const& args);
// The same with the lookup done by the caller: `def` is find_op(op), null for an unknown op.
result<json> dispatch(services& svc, call& c, op_def const* def, std::string_view op, json const& args);

// A socket went away: its draft cursors disappear for the other editors.
void draft_socket_gone(services& svc, std::uint64_t socket);
// Ends idle editing sessions (automatic versions), stores snapshots, closes idle drafts: a
// writer job; waits for its COMMIT. Call every few seconds from a thread of its own.
void draft_sweep(services& svc);

// Publishes each notification to its user (after COMMIT).
void publish_notifications(services& svc, std::vector<chat::notification> const& notes);

// Sends the meeting reminders that have come due (meetings/reminders.hpp): a writer job; waits
// for its COMMIT. Call every few seconds from a thread of its own.
void meeting_reminder_sweep(services& svc);

// Notifies overdue corrective actions (suppliers/cases.hpp): a writer job; waits for its COMMIT.
void supplier_overdue_sweep(services& svc);

// Publishes a `presence` event for the user to each of their teams (ephemeral).
void publish_presence(services& svc, store::connection& db, std::int64_t user_id, chat::presence_state state);

// Handlers, one group per domain (ops_*.cpp); the table is in op_table.cpp.
#define ARENA_OP(fn) result<json> fn(services&, call&, json const&)
ARENA_OP(server_info);
ARENA_OP(setup_complete);
ARENA_OP(auth_login);
ARENA_OP(auth_logout);
ARENA_OP(auth_me);
ARENA_OP(profile_update);
ARENA_OP(profile_password);
ARENA_OP(token_create);
ARENA_OP(token_list);
ARENA_OP(token_revoke);
ARENA_OP(user_list);
ARENA_OP(user_create);
ARENA_OP(user_update);
ARENA_OP(org_list);
ARENA_OP(org_create);
ARENA_OP(org_update);
ARENA_OP(team_list);
ARENA_OP(team_get);
ARENA_OP(team_create);
ARENA_OP(team_update);
ARENA_OP(team_members);
ARENA_OP(team_add_member);
ARENA_OP(team_set_role);
ARENA_OP(team_remove_member);
ARENA_OP(invite_create);
ARENA_OP(invite_list);
ARENA_OP(invite_revoke);
ARENA_OP(invite_info);
ARENA_OP(invite_accept);
// Live team channels (ops_chat.cpp).
ARENA_OP(channel_list);
ARENA_OP(channel_create);
ARENA_OP(channel_update);
ARENA_OP(topic_list);
ARENA_OP(topic_update);
ARENA_OP(topic_bind);
ARENA_OP(message_send);
ARENA_OP(message_edit);
ARENA_OP(message_history_of);
ARENA_OP(message_delete);
ARENA_OP(message_react);
ARENA_OP(message_pin);
ARENA_OP(message_archive_worthy);
ARENA_OP(channel_pins);
ARENA_OP(channel_subscribe);
ARENA_OP(channel_unsubscribe);
ARENA_OP(channel_history);
ARENA_OP(channel_read);
ARENA_OP(chat_unread);
ARENA_OP(chat_typing);
ARENA_OP(chat_search);
ARENA_OP(channel_export);
ARENA_OP(notification_list);
ARENA_OP(notification_read);
ARENA_OP(presence_list);
ARENA_OP(presence_set);
// Requirement drafts (ops_drafts.cpp).
ARENA_OP(draft_list);
ARENA_OP(draft_create);
ARENA_OP(draft_get);
ARENA_OP(draft_update);
ARENA_OP(draft_set_status);
ARENA_OP(draft_open);
ARENA_OP(draft_close);
ARENA_OP(draft_submit);
ARENA_OP(draft_cursor);
ARENA_OP(draft_versions);
ARENA_OP(draft_version_create);
ARENA_OP(draft_text);
ARENA_OP(draft_diff);
ARENA_OP(draft_authorship);
ARENA_OP(draft_restore);
ARENA_OP(draft_export);
ARENA_OP(comment_list);
ARENA_OP(comment_create);
ARENA_OP(comment_update);
ARENA_OP(comment_delete);
ARENA_OP(library_search);
ARENA_OP(library_get);
ARENA_OP(library_copy);
// Meetings (ops_meetings.cpp).
ARENA_OP(meeting_list);
ARENA_OP(meeting_upcoming);
ARENA_OP(meeting_get);
ARENA_OP(meeting_create);
ARENA_OP(meeting_update);
ARENA_OP(meeting_cancel);
ARENA_OP(meeting_answer);
ARENA_OP(meeting_attendance);
ARENA_OP(meeting_minutes);
ARENA_OP(meeting_actions);
ARENA_OP(meeting_guest_candidates);
ARENA_OP(poll_create);
ARENA_OP(poll_list);
ARENA_OP(poll_get);
ARENA_OP(poll_answer);
ARENA_OP(poll_close);
ARENA_OP(poll_decide);
ARENA_OP(calendar_feed);
ARENA_OP(calendar_feed_reset);
ARENA_OP(calendar_feed_revoke);
// Suppliers and follow-up (ops_suppliers.cpp).
ARENA_OP(supplier_vocabulary);
ARENA_OP(supplier_list);
ARENA_OP(supplier_get);
ARENA_OP(supplier_create);
ARENA_OP(supplier_update);
ARENA_OP(supplier_site_save);
ARENA_OP(supplier_site_delete);
ARENA_OP(supplier_contract_save);
ARENA_OP(supplier_contract_delete);
ARENA_OP(supplier_set_lead);
ARENA_OP(supplier_reliance_check);
ARENA_OP(supplier_rely);
ARENA_OP(supplier_unrely);
ARENA_OP(supplier_priorities);
ARENA_OP(supplier_audit);
ARENA_OP(supplier_link);
ARENA_OP(supplier_import);
ARENA_OP(supplier_export);
ARENA_OP(case_create);
ARENA_OP(case_get);
ARENA_OP(case_update);
ARENA_OP(case_findings);
ARENA_OP(case_escalate);
ARENA_OP(action_save);
ARENA_OP(action_verify);
ARENA_OP(action_delete);
ARENA_OP(document_upload);
ARENA_OP(document_delete);
ARENA_OP(settings_get);
ARENA_OP(settings_update);
ARENA_OP(settings_theme_save);
// Experience notes (ops_notes.cpp).
ARENA_OP(note_list);
ARENA_OP(note_get);
ARENA_OP(note_create);
ARENA_OP(note_update);
ARENA_OP(note_delete);
ARENA_OP(note_comment);
ARENA_OP(note_useful);
#undef ARENA_OP

}  // namespace arena::protocol
