#include "bus/hub.hpp"

#include <algorithm>

namespace arena::bus {

hub::membership* hub::find_membership(subscriber const* s, std::string const& topic) {
  auto it = by_subscriber_.find(s);
  if (it == by_subscriber_.end()) return nullptr;
  for (auto& m : it->second)
    if (m.topic == topic) return &m;
  return nullptr;
}

void hub::subscribe(std::string const& topic, std::shared_ptr<subscriber> const& s) {
  std::lock_guard lk(mu_);
  auto& current = topics_[topic];
  if (auto* m = find_membership(s.get(), topic)) {
    // Either `s` itself (subscribed twice: nothing to do) or a subscriber that died at the same
    // address without unsubscribing: `s` takes over its entry.
    auto const& c = *current->chunks[m->chunk];
    auto pos = std::find_if(c.begin(), c.end(), [&](entry const& e) { return e.id == s.get(); });
    if (!pos->ref.expired()) return;  // a live object at this address can only be `s`
    auto next = std::make_shared<snapshot>(*current);
    auto replaced = std::make_shared<chunk>(c);
    (*replaced)[static_cast<std::size_t>(pos - c.begin())].ref = s;
    next->chunks[m->chunk] = std::move(replaced);
    current = std::move(next);
    return;
  }
  auto next = current ? std::make_shared<snapshot>(*current) : std::make_shared<snapshot>();
  auto& chunks = next->chunks;
  // Into a copy of the last chunk, or a new one when that is full.
  bool const fresh = chunks.empty() || chunks.back()->size() >= chunk_size;
  auto grown = std::make_shared<chunk>();
  grown->reserve(fresh ? 1 : chunks.back()->size() + 1);
  if (!fresh) *grown = *chunks.back();
  grown->push_back({s.get(), s});
  if (fresh)
    chunks.push_back(std::move(grown));
  else
    chunks.back() = std::move(grown);
  std::size_t const index = chunks.size() - 1;
  current = std::move(next);
  // A socket holds a few topics (user, team, its channels): room for four at once, so that the
  // later ones (made on the writer thread, amid subscribe backlogs) do not move it.
  auto& mine = by_subscriber_[s.get()];
  if (mine.capacity() == 0) mine.reserve(4);
  mine.push_back({topic, index});
}

void hub::remove_from(std::string const& topic, subscriber const* s, std::size_t k) {
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  auto next = std::make_shared<snapshot>(*it->second);
  auto& chunks = next->chunks;
  std::size_t const last = chunks.size() - 1;
  chunk hole = *chunks[k];
  auto pos = static_cast<std::size_t>(
      std::find_if(hole.begin(), hole.end(), [&](entry const& e) { return e.id == s; }) - hole.begin());
  if (k == last) {
    hole.erase(hole.begin() + static_cast<std::ptrdiff_t>(pos));
  } else {
    // The last subscriber of the last chunk fills the hole; its record follows it.
    chunk tail = *chunks[last];
    hole[pos] = std::move(tail.back());
    tail.pop_back();
    if (auto* moved = find_membership(hole[pos].id, topic)) moved->chunk = k;
    if (tail.empty())
      chunks.pop_back();
    else
      chunks[last] = std::make_shared<chunk const>(std::move(tail));
  }
  if (hole.empty())
    chunks.erase(chunks.begin() + static_cast<std::ptrdiff_t>(k));  // only ever the last one
  else
    chunks[k] = std::make_shared<chunk const>(std::move(hole));
  if (chunks.empty())
    topics_.erase(it);
  else
    it->second = std::move(next);
}

void hub::unsubscribe(std::string const& topic, subscriber const* s) {
  std::lock_guard lk(mu_);
  auto it = by_subscriber_.find(s);
  if (it == by_subscriber_.end()) return;
  auto& mine = it->second;
  auto m = std::find_if(mine.begin(), mine.end(), [&](membership const& x) { return x.topic == topic; });
  if (m == mine.end()) return;
  // remove_from changes only the records of the subscribers it moves, never `s`'s, and find()
  // does not rehash: `it` and `m` stay valid.
  remove_from(topic, s, m->chunk);
  mine.erase(m);
  if (mine.empty()) by_subscriber_.erase(it);
}

void hub::unsubscribe_all(subscriber const* s) {
  std::lock_guard lk(mu_);
  auto it = by_subscriber_.find(s);
  if (it == by_subscriber_.end()) return;
  // remove_from updates the records of the subscribers it moves, never those of `s`, so `mine`
  // stays valid (and find() does not rehash).
  auto const& mine = it->second;
  for (auto const& m : mine) remove_from(m.topic, s, m.chunk);
  by_subscriber_.erase(it);
}

std::size_t hub::publish(std::string const& topic, std::shared_ptr<const std::string> const& frame, bool ephemeral) {
  std::shared_ptr<snapshot const> subs;
  {
    std::lock_guard lk(mu_);
    auto it = topics_.find(topic);
    if (it == topics_.end()) return 0;
    subs = it->second;
  }
  std::size_t reached = 0;
  for (auto const& c : subs->chunks) {
    for (auto const& e : *c) {
      if (auto p = e.ref.lock()) {
        p->deliver(frame, ephemeral);
        ++reached;
      }
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
