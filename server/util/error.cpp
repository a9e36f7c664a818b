#include "util/error.hpp"

namespace arena {

std::string_view to_string(errc c) noexcept {
  switch (c) {
    case errc::bad_request: return "bad_request";
    case errc::invalid_json: return "invalid_json";
    case errc::too_deep: return "too_deep";
    case errc::unknown_op: return "unknown_op";
    case errc::unauthorized: return "unauthorized";
    case errc::forbidden: return "forbidden";
    case errc::not_found: return "not_found";
    case errc::conflict: return "conflict";
    case errc::gone: return "gone";
    case errc::rate_limited: return "rate_limited";
    case errc::too_large: return "too_large";
    case errc::unavailable: return "unavailable";
    case errc::internal: return "internal";
  }
  return "internal";
}

void throw_exception_from_error(error const& e, boost::source_location const&) {
  throw error_exception(e);
}

}  // namespace arena
