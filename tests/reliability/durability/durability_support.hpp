// Shared pieces of the durability suite: run-length settings from the environment, a load client
// that survives its server dying under it, and the checks of what the server holds.
//
// load_client is one editor and chatter on one WebSocket (one per thread): it sends chat
// messages with client_msg_id (a few in flight) and draft ops with client_id/client_seq (one in
// flight per draft, ShareDB's model), records every acknowledgement, and when its connection
// ends (SIGKILL) keeps what was unacknowledged. On the next run() it reconnects with the same
// session cookie, reopens its drafts and resends exactly those requests with the same ids: the
// protocol makes both idempotent. The client keeps no optimistic local text: it applies the
// server's draft.op events in version order, so its text is the server's text at its version,
// and a new op is made against that only when the previous one is acknowledged.
//
// verify_chat / verify_drafts read the server back over HTTP and compare it with the clients'
// records; they return a list of problems (empty: it holds) so callers can print them all.
#pragma once

#include "drafts/ot/op.hpp"
#include "drafts/ot/rope.hpp"
#include "drafts/ot/transform.hpp"
#include "integration/site.hpp"
#include "protocol/ot_json.hpp"
#include "store/connection.hpp"

#include <atomic>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace arena::rtest {

using namespace arena::itest;
namespace ot = arena::drafts::ot;

// ---- settings ---------------------------------------------------------------------------------

inline std::optional<long long> env_int(char const* name) {
  char const* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  long long n = std::strtoll(v, &end, 10);
  if (end == v || *end != '\0') return std::nullopt;
  return n;
}

inline bool soak() { return env_int("ARENA_SOAK").value_or(0) != 0; }

// ARENA_SEED, or a fresh random seed; the caller prints it so a failure can be replayed.
inline std::uint64_t run_seed() {
  if (auto s = env_int("ARENA_SEED")) return static_cast<std::uint64_t>(*s);
  std::random_device rd;
  return (std::uint64_t{rd()} << 32 | rd()) % 1'000'000'000'000ULL;
}

// The server flags of this suite: no chat rate limit (the load is the point), nothing else.
inline server_options durable_server(std::filesystem::path const& data_dir) {
  server_options o;
  o.data_dir = data_dir;
  o.extra_args = {"--chat-rate-per-s", "100000", "--chat-burst", "100000"};
  return o;
}

inline std::string session_cookie(http_client const& c) { return c.cookie("arena_session"); }

// An HTTP client on `srv` holding an existing session (sessions live in the database, so they
// survive restarts of the server).
inline std::unique_ptr<http_client> client_with(server_process const& srv, std::string const& session) {
  auto c = std::make_unique<http_client>(srv);
  c->set_cookie_value("arena_session", session);
  return c;
}

// ---- the load client ----------------------------------------------------------------------------

struct chat_target {
  std::int64_t channel = 0;
  std::string topic;
};

struct sent_message {
  std::string cmid, topic, body;
  std::int64_t channel = 0;
  bool acked = false;
  std::int64_t id = 0, seq = 0;  // from the acknowledgement
  int sends = 0;                 // 1 + resends
  std::chrono::steady_clock::time_point acked_at{};
};

struct acked_op {
  std::int64_t draft = 0, version = 0, base = 0, client_seq = 0;
  std::string client_id;
  ot::op op;  // as submitted, against `base`
  bool duplicate = false;
  std::chrono::steady_clock::time_point acked_at{};
};

struct draft_editor {
  std::int64_t draft = 0;
  std::string client_id;
  bool retired = false;  // makes no new ops (still resends its last one)
  std::string text;
  std::int64_t version = 0;
  std::optional<ot::op> inflight;  // sent, not acknowledged
  std::int64_t inflight_base = 0, inflight_seq = 0, seq = 0;
};

struct client_counts {
  long messages_acked = 0, ops_acked = 0, messages_resent = 0, ops_resent = 0, op_duplicates = 0;
  long connects = 0, connect_failures = 0;
};

class load_client {
 public:
  load_client(std::string name, std::string session, std::int64_t team, std::vector<chat_target> targets,
              std::vector<std::int64_t> drafts, std::uint64_t seed, int message_window = 4)
      : name_(std::move(name)), session_(std::move(session)), team_(team), targets_(std::move(targets)),
        rng_(seed), window_(message_window) {
    for (auto d : drafts) add_draft(d);
  }

  void add_draft(std::int64_t draft) {
    draft_editor e;
    e.draft = draft;
    e.client_id = name_ + "-d" + std::to_string(draft);
    editors_.push_back(std::move(e));
  }
  // Counts every acknowledgement (messages and ops) as it arrives, for a thread that waits for
  // the load to make progress; nothing else of the client may be read while it runs.
  void set_progress(std::atomic<long>* p) { progress_ = p; }
  void retire_drafts() {
    for (auto& e : editors_) e.retired = true;
  }

  // One session against a running server: connect, reopen the drafts, resend what is
  // unacknowledged, then keep sending until `stop` is set, the connection ends, or (when
  // given) `max_messages` new messages have been sent. `ready` is incremented once the resends
  // are out (or the attempt failed). Never throws; a protocol violation is kept in error().
  void run(std::uint16_t port, std::string const& origin, std::atomic<bool> const& stop, std::atomic<int>* ready = nullptr,
           long max_messages = -1) {
    bool counted = false;
    auto mark_ready = [&] {
      if (ready && !counted) ready->fetch_add(1);
      counted = true;
    };
    try {
      session(port, origin, stop, mark_ready, max_messages);
    } catch (std::exception const& e) {
      // The server died under us (or refused while dying): what is unacknowledged stays so.
      last_disconnect_ = e.what();
    }
    mark_ready();
    rids_.clear();
    ws_.reset();
  }

  std::string const& name() const { return name_; }
  std::string const& error() const { return error_; }
  std::string const& last_disconnect() const { return last_disconnect_; }
  std::vector<sent_message> const& messages() const { return messages_; }
  std::vector<acked_op> const& acked_ops() const { return acked_ops_; }
  std::vector<draft_editor> const& editors() const { return editors_; }
  client_counts const& counts() const { return counts_; }
  // Messages sent at least once and not acknowledged, and ops in flight.
  long unacked() const {
    long n = 0;
    for (auto const& m : messages_) n += m.sends > 0 && !m.acked;
    for (auto const& e : editors_) n += e.inflight.has_value();
    return n;
  }

 private:
  struct pending {
    bool is_message = false;
    std::size_t index = 0;  // into messages_ or editors_
  };

  template <class Ready>
  void session(std::uint16_t port, std::string const& origin, std::atomic<bool> const& stop, Ready& mark_ready, long max_messages) {
    ws_client::options o;
    o.cookie = "arena_session=" + session_;
    o.origin = origin;
    try {
      ws_ = ws_client::connect(port, false, o);
    } catch (...) {
      ++counts_.connect_failures;
      throw;
    }
    ++counts_.connects;
    // Reopen every draft (this subscribes the socket), then resend the op in flight against the
    // base it was made on: the server transforms it through everything after that base, or
    // answers {"duplicate": true} when it had stored it before the crash.
    for (auto& e : editors_) {
      if (e.retired && !e.inflight) continue;  // nothing more to send there
      auto r = ws_->request("draft.open", {{"team_id", team_}, {"draft_id", e.draft}});
      if (r["ok"] != true) return fail("draft.open refused: " + r.dump());
      e.text = r["text"].get<std::string>();
      e.version = r["version"].get<std::int64_t>();
    }
    for (std::size_t i = 0; i < editors_.size(); ++i)
      if (editors_[i].inflight) {
        ++counts_.ops_resent;
        send_op(i);
      }
    for (std::size_t i = 0; i < messages_.size(); ++i)
      if (messages_[i].sends > 0 && !messages_[i].acked) {
        ++counts_.messages_resent;
        send_message(i);
      }
    mark_ready();

    long sent_new = 0;
    while (!stop.load() && error_.empty() && !ws_->closed()) {
      while (in_flight_messages() < window_ && (max_messages < 0 || sent_new < max_messages)) {
        new_message();
        ++sent_new;
      }
      for (std::size_t i = 0; i < editors_.size(); ++i)
        if (!editors_[i].inflight && !editors_[i].retired) new_op(i);
      if (max_messages >= 0 && sent_new >= max_messages && rids_.empty()) break;
      if (ws_->poll(std::chrono::milliseconds(50))) handle(ws_->next(io_timeout));
    }
  }

  void fail(std::string const& why) {
    if (error_.empty()) error_ = name_ + ": " + why;
  }

  int in_flight_messages() const {
    int n = 0;
    for (auto const& [rid, p] : rids_) n += p.is_message;
    return n;
  }

  void new_message() {
    auto const& t = targets_[std::uniform_int_distribution<std::size_t>(0, targets_.size() - 1)(rng_)];
    sent_message m;
    m.cmid = "cmid-" + name_ + "-" + std::to_string(messages_.size() + 1);
    m.channel = t.channel;
    m.topic = t.topic;
    m.body = "melding " + m.cmid + " · æøå";
    messages_.push_back(std::move(m));
    send_message(messages_.size() - 1);
  }

  void send_message(std::size_t i) {
    auto& m = messages_[i];
    ++m.sends;
    auto rid = ws_->next_rid();
    json req = {{"op", "message.send"}, {"rid", rid}, {"team_id", team_}, {"channel_id", m.channel}, {"topic", m.topic},
                {"body", m.body}, {"client_msg_id", m.cmid}};
    rids_[rid.get<long>()] = {true, i};
    ws_->send_text(req.dump());  // a failed write shows as the connection's end on the next read
  }

  // A random edit of the text the client holds: mostly inserts (some non-ASCII, counted in code
  // points), deletes and replacements; deletes win once the text is long.
  void new_op(std::size_t i) {
    auto& e = editors_[i];
    auto const len = ot::rope(e.text).length();
    static char const* const pieces[] = {"krav ", "leverandør ", "æøå", "🙂", "ÆØÅ ", "x", "\n", "é", "ansvar "};
    auto pick = [&] { return std::string(pieces[std::uniform_int_distribution<int>(0, 8)(rng_)]); };
    auto pos_in = [&](std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n)(rng_); };
    int kind = std::uniform_int_distribution<int>(0, 9)(rng_);
    if (len > 1500) kind = 9;
    ot::op o;
    if (len == 0 || kind < 6) {
      o = ot::make_insert(pos_in(len), pick());
    } else {
      auto pos = pos_in(len - 1);
      auto count = std::min<std::uint64_t>(len - pos, std::uniform_int_distribution<std::uint64_t>(1, len > 1500 ? 40 : 6)(rng_));
      o = kind < 8 ? ot::make_delete(pos, count) : ot::make_replace(pos, count, pick());
    }
    e.inflight = o;
    e.inflight_base = e.version;
    e.inflight_seq = ++e.seq;
    send_op(i);
  }

  void send_op(std::size_t i) {
    auto& e = editors_[i];
    auto rid = ws_->next_rid();
    json req = {{"op", "draft.submit"},           {"rid", rid},
                {"team_id", team_},               {"draft_id", e.draft},
                {"base_version", e.inflight_base}, {"text_op", protocol::op_to_json(*e.inflight)},
                {"client_id", e.client_id},       {"client_seq", e.inflight_seq}};
    rids_[rid.get<long>()] = {false, i};
    ws_->send_text(req.dump());
  }

  void handle(json const& f) {
    if (f.contains("ev")) {
      if (f["ev"] == "draft.op") on_op(f);
      return;
    }
    if (!f.contains("re") || !f["re"].is_number_integer()) return;
    auto it = rids_.find(f["re"].get<long>());
    if (it == rids_.end()) return fail("an answer to an unknown request: " + f.dump());
    auto p = it->second;
    rids_.erase(it);
    if (f["ok"] != true) return fail("refused: " + f.dump());
    if (p.is_message) {
      auto& m = messages_[p.index];
      auto const& msg = f["message"];
      if (msg["body"] != m.body || msg["channel_id"] != m.channel || msg["topic"] != m.topic)
        return fail("message.send answered with another message: " + f.dump());
      if (m.acked) {
        // A second answer for the same client_msg_id must name the same message.
        if (msg["id"] != m.id) return fail("two acknowledgements with different ids for " + m.cmid);
        return;
      }
      m.acked = true;
      m.id = msg["id"].get<std::int64_t>();
      m.seq = msg["seq"].get<std::int64_t>();
      m.acked_at = std::chrono::steady_clock::now();
      ++counts_.messages_acked;
      if (progress_) progress_->fetch_add(1);
      return;
    }
    auto& e = editors_[p.index];
    if (!e.inflight) return fail("an acknowledgement for no op in flight: " + f.dump());
    auto const v = f["version"].get<std::int64_t>();
    // The server sends draft.op before the answer, so the client has seen its own op by now.
    if (e.version < v) return fail("acknowledged version " + std::to_string(v) + " before its draft.op (at " + std::to_string(e.version) + ")");
    acked_op a;
    a.draft = e.draft;
    a.version = v;
    a.base = e.inflight_base;
    a.client_seq = e.inflight_seq;
    a.client_id = e.client_id;
    a.op = *e.inflight;
    a.duplicate = f.value("duplicate", false);
    a.acked_at = std::chrono::steady_clock::now();
    if (progress_) progress_->fetch_add(1);
    counts_.op_duplicates += a.duplicate;
    acked_ops_.push_back(std::move(a));
    ++counts_.ops_acked;
    e.inflight.reset();
  }

  void on_op(json const& rec) {
    for (auto& e : editors_) {
      if (rec["draft_id"] != e.draft) continue;
      auto const v = rec["version"].get<std::int64_t>();
      if (v <= e.version) return;
      if (v != e.version + 1) return fail("draft.op skipped from " + std::to_string(e.version) + " to " + std::to_string(v));
      auto o = protocol::op_from_json(rec["op"]);
      if (!o) return fail("draft.op with an unreadable op: " + rec.dump());
      auto t = ot::apply_text(e.text, *o);
      if (!t) return fail("draft.op does not apply to the text at " + std::to_string(e.version) + ": " + rec.dump());
      e.text = std::move(*t);
      e.version = v;
      return;
    }
  }

  std::string name_, session_;
  std::int64_t team_;
  std::vector<chat_target> targets_;
  std::mt19937_64 rng_;
  int window_;
  std::unique_ptr<ws_client> ws_;
  std::map<long, pending> rids_;
  std::vector<sent_message> messages_;
  std::vector<draft_editor> editors_;
  std::vector<acked_op> acked_ops_;
  client_counts counts_;
  std::atomic<long>* progress_ = nullptr;
  std::string error_, last_disconnect_;
};

// ---- reading the server back --------------------------------------------------------------------

// Every message of a channel, oldest first, by paging channel.history backwards.
inline std::vector<json> channel_messages(http_client& c, std::int64_t team, std::int64_t channel, std::vector<std::string>& problems) {
  std::vector<json> pages;
  std::optional<std::int64_t> before;
  for (int guard = 0; guard < 100000; ++guard) {
    json req = {{"team_id", team}, {"channel_id", channel}, {"limit", 200}};
    if (before) req["before_seq"] = *before;
    auto r = c.post("channel.history", req);
    if (r.status != 200) {
      problems.push_back("channel.history: " + std::to_string(r.status) + " " + r.body);
      return {};
    }
    auto const& ms = r.body_json["messages"];
    for (auto it = ms.rbegin(); it != ms.rend(); ++it) pages.push_back(*it);
    if (ms.empty() || !r.body_json.value("has_more_before", false)) break;
    before = ms.front()["seq"].get<std::int64_t>();
  }
  std::reverse(pages.begin(), pages.end());
  return pages;
}

struct chat_figures {
  long messages = 0;  // stored messages read back
};

// What the channels hold against what the clients sent: every acknowledged message exactly once,
// with its acknowledged id and seq; nothing that no client sent; seq contiguous from 1 in each
// channel and equal to the channel's last_seq; each topic's message_count equal to what the
// history shows.
inline std::vector<std::string> verify_chat(http_client& c, std::int64_t team, std::vector<std::int64_t> const& channels,
                                            std::vector<load_client const*> const& clients, chat_figures* figures = nullptr) {
  std::vector<std::string> problems;
  std::map<std::string, sent_message const*> by_body;
  for (auto const* cl : clients)
    for (auto const& m : cl->messages()) by_body[m.body] = &m;
  std::map<std::string, int> seen;  // body -> times stored
  std::map<std::int64_t, std::int64_t> last_seq;
  {
    auto r = c.post("channel.list", {{"team_id", team}});
    if (r.status != 200) return {"channel.list: " + r.body};
    for (auto const& ch : r.body_json["channels"]) last_seq[ch["id"].get<std::int64_t>()] = ch["last_seq"].get<std::int64_t>();
  }
  std::map<std::int64_t, std::map<std::int64_t, json>> stored;  // channel -> id -> message
  for (auto ch : channels) {
    auto all = channel_messages(c, team, ch, problems);
    std::map<std::string, long> per_topic;
    std::int64_t expect = 1;
    for (auto const& m : all) {
      auto const seq = m["seq"].get<std::int64_t>();
      if (seq != expect) problems.push_back("channel " + std::to_string(ch) + ": seq " + std::to_string(seq) + " where " + std::to_string(expect) + " was due");
      expect = seq + 1;
      auto const body = m["body"].get<std::string>();
      if (++seen[body] > 1) problems.push_back("stored twice: " + body);
      auto it = by_body.find(body);
      if (it == by_body.end()) {
        problems.push_back("a message no client sent: " + m.dump());
      } else if (it->second->channel != ch || it->second->topic != m["topic"]) {
        problems.push_back("stored in the wrong channel or topic: " + m.dump());
      }
      ++per_topic[m["topic"].get<std::string>()];
      stored[ch][m["id"].get<std::int64_t>()] = m;
    }
    if (last_seq[ch] != static_cast<std::int64_t>(all.size()))
      problems.push_back("channel " + std::to_string(ch) + ": last_seq " + std::to_string(last_seq[ch]) + " but " + std::to_string(all.size()) + " messages");
    auto t = c.post("topic.list", {{"team_id", team}, {"channel_id", ch}});
    if (t.status != 200) {
      problems.push_back("topic.list: " + t.body);
    } else {
      for (auto const& topic : t.body_json["topics"]) {
        auto const name = topic["name"].get<std::string>();
        if (topic["message_count"].get<long>() != per_topic[name])
          problems.push_back("topic " + name + ": message_count " + topic["message_count"].dump() + " but the history shows " + std::to_string(per_topic[name]));
      }
    }
    if (figures) figures->messages += static_cast<long>(all.size());
  }
  for (auto const* cl : clients)
    for (auto const& m : cl->messages()) {
      if (!m.acked) continue;
      auto ch = stored.find(m.channel);
      auto it = ch == stored.end() ? decltype(ch->second.end()){} : ch->second.find(m.id);
      if (ch == stored.end() || it == ch->second.end()) {
        problems.push_back("acknowledged message missing: " + m.cmid + " (id " + std::to_string(m.id) + ")");
        continue;
      }
      if (it->second["body"] != m.body || it->second["seq"] != m.seq)
        problems.push_back("acknowledged message changed: " + m.cmid + " -> " + it->second.dump());
    }
  return problems;
}

struct draft_figures {
  long ops = 0;  // ops in the logs read back
};

// Each draft's text equals the replay of its op log from the empty document; versions run 1..N
// without a gap; (client_id, client_seq) is unique in the log; every acknowledged op is in the
// log at its version with its client_id and client_seq, and the stored op is the submitted one
// transformed (left) through the ops between its base and its version.
inline std::vector<std::string> verify_drafts(http_client& c, std::int64_t team, std::vector<std::int64_t> const& drafts,
                                              std::vector<load_client const*> const& clients, draft_figures* figures = nullptr) {
  std::vector<std::string> problems;
  for (auto d : drafts) {
    auto const tag = "draft " + std::to_string(d) + ": ";
    auto now = c.post("draft.open", {{"team_id", team}, {"draft_id", d}});
    auto log = c.post("draft.open", {{"team_id", team}, {"draft_id", d}, {"since_version", 0}});
    if (now.status != 200 || log.status != 200) {
      problems.push_back(tag + "draft.open: " + now.body + " / " + log.body);
      continue;
    }
    if (log.body_json.contains("reload")) {
      problems.push_back(tag + "the log is no longer retained from version 0 (the test must keep drafts shorter)");
      continue;
    }
    auto const version = now.body_json["version"].get<std::int64_t>();
    if (log.body_json["version"] != version) problems.push_back(tag + "the version moved between two reads");
    if (now.body_json["draft"]["version"] != version) problems.push_back(tag + "Draft.version differs from the open version");
    std::vector<ot::op> ops(1);  // ops[v]: the op that made version v
    std::map<std::pair<std::string, std::int64_t>, std::int64_t> by_client;
    std::map<std::int64_t, json> records;
    std::string text;
    for (auto const& rec : log.body_json["ops"]) {
      auto const v = rec["version"].get<std::int64_t>();
      if (v != static_cast<std::int64_t>(ops.size())) {
        problems.push_back(tag + "log version " + std::to_string(v) + " where " + std::to_string(ops.size()) + " was due");
        break;
      }
      auto o = protocol::op_from_json(rec["op"]);
      if (!o) {
        problems.push_back(tag + "unreadable op at " + std::to_string(v));
        break;
      }
      auto t = ot::apply_text(text, *o);
      if (!t) {
        problems.push_back(tag + "op " + std::to_string(v) + " does not apply to the replayed text");
        break;
      }
      text = std::move(*t);
      ops.push_back(std::move(*o));
      auto key = std::make_pair(rec["client_id"].get<std::string>(), rec["client_seq"].get<std::int64_t>());
      if (!by_client.emplace(key, v).second) problems.push_back(tag + "client_id/client_seq stored twice: " + key.first + "/" + std::to_string(key.second));
      records[v] = rec;
    }
    if (static_cast<std::int64_t>(ops.size()) - 1 != version)
      problems.push_back(tag + "the log ends at " + std::to_string(ops.size() - 1) + " but the draft is at " + std::to_string(version));
    if (text != now.body_json["text"].get<std::string>()) problems.push_back(tag + "the text differs from the replay of its log");
    if (figures) figures->ops += static_cast<long>(ops.size()) - 1;

    for (auto const* cl : clients)
      for (auto const& a : cl->acked_ops()) {
        if (a.draft != d) continue;
        auto const what = tag + a.client_id + "/" + std::to_string(a.client_seq) + " (v" + std::to_string(a.version) + ")";
        auto it = records.find(a.version);
        if (it == records.end()) {
          problems.push_back(what + ": acknowledged op missing from the log");
          continue;
        }
        if (it->second["client_id"] != a.client_id || it->second["client_seq"] != a.client_seq) {
          problems.push_back(what + ": another op at that version: " + it->second.dump());
          continue;
        }
        ot::op expect = a.op;
        bool ok = true;
        for (auto v = a.base + 1; v < a.version && ok; ++v) {
          auto t = ot::transform(expect, ops[static_cast<std::size_t>(v)], ot::side::left);
          if (!t) ok = false;
          else expect = std::move(*t);
        }
        if (!ok || !(expect == ops[static_cast<std::size_t>(a.version)]))
          problems.push_back(what + ": the stored op is not the submitted op transformed through its concurrent ops");
      }
  }
  return problems;
}

// Direct SQL checks on a stopped server's database file: PRAGMA integrity_check, and the same
// invariants as the checks above from the tables themselves (seq contiguous per channel, no
// client_msg_id twice per author, each draft's op log 1..version).
inline std::vector<std::string> verify_file(std::filesystem::path const& db_file) {
  std::vector<std::string> problems;
  store::connection db(db_file.string(), store::connection::mode::read_only);
  {
    auto s = db.prepare("PRAGMA integrity_check");
    std::vector<std::string> rows;
    while (s.step()) rows.push_back(s.col_text(0));
    if (rows != std::vector<std::string>{"ok"}) problems.push_back("integrity_check: " + (rows.empty() ? std::string("no answer") : rows.front()));
  }
  {
    auto s = db.prepare("SELECT channel_id, count(*), min(seq), max(seq) FROM messages GROUP BY channel_id");
    while (s.step())
      if (s.col_int(2) != 1 || s.col_int(3) != s.col_int(1))
        problems.push_back("messages of channel " + std::to_string(s.col_int(0)) + ": " + std::to_string(s.col_int(1)) + " rows, seq " +
                           std::to_string(s.col_int(2)) + ".." + std::to_string(s.col_int(3)));
  }
  {
    auto s = db.prepare("SELECT count(*) FROM (SELECT author_id, client_msg_id FROM messages GROUP BY 1, 2 HAVING count(*) > 1)");
    if (s.step() && s.col_int(0) != 0) problems.push_back("client_msg_id stored twice: " + std::to_string(s.col_int(0)));
  }
  {
    auto s = db.prepare(
        "SELECT d.id, d.version, (SELECT count(*) FROM draft_ops o WHERE o.draft_id = d.id), "
        "(SELECT coalesce(max(version), 0) FROM draft_ops o WHERE o.draft_id = d.id) FROM drafts d");
    while (s.step())
      if (s.col_int(1) != s.col_int(2) || s.col_int(1) != s.col_int(3))
        problems.push_back("draft " + std::to_string(s.col_int(0)) + ": version " + std::to_string(s.col_int(1)) + " but " +
                           std::to_string(s.col_int(2)) + " ops up to " + std::to_string(s.col_int(3)));
  }
  return problems;
}

inline std::string join_lines(std::vector<std::string> const& v, std::size_t max = 20) {
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < max; ++i) out += v[i] + "\n";
  if (v.size() > max) out += "... and " + std::to_string(v.size() - max) + " more\n";
  return out;
}

}  // namespace arena::rtest
