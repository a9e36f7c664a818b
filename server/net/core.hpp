// State shared by the listener and every session of one server. Internal to net/.
#pragma once

#include "net/types.hpp"
#include "util/deferred.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

namespace arena::net {

// A connection whose inbox (frames sent from any thread) must be moved to its send queue and
// written, on its own io thread.
class drainable {
 public:
  virtual ~drainable() = default;
  virtual void drain_inbox() = 0;
};

// The connections of one io thread that have frames waiting, drained by one posted handler
// instead of one handler per connection: a fan-out to a thousand sockets of one io thread costs
// one post, one wake-up and one pass over a list, not a thousand handlers (uWebSockets drains
// its subscribers once per loop iteration in the same way).
//
// The handler owns the batch it drains; the flusher keeps only a weak reference to the batch
// being filled, so a batch whose handler never runs (an io_context stopped with work queued)
// goes away with the handler and the connections it holds. Inside a util::deferred_scope (the
// writer's `done` phase of a group commit) the post waits for the end of the scope, so every
// event of the group is in the connections' inboxes before the handler runs.
//
// Thread-safe: mark() from any thread; the handler runs on the flusher's io thread.
class write_flusher {
 public:
  explicit write_flusher(boost::asio::io_context& io) : io_(io) {}
  boost::asio::io_context& io() const { return io_; }

  // `c` has frames in its inbox. The caller marks a connection once until its drain_inbox()
  // starts (ws_session's drain_posted_); a connection marked twice is drained twice, harmlessly.
  void mark(std::shared_ptr<drainable> c) {
    std::lock_guard lk(mu_);
    if (auto b = filling_.lock()) {
      b->push_back(std::move(c));
      return;
    }
    auto b = std::make_shared<batch>();
    b->push_back(std::move(c));
    filling_ = b;
    std::function<void()> post = [this, b = std::move(b)]() mutable {
      boost::asio::post(io_, [this, b = std::move(b)] { flush(*b); });
    };
    if (!util::deferred_scope::defer(post)) post();
  }

 private:
  using batch = std::vector<std::shared_ptr<drainable>>;

  void flush(batch& b) {
    batch mine;
    {
      std::lock_guard lk(mu_);
      // Connections marked from here on start a new batch and a new post.
      if (filling_.lock().get() == &b) filling_.reset();
      mine.swap(b);
    }
    for (auto& c : mine) c->drain_inbox();
  }

  boost::asio::io_context& io_;
  std::mutex mu_;
  std::weak_ptr<batch> filling_;
};

// Thread-safe: the registry is guarded by its mutex; the rest is immutable after start.
struct core {
  core(std::vector<boost::asio::io_context*> io, handler& h, limits l) : ios(std::move(io)), app(h), lim(l) {
    for (auto* i : ios) flushers.push_back(std::make_unique<write_flusher>(*i));
  }

  // One io_context per io thread, each run by exactly that thread (server.hpp).
  std::vector<boost::asio::io_context*> ios;
  // One write_flusher per io_context, in the same order.
  std::vector<std::unique_ptr<write_flusher>> flushers;
  write_flusher& flusher_for(boost::asio::execution_context const& ctx) {
    for (auto& f : flushers)
      if (static_cast<boost::asio::execution_context const*>(&f->io()) == &ctx) return *f;
    throw std::logic_error("net::core: a connection on an io_context the server was not given");
  }
  // The io_context for the next connection, round robin.
  boost::asio::io_context& next_io() { return *ios[next_io_index.fetch_add(1, std::memory_order_relaxed) % ios.size()]; }
  handler& app;
  limits lim;
  stats counters;
  std::optional<boost::asio::ssl::context> tls;
  std::atomic<std::uint64_t> next_id{1};
  std::atomic<std::size_t> next_io_index{0};

  // Open WebSockets, for shutdown. Weak: the sessions own themselves.
  void add_peer(std::uint64_t id, std::weak_ptr<ws_peer> p) {
    std::lock_guard lk(mu);
    peers[id] = std::move(p);
  }
  void remove_peer(std::uint64_t id) {
    std::lock_guard lk(mu);
    peers.erase(id);
  }
  std::vector<std::shared_ptr<ws_peer>> snapshot() {
    std::vector<std::shared_ptr<ws_peer>> out;
    std::lock_guard lk(mu);
    for (auto& [id, w] : peers)
      if (auto p = w.lock()) out.push_back(std::move(p));
    return out;
  }
  std::size_t peer_count() {
    std::lock_guard lk(mu);
    return peers.size();
  }

 private:
  std::mutex mu;
  std::map<std::uint64_t, std::weak_ptr<ws_peer>> peers;
};

// Mozilla's "intermediate" TLS configuration: TLS 1.2 and 1.3 only. Throws on bad files.
boost::asio::ssl::context make_tls_context(std::string const& cert_file, std::string const& key_file);

}  // namespace arena::net
