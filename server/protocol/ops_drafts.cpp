// Requirement drafts (docs/PROTOCOL.md, "Requirement drafts"). The op table checks team access
// (auth/policy); these handlers check that the draft belongs to the team, and the finer rules
// (facilitator moves of status, who edits or deletes a comment).
//
// Ordering, as for channels: every write is one writer job, and its `done` (on the writer
// thread, in commit order) publishes the events and, over WebSocket, queues the answer itself
// after them. draft.open is a writer job too: it reads the text on the writer thread and its
// `done` subscribes the socket, so the ops that follow the answer continue from its version.
// The submitter of an op gets the `draft.op` event before the answer.
#include "chat/channels.hpp"
#include "drafts/authorship.hpp"
#include "drafts/comments.hpp"
#include "drafts/diff.hpp"
#include "drafts/documents.hpp"
#include "drafts/drafts.hpp"
#include "drafts/export.hpp"
#include "drafts/ot/utf8.hpp"
#include "protocol/args.hpp"
#include "protocol/commit.hpp"
#include "protocol/op_table.hpp"
#include "protocol/ot_json.hpp"
#include "protocol/views.hpp"
#include "protocol/views_chat.hpp"
#include "protocol/views_drafts.hpp"
#include "teams/teams.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

#include <openssl/evp.h>

#include <map>
#include <set>

namespace arena::protocol {

namespace {

constexpr std::int64_t max_json_int = (std::int64_t{1} << 53) - 1;

std::string draft_topic(std::int64_t draft_id) { return "draft:" + std::to_string(draft_id); }

struct target {
  std::int64_t team_id;
  std::int64_t draft_id;
};

result<target> draft_target(call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(draft_id, args::id(a, "draft_id"));
  if (auto d = drafts::find_draft(*c.db, team_id, draft_id); !d) return d.error();
  return target{team_id, draft_id};
}

bool is_facilitator(call& c, std::int64_t team_id) {
  return c.who->is_admin || teams::role_of(*c.db, team_id, c.who->user_id) == auth::team_role::facilitator;
}

drafts::editor_identity identity(call const& c) {
  return {c.socket ? c.socket->id : 0, c.who->user_id, c.who->display_name};
}

void publish_team(services& svc, drafts::draft const& d) {
  svc.hub.publish(bus::team_topic(d.team_id), encode_shared(json{{"ev", "draft.updated"}, {"draft", to_json(d)}}));
}

void publish_draft(services& svc, std::int64_t draft_id, json ev) {
  ev["draft_id"] = draft_id;
  svc.hub.publish(draft_topic(draft_id), encode_shared(ev));
}

json op_event(std::int64_t draft_id, drafts::op_record const& r) {
  json ev = to_json(r);
  ev["ev"] = "draft.op";
  ev["draft_id"] = draft_id;
  return ev;
}

json comments_json(std::vector<drafts::comment> const& cs) {
  json out = json::array();
  for (auto const& c : cs) out.push_back(to_json(c));
  return out;
}

std::string base64(std::string const& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  auto n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<unsigned char const*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

result<std::vector<std::string>> tags_field(json const& a) {
  std::vector<std::string> tags;
  auto it = a.find("tags");
  if (it == a.end() || it->is_null()) return tags;
  if (!it->is_array()) return make_error(errc::bad_request, "tags: an array of strings");
  std::set<std::string> seen;
  for (auto const& t : *it) {
    if (!t.is_string()) return make_error(errc::bad_request, "tags: an array of strings");
    auto s = t.get<std::string>();
    if (seen.insert(s).second) tags.push_back(std::move(s));
  }
  return tags;
}

result<std::optional<std::string>> category_field(json const& a) {
  auto it = a.find("category");
  if (it == a.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return make_error(errc::bad_request, "category: a string or null");
  return std::optional<std::string>(it->get<std::string>());
}

}  // namespace

void draft_socket_gone(services& svc, std::uint64_t socket) {
  for (auto id : svc.drafts->leave(socket))
    publish_draft(svc, id, json{{"ev", "draft.cursor"}, {"socket", socket}, {"anchor", nullptr}, {"head", nullptr}});
}

void draft_sweep(services& svc) {
  using made_t = std::vector<std::pair<std::int64_t, drafts::version_entry>>;
  auto r = commit_then<made_t>(
      svc, [&svc](store::connection& w) -> result<made_t> { return svc.drafts->sweep(w, util::now_ms()); },
      [&svc](made_t const& made) {
        for (auto const& [id, v] : made) publish_draft(svc, id, json{{"ev", "draft.version"}, {"version", to_json(v)}});
      },
      [&svc](made_t const& made) {
        for (auto const& [id, v] : made) svc.drafts->discard(id);
      });
  if (!r) util::log::warn("drafts.sweep_failed", {{"error", r.error().message}});
}

result<json> draft_list(services&, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(archived, args::opt_bool(a, "include_archived"));
  json out = json::array();
  for (auto const& d : drafts::list_drafts(*c.db, team_id, archived.value_or(false))) out.push_back(to_json(d));
  return answer(json{{"drafts", std::move(out)}});
}

result<json> draft_create(services& svc, call& c, json const& a) {
  drafts::create_input in;
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(title, args::string(a, "title", 1, 800));
  ARENA_TRY(kind, args::string(a, "kind", 1, 40));
  ARENA_TRY(category, category_field(a));
  ARENA_TRY(tags, tags_field(a));
  auto body_it = a.find("body");
  if (body_it != a.end() && !body_it->is_null() && !body_it->is_string()) return make_error(errc::bad_request, "body: a string");
  in.team_id = team_id;
  in.user_id = c.who->user_id;
  in.title = std::move(title);
  in.kind = std::move(kind);
  in.category = std::move(category);
  in.tags = std::move(tags);
  if (body_it != a.end() && body_it->is_string()) in.body = body_it->get<std::string>();
  if (auto st = drafts::validate(in); !st) return st.error();
  auto d = commit_then<drafts::draft>(
      svc, [in](store::connection& w) { return drafts::create_draft(w, in); }, [&](drafts::draft const& d) { publish_team(svc, d); });
  if (!d) return d.error();
  return answer(json{{"draft", to_json(*d)}});
}

result<json> draft_get(services&, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  auto d = drafts::find_draft(*c.db, t.team_id, t.draft_id);
  if (!d) return d.error();
  json history = json::array();
  for (auto const& s : drafts::status_history(*c.db, t.draft_id)) history.push_back(to_json(s));
  json topics = json::array();
  for (auto const& tp : chat::topics_bound_to(*c.db, t.team_id, "draft", t.draft_id)) {
    json j = to_json(tp);
    j["channel_name"] = tp.channel_name;
    topics.push_back(std::move(j));
  }
  return answer(json{{"draft", to_json(*d)}, {"status_history", std::move(history)}, {"topics", std::move(topics)}});
}

result<json> draft_update(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  drafts::meta_input in;
  ARENA_TRY(title, args::opt_string(a, "title", 800));
  ARENA_TRY(kind, args::opt_string(a, "kind", 40));
  in.title = std::move(title);
  in.kind = std::move(kind);
  if (a.contains("category")) {
    ARENA_TRY(category, category_field(a));
    in.category = std::move(category);
  }
  if (a.contains("tags") && !a["tags"].is_null()) {
    ARENA_TRY(tags, tags_field(a));
    in.tags = std::move(tags);
  }
  if (auto st = drafts::validate(in); !st) return st.error();
  auto d = commit_then<drafts::draft>(
      svc, [t, in](store::connection& w) { return drafts::update_meta(w, t.team_id, t.draft_id, in); },
      [&](drafts::draft const& d) { publish_team(svc, d); });
  if (!d) return d.error();
  return answer(json{{"draft", to_json(*d)}});
}

result<json> draft_set_status(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(to_s, args::string(a, "status", 1, 40));
  ARENA_TRY(comment, args::opt_string(a, "comment", 8000));
  auto to = drafts::parse_status(to_s);
  if (!to) return make_error(errc::bad_request, "status: one of utkast, til_gjennomgang, godkjent, publisert, arkivert");
  drafts::status_input in{t.team_id, t.draft_id, c.who->user_id, is_facilitator(c, t.team_id), *to, comment.value_or("")};
  struct changed {
    drafts::draft d;
    drafts::version_entry v;
  };
  auto r = commit_then<changed>(
      svc,
      [&svc, in](store::connection& w) -> result<changed> {
        auto text = svc.drafts->current(w, in.draft_id);
        if (!text) return text.error();
        auto d = drafts::set_status(w, in, text->first);
        if (!d) return d.error();
        auto versions = drafts::list_versions(w, in.draft_id);
        return changed{std::move(*d), versions.front()};
      },
      [&](changed const& ch) {
        publish_team(svc, ch.d);
        publish_draft(svc, ch.d.id, json{{"ev", "draft.version"}, {"version", to_json(ch.v)}});
      });
  if (!r) return r.error();
  return answer(json{{"draft", to_json(r->d)}});
}

result<json> draft_open(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(since, args::opt_integer(a, "since_version", 0, max_json_int));
  auto const who = *c.who;
  auto const me = identity(c);
  auto subscribe = c.socket ? std::optional<socket_link>(*c.socket) : std::nullopt;
  return write_and_answer<json>(
      svc, c,
      [&svc, t, since, who, me](store::connection& w) -> result<json> {
        if (auto st = team_check_in_job(w, who, t.team_id, auth::access::team_read); !st) return st.error();
        auto d = drafts::find_draft(w, t.team_id, t.draft_id);
        if (!d) return d.error();
        json out = {{"draft", to_json(*d)}, {"socket", me.socket}};
        if (since) {
          auto cu = svc.drafts->open_since(w, t.draft_id, *since, me);
          if (!cu) return cu.error();
          out["version"] = cu->version;
          if (cu->reload) {
            out["reload"] = true;
            return answer(std::move(out));
          }
          json ops = json::array();
          for (auto const& r : cu->ops) ops.push_back(to_json(r));
          out["ops"] = std::move(ops);
          return answer(std::move(out));
        }
        auto snap = svc.drafts->open(w, t.draft_id, me);
        if (!snap) return snap.error();
        auto cs = drafts::list_comments(w, t.draft_id);
        drafts::apply_anchors(cs, snap->anchors, snap->version);
        json cursors = json::array();
        for (auto const& cur : snap->cursors) cursors.push_back(to_json(cur));
        out["text"] = std::move(snap->text);
        out["version"] = snap->version;
        out["cursors"] = std::move(cursors);
        out["comments"] = comments_json(cs);
        return answer(std::move(out));
      },
      [subscribe, t](json const& out) {
        if (subscribe && !out.contains("reload")) subscribe->subscribe(draft_topic(t.draft_id), t.team_id, true);
        return out;
      });
}

result<json> draft_close(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(draft_id, args::id(a, "draft_id"));
  if (!c.socket) return answer(json::object());
  c.socket->subscribe(draft_topic(draft_id), team_id, false);
  for (auto id : svc.drafts->leave(c.socket->id, draft_id))
    publish_draft(svc, id, json{{"ev", "draft.cursor"}, {"socket", c.socket->id}, {"anchor", nullptr}, {"head", nullptr}});
  return answer(json::object());
}

namespace {

struct applied {
  drafts::live_documents::submitted s;
  std::vector<drafts::comment> detached;
  std::optional<drafts::version_entry> version;  // a restore's
};

// The job of draft.submit and draft.restore: submit, and read the comments the op detached.
result<applied> submit_in_job(services& svc, store::connection& w, drafts::live_documents::submit_input const& in) {
  auto s = svc.drafts->submit(w, in);
  if (!s) return s.error();
  applied out{std::move(*s), {}, {}};
  for (auto id : out.s.detached) {
    auto cm = drafts::find_comment(w, in.draft_id, id);
    if (!cm) continue;
    cm->detached = true;
    cm->anchor_version = out.s.rec.version;
    out.detached.push_back(std::move(*cm));
  }
  return out;
}

// After COMMIT: the op to every subscriber, then the comments it detached.
void publish_applied(services& svc, std::int64_t draft_id, applied const& ap) {
  if (ap.s.duplicate) return;
  svc.hub.publish(draft_topic(draft_id), encode_shared(op_event(draft_id, ap.s.rec)));
  svc.drafts->committed(draft_id, ap.s.rec.version);
  for (auto const& cm : ap.detached) publish_draft(svc, draft_id, json{{"ev", "draft.comment"}, {"comment", to_json(cm)}});
  if (ap.version) publish_draft(svc, draft_id, json{{"ev", "draft.version"}, {"version", to_json(*ap.version)}});
}

}  // namespace

result<json> draft_submit(services& svc, call& c, json const& a) {
  // Over WebSocket this runs on the io thread that read the request (op_def::direct: a
  // keystroke's round trip skips the pool), so it reads nothing here: its writer job checks
  // the team, the role and that the draft is the team's (live_documents::submit).
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(draft_id, args::id(a, "draft_id"));
  target const t{team_id, draft_id};
  ARENA_TRY(base, args::integer(a, "base_version", 0, max_json_int));
  ARENA_TRY(client_id, args::string(a, "client_id", 1, 64));
  ARENA_TRY(client_seq, args::integer(a, "client_seq", 1, max_json_int));
  if (!a.contains("text_op")) return make_error(errc::bad_request, "text_op: required");
  ARENA_TRY(o, op_from_json(a["text_op"]));
  if (auto st = drafts::ot::check(o); !st) return make_error(errc::bad_request, "text_op: " + st.error().message);
  drafts::live_documents::submit_input in{t.team_id, t.draft_id, c.who->user_id, base, std::move(o), std::move(client_id), client_seq};
  auto const who = *c.who;
  return write_and_answer<applied>(
      svc, c,
      [&svc, in, who, t](store::connection& w) -> result<applied> {
        if (auto st = team_check_in_job(w, who, t.team_id, auth::access::team_write); !st) return st.error();
        return submit_in_job(svc, w, in);
      },
      [&svc, t](applied const& ap) {
        publish_applied(svc, t.draft_id, ap);
        json out = {{"version", ap.s.rec.version}};
        if (ap.s.duplicate) out["duplicate"] = true;
        return out;
      },
      [&svc, t](applied const&) { svc.drafts->discard(t.draft_id); });
}

result<json> draft_cursor(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(version, args::integer(a, "version", 0, max_json_int));
  ARENA_TRY(anchor, args::integer(a, "anchor", 0, max_json_int));
  ARENA_TRY(head, args::integer(a, "head", 0, max_json_int));
  if (!c.socket) return make_error(errc::bad_request, "draft.cursor: only over WebSocket");
  std::int64_t at = 0;
  auto cur = svc.drafts->set_cursor(t.draft_id, c.socket->id, version, std::uint64_t(anchor), std::uint64_t(head), &at);
  if (!cur) return cur.error();
  json ev = to_json(*cur);
  ev["ev"] = "draft.cursor";
  ev["draft_id"] = t.draft_id;
  ev["version"] = at;
  svc.hub.publish(draft_topic(t.draft_id), encode_shared(ev), true);
  return answer(json::object());
}

result<json> draft_versions(services&, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  json out = json::array();
  for (auto const& v : drafts::list_versions(*c.db, t.draft_id)) out.push_back(to_json(v));
  return answer(json{{"versions", std::move(out)}});
}

result<json> draft_version_create(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(label, args::string(a, "label", 1, 400));
  if (drafts::ot::utf8::code_points(label) > 100) return make_error(errc::bad_request, "label: 1 to 100 characters");
  auto const user = c.who->user_id;
  auto v = commit_then<drafts::version_entry>(
      svc,
      [&svc, t, label, user](store::connection& w) -> result<drafts::version_entry> {
        auto cur = svc.drafts->current(w, t.draft_id);
        if (!cur) return cur.error();
        return drafts::add_version(w, t.draft_id, cur->second, label, "named", user);
      },
      [&](drafts::version_entry const& v) { publish_draft(svc, t.draft_id, json{{"ev", "draft.version"}, {"version", to_json(v)}}); });
  if (!v) return v.error();
  return answer(json{{"version", to_json(*v)}});
}

result<json> draft_text(services&, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(version, args::integer(a, "version", 0, max_json_int));
  auto text = drafts::live_documents::text_at(*c.db, t.draft_id, version);
  if (!text) return text.error();
  return answer(json{{"text", std::move(*text)}, {"version", version}});
}

result<json> draft_diff(services&, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(from, args::integer(a, "from", 0, max_json_int));
  ARENA_TRY(to, args::integer(a, "to", 0, max_json_int));
  ARENA_TRY(gran, args::opt_string(a, "granularity", 10));
  auto g = drafts::diff_granularity::word;
  if (gran && *gran == "line") g = drafts::diff_granularity::line;
  else if (gran && *gran != "word") return make_error(errc::bad_request, "granularity: word or line");
  auto a_text = drafts::live_documents::text_at(*c.db, t.draft_id, from);
  if (!a_text) return a_text.error();
  auto b_text = drafts::live_documents::text_at(*c.db, t.draft_id, to);
  if (!b_text) return b_text.error();
  json chunks = json::array();
  for (auto const& ch : drafts::diff(*a_text, *b_text, g)) {
    char const* op = ch.kind == drafts::diff_chunk::kind_t::equal ? "equal" : ch.kind == drafts::diff_chunk::kind_t::insert ? "insert" : "delete";
    chunks.push_back({{"op", op}, {"text", ch.text}});
  }
  return answer(json{{"chunks", std::move(chunks)}});
}

result<json> draft_authorship(services&, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(version_opt, args::opt_integer(a, "version", 0, max_json_int));
  auto d = drafts::find_draft(*c.db, t.team_id, t.draft_id);
  if (!d) return d.error();
  auto const version = version_opt.value_or(d->version);
  if (version > d->version) return make_error(errc::bad_request, "version: 0 to " + std::to_string(d->version));
  auto initial = drafts::live_documents::text_at(*c.db, t.draft_id, 0);
  if (!initial) return initial.error();
  drafts::authorship who(drafts::ot::utf8::code_points(*initial), d->created_by);
  for (auto const& r : drafts::live_documents::read_ops(*c.db, t.draft_id, 0, version))
    if (auto st = who.apply(r.op, r.user_id); !st) return make_error(errc::internal, "authorship replay failed");
  json runs = json::array();
  std::set<std::int64_t> ids;
  for (auto const& r : who.runs()) {
    runs.push_back({{"length", r.length}, {"user_id", r.author_id}});
    if (r.author_id) ids.insert(r.author_id);
  }
  json authors = json::array();
  for (auto id : ids) authors.push_back({{"user_id", id}, {"display_name", drafts::display_name_of(*c.db, id)}, {"color", drafts::color_of(id)}});
  return answer(json{{"version", version}, {"runs", std::move(runs)}, {"authors", std::move(authors)}});
}

result<json> draft_restore(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(version, args::integer(a, "version", 0, max_json_int));
  auto const who = *c.who;
  return write_and_answer<applied>(
      svc, c,
      [&svc, t, version, who](store::connection& w) -> result<applied> {
        if (auto st = team_check_in_job(w, who, t.team_id, auth::access::team_write); !st) return st.error();
        auto old = drafts::live_documents::text_at(w, t.draft_id, version);
        if (!old) return old.error();
        auto cur = svc.drafts->current(w, t.draft_id);
        if (!cur) return cur.error();
        auto o = drafts::diff_op(cur->first, *old);
        if (o.empty()) return make_error(errc::conflict, "the draft already has that text");
        drafts::live_documents::submit_input in{t.team_id, t.draft_id, who.user_id, cur->second, std::move(o),
                                                "restore:" + std::to_string(who.user_id), util::now_ms()};
        auto ap = submit_in_job(svc, w, in);
        if (!ap) return ap.error();
        ap->version = drafts::add_version(w, t.draft_id, ap->s.rec.version, std::to_string(version), "restore", who.user_id);
        return ap;
      },
      [&svc, t](applied const& ap) {
        publish_applied(svc, t.draft_id, ap);
        return json{{"version", ap.s.rec.version}};
      },
      [&svc, t](applied const&) { svc.drafts->discard(t.draft_id); });
}

result<json> comment_list(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  return write_and_answer<json>(svc, c, [&svc, t](store::connection& w) -> result<json> {
    auto cur = svc.drafts->current(w, t.draft_id);
    if (!cur) return cur.error();
    auto live = svc.drafts->anchors(w, t.draft_id);
    if (!live) return live.error();
    auto cs = drafts::list_comments(w, t.draft_id);
    drafts::apply_anchors(cs, *live, cur->second);
    return answer(json{{"version", cur->second}, {"comments", comments_json(cs)}});
  }, [](json const& out) { return out; });
}

result<json> comment_create(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(body, args::string(a, "body", 1, drafts::max_comment_bytes));
  ARENA_TRY(parent, args::opt_id(a, "parent_id"));
  std::int64_t version = 0, start = 0, end = 0;
  if (!parent) {
    ARENA_TRY(v, args::integer(a, "version", 0, max_json_int));
    ARENA_TRY(s, args::integer(a, "start", 0, max_json_int));
    ARENA_TRY(e, args::integer(a, "end", 0, max_json_int));
    version = v, start = s, end = e;
    if (start >= end) return make_error(errc::bad_request, "start, end: start before end");
  }
  if (auto st = drafts::validate_comment_body(body); !st) return st.error();
  auto const user = c.who->user_id;
  auto cm = commit_then<drafts::comment>(
      svc,
      [&svc, t, body, parent, version, start, end, user](store::connection& w) -> result<drafts::comment> {
        if (parent) return drafts::create_reply(w, t.draft_id, user, body, *parent);
        auto an = svc.drafts->place(w, t.draft_id, version, std::uint64_t(start), std::uint64_t(end));
        if (!an) return an.error();
        auto cur = svc.drafts->current(w, t.draft_id);
        if (!cur) return cur.error();
        auto const& text = cur->first;
        auto const from = drafts::ot::utf8::byte_offset(text, an->start);
        auto const to = drafts::ot::utf8::byte_offset(text, an->end);
        auto quote = text.substr(from, std::min<std::size_t>(to - from, 2000));
        while (!quote.empty() && !drafts::ot::utf8::valid(quote)) quote.pop_back();
        auto made = drafts::create_thread(w, t.draft_id, user, body, *an, quote, cur->second);
        if (!made) return made.error();
        an->comment_id = made->id;
        svc.drafts->track(t.draft_id, *an);
        return made;
      },
      [&](drafts::comment const& cm) { publish_draft(svc, t.draft_id, json{{"ev", "draft.comment"}, {"comment", to_json(cm)}}); },
      [&](drafts::comment const&) { svc.drafts->discard(t.draft_id); });
  if (!cm) return cm.error();
  return answer(json{{"comment", to_json(*cm)}});
}

namespace {

// A comment with its live anchor, for answers and events.
result<drafts::comment> with_anchor(services& svc, store::connection& w, std::int64_t draft_id, drafts::comment cm) {
  if (cm.parent_id) return cm;
  auto cur = svc.drafts->current(w, draft_id);
  if (!cur) return cur.error();
  auto live = svc.drafts->anchors(w, draft_id);
  if (!live) return live.error();
  std::vector<drafts::comment> one{std::move(cm)};
  drafts::apply_anchors(one, *live, cur->second);
  return std::move(one.front());
}

}  // namespace

result<json> comment_update(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(comment_id, args::id(a, "comment_id"));
  ARENA_TRY(body, args::opt_string(a, "body", drafts::max_comment_bytes));
  ARENA_TRY(resolved, args::opt_bool(a, "resolved"));
  if (!body && !resolved) return make_error(errc::bad_request, "body or resolved: one is required");
  auto existing = drafts::find_comment(*c.db, t.draft_id, comment_id);
  if (!existing) return existing.error();
  if (body && existing->author_id != c.who->user_id) return make_error(errc::forbidden, "only the author edits a comment");
  auto cm = commit_then<drafts::comment>(
      svc,
      [&svc, t, comment_id, body, resolved](store::connection& w) -> result<drafts::comment> {
        result<drafts::comment> r = make_error(errc::bad_request, "nothing to change");
        if (body) r = drafts::edit_comment(w, t.draft_id, comment_id, *body);
        if (resolved && (!body || r)) r = drafts::resolve_thread(w, t.draft_id, comment_id, *resolved);
        if (!r) return r;
        return with_anchor(svc, w, t.draft_id, std::move(*r));
      },
      [&](drafts::comment const& cm) { publish_draft(svc, t.draft_id, json{{"ev", "draft.comment"}, {"comment", to_json(cm)}}); });
  if (!cm) return cm.error();
  return answer(json{{"comment", to_json(*cm)}});
}

result<json> comment_delete(services& svc, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(comment_id, args::id(a, "comment_id"));
  auto existing = drafts::find_comment(*c.db, t.draft_id, comment_id);
  if (!existing) return existing.error();
  if (existing->author_id != c.who->user_id && !is_facilitator(c, t.team_id))
    return make_error(errc::forbidden, "only the author or a facilitator deletes a comment");
  auto r = commit_then<std::int64_t>(
      svc,
      [&svc, t, comment_id](store::connection& w) -> result<std::int64_t> {
        if (auto st = drafts::delete_comment(w, t.draft_id, comment_id); !st) return st.error();
        svc.drafts->untrack(t.draft_id, comment_id);
        return comment_id;
      },
      [&](std::int64_t const& id) { publish_draft(svc, t.draft_id, json{{"ev", "draft.comment_deleted"}, {"comment_id", id}}); },
      [&](std::int64_t const&) { svc.drafts->discard(t.draft_id); });
  if (!r) return r.error();
  return answer(json::object());
}

result<json> draft_export(services&, call& c, json const& a) {
  ARENA_TRY(t, draft_target(c, a));
  ARENA_TRY(format, args::string(a, "format", 1, 10));
  ARENA_TRY(version_opt, args::opt_integer(a, "version", 0, max_json_int));
  if (format != "md" && format != "html" && format != "docx") return make_error(errc::bad_request, "format: md, html or docx");
  auto d = drafts::find_draft(*c.db, t.team_id, t.draft_id);
  if (!d) return d.error();
  auto const version = version_opt.value_or(d->version);
  auto text = drafts::live_documents::text_at(*c.db, t.draft_id, version);
  if (!text) return text.error();
  drafts::export_meta meta{d->title, d->identifier, d->kind, std::string(drafts::to_string(d->state)), d->team_name, version, util::now_ms()};
  auto const filename = d->identifier + "-v" + std::to_string(version) + "." + format;
  if (format == "md") return answer(json{{"filename", filename}, {"content", drafts::export_markdown(meta, *text)}});
  if (format == "html") return answer(json{{"filename", filename}, {"content", drafts::export_html(meta, *text)}});
  auto docx = drafts::export_docx(meta, *text);
  if (!docx) return docx.error();
  return answer(json{{"filename", filename}, {"content_base64", base64(*docx)}});
}

result<json> library_search(services&, call& c, json const& a) {
  ARENA_TRY(q, args::opt_string(a, "q", 400));
  ARENA_TRY(kind, args::opt_string(a, "kind", 40));
  ARENA_TRY(category, args::opt_string(a, "category", 40));
  ARENA_TRY(limit, args::opt_integer(a, "limit", 1, 200));
  auto hits = drafts::search_library(*c.db, q.value_or(""), kind, category, static_cast<int>(limit.value_or(50)));
  if (!hits) return hits.error();
  json out = json::array();
  for (auto const& h : *hits) out.push_back({{"draft", to_json(h.d)}, {"snippet", h.snippet}});
  return answer(json{{"results", std::move(out)}});
}

result<json> library_get(services&, call& c, json const& a) {
  ARENA_TRY(draft_id, args::id(a, "draft_id"));
  auto text = drafts::published_text(*c.db, draft_id);
  if (!text) return text.error();
  auto d = drafts::find_any_draft(*c.db, draft_id);
  if (!d) return d.error();
  return answer(json{{"draft", to_json(*d)}, {"text", std::move(*text)}});
}

result<json> library_copy(services& svc, call& c, json const& a) {
  ARENA_TRY(team_id, args::id(a, "team_id"));
  ARENA_TRY(draft_id, args::id(a, "draft_id"));
  auto text = drafts::published_text(*c.db, draft_id);
  if (!text) return text.error();
  auto src = drafts::find_any_draft(*c.db, draft_id);
  if (!src) return src.error();
  drafts::create_input in{team_id, c.who->user_id, src->title, src->kind, src->category, src->tags, std::move(*text), src->id, src->published_version};
  auto d = commit_then<drafts::draft>(
      svc, [in](store::connection& w) { return drafts::create_draft(w, in); }, [&](drafts::draft const& d) { publish_team(svc, d); });
  if (!d) return d.error();
  return answer(json{{"draft", to_json(*d)}});
}

}  // namespace arena::protocol
