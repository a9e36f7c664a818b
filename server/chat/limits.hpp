// In-memory rate limits of live chat: sends per user (a token bucket shared by all of the
// user's sockets), the abuse rule (a socket that keeps sending while refused is closed), and the
// typing throttle per socket.
//
// A retry of a client_msg_id that was already charged is free: idempotent retries store
// nothing, and a client that resends after a lost acknowledgement must not be punished for it.
// Thread-safe (one mutex; every call is short).
#pragma once

#include "auth/token_bucket.hpp"

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace arena::chat {

struct limit_config {
  double rate_per_s = 2;
  double burst = 20;
  int abuse_refusals = 50;           // refused sends on one socket within abuse_window_ms: close it
  std::int64_t abuse_window_ms = 60'000;
  std::int64_t typing_interval_ms = 2'000;
  std::size_t remembered_ids = 64;   // charged client_msg_ids kept per user
};

class live_limits {
 public:
  explicit live_limits(limit_config cfg = {}) : cfg_(cfg) {}

  struct verdict {
    bool ok = true;
    int retry_after_s = 0;
    bool close_socket = false;  // the abuse rule fired: close with 1008
  };
  // A send by `user_id` on `socket_id` (0: not a socket).
  verdict on_send(std::int64_t user_id, std::uint64_t socket_id, std::string const& client_msg_id, std::int64_t now_ms);
  // True when this socket may send a typing event now.
  bool allow_typing(std::uint64_t socket_id, std::int64_t now_ms);
  void forget_socket(std::uint64_t socket_id);

 private:
  struct user_state {
    auth::token_bucket bucket;
    std::deque<std::string> charged;
  };
  struct socket_state {
    std::deque<std::int64_t> refusals;
    std::int64_t last_typing = -1;
  };
  void prune(std::int64_t now_ms);

  limit_config cfg_;
  std::mutex mu_;
  std::unordered_map<std::int64_t, user_state> users_;
  std::unordered_map<std::uint64_t, socket_state> sockets_;
};

}  // namespace arena::chat
