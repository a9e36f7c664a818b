#include "auth/password_hasher.hpp"

#include "util/log.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace arena::auth {
namespace {

constexpr std::string_view argon2id_prefix = "$argon2id$";

// Number of code points if `s` is well-formed UTF-8 (no overlong forms, no surrogates, nothing
// past U+10FFFF, no truncated sequence), else nullopt.
std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len;
    char32_t cp, min;
    if (b0 < 0x80) {
      ++i;
      continue;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
      return std::nullopt;
    }
    if (s.size() - i < len) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += len;
  }
  return count;
}

std::string const& current_prefix() {
  static std::string const prefix =
      "$argon2id$v=" + std::to_string(ARGON2_VERSION_13) +
      "$m=" + std::to_string(password_hasher::m_cost_kib) +
      ",t=" + std::to_string(password_hasher::t_cost) +
      ",p=" + std::to_string(password_hasher::parallelism) + "$";
  return prefix;
}

}  // namespace

std::optional<std::string> password_problem(std::string_view password) {
  if (password.size() > max_password_bytes) {
    return "The password is too long: at most " + std::to_string(max_password_bytes) + " bytes.";
  }
  auto chars = utf8_length(password);
  if (!chars) return std::string("The password is not valid UTF-8 text.");
  if (*chars < min_password_chars) {
    return "The password is too short: at least " + std::to_string(min_password_chars) +
           " characters.";
  }
  return std::nullopt;
}

// One semaphore slot for the lifetime of the object. in_flight_ is raised only after acquiring
// and lowered before releasing, so it never exceeds the bound even for an instant.
class password_hasher::permit {
 public:
  explicit permit(password_hasher& h) : h_(h) {
    h_.slots_.acquire();
    int now = h_.in_flight_.fetch_add(1, std::memory_order_relaxed) + 1;
    int peak = h_.peak_in_flight_.load(std::memory_order_relaxed);
    while (now > peak &&
           !h_.peak_in_flight_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
  }
  ~permit() {
    h_.in_flight_.fetch_sub(1, std::memory_order_relaxed);
    h_.slots_.release();
  }
  permit(permit const&) = delete;
  permit& operator=(permit const&) = delete;

 private:
  password_hasher& h_;
};

password_hasher::password_hasher(std::ptrdiff_t max_concurrent)
    : slots_(max_concurrent < 1 ? 1 : max_concurrent) {
  // The dummy's password is random and forgotten: nothing can ever match it.
  unsigned char secret[32];
  if (RAND_bytes(secret, sizeof secret) != 1) {
    throw std::runtime_error("password_hasher: RAND_bytes failed");
  }
  std::string_view pw(reinterpret_cast<char const*>(secret), sizeof secret);
  permit p(*this);
  dummy_encoded_ = hash_unbounded(pw);
}

std::string password_hasher::hash(std::string_view password) {
  permit p(*this);
  return hash_unbounded(password);
}

std::string password_hasher::hash_unbounded(std::string_view password) {
  unsigned char salt[salt_bytes];
  if (RAND_bytes(salt, sizeof salt) != 1) {
    throw std::runtime_error("password_hasher: RAND_bytes failed");
  }
  std::size_t len =
      argon2_encodedlen(t_cost, m_cost_kib, parallelism, salt_bytes, hash_bytes, Argon2_id);
  std::vector<char> encoded(len + 1, '\0');  // argon2_encodedlen counts the NUL; +1 to be safe
  int rc = argon2id_hash_encoded(t_cost, m_cost_kib, parallelism, password.data(),
                                 password.size(), salt, sizeof salt, hash_bytes, encoded.data(),
                                 encoded.size());
  if (rc != ARGON2_OK) {
    throw std::runtime_error(std::string("password_hasher: ") + argon2_error_message(rc));
  }
  return std::string(encoded.data());
}

int password_hasher::verify_unbounded(std::string const& encoded,
                                      std::string_view password) noexcept {
  return argon2id_verify(encoded.c_str(), password.data(), password.size());
}

bool password_hasher::verify(std::string_view encoded, std::string_view password) noexcept {
  try {
    bool well_formed = encoded.starts_with(argon2id_prefix) &&
                       encoded.find('\0') == std::string_view::npos;
    if (!well_formed || password.size() > max_password_bytes) {
      verify_dummy(password.substr(0, max_password_bytes));
      return false;
    }
    std::string enc(encoded);
    permit p(*this);
    int rc = verify_unbounded(enc, password);
    if (rc == ARGON2_OK) return true;
    if (rc != ARGON2_VERIFY_MISMATCH) {
      // A corrupt stored hash, or out of memory. Both are ours to fix, not the user's.
      util::log::warn("auth.argon2_verify_error",
                      {{"code", rc}, {"message", argon2_error_message(rc)}});
      if (rc != ARGON2_MEMORY_ALLOCATION_ERROR) {
        // Rejected while decoding or checking parameters, before any hashing: do the work now.
        verify_unbounded(dummy_encoded_, password);
      }
    }
    return false;
  } catch (...) {
    return false;
  }
}

void password_hasher::verify_dummy(std::string_view password) noexcept {
  permit p(*this);
  verify_unbounded(dummy_encoded_, password);
}

bool password_hasher::needs_rehash(std::string_view encoded) noexcept {
  try {
    return !encoded.starts_with(current_prefix());
  } catch (...) {
    return true;
  }
}

}  // namespace arena::auth
