#include "auth/token_bucket.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

namespace arena::auth {
namespace {

// Absorbs rounding in tokens_ (refills of fractions of a token add up inexactly), so that
// waiting exactly retry_after_ms() is always enough.
constexpr double epsilon = 1e-9;

}  // namespace

token_bucket::token_bucket(double rate_per_s, double burst) noexcept
    : rate_per_ms_(rate_per_s / 1000.0), burst_(burst), tokens_(burst) {}

void token_bucket::refill(std::int64_t now_ms) noexcept {
  if (!started_) {
    started_ = true;
    last_ms_ = now_ms;
    return;
  }
  if (now_ms <= last_ms_) return;
  double gained = static_cast<double>(now_ms - last_ms_) * rate_per_ms_;
  tokens_ = std::min(burst_, tokens_ + gained);
  last_ms_ = now_ms;
}

bool token_bucket::take(std::int64_t now_ms, double n) noexcept {
  refill(now_ms);
  if (tokens_ + epsilon < n) return false;
  tokens_ = std::max(0.0, tokens_ - n);
  return true;
}

int token_bucket::retry_after_ms(std::int64_t now_ms, double n) noexcept {
  refill(now_ms);
  if (tokens_ + epsilon >= n) return 0;
  if (n > burst_ + epsilon || !(rate_per_ms_ > 0)) return INT_MAX;
  double wait = std::ceil((n - tokens_) / rate_per_ms_);
  if (!(wait < static_cast<double>(INT_MAX))) return INT_MAX;
  return std::max(1, static_cast<int>(wait));
}

double token_bucket::available(std::int64_t now_ms) noexcept {
  refill(now_ms);
  return tokens_;
}

}  // namespace arena::auth
