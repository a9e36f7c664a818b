// Login throttling: exponential lock-outs per account and per client address.
//
// Every failed login is recorded under two keys, account_key(email) and addr_key(ip), each in
// its own instance or both in one (the prefixes keep them apart). Before verifying a password,
// the login path asks retry_after_s() for both keys and refuses with errc::rate_limited and the
// larger wait if either is locked, without touching the password hasher; a refused attempt is
// not a failure and does not extend the lock.
//
// Rule, per key: failures count within a sliding window (15 minutes after the latest failure).
// The first four are free. The n-th failure (n >= 5) locks the key for 2^(n-5) seconds, capped
// at 15 minutes: 1 s, 2 s, 4 s, ... 512 s, then 900 s for every further failure. A key whose
// latest failure is older than the window, and that is not locked, is forgotten, and counting
// starts again. So an online guesser gets about five guesses per account per quarter hour.
//
// success() forgets a key. Call it for the account key only, never for the address key:
// otherwise an attacker who owns one account resets their address's count by logging in to it
// between guesses at other accounts.
//
// Memory is bounded by max_keys. When full, expired keys go first, then the key whose latest
// failure is oldest. Eviction can free a locked key; to force one, an attacker must produce
// max_keys fresh failures, each costing a full password verification, which at our hashing rate
// takes far longer than the window. Behind IPv6, key addresses by their /64 prefix, or one
// client owns 2^64 keys.
//
// Time is passed in (ms since epoch, from util::now_ms()) so tests need no sleeping.
// Thread-safety: thread-safe (one mutex; every operation is O(1) amortised).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace arena::auth {

struct throttle_config {
  int first_locking_failure = 5;              // the n-th failure locks for 2^(n - this) s
  std::int64_t window_ms = 15 * 60 * 1000;    // failures older than this are forgotten
  std::int64_t max_lock_ms = 15 * 60 * 1000;  // cap of the exponential lock
  std::size_t max_keys = 100'000;             // memory bound
};

class login_throttle {
 public:
  explicit login_throttle(throttle_config config = {});
  login_throttle(login_throttle const&) = delete;
  login_throttle& operator=(login_throttle const&) = delete;

  // "account:" + the e-mail with ASCII letters lower-cased (and surrounding spaces trimmed).
  static std::string account_key(std::string_view email);
  // "addr:" + the address as given. REQUIRES: for IPv6, the caller passes the /64 prefix.
  static std::string addr_key(std::string_view ip);

  // Seconds until `key` may try again (>= 1), or nullopt if it may try now.
  std::optional<int> retry_after_s(std::string_view key, std::int64_t now_ms);
  // Records a failed attempt for `key` at `now_ms`, locking it if the count calls for it.
  void failure(std::string_view key, std::int64_t now_ms);
  // Forgets `key` (after a successful login; for account keys only, see above).
  void success(std::string_view key);

  // For tests and metrics.
  std::size_t size() const;
  std::uint64_t evictions() const;

 private:
  struct entry {
    std::string key;
    int failures = 0;
    std::int64_t last_failure_ms = 0;
    std::int64_t locked_until_ms = 0;
  };
  using lru_list = std::list<entry>;  // least recently failed first

  bool expired(entry const& e, std::int64_t now_ms) const noexcept;
  std::int64_t lock_ms(int failures) const noexcept;
  // REQUIRES: mu_ held.
  void drop_expired(std::int64_t now_ms);
  void erase(lru_list::iterator it);

  throttle_config const config_;
  mutable std::mutex mu_;
  lru_list lru_;
  // Keys view the `key` string inside their list node; list nodes never move.
  std::unordered_map<std::string_view, lru_list::iterator> index_;
  std::uint64_t evictions_ = 0;
};

}  // namespace arena::auth
