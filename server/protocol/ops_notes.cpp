// Experience notes (docs/PROTOCOL.md, "Experience notes"). Open to every signed-in user in the
// op table; notes/notes.cpp applies who sees and who writes. `note.updated` goes to the users
// who may see the note, after COMMIT (for a deletion, to those who could see it before).
#include "notes/notes.hpp"
#include "protocol/args.hpp"
#include "protocol/commit.hpp"
#include "protocol/op_table.hpp"
#include "protocol/views_suppliers.hpp"
#include "suppliers/register.hpp"

namespace arena::protocol {

namespace {

using suppliers::viewer;

viewer viewer_for(call& c) { return suppliers::viewer_of(*c.db, c.who->user_id, c.who->is_admin); }

struct note_event {
  json frame;
  std::vector<std::int64_t> audience;
};

note_event event_of(store::connection& w, notes::note const& n, bool deleted) {
  note_event e;
  json j = to_json(n, false);
  j["can_edit"] = nullptr;
  j["marked_useful"] = nullptr;
  e.frame = json{{"ev", "note.updated"}, {"note", std::move(j)}};
  if (deleted) e.frame["deleted"] = true;
  e.audience = notes::audience(w, n.id);
  return e;
}

void publish(services& svc, note_event const& e) {
  auto frame = encode_shared(e.frame);
  for (auto uid : e.audience) svc.hub.publish(bus::user_topic(uid), frame);
}

result<notes::note_input> fields_of(json const& a) {
  notes::note_input in;
  ARENA_TRY(title, args::opt_string(a, "title", 1000));
  in.title = title;
  ARENA_TRY(body, args::opt_string(a, "body", 200000));
  in.body = body;
  ARENA_TRY(vis, args::opt_string(a, "visibility", 20));
  in.visibility = vis;
  if (args::has(a, "team_ids")) {
    ARENA_TRY(ids, args::id_list(a, "team_ids", 50));
    in.team_ids = ids;
  }

  ARENA_TRY(category, args::nullable_string(a, "category", 40));
  in.category = category;
  ARENA_TRY(country, args::nullable_string(a, "country", 10));
  in.country = country;
  if (a.contains("themes")) {
    ARENA_TRY(t, args::string_list(a, "themes", 20, 40));
    in.themes = t;
  }
  ARENA_TRY(sup, args::nullable_id(a, "supplier_id"));
  in.supplier_id = sup;
  ARENA_TRY(cs, args::nullable_id(a, "case_id"));
  in.case_id = cs;
  return in;
}

}  // namespace

result<json> note_list(services&, call& c, json const& a) {
  auto v = viewer_for(c);
  if (auto st = suppliers::require_member(v); !st) return st.error();
  notes::list_query q;
  ARENA_TRY(text, args::opt_string(a, "q", 400));
  q.q = text;
  ARENA_TRY(team, args::opt_id(a, "team_id"));
  q.team_id = team;
  ARENA_TRY(cat, args::opt_string(a, "category", 40));
  q.category = cat;
  ARENA_TRY(country, args::opt_string(a, "country", 10));
  q.country = country;
  ARENA_TRY(theme, args::opt_string(a, "theme", 40));
  q.theme = theme;
  ARENA_TRY(sup, args::opt_id(a, "supplier_id"));
  q.supplier_id = sup;
  ARENA_TRY(sort, args::opt_string(a, "sort", 20));
  if (sort && *sort != "newest" && *sort != "useful") return make_error(errc::bad_request, "sort: newest or useful");
  q.by_useful = sort && *sort == "useful";
  ARENA_TRY(limit, args::opt_integer(a, "limit", 1, 200));
  q.limit = static_cast<int>(limit.value_or(50));
  ARENA_TRY(list, notes::list_notes(*c.db, v, q));
  json out = json::array();
  for (auto const& n : list) out.push_back(to_json(n, notes::can_edit(v, n)));
  return answer(json{{"notes", std::move(out)}});
}

result<json> note_get(services&, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "note_id"));
  ARENA_TRY(n, notes::find_note(*c.db, v, id));
  json comments = json::array();
  for (auto const& k : notes::comments_of(*c.db, id)) comments.push_back(to_json(k));
  return answer(json{{"note", to_json(n, notes::can_edit(v, n))}, {"comments", std::move(comments)}});
}

result<json> note_create(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(in, fields_of(a));
  struct done_t {
    notes::note n;
    note_event ev;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(n, notes::create_note(w, v, in));
                     return done_t{n, event_of(w, n, false)};
                   },
                   [&svc](done_t const& d) { publish(svc, d.ev); }));
  return answer(json{{"note", to_json(r.n, true)}});
}

result<json> note_update(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "note_id"));
  ARENA_TRY(in, fields_of(a));
  struct done_t {
    notes::note n;
    note_event ev;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     // Those who could see it before hear of it too (a narrowed note disappears for them).
                     ARENA_TRY(before, notes::find_note(w, v, id));
                     auto earlier = notes::audience(w, id);
                     ARENA_TRY(n, notes::update_note(w, v, id, in));
                     auto ev = event_of(w, n, false);
                     for (auto uid : earlier)
                       if (std::find(ev.audience.begin(), ev.audience.end(), uid) == ev.audience.end()) ev.audience.push_back(uid);
                     (void)before;
                     return done_t{n, ev};
                   },
                   [&svc](done_t const& d) { publish(svc, d.ev); }));
  return answer(json{{"note", to_json(r.n, true)}});
}

result<json> note_delete(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "note_id"));
  ARENA_TRY(ev, commit_then<note_event>(
                    svc,
                    [&](store::connection& w) -> result<note_event> {
                      ARENA_TRY(n, notes::find_note(w, v, id));
                      auto e = event_of(w, n, true);
                      if (auto st = notes::delete_note(w, v, id); !st) return st.error();
                      return e;
                    },
                    [&svc](note_event const& e) { publish(svc, e); }));
  (void)ev;
  return answer(json::object());
}

result<json> note_comment(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "note_id"));
  ARENA_TRY(body, args::string(a, "body", 0, 40000));
  struct done_t {
    notes::comment k;
    note_event ev;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(k, notes::add_comment(w, v, id, body));
                     ARENA_TRY(n, notes::find_note(w, v, id));
                     return done_t{k, event_of(w, n, false)};
                   },
                   [&svc](done_t const& d) { publish(svc, d.ev); }));
  return answer(json{{"comment", to_json(r.k)}});
}

result<json> note_useful(services& svc, call& c, json const& a) {
  auto v = viewer_for(c);
  ARENA_TRY(id, args::id(a, "note_id"));
  ARENA_TRY(on, args::opt_bool(a, "on"));
  if (!on) return make_error(errc::bad_request, "on: true or false");
  struct done_t {
    notes::note n;
    note_event ev;
  };
  ARENA_TRY(r, commit_then<done_t>(
                   svc,
                   [&](store::connection& w) -> result<done_t> {
                     ARENA_TRY(n, notes::mark_useful(w, v, id, *on));
                     return done_t{n, event_of(w, n, false)};
                   },
                   [&svc](done_t const& d) { publish(svc, d.ev); }));
  return answer(json{{"useful", r.n.useful}, {"marked_useful", r.n.marked_useful}});
}

}  // namespace arena::protocol
