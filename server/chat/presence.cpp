#include "chat/presence.hpp"

namespace arena::chat {

std::string_view to_string(presence_state s) noexcept {
  switch (s) {
    case presence_state::online: return "online";
    case presence_state::idle: return "idle";
    case presence_state::offline: break;
  }
  return "offline";
}

presence_state presence_tracker::compute(sockets const* s, std::int64_t now_ms) {
  if (!s || s->empty()) return presence_state::offline;
  for (auto const& [id, st] : *s)
    if (!st.reported_idle && now_ms - st.last_active < idle_after_ms) return presence_state::online;
  return presence_state::idle;
}

presence_tracker::sockets const* presence_tracker::find(std::int64_t user_id) const {
  auto it = users_.find(user_id);
  return it == users_.end() ? nullptr : &it->second;
}

std::optional<presence_state> presence_tracker::open(std::int64_t user_id, std::uint64_t socket_id, std::int64_t now_ms) {
  std::lock_guard lk(mu_);
  auto before = compute(find(user_id), now_ms);
  users_[user_id][socket_id] = socket_state{now_ms, false};
  auto after = compute(find(user_id), now_ms);
  if (after == before) return std::nullopt;
  return after;
}

std::optional<presence_state> presence_tracker::close(std::int64_t user_id, std::uint64_t socket_id, std::int64_t now_ms) {
  std::lock_guard lk(mu_);
  auto it = users_.find(user_id);
  if (it == users_.end() || !it->second.count(socket_id)) return std::nullopt;
  auto before = compute(&it->second, now_ms);
  it->second.erase(socket_id);
  if (it->second.empty()) users_.erase(it);
  auto after = compute(find(user_id), now_ms);
  if (after == before) return std::nullopt;
  return after;
}

std::optional<presence_state> presence_tracker::activity(std::int64_t user_id, std::uint64_t socket_id, bool active, std::int64_t now_ms) {
  std::lock_guard lk(mu_);
  auto it = users_.find(user_id);
  if (it == users_.end()) return std::nullopt;
  auto s = it->second.find(socket_id);
  if (s == it->second.end()) return std::nullopt;
  auto before = compute(&it->second, now_ms);
  if (active) s->second = socket_state{now_ms, false};
  else s->second.reported_idle = true;
  auto after = compute(&it->second, now_ms);
  if (after == before) return std::nullopt;
  return after;
}

presence_state presence_tracker::state_of(std::int64_t user_id, std::int64_t now_ms) const {
  std::lock_guard lk(mu_);
  return compute(find(user_id), now_ms);
}

}  // namespace arena::chat
