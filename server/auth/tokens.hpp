// Secret tokens and the primitives around them: generation, hashing, comparison.
//
// Session tokens, setup links and invitation codes are random_token(): 32 bytes (256 bits) from
// OpenSSL's CSPRNG, written in base64url without padding so they travel in URLs, cookies and
// JSON without escaping (43 characters). The database stores only sha256_hex(token), so a leaked
// database or backup does not hand out live sessions; a token presented by a client is hashed
// and looked up by that hash. Where a secret must be compared with a known value, use
// constant_time_equal, never ==.
//
// Thread-safety: thread-safe (OpenSSL 3's default RAND and digests are safe to use from many
// threads without locking of ours).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace arena::auth {

// `bytes` random bytes from RAND_bytes, base64url-encoded without '=' padding: the result has
// ceil(4 * bytes / 3) characters from [A-Za-z0-9_-]. Throws std::runtime_error if the CSPRNG
// fails (it is then unsafe to continue issuing secrets; callers turn this into errc::internal).
// REQUIRES: bytes >= 16 for anything that guards access (128 bits); the default is 32.
std::string random_token(std::size_t bytes = 32);

// base64url without padding (RFC 4648 section 5), as used by random_token.
std::string base64url_encode(std::string_view data);

// SHA-256 of `data` as 64 lower-case hex digits. Throws std::runtime_error if OpenSSL fails.
std::string sha256_hex(std::string_view data);

// Compares two byte strings in time that depends only on their lengths, not on where they first
// differ. Strings of different lengths are unequal at once: lengths are not secret here
// (tokens and hex digests have fixed lengths).
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace arena::auth
