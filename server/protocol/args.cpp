#include "protocol/args.hpp"

namespace arena::protocol::args {

namespace {
error bad(char const* field, std::string_view what) { return make_error(errc::bad_request, std::string(field) + ": " + std::string(what)); }
json const* find(json const& a, char const* field) {
  auto it = a.find(field);
  if (it == a.end() || it->is_null()) return nullptr;
  return &*it;
}
}  // namespace

bool has(json const& a, char const* field) { return find(a, field) != nullptr; }

result<std::int64_t> id(json const& a, char const* field) {
  auto const* v = find(a, field);
  if (!v) return bad(field, "is required");
  if (!v->is_number_integer()) return bad(field, "must be an integer");
  auto n = v->get<std::int64_t>();
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return bad(field, "out of range");
  if (n < 1) return bad(field, "must be a positive integer");
  return n;
}

result<std::optional<std::int64_t>> opt_id(json const& a, char const* field) {
  if (!find(a, field)) return std::optional<std::int64_t>{};
  auto r = id(a, field);
  if (!r) return r.error();
  return std::optional<std::int64_t>{*r};
}

result<std::int64_t> integer(json const& a, char const* field, std::int64_t min, std::int64_t max) {
  auto const* v = find(a, field);
  if (!v) return bad(field, "is required");
  if (!v->is_number_integer()) return bad(field, "must be an integer");
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return bad(field, "out of range");
  auto n = v->get<std::int64_t>();
  if (n < min || n > max) return make_error(errc::bad_request, std::string(field) + ": must be between " + std::to_string(min) + " and " + std::to_string(max));
  return n;
}

result<std::optional<std::int64_t>> opt_integer(json const& a, char const* field, std::int64_t min, std::int64_t max) {
  if (!find(a, field)) return std::optional<std::int64_t>{};
  auto r = integer(a, field, min, max);
  if (!r) return r.error();
  return std::optional<std::int64_t>{*r};
}

result<std::string> string(json const& a, char const* field, std::size_t min_bytes, std::size_t max_bytes) {
  auto const* v = find(a, field);
  if (!v) return bad(field, "is required");
  if (!v->is_string()) return bad(field, "must be a string");
  auto const& s = v->get_ref<std::string const&>();
  if (s.size() < min_bytes) return bad(field, min_bytes == 1 ? "must not be empty" : "is too short");
  if (s.size() > max_bytes) return bad(field, "is too long");
  return s;
}

result<std::optional<std::string>> opt_string(json const& a, char const* field, std::size_t max_bytes) {
  if (!find(a, field)) return std::optional<std::string>{};
  auto r = string(a, field, 0, max_bytes);
  if (!r) return r.error();
  return std::optional<std::string>{std::move(*r)};
}

result<std::optional<bool>> opt_bool(json const& a, char const* field) {
  auto const* v = find(a, field);
  if (!v) return std::optional<bool>{};
  if (!v->is_boolean()) return bad(field, "must be true or false");
  return std::optional<bool>{v->get<bool>()};
}

result<std::vector<std::int64_t>> id_list(json const& a, char const* field, std::size_t max_items) {
  std::vector<std::int64_t> out;
  auto const* v = find(a, field);
  if (!v) return out;
  if (!v->is_array() || v->size() > max_items) return bad(field, "an array of at most " + std::to_string(max_items) + " ids");
  for (auto const& x : *v) {
    if (!x.is_number_integer() || x.get<std::int64_t>() < 1) return bad(field, "an array of ids");
    out.push_back(x.get<std::int64_t>());
  }
  return out;
}

result<std::vector<std::string>> string_list(json const& a, char const* field, std::size_t max_items, std::size_t max_bytes) {
  std::vector<std::string> out;
  auto const* v = find(a, field);
  if (!v) return out;
  if (!v->is_array() || v->size() > max_items) return bad(field, "an array of at most " + std::to_string(max_items) + " strings");
  for (auto const& x : *v) {
    if (!x.is_string() || x.get_ref<std::string const&>().size() > max_bytes) return bad(field, "an array of strings");
    out.push_back(x.get<std::string>());
  }
  return out;
}

result<std::optional<std::optional<std::string>>> nullable_string(json const& a, char const* field, std::size_t max_bytes) {
  using out_t = std::optional<std::optional<std::string>>;
  if (!a.contains(field)) return out_t();
  auto const& v = a.at(field);
  if (v.is_null() || (v.is_string() && v.get_ref<std::string const&>().empty())) return out_t(std::optional<std::string>());
  ARENA_TRY(s, string(a, field, 0, max_bytes));
  return out_t(std::optional<std::string>(std::move(s)));
}

result<std::optional<std::optional<std::int64_t>>> nullable_id(json const& a, char const* field) {
  using out_t = std::optional<std::optional<std::int64_t>>;
  if (!a.contains(field)) return out_t();
  if (a.at(field).is_null()) return out_t(std::optional<std::int64_t>());
  ARENA_TRY(v, id(a, field));
  return out_t(std::optional<std::int64_t>(v));
}

}  // namespace arena::protocol::args
