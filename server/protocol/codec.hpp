// The wire codec: JSON text <-> nlohmann::json, with Arena's limits.
//
// Requests are JSON objects `{"op": "...", "rid": ..., ...fields}`. Parsing runs through a SAX
// handler that counts nesting and stops at depth 64 *while parsing*, before any deep value
// exists: nlohmann/json 3.11.2 recurses when it copies, dumps or destroys a value, so a deeply
// nested value that was allowed to exist could overflow the stack later. Invalid UTF-8 inside
// strings is rejected by the parser itself (the WebSocket layer has already closed text frames
// with invalid UTF-8 with 1007).
//
// Answers and events are encoded once into a shared buffer; fan-out hands the same buffer to
// every recipient.
#pragma once

#include "util/error.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace arena::protocol {

using json = nlohmann::json;

inline constexpr int max_depth = 64;

// Parses a JSON text that must be an object. Errors: invalid_json, too_deep.
result<json> parse_object(std::string_view text);

// Encodes compactly; invalid UTF-8 in strings (which our own data never has) is replaced.
std::string encode(json const& j);
std::shared_ptr<const std::string> encode_shared(json const& j);

// {"re": rid, "ok": true, ...fields} — fields must be an object (or null for none).
json make_answer(json const& rid, json fields);
// {"re": rid, "ok": false, "error": {"code", "message"[, "retry_after"][, "reason"]}}
json make_error_answer(json const& rid, error const& e);
// {"ok": false, "error": {...}} for HTTP
json error_body(error const& e);
json error_object(error const& e);
// HTTP status for an error code.
unsigned http_status(errc c);

}  // namespace arena::protocol
