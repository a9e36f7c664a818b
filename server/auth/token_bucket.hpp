// A token bucket: a rate limit that allows short bursts.
//
// The bucket holds up to `burst` tokens and gains `rate_per_s` tokens per second; an action
// costing n tokens goes ahead only if n are there. Starting full, it admits `burst` actions at
// once and then `rate_per_s` per second for as long as the client keeps it empty. Used per
// session for message rates (chat sends, typing events), where a refused action is answered
// with errc::rate_limited and retry_after_ms().
//
// Time is passed in (ms since epoch or any other fixed origin, but the same for every call) so
// tests need no sleeping; a time earlier than one already seen counts as no time passing.
// Thread-safety: not thread-safe; confine each bucket to its session's strand.
#pragma once

#include <cstdint>

namespace arena::auth {

class token_bucket {
 public:
  // A full bucket. REQUIRES: rate_per_s > 0, burst >= 1.
  token_bucket(double rate_per_s, double burst) noexcept;

  // Takes n tokens if available and returns true; otherwise takes nothing and returns false.
  // REQUIRES: n >= 0.
  bool take(std::int64_t now_ms, double n = 1) noexcept;

  // Milliseconds until take(now_ms + result, n) would succeed, if nothing else is taken
  // meanwhile: 0 if it would succeed now. A request bigger than the burst never succeeds and
  // gets INT_MAX. REQUIRES: n >= 0.
  int retry_after_ms(std::int64_t now_ms, double n = 1) noexcept;

  // Tokens in the bucket at now_ms (for tests and metrics).
  double available(std::int64_t now_ms) noexcept;

 private:
  void refill(std::int64_t now_ms) noexcept;

  double rate_per_ms_;
  double burst_;
  double tokens_;
  std::int64_t last_ms_ = 0;
  bool started_ = false;  // last_ms_ is meaningful only after the first call
};

}  // namespace arena::auth
