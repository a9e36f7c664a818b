// Whether the tests (and so the server they start, built with the same flags) were compiled with
// a sanitizer: make sanitize (ASan+UBSan, unoptimised) or make tsan. Such a build runs several
// times more slowly, and ASan adds shadow memory and keeps freed blocks in quarantine, so a few
// tests scale their counts down or leave out their memory bounds there; each says so.
#pragma once

#include <algorithm>

namespace arena::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool sanitized = true;
#else
inline constexpr bool sanitized = false;
#endif
#else
inline constexpr bool sanitized = false;
#endif

// A count for this build: `full` normally, `full / divisor` (at least 1) under a sanitizer.
inline int scaled(int full, int divisor) { return sanitized ? std::max(1, full / divisor) : full; }

}  // namespace arena::testing
