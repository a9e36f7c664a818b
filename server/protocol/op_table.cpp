#include "protocol/op_table.hpp"

#include "protocol/args.hpp"
#include "protocol/commit.hpp"

#include "store/connection.hpp"
#include "teams/teams.hpp"
#include "util/log.hpp"

#include <array>

namespace arena::protocol {

using auth::access;

namespace {

constexpr op_def table[] = {
    {"server.info", access::anyone, "", false, server_info},
    {"setup.complete", access::anyone, "", true, setup_complete},
    {"auth.login", access::anyone, "", true, auth_login},
    {"auth.logout", access::user, "", false, auth_logout},
    {"auth.me", access::user, "", false, auth_me},
    {"profile.update", access::user, "", false, profile_update},
    {"profile.password", access::user, "", false, profile_password},
    {"token.create", access::user, "", false, token_create},
    {"token.list", access::user, "", false, token_list},
    {"token.revoke", access::user, "", false, token_revoke},
    {"user.list", access::admin, "", false, user_list},
    {"user.create", access::admin, "", false, user_create},
    {"user.update", access::admin, "", false, user_update},
    {"org.list", access::user, "", false, org_list},
    {"org.create", access::admin, "", false, org_create},
    {"org.update", access::admin, "", false, org_update},
    {"team.list", access::user, "", false, team_list},
    {"team.get", access::user, "", false, team_get},
    {"team.create", access::admin, "", false, team_create},
    {"team.update", access::facilitator, "team_id", false, team_update},
    {"team.members", access::team_read, "team_id", false, team_members},
    {"team.add_member", access::admin, "", false, team_add_member},
    {"team.set_role", access::facilitator, "team_id", false, team_set_role},
    {"team.remove_member", access::facilitator, "team_id", false, team_remove_member},
    {"invite.create", access::facilitator, "team_id", false, invite_create},
    {"invite.list", access::facilitator, "team_id", false, invite_list},
    {"invite.revoke", access::user, "", false, invite_revoke},  // team known after lookup: checked in the handler
    {"invite.info", access::anyone, "", false, invite_info},
    {"invite.accept", access::anyone, "", true, invite_accept},
    // Live team channels: per-object checks (channel in team, message in channel, author) in ops_chat.cpp.
    {"channel.list", access::team_read, "team_id", false, channel_list},
    {"channel.create", access::facilitator, "team_id", false, channel_create},
    {"channel.update", access::facilitator, "team_id", false, channel_update},
    {"topic.list", access::team_read, "team_id", false, topic_list},
    {"topic.update", access::facilitator, "team_id", false, topic_update},
    {"message.send", access::team_write, "team_id", false, message_send, true},
    {"message.edit", access::team_write, "team_id", false, message_edit},
    {"message.history_of", access::team_read, "team_id", false, message_history_of},
    {"message.delete", access::team_write, "team_id", false, message_delete},
    {"message.react", access::team_write, "team_id", false, message_react},
    {"message.pin", access::facilitator, "team_id", false, message_pin},
    {"message.archive_worthy", access::team_write, "team_id", false, message_archive_worthy},
    {"channel.pins", access::team_read, "team_id", false, channel_pins},
    {"channel.subscribe", access::team_read, "team_id", false, channel_subscribe},
    {"channel.unsubscribe", access::team_read, "team_id", false, channel_unsubscribe},
    {"channel.history", access::team_read, "team_id", false, channel_history},
    {"channel.read", access::team_read, "team_id", false, channel_read},
    {"chat.unread", access::user, "", false, chat_unread},
    {"chat.typing", access::team_write, "team_id", false, chat_typing},
    {"chat.search", access::user, "", false, chat_search},
    {"channel.export", access::team_read, "team_id", false, channel_export},
    {"notification.list", access::user, "", false, notification_list},
    {"notification.read", access::user, "", false, notification_read},
    {"presence.list", access::team_read, "team_id", false, presence_list},
    {"presence.set", access::user, "", false, presence_set},
    {"topic.bind", access::team_write, "team_id", false, topic_bind},
    {"draft.list", access::team_read, "team_id", false, draft_list},
    {"draft.create", access::team_write, "team_id", false, draft_create},
    {"draft.get", access::team_read, "team_id", false, draft_get},
    {"draft.update", access::team_write, "team_id", false, draft_update},
    {"draft.set_status", access::team_write, "team_id", false, draft_set_status},
    {"draft.open", access::team_read, "team_id", false, draft_open},
    {"draft.close", access::team_read, "team_id", false, draft_close},
    {"draft.submit", access::team_write, "team_id", false, draft_submit, true},
    {"draft.cursor", access::team_read, "team_id", false, draft_cursor},
    {"draft.versions", access::team_read, "team_id", false, draft_versions},
    {"draft.version_create", access::team_write, "team_id", false, draft_version_create},
    {"draft.text", access::team_read, "team_id", false, draft_text},
    {"draft.diff", access::team_read, "team_id", false, draft_diff},
    {"draft.authorship", access::team_read, "team_id", false, draft_authorship},
    {"draft.restore", access::team_write, "team_id", false, draft_restore},
    {"draft.export", access::team_read, "team_id", false, draft_export},
    {"comment.list", access::team_read, "team_id", false, comment_list},
    {"comment.create", access::team_write, "team_id", false, comment_create},
    {"comment.update", access::team_write, "team_id", false, comment_update},
    {"comment.delete", access::team_write, "team_id", false, comment_delete},
    {"library.search", access::user, "", false, library_search},
    {"library.get", access::user, "", false, library_get},
    {"library.copy", access::team_write, "team_id", false, library_copy},
    {"meeting.list", access::team_read, "team_id", false, meeting_list},
    {"meeting.upcoming", access::user, "", false, meeting_upcoming},
    {"meeting.get", access::user, "", false, meeting_get},  // team members or the meeting's guests
    {"meeting.create", access::facilitator, "team_id", false, meeting_create},
    {"meeting.update", access::facilitator, "team_id", false, meeting_update},
    {"meeting.cancel", access::facilitator, "team_id", false, meeting_cancel},
    {"meeting.answer", access::user, "", false, meeting_answer},  // invitees: decided in the handler
    {"meeting.attendance", access::facilitator, "team_id", false, meeting_attendance},
    {"meeting.minutes", access::team_write, "team_id", false, meeting_minutes},
    {"meeting.actions", access::team_read, "team_id", false, meeting_actions},
    {"meeting.guest_candidates", access::facilitator, "team_id", false, meeting_guest_candidates},
    {"poll.create", access::facilitator, "team_id", false, poll_create},
    {"poll.list", access::team_read, "team_id", false, poll_list},
    {"poll.get", access::team_read, "team_id", false, poll_get},
    {"poll.answer", access::team_write, "team_id", false, poll_answer},
    {"poll.close", access::facilitator, "team_id", false, poll_close},
    {"poll.decide", access::facilitator, "team_id", false, poll_decide},
    {"calendar.feed", access::user, "", false, calendar_feed},
    {"calendar.feed_reset", access::user, "", false, calendar_feed_reset},
    {"calendar.feed_revoke", access::user, "", false, calendar_feed_revoke},
    // Suppliers are shared by every team: the handlers apply the register's rules
    // (suppliers/register.hpp, suppliers/visibility.hpp) to the signed-in user.
    {"supplier.vocabulary", access::user, "", false, supplier_vocabulary},
    {"supplier.list", access::user, "", false, supplier_list},
    {"supplier.get", access::user, "", false, supplier_get},
    {"supplier.create", access::user, "", false, supplier_create},
    {"supplier.update", access::user, "", false, supplier_update},
    {"supplier.site_save", access::user, "", false, supplier_site_save},
    {"supplier.site_delete", access::user, "", false, supplier_site_delete},
    {"supplier.contract_save", access::user, "", false, supplier_contract_save},
    {"supplier.contract_delete", access::user, "", false, supplier_contract_delete},
    {"supplier.set_lead", access::user, "", false, supplier_set_lead},
    {"supplier.reliance_check", access::user, "", false, supplier_reliance_check},
    {"supplier.rely", access::user, "", false, supplier_rely},
    {"supplier.unrely", access::user, "", false, supplier_unrely},
    {"supplier.priorities", access::user, "", false, supplier_priorities},
    {"supplier.audit", access::user, "", false, supplier_audit},
    {"supplier.link", access::user, "", false, supplier_link},
    {"supplier.import", access::user, "", false, supplier_import},
    {"supplier.export", access::user, "", false, supplier_export},
    {"case.create", access::user, "", false, case_create},
    {"case.get", access::user, "", false, case_get},
    {"case.update", access::user, "", false, case_update},
    {"case.findings", access::user, "", false, case_findings},
    {"case.escalate", access::user, "", false, case_escalate},
    {"action.save", access::user, "", false, action_save},
    {"action.verify", access::user, "", false, action_verify},
    {"action.delete", access::user, "", false, action_delete},
    {"document.upload", access::user, "", false, document_upload},
    {"document.delete", access::user, "", false, document_delete},
    {"settings.get", access::admin, "", false, settings_get},
    {"settings.update", access::admin, "", false, settings_update},
    {"settings.theme_save", access::admin, "", false, settings_theme_save},
    {"note.list", access::user, "", false, note_list},
    {"note.get", access::user, "", false, note_get},
    {"note.create", access::user, "", false, note_create},
    {"note.update", access::user, "", false, note_update},
    {"note.delete", access::user, "", false, note_delete},
    {"note.comment", access::user, "", false, note_comment},
    {"note.useful", access::user, "", false, note_useful},
};

}  // namespace

std::span<op_def const> op_table() { return table; }

op_def const* find_op(std::string_view name) {
  for (auto const& d : table)
    if (d.name == name) return &d;
  return nullptr;
}

status team_check_in_job(store::connection& w, auth::principal const& who, std::int64_t team_id, access need) {
  if (auth::allowed(need, &who, teams::role_of(w, team_id, who.user_id))) return {};
  if (auto t = teams::find_team(w, team_id, who.user_id); !t) return t.error();
  return make_error(errc::forbidden, "you are not allowed to do this");
}

result<json> dispatch(services& svc, call& c, std::string_view op, json const& args) {
  return dispatch(svc, c, find_op(op), op, args);
}

result<json> dispatch(services& svc, call& c, op_def const* def, std::string_view op, json const& args) {
  if (!def) return make_error(errc::unknown_op, "unknown operation");
  if (def->http_only && !c.via_http) return make_error(errc::bad_request, "this operation is only available over HTTP");
  if (def->need != access::anyone && !c.who) return make_error(errc::unauthorized, "not signed in");
  // A direct op called without a connection (on an io thread): its writer job checks the team.
  bool const checked_in_job = def->direct && !c.db;
  try {
    std::optional<auth::team_role> role;
    if (!def->team_field.empty() && !checked_in_job) {
      // The same rule as every other id field: a positive integer that fits in int64 (a
      // negative or oversized id is a bad request, not an unknown team).
      auto team_id = args::id(args, std::string(def->team_field).c_str());
      if (!team_id) return team_id.error();
      auto t = teams::find_team(*c.db, *team_id, c.who->user_id);
      if (!t) return t.error();
      role = t->my_role;
    }
    if (!checked_in_job && !auth::allowed(def->need, c.who ? &*c.who : nullptr, role))
      return make_error(errc::forbidden, "you are not allowed to do this");
    return def->fn(svc, c, args);
  } catch (store::sql_error const& e) {
    util::log::error("op.sql_error", {{"op", std::string(op)}, {"error", e.what()}});
    return make_error(e.constraint ? errc::conflict : errc::internal, e.constraint ? "conflicts with existing data" : "internal error");
  } catch (json::exception const& e) {
    return make_error(errc::bad_request, std::string("bad field: ") + e.what());
  } catch (std::exception const& e) {
    util::log::error("op.exception", {{"op", std::string(op)}, {"error", e.what()}});
    return make_error(errc::internal, "internal error");
  }
}

}  // namespace arena::protocol
