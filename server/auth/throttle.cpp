#include "auth/throttle.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>

namespace arena::auth {
namespace {

constexpr int max_counted_failures = 1'000'000;  // saturate instead of overflowing

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

login_throttle::login_throttle(throttle_config config) : config_(config) {
  index_.reserve(std::min<std::size_t>(config_.max_keys, 1024));
}

std::string login_throttle::account_key(std::string_view email) {
  std::string key = "account:";
  for (char c : trim_spaces(email)) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return key;
}

std::string login_throttle::addr_key(std::string_view ip) {
  // One IPv6 client usually holds a whole /64: count the prefix, or it gets 2^64 keys.
  std::string text(ip);
  in6_addr a6{};
  if (text.find(':') != std::string::npos && inet_pton(AF_INET6, text.c_str(), &a6) == 1 &&
      !IN6_IS_ADDR_V4MAPPED(&a6)) {
    for (int i = 8; i < 16; ++i) a6.s6_addr[i] = 0;
    char buf[INET6_ADDRSTRLEN];
    if (inet_ntop(AF_INET6, &a6, buf, sizeof buf)) return "addr:" + std::string(buf) + "/64";
  }
  return "addr:" + text;
}

bool login_throttle::expired(entry const& e, std::int64_t now_ms) const noexcept {
  return now_ms - e.last_failure_ms > config_.window_ms && e.locked_until_ms <= now_ms;
}

std::int64_t login_throttle::lock_ms(int failures) const noexcept {
  int exponent = failures - config_.first_locking_failure;
  if (exponent < 0) return 0;
  if (exponent > 40) return config_.max_lock_ms;  // 2^40 s is past any sane cap already
  return std::min<std::int64_t>(std::int64_t{1000} << exponent, config_.max_lock_ms);
}

void login_throttle::erase(lru_list::iterator it) {
  index_.erase(std::string_view(it->key));
  lru_.erase(it);
}

void login_throttle::drop_expired(std::int64_t now_ms) {
  while (!lru_.empty() && expired(lru_.front(), now_ms)) erase(lru_.begin());
}

std::optional<int> login_throttle::retry_after_s(std::string_view key, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  drop_expired(now_ms);
  auto found = index_.find(key);
  if (found == index_.end()) return std::nullopt;
  entry const& e = *found->second;
  if (e.locked_until_ms <= now_ms) return std::nullopt;
  std::int64_t wait_ms = e.locked_until_ms - now_ms;
  return static_cast<int>((wait_ms + 999) / 1000);
}

void login_throttle::failure(std::string_view key, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  drop_expired(now_ms);
  lru_list::iterator it;
  auto found = index_.find(key);
  if (found != index_.end()) {
    it = found->second;
    if (expired(*it, now_ms)) it->failures = 0;  // behind the LRU front: not swept yet
    lru_.splice(lru_.end(), lru_, it);           // now the most recently failed
  } else {
    if (config_.max_keys == 0) return;
    while (lru_.size() >= config_.max_keys) {
      erase(lru_.begin());
      ++evictions_;
    }
    lru_.push_back(entry{std::string(key), 0, now_ms, 0});
    it = std::prev(lru_.end());
    index_.emplace(std::string_view(it->key), it);
  }
  entry& e = *it;
  e.failures = std::min(e.failures + 1, max_counted_failures);
  e.last_failure_ms = std::max(e.last_failure_ms, now_ms);
  std::int64_t lock_for = lock_ms(e.failures);
  if (lock_for > 0) e.locked_until_ms = std::max(e.locked_until_ms, now_ms + lock_for);
}

void login_throttle::success(std::string_view key) {
  std::lock_guard lock(mu_);
  auto found = index_.find(key);
  if (found != index_.end()) erase(found->second);
}

std::size_t login_throttle::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

std::uint64_t login_throttle::evictions() const {
  std::lock_guard lock(mu_);
  return evictions_;
}

}  // namespace arena::auth
