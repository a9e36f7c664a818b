#include "bus/hub.hpp"

#include <algorithm>

namespace arena::bus {

hub::list& hub::writable(std::shared_ptr<list>& l) {
  // Always a fresh copy: a published list is never changed again. Changing it in place when
  // use_count() said 1 raced with a publisher that had just dropped its reference outside mu_
  // (use_count is a relaxed read, so the publisher's reads did not happen-before our writes;
  // TSan found it). Subscription changes are rare next to publishes, and a copy is a few
  // hundred bytes per socket on the topic.
  l = l ? std::make_shared<list>(*l) : std::make_shared<list>();
  return *l;
}

void hub::subscribe(std::string const& topic, std::shared_ptr<subscriber> const& s) {
  std::lock_guard lk(mu_);
  auto& subs = writable(topics_[topic]);
  // Drop the dead on the way; one of them may have had the same address as `s`.
  std::erase_if(subs, [](entry const& e) { return e.ref.expired(); });
  for (auto const& e : subs)
    if (e.id == s.get()) return;
  subs.push_back({s.get(), s});
  // A socket holds a few topics (user, team, its channels): room for four at once, so that the
  // later ones (made on the writer thread, amid subscribe backlogs) do not move it.
  auto& mine = by_subscriber_[s.get()];
  if (mine.capacity() == 0) mine.reserve(4);
  mine.push_back(topic);
}

void hub::remove_from(std::string const& topic, subscriber const* s) {
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  auto& subs = writable(it->second);
  std::erase_if(subs, [s](entry const& e) { return e.id == s || e.ref.expired(); });
  if (subs.empty()) topics_.erase(it);
}

void hub::unsubscribe(std::string const& topic, subscriber const* s) {
  std::lock_guard lk(mu_);
  remove_from(topic, s);
  if (auto it = by_subscriber_.find(s); it != by_subscriber_.end()) {
    std::erase(it->second, topic);
    if (it->second.empty()) by_subscriber_.erase(it);
  }
}

void hub::unsubscribe_all(subscriber const* s) {
  std::lock_guard lk(mu_);
  auto it = by_subscriber_.find(s);
  if (it == by_subscriber_.end()) return;
  for (auto const& topic : it->second) remove_from(topic, s);
  by_subscriber_.erase(it);
}

std::size_t hub::publish(std::string const& topic, std::shared_ptr<const std::string> const& frame, bool ephemeral) {
  std::shared_ptr<list const> subs;
  {
    std::lock_guard lk(mu_);
    auto it = topics_.find(topic);
    if (it == topics_.end()) return 0;
    subs = it->second;
  }
  std::size_t reached = 0;
  for (auto const& e : *subs) {
    if (auto p = e.ref.lock()) {
      p->deliver(frame, ephemeral);
      ++reached;
    }
  }
  return reached;
}

std::size_t hub::topic_count() const {
  std::lock_guard lk(mu_);
  return topics_.size();
}

std::string team_topic(std::int64_t team_id) { return "team:" + std::to_string(team_id); }
std::string user_topic(std::int64_t user_id) { return "user:" + std::to_string(user_id); }

}  // namespace arena::bus
