#include "drafts/documents.hpp"

#include "drafts/drafts.hpp"
#include "drafts/ot/op_codec.hpp"
#include "drafts/ot/transform.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

#include <algorithm>

namespace arena::drafts {

namespace {

struct draft_row {
  std::int64_t version = 0;
  draft_status state = draft_status::utkast;
  std::int64_t team_id = 0;
};

std::optional<draft_row> read_row(store::connection& db, std::int64_t draft_id) {
  auto s = db.prepare("SELECT version, status, team_id FROM drafts WHERE id = ?");
  s.bind(1, draft_id);
  if (!s.step()) return std::nullopt;
  return draft_row{s.col_int(0), parse_status(s.col_text(1)).value_or(draft_status::utkast), s.col_int(2)};
}

// The latest snapshot at or before `version`.
std::optional<std::pair<std::int64_t, std::string>> snapshot_before(store::connection& db, std::int64_t draft_id, std::int64_t version) {
  auto s = db.prepare("SELECT version, text FROM draft_snapshots WHERE draft_id = ? AND version <= ? ORDER BY version DESC LIMIT 1");
  s.bind(1, draft_id).bind(2, version);
  if (!s.step()) return std::nullopt;
  return std::make_pair(s.col_int(0), s.col_text(1));
}

// Deleted UTF-8 bytes of a checked op against doc.
std::uint64_t deleted_bytes(ot::op const& o, ot::rope const& doc) {
  std::uint64_t pos = 0, bytes = 0;
  for (auto const& c : o) {
    if (c.is_skip()) pos += c.length;
    if (c.is_del()) {
      bytes += doc.byte_from_cp(pos + c.length) - doc.byte_from_cp(pos);
      pos += c.length;
    }
  }
  return bytes;
}

std::uint64_t inserted_bytes(ot::op const& o) {
  std::uint64_t n = 0;
  for (auto const& c : o)
    if (c.is_insert()) n += c.text.size();
  return n;
}

void move_anchor(anchor& a, ot::op const& o) {
  if (a.detached) return;
  // Both ends move as the package's transformPosition moves a cursor (the web client does the
  // same): text typed exactly at the start joins the range, text typed at its end stays out.
  a.start = ot::transform_position(a.start, o);
  a.end = ot::transform_position(a.end, o);
  if (a.end <= a.start) {
    a.detached = true;
    a.end = a.start;
  }
}

}  // namespace

live_documents::live_documents(live_options o) : opt_(o) {}

live_documents::doc* live_documents::load(store::connection& w, std::int64_t draft_id) {
  if (auto it = docs_.find(draft_id); it != docs_.end()) {
    it->second->last_use_ms = util::now_ms();
    return it->second.get();
  }
  auto row = read_row(w, draft_id);
  if (!row) return nullptr;
  auto snap = snapshot_before(w, draft_id, row->version);
  if (!snap) throw store::sql_error(0, "draft " + std::to_string(draft_id) + " has no snapshot", false);
  auto d = std::make_unique<doc>();
  d->id = draft_id;
  d->text = ot::rope(snap->second);
  d->snapshot_version = snap->first;
  for (auto& r : read_ops(w, draft_id, snap->first, row->version)) {
    ot::apply_unchecked(d->text, r.op);
    d->recent.push_back(std::move(r));
  }
  d->version = d->committed_version = row->version;
  {
    auto s = w.prepare("SELECT coalesce(max(version), 0) FROM draft_versions WHERE draft_id = ?");
    s.bind(1, draft_id);
    if (s.step()) d->version_mark = s.col_int(0);
  }
  {
    std::vector<std::pair<anchor, std::int64_t>> stored;
    {
      auto s = w.prepare(
          "SELECT id, anchor_start, anchor_end, anchor_version, detached FROM draft_comments "
          "WHERE draft_id = ? AND parent_id IS NULL ORDER BY anchor_version");
      s.bind(1, draft_id);
      while (s.step())
        stored.push_back({anchor{s.col_int(0), std::uint64_t(s.col_int(1)), std::uint64_t(s.col_int(2)), s.col_int(4) != 0}, s.col_int(3)});
    }
    for (auto& [a, at] : stored) {
      if (!a.detached && at < d->version)
        for (auto const& r : read_ops(w, draft_id, at, d->version)) move_anchor(a, r.op);
      d->anchors[a.comment_id] = a;
    }
  }
  d->last_use_ms = util::now_ms();
  auto* raw = d.get();
  docs_[draft_id] = std::move(d);
  return raw;
}

void live_documents::join(doc& d, editor_identity const& who) {
  if (who.socket == 0) return;
  auto& e = d.editors[who.socket];
  e.cur.socket = who.socket;
  e.cur.user_id = who.user_id;
  e.cur.display_name = who.display_name;
  e.cur.color = color_of(who.user_id);
}

std::vector<op_record> live_documents::ops_between(store::connection& w, doc const& d, std::int64_t after) {
  auto const first_recent = d.version - static_cast<std::int64_t>(d.recent.size());  // recent holds (first_recent, version]
  if (after >= first_recent) return {d.recent.begin() + (after - first_recent), d.recent.end()};
  return read_ops(w, d.id, after, d.version);
}

result<live_documents::snapshot> live_documents::open(store::connection& w, std::int64_t draft_id, editor_identity const& who) {
  std::lock_guard lock(mu_);
  auto* d = load(w, draft_id);
  if (!d) return make_error(errc::not_found, "no such draft");
  join(*d, who);
  snapshot out{d->text.to_string(), d->version, {}, {}};
  for (auto const& [sock, e] : d->editors)
    if (e.placed && sock != who.socket) out.cursors.push_back(e.cur);
  for (auto const& [id, a] : d->anchors) out.anchors.push_back(a);
  return out;
}

result<live_documents::catch_up> live_documents::open_since(store::connection& w, std::int64_t draft_id, std::int64_t since,
                                                            editor_identity const& who) {
  std::lock_guard lock(mu_);
  auto* d = load(w, draft_id);
  if (!d) return make_error(errc::not_found, "no such draft");
  if (since > d->version) return make_error(errc::bad_request, "since_version: ahead of the draft");
  catch_up out;
  out.version = d->version;
  if (d->version - since > opt_.retained_ops) {
    out.reload = true;
    return out;
  }
  join(*d, who);
  out.ops = ops_between(w, *d, since);
  return out;
}

result<live_documents::submitted> live_documents::submit(store::connection& w, submit_input const& in) {
  if (auto st = ot::check(in.op); !st) return st.error();
  std::lock_guard lock(mu_);
  // First the draft's team: nothing about another team's draft, not even a resubmission's
  // acknowledgement, answers a request made in the name of this one.
  auto row = read_row(w, in.draft_id);
  if (!row || row->team_id != in.team_id) return make_error(errc::not_found, "no such draft in this team");
  // A resubmission: acknowledge the stored op again, change nothing.
  {
    auto s = w.prepare("SELECT version, op, user_id, created_at FROM draft_ops WHERE draft_id = ? AND client_id = ? AND client_seq = ?");
    s.bind(1, in.draft_id).bind(2, in.client_id).bind(3, in.client_seq);
    if (s.step()) {
      submitted out;
      out.duplicate = true;
      out.rec.version = s.col_int(0);
      auto o = ot::decode(s.col_blob(1));
      if (!o) return o.error();
      out.rec.op = std::move(*o);
      out.rec.user_id = s.col_int_opt(2).value_or(0);
      out.rec.client_id = in.client_id;
      out.rec.client_seq = in.client_seq;
      out.rec.at = s.col_int(3);
      return out;
    }
  }
  if (!editable(row->state)) return make_error(errc::conflict, "the draft is " + std::string(to_string(row->state)) + ": edits are closed");
  auto* d = load(w, in.draft_id);
  if (!d) return make_error(errc::not_found, "no such draft");
  if (in.base_version < 0 || in.base_version > d->version) return make_error(errc::bad_request, "base_version: ahead of the draft");
  if (d->version - in.base_version > opt_.retained_ops)
    return make_error(errc::gone, "base_version is older than the retained log: reload the draft");

  ot::op o = in.op;
  // Through the retained log in place (no copy of the records) when it reaches back far enough.
  auto const first_recent = d->version - static_cast<std::int64_t>(d->recent.size());
  auto over = [&o](op_record const& applied) -> status {
    auto t = ot::transform(o, applied.op, ot::side::left);
    if (!t) return t.error();
    o = std::move(*t);
    return {};
  };
  if (in.base_version >= first_recent) {
    for (auto it = d->recent.begin() + (in.base_version - first_recent); it != d->recent.end(); ++it)
      if (auto st = over(*it); !st) return st.error();
  } else {
    for (auto const& applied : read_ops(w, d->id, in.base_version, d->version))
      if (auto st = over(applied); !st) return st.error();
  }
  if (auto st = ot::check(o, d->text); !st) return st.error();
  auto const ins = inserted_bytes(o);
  auto const bytes_now = d->text.size().bytes;
  std::uint64_t bytes_after = bytes_now + ins;
  if (bytes_after > max_text_bytes) {
    bytes_after -= deleted_bytes(o, d->text);
    if (bytes_after > max_text_bytes) return make_error(errc::too_large, "a draft holds at most 1 MiB of text");
  }

  submitted out;
  out.rec = op_record{d->version + 1, std::move(o), in.user_id, in.client_id, in.client_seq, util::now_ms()};
  auto const lengths = ot::measure(out.rec.op);
  auto const new_length = lengths.output(d->text.length());
  w.prepare("INSERT INTO draft_ops (draft_id, version, op, user_id, client_id, client_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, in.draft_id)
      .bind(2, out.rec.version)
      .bind_blob(3, ot::encode(out.rec.op))
      .bind(4, in.user_id)
      .bind(5, in.client_id)
      .bind(6, in.client_seq)
      .bind(7, out.rec.at)
      .run();
  w.prepare("UPDATE drafts SET version = ?, length_cp = ?, bytes = ?, updated_at = ? WHERE id = ?")
      .bind(1, out.rec.version)
      .bind(2, static_cast<std::int64_t>(new_length))
      .bind(3, static_cast<std::int64_t>(bytes_after))
      .bind(4, out.rec.at)
      .bind(5, in.draft_id)
      .run();
  // Nothing below can fail: memory follows the rows just written.
  ot::apply_unchecked(d->text, out.rec.op);
  d->version = out.rec.version;
  d->recent.push_back(out.rec);
  while (static_cast<std::int64_t>(d->recent.size()) > opt_.retained_ops) d->recent.pop_front();
  d->last_edit_ms = d->last_use_ms = out.rec.at;
  for (auto& [id, a] : d->anchors) {
    bool const was = a.detached;
    move_anchor(a, out.rec.op);
    if (a.detached && !was) out.detached.push_back(id);
  }
  for (auto& [sock, e] : d->editors) {
    auto sel = ot::transform_selection({e.cur.anchor, e.cur.head}, out.rec.op);
    e.cur.anchor = sel.anchor;
    e.cur.head = sel.focus;
  }
  if (d->version - d->snapshot_version >= opt_.snapshot_every) store_snapshot(w, *d);
  return out;
}

void live_documents::store_snapshot(store::connection& w, doc& d) {
  w.prepare("INSERT OR REPLACE INTO draft_snapshots (draft_id, version, text) VALUES (?, ?, ?)").bind(1, d.id).bind(2, d.version).bind(3, d.text.to_string()).run();
  for (auto const& [id, a] : d.anchors)
    w.prepare("UPDATE draft_comments SET anchor_start = ?, anchor_end = ?, anchor_version = ?, detached = ? WHERE id = ?")
        .bind(1, static_cast<std::int64_t>(a.start))
        .bind(2, static_cast<std::int64_t>(a.end))
        .bind(3, d.version)
        .bind(4, a.detached)
        .bind(5, id)
        .run();
  d.snapshot_version = d.version;
}

result<std::pair<std::string, std::int64_t>> live_documents::current(store::connection& w, std::int64_t draft_id) {
  std::lock_guard lock(mu_);
  auto* d = load(w, draft_id);
  if (!d) return make_error(errc::not_found, "no such draft");
  return std::make_pair(d->text.to_string(), d->version);
}

result<anchor> live_documents::place(store::connection& w, std::int64_t draft_id, std::int64_t version, std::uint64_t start, std::uint64_t end) {
  std::lock_guard lock(mu_);
  auto* d = load(w, draft_id);
  if (!d) return make_error(errc::not_found, "no such draft");
  if (version < 0 || version > d->version) return make_error(errc::bad_request, "version: ahead of the draft");
  if (d->version - version > opt_.retained_ops) return make_error(errc::gone, "version is older than the retained log: reload the draft");
  if (start >= end) return make_error(errc::bad_request, "start, end: a comment needs a range of at least one character");
  auto const ops = ops_between(w, *d, version);
  // The range must exist at `version`: its length then is the current one undone through the ops.
  std::uint64_t length_then = d->text.length();
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    auto l = ot::measure(it->op);
    length_then = length_then + l.deleted - l.inserted;
  }
  if (end > length_then) return make_error(errc::bad_request, "end: past the end of the text");
  anchor a{0, start, end, false};
  for (auto const& r : ops) move_anchor(a, r.op);
  if (a.detached) return make_error(errc::conflict, "the text of that range has been deleted meanwhile");
  return a;
}

void live_documents::track(std::int64_t draft_id, anchor const& a) {
  std::lock_guard lock(mu_);
  if (auto it = docs_.find(draft_id); it != docs_.end()) it->second->anchors[a.comment_id] = a;
}

void live_documents::untrack(std::int64_t draft_id, std::int64_t comment_id) {
  std::lock_guard lock(mu_);
  if (auto it = docs_.find(draft_id); it != docs_.end()) it->second->anchors.erase(comment_id);
}

result<std::vector<anchor>> live_documents::anchors(store::connection& w, std::int64_t draft_id) {
  std::lock_guard lock(mu_);
  auto* d = load(w, draft_id);
  if (!d) return make_error(errc::not_found, "no such draft");
  std::vector<anchor> out;
  for (auto const& [id, a] : d->anchors) out.push_back(a);
  return out;
}

std::vector<std::pair<std::int64_t, version_entry>> live_documents::sweep(store::connection& w, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  std::vector<std::pair<std::int64_t, version_entry>> made;
  for (auto it = docs_.begin(); it != docs_.end();) {
    auto& d = *it->second;
    bool const idle = now_ms - d.last_edit_ms >= opt_.session_idle_ms;
    if (idle && d.version > d.version_mark && d.committed_version == d.version) {
      made.emplace_back(d.id, add_version(w, d.id, d.version, "", "auto", 0));
      d.version_mark = d.version;
    }
    if (idle && d.version > d.snapshot_version && d.committed_version == d.version) store_snapshot(w, d);
    if (d.editors.empty() && now_ms - d.last_use_ms >= opt_.close_idle_ms && d.committed_version == d.version && d.snapshot_version == d.version) {
      it = docs_.erase(it);
      continue;
    }
    ++it;
  }
  return made;
}

void live_documents::committed(std::int64_t draft_id, std::int64_t version) {
  std::lock_guard lock(mu_);
  if (auto it = docs_.find(draft_id); it != docs_.end()) it->second->committed_version = std::max(it->second->committed_version, version);
}

void live_documents::discard(std::int64_t draft_id) {
  std::lock_guard lock(mu_);
  if (docs_.erase(draft_id)) util::log::warn("drafts.discarded", {{"draft_id", draft_id}});
}

result<cursor> live_documents::set_cursor(std::int64_t draft_id, std::uint64_t socket, std::int64_t version, std::uint64_t anchor_pos,
                                          std::uint64_t head, std::int64_t* at_version) {
  std::lock_guard lock(mu_);
  auto it = docs_.find(draft_id);
  if (it == docs_.end()) return make_error(errc::not_found, "open the draft first");
  auto& d = *it->second;
  auto e = d.editors.find(socket);
  if (e == d.editors.end()) return make_error(errc::not_found, "open the draft first");
  auto const now = util::now_ms();
  if (!e->second.moves.take(now)) {
    error err = make_error(errc::rate_limited, "too many cursor moves");
    err.retry_after_s = 1;
    return err;
  }
  auto const first_recent = d.version - static_cast<std::int64_t>(d.recent.size());
  if (version < first_recent || version > d.committed_version) return make_error(errc::bad_request, "version: not within the retained log");
  ot::selection sel{anchor_pos, head};
  for (auto i = version - first_recent; i < d.committed_version - first_recent; ++i) sel = ot::transform_selection(sel, d.recent[i].op);
  // The length at the committed version bounds the positions.
  std::uint64_t length = d.text.length();
  for (auto i = static_cast<std::int64_t>(d.recent.size()) - 1; i >= d.committed_version - first_recent; --i) {
    auto l = ot::measure(d.recent[i].op);
    length = length + l.deleted - l.inserted;
  }
  sel.anchor = std::min<std::uint64_t>(sel.anchor, length);
  sel.focus = std::min<std::uint64_t>(sel.focus, length);
  e->second.cur.anchor = sel.anchor;
  e->second.cur.head = sel.focus;
  e->second.placed = true;
  *at_version = d.committed_version;
  return e->second.cur;
}

std::vector<std::int64_t> live_documents::leave(std::uint64_t socket, std::optional<std::int64_t> draft_id) {
  std::lock_guard lock(mu_);
  std::vector<std::int64_t> out;
  for (auto& [id, d] : docs_) {
    if (draft_id && id != *draft_id) continue;
    if (d->editors.erase(socket)) {
      d->last_use_ms = util::now_ms();
      out.push_back(id);
    }
  }
  return out;
}

std::size_t live_documents::open_count() const {
  std::lock_guard lock(mu_);
  return docs_.size();
}

result<std::string> live_documents::text_at(store::connection& db, std::int64_t draft_id, std::int64_t version) {
  auto row = read_row(db, draft_id);
  if (!row) return make_error(errc::not_found, "no such draft");
  if (version < 0 || version > row->version) return make_error(errc::bad_request, "version: 0 to " + std::to_string(row->version));
  auto snap = snapshot_before(db, draft_id, version);
  if (!snap) return make_error(errc::internal, "draft has no snapshot");
  ot::rope text(snap->second);
  for (auto const& r : read_ops(db, draft_id, snap->first, version)) ot::apply_unchecked(text, r.op);
  return text.to_string();
}

std::vector<op_record> live_documents::read_ops(store::connection& db, std::int64_t draft_id, std::int64_t after, std::int64_t upto) {
  std::vector<op_record> out;
  auto s = db.prepare(
      "SELECT version, op, coalesce(user_id, 0), client_id, client_seq, created_at FROM draft_ops "
      "WHERE draft_id = ? AND version > ? AND version <= ? ORDER BY version");
  s.bind(1, draft_id).bind(2, after).bind(3, upto);
  while (s.step()) {
    auto o = ot::decode(s.col_blob(1));
    if (!o) throw store::sql_error(0, "draft " + std::to_string(draft_id) + ": op " + std::to_string(s.col_int(0)) + " is corrupt", false);
    out.push_back({s.col_int(0), std::move(*o), s.col_int(2), s.col_text(3), s.col_int(4), s.col_int(5)});
  }
  return out;
}

}  // namespace arena::drafts
