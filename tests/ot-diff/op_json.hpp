// JSON <-> op for tests and tools: the wire form of ot-text-unicode ops, with nlohmann/json.
//
// Header-only and outside server/, because server/drafts/ot never sees JSON (protocol/ will
// have its own codec; this one is the reference the differential harness uses, and its rules
// are the ones that codec should follow):
//
//   N (a JSON integer)   skip N          "s"            insert s
//   {"d": N}             delete N        {"d": "s"}     delete s
//
// Parsing is structural only: it accepts empty components (0, "", {"d":0}) so that normalise
// can be tested, and leaves every other rule to check(). It refuses what the op type cannot
// hold: non-integers (1.5, 1e300), negatives, other JSON types, objects with other keys.
#pragma once

#include "drafts/ot/op.hpp"
#include "drafts/ot/transform.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace arena::drafts::ot::json_adapter {

// A non-negative JSON integer, as a count.
inline result<std::uint64_t> count_from_json(nlohmann::json const& j, char const* what) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer()) {
    return make_error(errc::bad_request, std::string(what) + " must not be negative");
  }
  return make_error(errc::bad_request, std::string(what) + " must be a whole number");
}

inline result<op> op_from_json(nlohmann::json const& j) {
  if (!j.is_array()) return make_error(errc::bad_request, "op must be an array of components");
  op o;
  o.reserve(j.size());
  for (auto const& c : j) {
    if (c.is_string()) {
      o.push_back(component::insert(c.get<std::string>()));
    } else if (c.is_number()) {
      auto n = count_from_json(c, "a skip");
      if (!n) return n.error();
      o.push_back(component::skip(*n));
    } else if (c.is_object() && c.size() == 1 && c.contains("d")) {
      auto const& d = c["d"];
      if (d.is_string()) {
        o.push_back(component::del_text(d.get<std::string>()));
      } else {
        auto n = count_from_json(d, "a delete count");
        if (!n) return n.error();
        o.push_back(component::del(*n));
      }
    } else {
      return make_error(errc::bad_request,
                        "op component must be a number, a string or {\"d\": number or string}");
    }
  }
  return o;
}

inline nlohmann::json op_to_json(op const& o) {
  auto out = nlohmann::json::array();
  for (auto const& c : o) {
    switch (c.kind) {
      case component_kind::skip: out.push_back(c.length); break;
      case component_kind::insert: out.push_back(c.text); break;
      case component_kind::del:
        if (c.has_deleted_text()) {
          out.push_back(nlohmann::json{{"d", c.text}});
        } else {
          out.push_back(nlohmann::json{{"d", c.length}});
        }
        break;
    }
  }
  return out;
}

inline result<side> side_from_json(nlohmann::json const& j) {
  if (j == "left") return side::left;
  if (j == "right") return side::right;
  return make_error(errc::bad_request, "side must be \"left\" or \"right\"");
}

}  // namespace arena::drafts::ot::json_adapter
