#include "chat/limits.hpp"

#include <algorithm>

namespace arena::chat {

live_limits::verdict live_limits::on_send(std::int64_t user_id, std::uint64_t socket_id, std::string const& client_msg_id, std::int64_t now_ms) {
  std::lock_guard lk(mu_);
  auto it = users_.try_emplace(user_id, user_state{auth::token_bucket(cfg_.rate_per_s, cfg_.burst), {}}).first;
  auto& u = it->second;
  if (std::find(u.charged.begin(), u.charged.end(), client_msg_id) != u.charged.end()) return {};
  if (u.bucket.take(now_ms)) {
    u.charged.push_back(client_msg_id);
    if (u.charged.size() > cfg_.remembered_ids) u.charged.pop_front();
    return {};
  }
  verdict v;
  v.ok = false;
  v.retry_after_s = std::max(1, (u.bucket.retry_after_ms(now_ms) + 999) / 1000);
  if (socket_id != 0) {
    if (sockets_.size() > 4096) prune(now_ms);
    auto& s = sockets_[socket_id];
    s.refusals.push_back(now_ms);
    while (!s.refusals.empty() && s.refusals.front() <= now_ms - cfg_.abuse_window_ms) s.refusals.pop_front();
    if (static_cast<int>(s.refusals.size()) >= cfg_.abuse_refusals) {
      v.close_socket = true;
      sockets_.erase(socket_id);
    }
  }
  return v;
}

bool live_limits::allow_typing(std::uint64_t socket_id, std::int64_t now_ms) {
  std::lock_guard lk(mu_);
  if (sockets_.size() > 4096) prune(now_ms);
  auto& s = sockets_[socket_id];
  if (s.last_typing >= 0 && now_ms - s.last_typing < cfg_.typing_interval_ms) return false;
  s.last_typing = now_ms;
  return true;
}

void live_limits::forget_socket(std::uint64_t socket_id) {
  std::lock_guard lk(mu_);
  sockets_.erase(socket_id);
}

void live_limits::prune(std::int64_t now_ms) {
  std::erase_if(sockets_, [&](auto const& kv) {
    auto const& s = kv.second;
    bool recent_refusal = !s.refusals.empty() && s.refusals.back() > now_ms - cfg_.abuse_window_ms;
    bool recent_typing = s.last_typing >= 0 && now_ms - s.last_typing < cfg_.typing_interval_ms;
    return !recent_refusal && !recent_typing;
  });
}

}  // namespace arena::chat
