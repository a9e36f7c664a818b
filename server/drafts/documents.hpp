// Open drafts in memory: the text on a rope, the recent op log, editors' cursors and comment
// anchors; and the server-authoritative OT path (ShareDB's shape) that keeps them in step with
// the op log in SQLite.
//
// Threads. Every mutation runs on the store's writer thread inside a writer job (open, submit,
// comment anchors, sweep), so the text and the log change in commit order. An op is applied to
// memory only after its rows are written in the job, so a job that fails leaves memory as it
// was; if the group's COMMIT then fails, the caller must discard() the document (its next use
// reloads it from SQLite: the latest snapshot plus the later ops). committed() marks a version
// as durable. Cursors are the one thing pool threads touch (draft.cursor): they are transformed
// only through committed ops, under the mutex that guards everything here.
#pragma once

#include "auth/token_bucket.hpp"
#include "drafts/model.hpp"
#include "drafts/ot/rope.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace arena::drafts {

struct live_options {
  std::int64_t retained_ops = 10000;            // the oldest base_version accepted is version - this
  std::int64_t snapshot_every = 1000;           // ops between stored snapshots
  std::int64_t session_idle_ms = 5 * 60 * 1000; // no edit for this long ends an editing session
  std::int64_t close_idle_ms = 10 * 60 * 1000;  // an idle draft nobody has open leaves memory
};

// A comment thread's anchor at the document's current version.
struct anchor {
  std::int64_t comment_id = 0;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  bool detached = false;
};

struct editor_identity {
  std::uint64_t socket = 0;  // 0: not a live editor (HTTP)
  std::int64_t user_id = 0;
  std::string display_name;
};

class live_documents {
 public:
  explicit live_documents(live_options o = {});

  // ---- writer thread, inside a writer job ----

  struct snapshot {
    std::string text;
    std::int64_t version = 0;
    std::vector<cursor> cursors;
    std::vector<anchor> anchors;
  };
  // The current text and version; registers `who` (when it has a socket) as an editor.
  result<snapshot> open(store::connection& w, std::int64_t draft_id, editor_identity const& who);

  struct catch_up {
    bool reload = false;
    std::int64_t version = 0;
    std::vector<op_record> ops;  // every op after `since`, oldest first
  };
  // Every op after `since` (bad_request when `since` is ahead; reload when older than the
  // retained log); registers `who` as an editor.
  result<catch_up> open_since(store::connection& w, std::int64_t draft_id, std::int64_t since, editor_identity const& who);

  struct submit_input {
    std::int64_t team_id = 0;  // the draft's: another team's draft is not_found
    std::int64_t draft_id = 0;
    std::int64_t user_id = 0;
    std::int64_t base_version = 0;
    ot::op op;
    std::string client_id;
    std::int64_t client_seq = 0;
  };
  struct submitted {
    op_record rec;                      // the op as applied (transformed), or the original on a duplicate
    bool duplicate = false;             // already stored: nothing changed
    std::vector<std::int64_t> detached;  // comment threads whose text this op deleted
  };
  // Transforms the op against every op after base_version, checks it (bad_request; too_large;
  // gone past the retained log; conflict when the draft's status forbids edits), stores it and
  // applies it.
  result<submitted> submit(store::connection& w, submit_input const& in);

  // The current text and version.
  result<std::pair<std::string, std::int64_t>> current(store::connection& w, std::int64_t draft_id);

  // Moves [start, end) at `version` to the current version; conflict-free: gone when `version`
  // is older than the retained log, bad_request when the range is not within the text then.
  result<anchor> place(store::connection& w, std::int64_t draft_id, std::int64_t version, std::uint64_t start, std::uint64_t end);
  // Starts or stops moving a thread's anchor with the text (after its row is written/deleted).
  void track(std::int64_t draft_id, anchor const& a);
  void untrack(std::int64_t draft_id, std::int64_t comment_id);
  // Current anchors of an open draft's threads (loads it if needed).
  result<std::vector<anchor>> anchors(store::connection& w, std::int64_t draft_id);

  // Called every few seconds: ends idle editing sessions (an automatic version when there were
  // edits), writes snapshots and anchors of idle drafts, and forgets drafts that nobody has
  // open and that have been idle for close_idle_ms. Returns the automatic versions made.
  std::vector<std::pair<std::int64_t, version_entry>> sweep(store::connection& w, std::int64_t now_ms);

  // ---- writer thread, in a job's done callback ----

  // The job that made `version` has committed: cursors may now move through it.
  void committed(std::int64_t draft_id, std::int64_t version);
  // The job's COMMIT failed: memory may be ahead of the database; reload on next use.
  void discard(std::int64_t draft_id);

  // ---- any thread ----

  // Moves a live editor's cursor; positions at `version`, moved to the latest committed one.
  // not_found when the socket does not have the draft open; rate_limited past 20 moves a second.
  result<cursor> set_cursor(std::int64_t draft_id, std::uint64_t socket, std::int64_t version, std::uint64_t anchor, std::uint64_t head,
                            std::int64_t* at_version);
  // The socket closed the draft (draft_id) or went away (nullopt): the drafts it had open.
  std::vector<std::int64_t> leave(std::uint64_t socket, std::optional<std::int64_t> draft_id = std::nullopt);
  std::size_t open_count() const;

  // ---- any connection: committed history ----

  // The text at any version 0..current: the nearest snapshot plus the ops after it.
  static result<std::string> text_at(store::connection& db, std::int64_t draft_id, std::int64_t version);
  // Ops with after < version <= upto, oldest first.
  static std::vector<op_record> read_ops(store::connection& db, std::int64_t draft_id, std::int64_t after, std::int64_t upto);

 private:
  struct editor {
    cursor cur;
    bool placed = false;  // has sent a cursor
    auth::token_bucket moves{20, 20};  // cursor moves per second, and a burst
  };
  struct doc {
    std::int64_t id = 0;
    ot::rope text;
    std::int64_t version = 0;            // in memory (may be ahead of committed until COMMIT)
    std::int64_t committed_version = 0;
    std::int64_t snapshot_version = 0;   // latest stored snapshot
    std::int64_t version_mark = 0;       // version of the latest named/automatic/restore/status version
    std::deque<op_record> recent;        // ops (version - recent.size(), version]
    std::map<std::uint64_t, editor> editors;  // by socket
    std::map<std::int64_t, anchor> anchors;   // by comment id
    std::int64_t last_edit_ms = 0;
    std::int64_t last_use_ms = 0;
  };

  doc* load(store::connection& w, std::int64_t draft_id);  // REQUIRES: mu_ held
  void join(doc& d, editor_identity const& who);
  std::vector<op_record> ops_between(store::connection& w, doc const& d, std::int64_t after);
  void store_snapshot(store::connection& w, doc& d);

  live_options opt_;
  mutable std::mutex mu_;
  std::unordered_map<std::int64_t, std::unique_ptr<doc>> docs_;
};

}  // namespace arena::drafts
