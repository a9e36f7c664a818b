// Replays an editing trace through a running Arena server with two WebSocket clients, each
// submitting transactions against the version it has seen, and checks that both end at the
// trace's endContent. Used by the tool arena-trace-replay (trace_replay_main.cpp) and by the
// integration test drafts_traces.cpp.
//
// Traces (shared/traces, see its README): a sequential one, {startContent, endContent, txns:
// [{patches}]}, or a concurrent one, {endContent, numAgents: 2, txns: [{parents, agent,
// patches}]}; positions and counts in Unicode code points, patches of one txn each against the
// text left by the one before.
//   - concurrent: agent k's txns are typed by client k. A txn was made against the document as
//     its agent saw it: all of that agent's earlier txns and the other agent's txns up to what
//     `parents` says. Each client replays exactly that: before it types txn i it has taken in
//     exactly as many of the other agent's txns as the author had seen, no more.
//   - sequential: every txn has seen all earlier ones; blocks of `block` txns alternate between
//     the two clients (txn i is typed by client (i / block) % 2).
//
// Each client is a ShareDB-style editor: its text (`local`) is the server's text at version
// `version` plus its op in flight and its pending ops; it keeps one op in flight; a draft.op
// of the other client rebases the in-flight and pending ops (transform left) and is itself
// rebased over them (transform right). A sequential replay composes pending txns into one op,
// as an editor does with what is typed while an op is in flight; a concurrent one sends one op
// per txn (client_seq = the txn's number among its agent's txns), so that the other client can
// tell which of its txns it has received. Between what the client holds and what its agent had
// seen sit the other agent's ops the agent has not seen yet (`unseen`): the agent's txn is
// rebased over them before it joins the local text (the two-site scheme of the unit test
// tests/unit/ot_concurrent.cpp, between the agent's view and the client).
//
// One thread per client: a client waiting for the other's ops keeps reading its own socket,
// and every frame it reads (its own acknowledgements too) is handled at once, so both always
// make progress. Transport: anything with send(text) and next() -> the next frame as JSON.
// Thread-safety: a replay_client is confined to its thread; the trace is shared read-only.
#pragma once

#include "drafts/ot/op.hpp"
#include "drafts/ot/transform.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace arena::tools::trace_replay {

namespace ot = arena::drafts::ot;
using json = nlohmann::json;

struct patch {
  std::uint64_t pos = 0, del = 0;
  std::string ins;
};
struct txn {
  int agent = 0;
  std::uint64_t ordinal = 0;  // 1-based number of this txn among its agent's txns
  std::uint64_t seen_other = 0;  // how many of the other agent's txns its author had seen
  std::vector<patch> patches;
};
struct trace {
  std::string name, start, end;
  bool concurrent = false;
  std::vector<txn> txns;
  std::array<std::uint64_t, 2> per_agent{0, 0};
};

// Where the traces are: $ARENA_TRACES, else `fallback`.
inline std::filesystem::path traces_dir(std::filesystem::path const& fallback) {
  if (char const* env = std::getenv("ARENA_TRACES"); env != nullptr && *env != '\0') return env;
  return fallback;
}

// Reads a .gz file through gzip(1), so no zlib is needed.
inline bool gunzip(std::filesystem::path const& file, std::string& out) {
  std::string quoted = "'";
  for (char c : file.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  FILE* pipe = ::popen(("gzip -dc -- " + quoted).c_str(), "r");
  if (pipe == nullptr) return false;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  return ::pclose(pipe) == 0;
}

// Loads either format (plain JSON or .gz). Throws std::runtime_error with the reason.
inline trace load(std::filesystem::path const& file, std::uint64_t block = 64) {
  std::string text;
  if (file.extension() == ".gz") {
    if (!gunzip(file, text)) throw std::runtime_error("cannot read " + file.string());
  } else {
    FILE* f = std::fopen(file.c_str(), "rb");
    if (!f) throw std::runtime_error("cannot read " + file.string());
    char buf[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
  }
  auto const j = json::parse(text);
  trace t;
  t.name = file.filename().string();
  if (auto p = t.name.find(".json"); p != std::string::npos) t.name.resize(p);
  t.start = j.value("startContent", std::string());
  t.end = j.at("endContent").get<std::string>();
  auto const& txns = j.at("txns");
  t.concurrent = j.contains("numAgents") || (!txns.empty() && txns[0].contains("agent"));
  if (t.concurrent && j.value("numAgents", 2) != 2) throw std::runtime_error("only two-agent concurrent traces are supported");
  if (block == 0) block = 1;
  // For concurrent traces: seen[i] = for each agent, how many of its txns txn i's author had seen.
  std::vector<std::array<std::uint64_t, 2>> seen;
  for (std::size_t i = 0; i < txns.size(); ++i) {
    txn x;
    if (t.concurrent) {
      x.agent = txns[i].at("agent").get<int>();
      if (x.agent != 0 && x.agent != 1) throw std::runtime_error("agent must be 0 or 1");
      std::array<std::uint64_t, 2> v{0, 0};
      for (auto const& p : txns[i].at("parents")) {
        auto const k = p.get<std::size_t>();
        if (k >= i) throw std::runtime_error("parents must precede their txn");
        for (int a = 0; a < 2; ++a) v[a] = std::max(v[a], seen[k][a]);
        auto const& pk = t.txns[k];
        v[pk.agent] = std::max(v[pk.agent], pk.ordinal);
      }
      seen.push_back(v);
      x.ordinal = ++t.per_agent[x.agent];
      if (v[x.agent] != x.ordinal - 1) throw std::runtime_error("an author must have seen their own earlier txns");
      x.seen_other = v[1 - x.agent];
    } else {
      x.agent = static_cast<int>((i / block) % 2);
      x.ordinal = ++t.per_agent[x.agent];
      x.seen_other = t.per_agent[1 - x.agent];
    }
    for (auto const& p : txns[i].at("patches"))
      x.patches.push_back({p.at(0).get<std::uint64_t>(), p.at(1).get<std::uint64_t>(), p.at(2).get<std::string>()});
    t.txns.push_back(std::move(x));
  }
  return t;
}

inline json op_to_json(ot::op const& o) {
  json a = json::array();
  for (auto const& c : o) {
    if (c.is_skip()) a.push_back(c.length);
    else if (c.is_insert()) a.push_back(c.text);
    else if (c.has_deleted_text()) a.push_back(json{{"d", c.text}});
    else a.push_back(json{{"d", c.length}});
  }
  return a;
}

inline ot::op op_from_json(json const& a) {
  if (!a.is_array()) throw std::runtime_error("op is not an array: " + a.dump().substr(0, 200));
  ot::op o;
  for (auto const& c : a) {
    if (c.is_number_unsigned()) o.push_back(ot::component::skip(c.get<std::uint64_t>()));
    else if (c.is_string()) o.push_back(ot::component::insert(c.get<std::string>()));
    else if (c.is_object() && c.contains("d") && c["d"].is_number_unsigned()) o.push_back(ot::component::del(c["d"].get<std::uint64_t>()));
    else if (c.is_object() && c.contains("d") && c["d"].is_string()) o.push_back(ot::component::del_text(c["d"].get<std::string>()));
    else throw std::runtime_error("bad op component: " + c.dump());
  }
  return o;
}

// The transport one client speaks through: an open, authenticated WebSocket.
struct transport {
  std::function<void(std::string const&)> send;
  std::function<json()> next;  // the next frame; throws on timeout or close
};

struct replay_target {
  std::int64_t team_id = 0, draft_id = 0;
  std::uint64_t version = 0;  // the draft's version when the replay starts (its text: startContent)
  std::string client_prefix = "replay";
};

// One of the two clients. Run run() on its own thread.
class replay_client {
 public:
  replay_client(trace const& t, int agent, replay_target const& target, transport tr)
      : t_(t), agent_(agent), target_(target), tr_(std::move(tr)), local_(t.start), version_(target.version) {
    client_id_ = target.client_prefix + "-" + std::to_string(agent);
  }

  // Types this agent's txns, then waits until every op is acknowledged and every op of the
  // other agent has arrived. Returns an empty string on success, else what went wrong.
  std::string run() {
    try {
      for (auto const& x : t_.txns) {
        if (x.agent != agent_) continue;
        see(x.seen_other);
        type(x);
      }
      see(t_.per_agent[1 - agent_]);
      while (inflight_ || !pending_.empty() || received_other_ < t_.per_agent[1 - agent_]) handle(tr_.next());
    } catch (std::exception const& e) {
      return "client " + std::to_string(agent_) + ": " + e.what();
    }
    return {};
  }

  std::string text() const { return local_.to_string(); }
  std::uint64_t version() const { return version_; }
  std::uint64_t submits() const { return submits_; }

 private:
  // Takes in the other agent's txns until `count` of them are part of this agent's view.
  void see(std::uint64_t count) {
    while (seen_other_ < count) {
      if (unseen_.empty()) {
        handle(tr_.next());
        continue;
      }
      auto& [u, last] = unseen_.front();
      if (last > count) throw std::runtime_error("the other agent's op covers txns beyond this agent's view");
      seen_other_ = last;
      unseen_.pop_front();
    }
  }

  // The agent types txn x on its view; it is rebased over what the client holds beyond that
  // view, applied to the local text and queued for the server.
  void type(txn const& x) {
    ot::op edit;
    for (auto const& p : x.patches) {
      auto c = ot::compose(edit, ot::make_replace(p.pos, p.del, p.ins));
      if (!c) throw std::runtime_error("txn " + std::to_string(x.ordinal) + ": patches do not compose: " + c.error().message);
      edit = std::move(*c);
    }
    ot::side const mine = agent_ == 0 ? ot::side::left : ot::side::right;
    ot::side const theirs = agent_ == 0 ? ot::side::right : ot::side::left;
    for (auto& [u, last] : unseen_) {
      auto e2 = ot::transform(edit, u, mine);
      auto u2 = ot::transform(u, edit, theirs);
      if (!e2 || !u2) throw std::runtime_error("transform refused an op (agent view)");
      edit = std::move(*e2);
      u = std::move(*u2);
    }
    if (auto st = ot::apply(local_, edit); !st)
      throw std::runtime_error("txn " + std::to_string(x.ordinal) + " of agent " + std::to_string(agent_) +
                               " does not apply locally: " + st.error().message);
    if (!t_.concurrent && !pending_.empty()) {
      auto c = ot::compose(pending_.back().first, edit);
      if (!c) throw std::runtime_error("pending ops do not compose: " + c.error().message);
      pending_.back() = {std::move(*c), x.ordinal};
    } else {
      pending_.emplace_back(std::move(edit), x.ordinal);
    }
    flush();
  }

  void flush() {
    if (inflight_ || pending_.empty()) return;
    inflight_ = std::move(pending_.front());
    pending_.pop_front();
    json m = {{"op", "draft.submit"},    {"rid", inflight_->second},         {"team_id", target_.team_id},
              {"draft_id", target_.draft_id}, {"base_version", version_}, {"text_op", op_to_json(inflight_->first)},
              {"client_id", client_id_},  {"client_seq", inflight_->second}};
    tr_.send(m.dump());
    ++submits_;
  }

  void handle(json const& m) {
    if (m.contains("re")) {
      if (m.value("ok", false) != true) throw std::runtime_error("request refused: " + m.dump().substr(0, 300));
      return;  // the draft.op event before it carried everything
    }
    if (m.value("ev", std::string()) != "draft.op" || m.value("draft_id", std::int64_t{0}) != target_.draft_id) return;
    auto const after = m.at("version").get<std::uint64_t>();
    if (after != version_ + 1) throw std::runtime_error("draft.op out of order: version " + std::to_string(after) + " after " + std::to_string(version_));
    auto const seq = m.value("client_seq", std::uint64_t{0});
    if (m.value("client_id", std::string()) == client_id_) {
      if (!inflight_ || seq != inflight_->second) throw std::runtime_error("an unexpected own draft.op");
      version_ = after;
      inflight_.reset();
      flush();
      return;
    }
    ot::op f = op_from_json(m.contains("text_op") ? m["text_op"] : m.at("op"));
    if (inflight_) {
      auto f2 = ot::transform(f, inflight_->first, ot::side::right);
      auto i2 = ot::transform(inflight_->first, f, ot::side::left);
      if (!f2 || !i2) throw std::runtime_error("transform refused an op (in flight)");
      f = std::move(*f2);
      inflight_->first = std::move(*i2);
    }
    for (auto& [p, s] : pending_) {
      auto f2 = ot::transform(f, p, ot::side::right);
      auto p2 = ot::transform(p, f, ot::side::left);
      if (!f2 || !p2) throw std::runtime_error("transform refused an op (pending)");
      f = std::move(*f2);
      p = std::move(*p2);
    }
    if (auto st = ot::apply(local_, f); !st) throw std::runtime_error("the other client's op does not apply: " + st.error().message);
    version_ = after;
    if (seq <= received_other_) throw std::runtime_error("the other client's client_seq went backwards");
    received_other_ = seq;
    unseen_.emplace_back(std::move(f), seq);
  }

  trace const& t_;
  int agent_;
  replay_target target_;
  transport tr_;
  std::string client_id_;
  ot::rope local_;
  std::uint64_t version_ = 0;
  std::optional<std::pair<ot::op, std::uint64_t>> inflight_;  // op, client_seq
  std::deque<std::pair<ot::op, std::uint64_t>> pending_;
  // The other agent's ops the client holds but its agent has not seen yet, each with the
  // number of the other agent's txns it completes; the local text is the agent's view
  // followed by these.
  std::deque<std::pair<ot::op, std::uint64_t>> unseen_;
  std::uint64_t seen_other_ = 0, received_other_ = 0, submits_ = 0;
};

}  // namespace arena::tools::trace_replay
