// Presence per person across all their sockets: online while any socket is open and was active
// (a request, or presence.set online) in the last 5 minutes and not reported idle; idle while
// open but inactive; offline with no socket open.
//
// Every call that can change a person's state returns the new state when it differs from the
// last one announced, so the caller publishes a `presence` event exactly then. The timeout to
// idle is found by expire(), which a timer calls every few seconds.
// Thread-safe (one mutex, short calls).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace arena::chat {

enum class presence_state { offline, idle, online };
std::string_view to_string(presence_state s) noexcept;

class presence_tracker {
 public:
  static constexpr std::int64_t default_idle_after_ms = 5 * 60 * 1000;
  explicit presence_tracker(std::int64_t idle_after_ms = default_idle_after_ms) : idle_after_ms_(idle_after_ms) {}

  std::optional<presence_state> open(std::int64_t user_id, std::uint64_t socket_id, std::int64_t now_ms);
  std::optional<presence_state> close(std::int64_t user_id, std::uint64_t socket_id, std::int64_t now_ms);
  // A request on the socket (active = true) or the client's own report (presence.set).
  std::optional<presence_state> activity(std::int64_t user_id, std::uint64_t socket_id, bool active, std::int64_t now_ms);
  presence_state state_of(std::int64_t user_id, std::int64_t now_ms) const;
  // People whose state changed by the passing of time alone (online -> idle) since they were
  // last announced, with their new state.
  std::vector<std::pair<std::int64_t, presence_state>> expire(std::int64_t now_ms);

 private:
  struct socket_state {
    std::int64_t last_active = 0;
    bool reported_idle = false;
  };
  using sockets = std::unordered_map<std::uint64_t, socket_state>;
  presence_state compute(sockets const* s, std::int64_t now_ms) const;
  sockets const* find(std::int64_t user_id) const;
  // Records `now` as announced for the user; the state when it changed.
  std::optional<presence_state> announce(std::int64_t user_id, presence_state now);

  std::int64_t idle_after_ms_;
  std::unordered_map<std::int64_t, presence_state> announced_;  // absent: offline

  mutable std::mutex mu_;
  std::unordered_map<std::int64_t, sockets> users_;
};

}  // namespace arena::chat
