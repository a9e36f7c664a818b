// Arena's error type: a stable code plus a human message, carried by result<T>.
//
// Domain and store code return result<T>; protocol/ turns an error into the wire shape
// {"code": "...", "message": "..."} and, over HTTP, into a status code. The codes are part of
// the protocol (docs/PROTOCOL.md): never rename one.
#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace arena {

enum class errc {
  bad_request,      // a field is missing, of the wrong type, or out of range
  invalid_json,     // the body or frame is not JSON
  too_deep,         // JSON nested deeper than the limit
  unknown_op,       // no such operation
  unauthorized,     // no valid session or token
  forbidden,        // authenticated, but not allowed
  not_found,        // no such object (or not visible to the caller)
  conflict,         // unique constraint, stale version, already done
  gone,             // expired or used up (invitation, setup link)
  rate_limited,     // too many attempts; retry later
  too_large,        // over a size limit
  unavailable,      // shutting down or overloaded
  internal,         // a bug or an I/O failure; details in the log only
};

std::string_view to_string(errc c) noexcept;

// An error with a code and a message meant for the user (never secrets, never SQL).
struct error {
  errc code = errc::internal;
  std::string message;
  int retry_after_s = 0;  // with rate_limited: seconds to wait
  // Optional, with bad_request: which rule the input broke, as a code a client can word in the
  // reader's language (docs/PROTOCOL.md "Errors" lists them); the message says it in English.
  std::string reason;
};

inline error make_error(errc c, std::string message) { return error{c, std::move(message), 0, {}}; }
inline error make_error(errc c, std::string message, std::string reason) { return error{c, std::move(message), 0, std::move(reason)}; }

template <class T>
using result = boost::system::result<T, error>;
using status = result<void>;

// Lets result<T>::value() throw when it holds an error (only tests and start-up code call it).
struct error_exception : std::runtime_error {
  explicit error_exception(error e) : std::runtime_error(e.message), err(std::move(e)) {}
  error err;
};
[[noreturn]] void throw_exception_from_error(error const& e, boost::source_location const& loc);

}  // namespace arena

// Unwraps a result into `var` or returns its error from the enclosing function.
#define ARENA_TRY(var, expr)              \
  auto var##_r = (expr);                  \
  if (!var##_r) return var##_r.error();   \
  auto var = std::move(*var##_r)
