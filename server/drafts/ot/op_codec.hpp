// The storage form of an op: a compact byte string for the op log (draft_ops.op), so that the
// store needs no JSON and replay needs no JSON parser. Not a wire format: protocol/ot_json is.
//
//   op        := varint(component count) component*
//   component := 0x00 varint(n)                    skip n
//              | 0x01 varint(bytes) utf8           insert
//              | 0x02 varint(n)                    delete n
//              | 0x03 varint(bytes) utf8           delete with its text
//
// varint: unsigned LEB128. decode() validates structure and then check(op).
#pragma once

#include "drafts/ot/op.hpp"

#include <string>
#include <string_view>

namespace arena::drafts::ot {

std::string encode(op const& o);
// errc::internal when the bytes are not a valid encoding of a valid op (storage corruption).
result<op> decode(std::string_view bytes);

}  // namespace arena::drafts::ot
