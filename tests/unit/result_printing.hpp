// Lets doctest print arena::result<T> in CHECK/REQUIRE expressions: "ok" or "code: message".
#pragma once

#include "util/error.hpp"

#include <doctest/doctest.h>

#include <string>

namespace doctest {
template <class T>
struct StringMaker<boost::system::result<T, arena::error>> {
  static String convert(boost::system::result<T, arena::error> const& r) {
    if (r) return "ok";
    std::string s = std::string(arena::to_string(r.error().code)) + ": " + r.error().message;
    return String(s.c_str());
  }
};
}  // namespace doctest
