#include "net/types.hpp"

namespace arena::net {

std::string_view request_info::header(std::string_view lower_name) const {
  for (auto const& [k, v] : headers)
    if (k == lower_name) return v;
  return {};
}

}  // namespace arena::net
