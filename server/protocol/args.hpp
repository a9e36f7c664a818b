// Typed access to request fields, with errors that name the field. Unknown fields are ignored;
// present fields of the wrong type are errors (a null counts as absent for optional fields).
#pragma once

#include "protocol/codec.hpp"

#include <optional>
#include <string>
#include <vector>

namespace arena::protocol::args {

result<std::int64_t> id(json const& a, char const* field);
result<std::optional<std::int64_t>> opt_id(json const& a, char const* field);
result<std::int64_t> integer(json const& a, char const* field, std::int64_t min, std::int64_t max);
result<std::optional<std::int64_t>> opt_integer(json const& a, char const* field, std::int64_t min, std::int64_t max);
// A string of at most max_bytes (and at least min_bytes).
result<std::string> string(json const& a, char const* field, std::size_t min_bytes, std::size_t max_bytes);
result<std::optional<std::string>> opt_string(json const& a, char const* field, std::size_t max_bytes);
result<std::optional<bool>> opt_bool(json const& a, char const* field);
bool has(json const& a, char const* field);
// An array of at most max_items ids (positive integers); empty when absent or null.
result<std::vector<std::int64_t>> id_list(json const& a, char const* field, std::size_t max_items);
// An array of at most max_items strings of at most max_bytes each; empty when absent or null.
result<std::vector<std::string>> string_list(json const& a, char const* field, std::size_t max_items, std::size_t max_bytes);
// For updates: absent (outer empty: unchanged), null or "" (inner empty: cleared), or a value.
result<std::optional<std::optional<std::string>>> nullable_string(json const& a, char const* field, std::size_t max_bytes);
result<std::optional<std::optional<std::int64_t>>> nullable_id(json const& a, char const* field);

}  // namespace arena::protocol::args
