// The in-process event bus: topics ("team:3", "user:7", "session:12") to subscribers.
//
// Fan-out goes only through here, so that a later deployment on several machines can put
// Redis pub/sub behind the same interface. A published frame is one shared buffer; every
// subscriber gets the same pointer. Thread-safe: the lock is held only to take the topic's
// subscriber list, which is copy-on-write (a shared, immutable snapshot while a publish walks
// it; every subscription change makes a new one), so publishing to a topic of a thousand
// subscribers costs one reference count under the lock, not a thousand; delivery happens
// outside it.
//
// The snapshot is a list of immutable chunks of at most 64 subscribers. A change copies the
// list of chunk pointers and the one or two chunks it touches, not every subscriber: a topic
// that every socket joins (the site topic) would otherwise cost each new connection a copy of
// all the others, quadratic in a connection burst. A leaver's place is taken by the last
// subscriber, so chunks stay full; the order of delivery within a topic is not kept (nothing
// depends on it: each socket keeps its own order).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace arena::bus {

class subscriber {
 public:
  virtual ~subscriber() = default;
  // Called from any thread; must not block (queue and return).
  virtual void deliver(std::shared_ptr<const std::string> const& frame, bool ephemeral) = 0;
};

class hub {
 public:
  void subscribe(std::string const& topic, std::shared_ptr<subscriber> const& s);
  void unsubscribe(std::string const& topic, subscriber const* s);
  void unsubscribe_all(subscriber const* s);
  // Returns how many subscribers it reached.
  std::size_t publish(std::string const& topic, std::shared_ptr<const std::string> const& frame, bool ephemeral = false);
  std::size_t topic_count() const;

 private:
  struct entry {
    subscriber const* id;  // compared without locking `ref`; an expired entry may share it
    std::weak_ptr<subscriber> ref;
  };
  static constexpr std::size_t chunk_size = 64;
  using chunk = std::vector<entry>;
  // What a publish walks. Never changed once published.
  struct snapshot {
    std::vector<std::shared_ptr<chunk const>> chunks;
  };
  // One topic of one subscriber, and the chunk its entry is in.
  struct membership {
    std::string topic;
    std::size_t chunk;
  };
  // REQUIRES: mu_ held, for both.
  membership* find_membership(subscriber const* s, std::string const& topic);
  // Takes `s` out of the topic's snapshot: the last entry moves into its place.
  void remove_from(std::string const& topic, subscriber const* s, std::size_t chunk_index);

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<snapshot const>> topics_;
  std::unordered_map<subscriber const*, std::vector<membership>> by_subscriber_;
};

std::string team_topic(std::int64_t team_id);
std::string user_topic(std::int64_t user_id);
// Every signed-in socket (the shared supplier register's changes).
inline std::string site_topic() { return "site"; }

}  // namespace arena::bus
