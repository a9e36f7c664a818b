// State shared by the listener and every session of one server. Internal to net/.
#pragma once

#include "net/types.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace arena::net {

// Thread-safe: the registry is guarded by its mutex; the rest is immutable after start.
struct core {
  core(std::vector<boost::asio::io_context*> io, handler& h, limits l) : ios(std::move(io)), app(h), lim(l) {}

  // One io_context per io thread, each run by exactly that thread (server.hpp).
  std::vector<boost::asio::io_context*> ios;
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
