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

presence_state presence_tracker::compute(sockets const* s, std::int64_t now_ms) const {
  if (!s || s->empty()) return presence_state::offline;
  for (auto const& [id, st] : *s)
    if (!st.reported_idle && now_ms - st.last_active < idle_after_ms_) return presence_state::online;
  return presence_state::idle;
}

presence_tracker::sockets const* presence_tracker::find(std::int64_t user_id) const {
  auto it = users_.find(user_id);
  return it == users_.end() ? nullptr : &it->second;
}

std::optional<presence_state> presence_tracker::announce(std::int64_t user_id, presence_state now) {
  auto it = announced_.find(user_id);
  auto const before = it == announced_.end() ? presence_state::offline : it->second;
  if (now == before) return std::nullopt;
  if (now == presence_state::offline) announced_.erase(user_id);
  else announced_[user_id] = now;
  return now;
}

std::optional<presence_state> presence_tracker::open(std::int64_t user_id, std::uint64_t socket_id, std::int64_t now_ms) {
  std::lock_guard lk(mu_);
  users_[user_id][socket_id] = socket_state{now_ms, false};
  return announce(user_id, compute(find(user_id), now_ms));
}

std::vector<std::pair<std::int64_t, presence_state>> presence_tracker::expire(std::int64_t now_ms) {
  std::lock_guard lk(mu_);
  std::vector<std::pair<std::int64_t, presence_state>> out;
  std::vector<std::int64_t> users;
  for (auto const& [uid, st] : announced_) users.push_back(uid);
  for (auto uid : users)
    if (auto changed = announce(uid, compute(find(uid), now_ms))) out.emplace_back(uid, *changed);
  return out;
}

std::optional<presence_state> presence_tracker::close(std::int64_t user_id, std::uint64_t socket_id, std::int64_t now_ms) {
  std::lock_guard lk(mu_);
  auto it = users_.find(user_id);
  if (it == users_.end() || !it->second.count(socket_id)) return std::nullopt;
  it->second.erase(socket_id);
  if (it->second.empty()) users_.erase(it);
  return announce(user_id, compute(find(user_id), now_ms));
}

std::optional<presence_state> presence_tracker::activity(std::int64_t user_id, std::uint64_t socket_id, bool active, std::int64_t now_ms) {
  std::lock_guard lk(mu_);
  auto it = users_.find(user_id);
  if (it == users_.end()) return std::nullopt;
  auto s = it->second.find(socket_id);
  if (s == it->second.end()) return std::nullopt;
  if (active) s->second = socket_state{now_ms, false};
  else s->second.reported_idle = true;
  return announce(user_id, compute(&it->second, now_ms));
}

presence_state presence_tracker::state_of(std::int64_t user_id, std::int64_t now_ms) const {
  std::lock_guard lk(mu_);
  return compute(find(user_id), now_ms);
}

}  // namespace arena::chat
