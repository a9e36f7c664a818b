#include "drafts/ot/op_codec.hpp"

#include "drafts/ot/utf8.hpp"

namespace arena::drafts::ot {

namespace {

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    auto const b = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= std::uint64_t(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

bool get_text(std::string_view& in, std::string& text) {
  std::uint64_t n = 0;
  if (!get_varint(in, n) || n > in.size()) return false;
  text.assign(in.substr(0, n));
  in.remove_prefix(n);
  return utf8::valid(text);
}

error corrupt() { return make_error(errc::internal, "stored op is corrupt"); }

}  // namespace

std::string encode(op const& o) {
  std::string out;
  put_varint(out, o.size());
  for (auto const& c : o) {
    switch (c.kind) {
      case component_kind::skip:
        out.push_back('\x00');
        put_varint(out, c.length);
        break;
      case component_kind::insert:
        out.push_back('\x01');
        put_varint(out, c.text.size());
        out += c.text;
        break;
      case component_kind::del:
        if (c.has_deleted_text()) {
          out.push_back('\x03');
          put_varint(out, c.text.size());
          out += c.text;
        } else {
          out.push_back('\x02');
          put_varint(out, c.length);
        }
        break;
    }
  }
  return out;
}

result<op> decode(std::string_view in) {
  std::uint64_t n = 0;
  if (!get_varint(in, n) || n > in.size()) return corrupt();
  op o;
  o.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    if (in.empty()) return corrupt();
    auto const tag = in.front();
    in.remove_prefix(1);
    std::uint64_t len = 0;
    std::string text;
    switch (tag) {
      case 0x00:
        if (!get_varint(in, len)) return corrupt();
        o.push_back(component::skip(len));
        break;
      case 0x01:
        if (!get_text(in, text)) return corrupt();
        o.push_back(component::insert(std::move(text)));
        break;
      case 0x02:
        if (!get_varint(in, len)) return corrupt();
        o.push_back(component::del(len));
        break;
      case 0x03:
        if (!get_text(in, text)) return corrupt();
        o.push_back(component::del_text(std::move(text)));
        break;
      default:
        return corrupt();
    }
  }
  if (!in.empty() || !check(o)) return corrupt();
  return o;
}

}  // namespace arena::drafts::ot
