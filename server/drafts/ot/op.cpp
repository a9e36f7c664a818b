#include "drafts/ot/op.hpp"

#include <ostream>
#include <sstream>
#include <utility>

namespace arena::drafts::ot {

namespace {

error bad(std::string message) { return make_error(errc::bad_request, std::move(message)); }

std::string_view kind_name(component_kind k) {
  switch (k) {
    case component_kind::skip: return "skip";
    case component_kind::insert: return "insert";
    case component_kind::del: return "delete";
  }
  return "component";
}

bool is_empty(component const& c) {
  return c.is_insert() ? c.text.empty() : c.length == 0;
}

// The text (of an insert or a delete with text) is valid UTF-8 and `length` counts it.
bool text_consistent(component const& c) {
  return utf8::valid(c.text) && utf8::code_points(c.text) == c.length;
}

}  // namespace

component component::insert(std::string s) {
  std::uint64_t const n = utf8::code_points(s);
  return {component_kind::insert, n, std::move(s)};
}

component component::del_text(std::string s) {
  std::uint64_t const n = utf8::code_points(s);
  return {component_kind::del, n, std::move(s)};
}

op_lengths measure(op const& o) noexcept {
  op_lengths l;
  for (auto const& c : o) {
    switch (c.kind) {
      case component_kind::skip: l.skipped += c.length; break;
      case component_kind::insert: l.inserted += c.length; break;
      case component_kind::del: l.deleted += c.length; break;
    }
  }
  return l;
}

void append(op& o, component c) {
  if (is_empty(c)) return;
  if (o.empty() || o.back().kind != c.kind) {
    o.push_back(std::move(c));
    return;
  }
  component& last = o.back();
  last.length += c.length;
  switch (c.kind) {
    case component_kind::skip: break;
    case component_kind::insert: last.text += c.text; break;
    case component_kind::del:
      // Keep the deleted text only if both halves have it; otherwise the count alone.
      if (last.has_deleted_text() && c.has_deleted_text()) {
        last.text += c.text;
      } else {
        last.text.clear();
      }
      break;
  }
}

void trim(op& o) noexcept {
  if (!o.empty() && o.back().is_skip()) o.pop_back();
}

op normalise(op o) {
  op out;
  out.reserve(o.size());
  for (auto& c : o) append(out, std::move(c));
  trim(out);
  return out;
}

status check(op const& o) {
  // The message is built only on failure: check runs on every op the server receives.
  auto fail = [&o](std::size_t i, std::string_view what) -> status {
    return bad("op component " + std::to_string(i) + " (" + std::string(kind_name(o[i].kind)) +
               ") " + std::string(what));
  };
  std::uint64_t span = 0;
  for (std::size_t i = 0; i < o.size(); ++i) {
    component const& c = o[i];
    if (is_empty(c)) return fail(i, "is empty");
    if (c.is_skip() && !c.text.empty()) return fail(i, "carries text");
    if (!c.is_skip() && !c.text.empty() && !text_consistent(c)) {
      return fail(i, "is not valid UTF-8 text");
    }
    if (i > 0 && o[i - 1].kind == c.kind) {
      return fail(i, "follows another of its kind: the op is not normalised");
    }
    if (!c.is_insert()) {
      if (c.length > max_span - span) return fail(i, "runs past any document length");
      span += c.length;
    }
  }
  if (!o.empty() && o.back().is_skip()) return bad("op ends with a skip: not normalised");
  return {};
}

status check(op const& o, rope const& doc) {
  if (auto s = check(o); !s) return s;
  std::uint64_t const doc_len = doc.length();
  std::uint64_t const need = measure(o).input();
  if (need > doc_len) {
    return bad("op covers " + std::to_string(need) + " characters but the document has " +
               std::to_string(doc_len));
  }
  std::uint64_t pre = 0;
  for (auto const& c : o) {
    if (c.has_deleted_text() && !doc.matches_at(pre, c.text)) {
      return bad("delete at " + std::to_string(pre) + " does not match the document");
    }
    if (!c.is_insert()) pre += c.length;
  }
  return {};
}

void apply_unchecked(rope& doc, op const& o) {
  std::uint64_t pos = 0;
  for (auto const& c : o) {
    switch (c.kind) {
      case component_kind::skip: pos += c.length; break;
      case component_kind::insert:
        doc.insert(pos, c.text);
        pos += c.length;
        break;
      case component_kind::del: doc.erase(pos, c.length); break;
    }
  }
}

status apply(rope& doc, op const& o) {
  if (auto s = check(o, doc); !s) return s;
  apply_unchecked(doc, o);
  return {};
}

result<std::string> apply_text(std::string_view doc, op const& o) {
  if (!utf8::valid(doc)) return bad("document is not valid UTF-8");
  rope r(doc);
  if (auto s = apply(r, o); !s) return s.error();
  return r.to_string();
}

op make_insert(std::uint64_t pos, std::string text) { return make_replace(pos, 0, std::move(text)); }

op make_delete(std::uint64_t pos, std::uint64_t count) { return make_replace(pos, count, {}); }

op make_replace(std::uint64_t pos, std::uint64_t del_count, std::string text) {
  op o;
  append(o, component::skip(pos));
  append(o, component::del(del_count));
  append(o, component::insert(std::move(text)));
  trim(o);
  return o;
}

bool is_invertible(op const& o) noexcept {
  for (auto const& c : o) {
    if (c.is_del() && !c.has_deleted_text()) return false;
  }
  return true;
}

result<op> make_invertible(op const& o, rope const& doc) {
  if (auto s = check(o, doc); !s) return s.error();
  op out;
  out.reserve(o.size());
  std::uint64_t pre = 0;
  for (auto const& c : o) {
    if (c.is_del() && !c.has_deleted_text()) {
      append(out, component::del_text(doc.substr(pre, c.length)));
    } else {
      append(out, c);
    }
    if (!c.is_insert()) pre += c.length;
  }
  return out;
}

op strip_invertible(op const& o) {
  op out;
  out.reserve(o.size());
  for (auto const& c : o) append(out, c.is_del() ? component::del(c.length) : c);
  return out;
}

result<op> invert(op const& o) {
  if (auto s = check(o); !s) return s.error();
  op out;
  out.reserve(o.size());
  for (auto const& c : o) {
    switch (c.kind) {
      case component_kind::skip: append(out, c); break;
      case component_kind::insert: append(out, component::del_text(c.text)); break;
      case component_kind::del:
        if (!c.has_deleted_text()) {
          return bad("cannot invert an op whose deletes do not carry the deleted text");
        }
        append(out, component::insert(c.text));
        break;
    }
  }
  return out;
}

namespace {

void write_quoted(std::ostream& os, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  os << '"';
  for (char ch : s) {
    auto const b = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      os << '\\' << ch;
    } else if (ch == '\n') {
      os << "\\n";
    } else if (b < 0x20) {
      os << "\\u00" << hex[b >> 4] << hex[b & 0xF];
    } else {
      os << ch;
    }
  }
  os << '"';
}

}  // namespace

std::ostream& operator<<(std::ostream& os, component const& c) {
  switch (c.kind) {
    case component_kind::skip: os << c.length; break;
    case component_kind::insert: write_quoted(os, c.text); break;
    case component_kind::del:
      os << "{\"d\":";
      if (c.has_deleted_text()) {
        write_quoted(os, c.text);
      } else {
        os << c.length;
      }
      os << '}';
      break;
  }
  return os;
}

std::ostream& operator<<(std::ostream& os, op const& o) {
  os << '[';
  for (std::size_t i = 0; i < o.size(); ++i) os << (i ? "," : "") << o[i];
  return os << ']';
}

std::string to_debug_string(op const& o) {
  std::ostringstream os;
  os << o;
  return os.str();
}

}  // namespace arena::drafts::ot
