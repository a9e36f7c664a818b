// The C++ side of the differential test (run.mjs): reads one JSON case per line on stdin,
// runs it through server/drafts/ot, writes one JSON answer per line on stdout, in order.
//
//   {"fn":"apply","doc":"abc","op":[1,"X"]}                -> {"ok":true,"result":"aXbc"}
//   {"fn":"transform","op":[..],"other":[..],"side":"left"} -> {"ok":true,"result":[..]}
//   {"fn":"compose","a":[..],"b":[..]}
//   {"fn":"transformPosition","cursor":3,"op":[..]}        ("own":true for is_own_op)
//   {"fn":"transformSelection","selection":3 or [1,4],"op":[..]}
//   {"fn":"normalize","op":[..]}   {"fn":"check","op":[..]} (with "doc" to check against it)
//   {"fn":"makeInvertible","op":[..],"doc":".."}  {"fn":"invert","op":[..]}
//   {"fn":"stripInvertible","op":[..]}
//
// Failures answer {"ok":false,"error":{"code":"bad_request","message":".."}}; a line that is
// not JSON answers with code invalid_json. Op fields are parsed structurally and then
// validated by check(), as protocol/ will do.
#include "protocol/ot_json.hpp"

#include <iostream>
#include <string>

namespace ot = arena::drafts::ot;
using nlohmann::json;

namespace {

json fail(arena::error const& e) {
  return {{"ok", false}, {"error", {{"code", arena::to_string(e.code)}, {"message", e.message}}}};
}

json ok(json result) { return {{"ok", true}, {"result", std::move(result)}}; }

// An op field, parsed and checked.
arena::result<ot::op> checked_op(json const& j) {
  auto o = arena::protocol::op_from_json(j);
  if (!o) return o;
  if (auto st = ot::check(*o); !st) return st.error();
  return o;
}

arena::result<std::string> text_field(json const& c, char const* key) {
  if (!c.contains(key) || !c[key].is_string()) {
    return arena::make_error(arena::errc::bad_request, std::string(key) + " must be a string");
  }
  std::string s = c[key].get<std::string>();
  if (!ot::utf8::valid(s)) {
    return arena::make_error(arena::errc::bad_request, std::string(key) + " is not valid UTF-8");
  }
  return s;
}

#define TRY(var, expr)                 \
  auto var = (expr);                   \
  if (!var) return fail(var.error())

json run(json const& c) {
  std::string const fn = c.value("fn", "");
  if (fn == "apply") {
    TRY(doc, text_field(c, "doc"));
    TRY(o, arena::protocol::op_from_json(c.value("op", json())));
    TRY(out, ot::apply_text(*doc, *o));
    return ok(*out);
  }
  if (fn == "transform") {
    TRY(a, arena::protocol::op_from_json(c.value("op", json())));
    TRY(b, arena::protocol::op_from_json(c.value("other", json())));
    TRY(s, arena::protocol::side_from_json(c.value("side", json())));
    TRY(out, ot::transform(*a, *b, *s));
    return ok(arena::protocol::op_to_json(*out));
  }
  if (fn == "compose") {
    TRY(a, arena::protocol::op_from_json(c.value("a", json())));
    TRY(b, arena::protocol::op_from_json(c.value("b", json())));
    TRY(out, ot::compose(*a, *b));
    return ok(arena::protocol::op_to_json(*out));
  }
  if (fn == "transformPosition" || fn == "transformSelection") {
    TRY(o, checked_op(c.value("op", json())));
    bool const own = c.value("own", false);
    json const& at = fn == "transformPosition" ? c["cursor"] : c["selection"];
    if (at.is_array() && at.size() == 2 && at[0].is_number_unsigned() &&
        at[1].is_number_unsigned()) {
      auto const s = ot::transform_selection({at[0].get<std::uint64_t>(), at[1].get<std::uint64_t>()},
                                             *o, own);
      return ok(json::array({s.anchor, s.focus}));
    }
    if (!at.is_number_unsigned()) {
      return fail(arena::make_error(arena::errc::bad_request, "cursor must be a whole number"));
    }
    return ok(ot::transform_position(at.get<std::uint64_t>(), *o, own));
  }
  if (fn == "normalize") {
    TRY(o, arena::protocol::op_from_json(c.value("op", json())));
    return ok(arena::protocol::op_to_json(ot::normalise(*o)));
  }
  if (fn == "check") {
    TRY(o, arena::protocol::op_from_json(c.value("op", json())));
    if (c.contains("doc")) {
      TRY(doc, text_field(c, "doc"));
      if (auto st = ot::check(*o, ot::rope(*doc)); !st) return fail(st.error());
    } else if (auto st = ot::check(*o); !st) {
      return fail(st.error());
    }
    return ok(true);
  }
  if (fn == "makeInvertible") {
    TRY(doc, text_field(c, "doc"));
    TRY(o, arena::protocol::op_from_json(c.value("op", json())));
    TRY(out, ot::make_invertible(*o, ot::rope(*doc)));
    return ok(arena::protocol::op_to_json(*out));
  }
  if (fn == "invert") {
    TRY(o, arena::protocol::op_from_json(c.value("op", json())));
    TRY(out, ot::invert(*o));
    return ok(arena::protocol::op_to_json(*out));
  }
  if (fn == "stripInvertible") {
    TRY(o, checked_op(c.value("op", json())));
    return ok(arena::protocol::op_to_json(ot::strip_invertible(*o)));
  }
  return fail(arena::make_error(arena::errc::unknown_op, "unknown fn: " + fn));
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    json answer;
    try {
      json const c = json::parse(line);
      answer = c.is_object() ? run(c)
                             : fail(arena::make_error(arena::errc::bad_request, "not an object"));
    } catch (json::exception const& e) {
      answer = fail(arena::make_error(arena::errc::invalid_json, e.what()));
    }
    std::cout << answer.dump() << '\n';
  }
  std::cout.flush();
  return 0;
}
