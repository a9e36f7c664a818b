#include "bus/hub.hpp"

#include <algorithm>

namespace arena::bus {

void hub::subscribe(std::string const& topic, std::shared_ptr<subscriber> const& s) {
  std::lock_guard lk(mu_);
  auto& subs = topics_[topic];
  for (auto& w : subs)
    if (w.lock().get() == s.get()) return;
  subs.push_back(s);
  by_subscriber_[s.get()].push_back(topic);
}

void hub::unsubscribe(std::string const& topic, subscriber const* s) {
  std::lock_guard lk(mu_);
  if (auto it = topics_.find(topic); it != topics_.end()) {
    std::erase_if(it->second, [s](auto const& w) {
      auto p = w.lock();
      return !p || p.get() == s;
    });
    if (it->second.empty()) topics_.erase(it);
  }
  if (auto it = by_subscriber_.find(s); it != by_subscriber_.end()) {
    std::erase(it->second, topic);
    if (it->second.empty()) by_subscriber_.erase(it);
  }
}

void hub::unsubscribe_all(subscriber const* s) {
  std::lock_guard lk(mu_);
  auto it = by_subscriber_.find(s);
  if (it == by_subscriber_.end()) return;
  for (auto const& topic : it->second) {
    if (auto t = topics_.find(topic); t != topics_.end()) {
      std::erase_if(t->second, [s](auto const& w) {
        auto p = w.lock();
        return !p || p.get() == s;
      });
      if (t->second.empty()) topics_.erase(t);
    }
  }
  by_subscriber_.erase(it);
}

std::size_t hub::publish(std::string const& topic, std::shared_ptr<const std::string> const& frame, bool ephemeral) {
  std::vector<std::shared_ptr<subscriber>> targets;
  {
    std::lock_guard lk(mu_);
    auto it = topics_.find(topic);
    if (it == topics_.end()) return 0;
    targets.reserve(it->second.size());
    for (auto const& w : it->second)
      if (auto p = w.lock()) targets.push_back(std::move(p));
  }
  for (auto const& t : targets) t->deliver(frame, ephemeral);
  return targets.size();
}

std::size_t hub::topic_count() const {
  std::lock_guard lk(mu_);
  return topics_.size();
}

std::string team_topic(std::int64_t team_id) { return "team:" + std::to_string(team_id); }
std::string user_topic(std::int64_t user_id) { return "user:" + std::to_string(user_id); }

}  // namespace arena::bus
