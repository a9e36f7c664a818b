// Password hashing with Argon2id, bounded so that a burst of logins cannot exhaust memory.
//
// Parameters are OWASP's first Argon2id recommendation: m = 19 MiB (19456 KiB), t = 2 passes,
// p = 1 lane, a 16-byte random salt and a 32-byte tag, stored as the PHC string libargon2 writes:
//
//   $argon2id$v=19$m=19456,t=2,p=1$<salt, base64 no padding>$<tag, base64 no padding>
//
// The string carries its own parameters, so verify() keeps working for hashes made with older
// parameters; needs_rehash() tells the login path to store a fresh hash after a successful
// login when the parameters have been raised.
//
// Each call costs ~19 MiB and tens of milliseconds of one core, on purpose. A semaphore admits
// at most `max_concurrent` calls at once (default 2, our core count); the others wait their turn
// in the calling thread. That bounds memory at max_concurrent * 19 MiB however many logins
// arrive, and turns a flood into queueing that the caller's own limits (login_throttle, request
// deadlines) shed.
//
// Timing: a login for an unknown e-mail must not answer faster than a wrong password, or the
// difference enumerates accounts. The caller runs verify_dummy() in that case, which verifies
// against a hash made at construction with the same parameters. verify() also falls back to the
// dummy for a stored value that is not a well-formed Argon2id string (an account whose password
// was never set) and for a password longer than any policy allows.
//
// Thread-safety: thread-safe. REQUIRES (every hashing call): called on a worker-pool thread,
// never an io thread; calls block for ~50 ms, longer while others hold the permits.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>

namespace arena::auth {

// Minimum length in code points and maximum in bytes (the bound keeps hashing cost and request
// size predictable; 1024 bytes is far beyond any passphrase).
inline constexpr std::size_t min_password_chars = 10;
inline constexpr std::size_t max_password_bytes = 1024;

// Why `password` may not be set as a new password, as a message for the user, or nullopt if it
// is acceptable: it must be valid UTF-8, at most max_password_bytes bytes and at least
// min_password_chars code points. Applies to new passwords only; login never checks policy.
std::optional<std::string> password_problem(std::string_view password);

class password_hasher {
 public:
  static constexpr std::uint32_t t_cost = 2;
  static constexpr std::uint32_t m_cost_kib = 19456;
  static constexpr std::uint32_t parallelism = 1;
  static constexpr std::size_t salt_bytes = 16;
  static constexpr std::size_t hash_bytes = 32;

  // Computes the dummy hash (one full hash, ~50 ms). Throws std::runtime_error if that fails.
  // REQUIRES: max_concurrent >= 1 (smaller values are taken as 1).
  explicit password_hasher(std::ptrdiff_t max_concurrent = 2);
  password_hasher(password_hasher const&) = delete;
  password_hasher& operator=(password_hasher const&) = delete;

  // A PHC string for `password` with a fresh random salt. Throws std::runtime_error when salt
  // generation or Argon2 fails (out of memory); the caller reports errc::internal.
  // REQUIRES: not on an io thread.
  std::string hash(std::string_view password);

  // True iff `encoded` is an Argon2id PHC string and `password` matches it. Never throws; any
  // failure is false. REQUIRES: not on an io thread.
  bool verify(std::string_view encoded, std::string_view password) noexcept;

  // Does the work of a failed verify() for a login whose account does not exist; the result is
  // discarded. REQUIRES: not on an io thread.
  void verify_dummy(std::string_view password) noexcept;

  // True if `encoded` was made with parameters other than the current ones.
  static bool needs_rehash(std::string_view encoded) noexcept;

  // For tests and metrics: calls inside the bound right now, and the most ever at once.
  int in_flight() const noexcept { return in_flight_.load(std::memory_order_relaxed); }
  int peak_in_flight() const noexcept { return peak_in_flight_.load(std::memory_order_relaxed); }

 private:
  class permit;  // RAII: holds one semaphore slot and maintains the in-flight counters

  std::string hash_unbounded(std::string_view password);
  // argon2id_verify's return code. REQUIRES: holding a permit; encoded has no NUL byte.
  int verify_unbounded(std::string const& encoded, std::string_view password) noexcept;

  std::counting_semaphore<> slots_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> peak_in_flight_{0};
  std::string dummy_encoded_;  // written once in the constructor, read-only afterwards
};

}  // namespace arena::auth
