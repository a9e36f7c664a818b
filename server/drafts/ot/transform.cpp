// Operational transformation for text: how two people's concurrent edits are reconciled.
//
// Two clients edit the same version of a draft. Alice sends a (insert "x" at 3); Bob sends b
// (delete 2 characters at 1). The server applies whichever arrives first, say b; a was made
// against a document that no longer exists, so before applying it the server rewrites it as
// a' = transform(a, b, ...): "insert x at 1", because two of the characters before Alice's
// position are gone. Bob's client, which has applied b and then receives a, does the same.
// Alice's client, which has applied a and receives b, applies b' = transform(b, a, ...). Both
// end with apply(apply(d, b), a') == apply(apply(d, a), b'): that equation is the whole
// contract, and tests/unit/ot_transform.cpp checks it on random ops.
//
// The rules are those of ot-text-unicode 4.x (share/sharedb's "text-unicode" type), which the
// browser client runs, so every rule below reproduces what that package does, including its
// choices in ambiguous cases; tests/ot-diff runs both on thousands of random ops.
//
// An op is a walk over the document (op.hpp). transform(a, b) walks b's components while
// reading a alongside, in pieces cut to fit (the reader below), and emits a':
//
//   * b skips n: a's components over those n characters pass through unchanged, except that
//     an insert of a is never cut and does not use up any of the n (it takes no characters of
//     the old document).
//   * b inserts s: a' must skip over s. If a also inserts right here, the side decides who
//     goes first: side::left puts a's text before s, side::right after it. The server
//     transforms an incoming op with side::left against the ops it missed, and a client
//     transforms the server's ops with side::right against its pending ones, so both orders
//     agree.
//   * b deletes n characters: a's skips over them vanish (the characters are gone), a's
//     deletes of them vanish too (already deleted: both sides deleting the same text delete it
//     once), and a's inserts among them survive, at the place where the deletion happened.
//
// whatever is left of a after b is exhausted is appended as is (b keeps the rest of the
// document implicitly). compose(a, b) walks b over the document a produced: b's skips keep
// a's components (deletes of a are taken whole, as they occupy no room in a's output); b's
// inserts are emitted; b's deletes cancel text that a inserted, turn a's skips into deletes,
// and let a's own deletes through. Deletes that carry their text (invertible deletes) are cut
// by code points along with everything else, so the result stays invertible where the inputs
// were.
//
// Every result is built with append() and trim(), so it is normalised. Inputs must pass
// check(); the package itself accepts some non-normalised ops (["a","b"]) and then gives
// different answers than for their normal form, which is why the engine refuses them.
// transform and compose do not need the document: an op shorter than the other behaves as if
// it ended with a skip to infinity, as in the package.
#include "drafts/ot/transform.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace arena::drafts::ot {

namespace {

// Reads an op component by component, or in pieces of a given number of code points.
class reader {
 public:
  explicit reader(op const& o) noexcept : op_(o) {}

  bool done() const noexcept { return index_ == op_.size(); }
  // REQUIRES: !done().
  component_kind next_kind() const noexcept { return op_[index_].kind; }

  // The next piece, at most `max` code points long, except that a component of kind
  // `keep_whole` is returned whole. Past the end, the op reads as skips forever.
  component take(std::uint64_t max, component_kind keep_whole) {
    if (done()) return component::skip(max);
    component const& c = op_[index_];
    if (c.kind == keep_whole || c.length - offset_ <= max) return take_rest();
    component piece{c.kind, max, {}};
    if (!c.text.empty()) {
      std::string_view const rest = std::string_view(c.text).substr(byte_offset_);
      std::size_t const bytes = utf8::byte_offset(rest, max);
      piece.text.assign(rest.substr(0, bytes));
      byte_offset_ += bytes;
    }
    offset_ += max;
    return piece;
  }

  // The rest of the current component. REQUIRES: !done().
  component take_rest() {
    component const& c = op_[index_];
    component piece{c.kind, c.length - offset_,
                    c.text.empty() ? std::string() : c.text.substr(byte_offset_)};
    ++index_;
    offset_ = 0;
    byte_offset_ = 0;
    return piece;
  }

 private:
  op const& op_;
  std::size_t index_ = 0;
  std::uint64_t offset_ = 0;     // code points of op_[index_] already taken
  std::size_t byte_offset_ = 0;  // the same, in bytes of its text
};

// Cuts a delete into consecutive pieces by code points, keeping its text if it has one.
class delete_slicer {
 public:
  explicit delete_slicer(component const& d) noexcept : d_(d) {}

  component next(std::uint64_t n) {
    if (!d_.has_deleted_text()) return component::del(n);
    std::string_view const rest = std::string_view(d_.text).substr(byte_offset_);
    std::size_t const bytes = utf8::byte_offset(rest, n);
    byte_offset_ += bytes;
    return component{component_kind::del, n, std::string(rest.substr(0, bytes))};
  }
  void skip(std::uint64_t n) {
    if (d_.has_deleted_text()) {
      byte_offset_ += utf8::byte_offset(std::string_view(d_.text).substr(byte_offset_), n);
    }
  }

 private:
  component const& d_;
  std::size_t byte_offset_ = 0;
};

}  // namespace

result<op> transform(op const& a, op const& b, side s) {
  if (auto st = check(a); !st) return st.error();
  if (auto st = check(b); !st) return st.error();
  op out;
  out.reserve(a.size() + b.size());
  reader ra(a);
  for (component const& c : b) {
    switch (c.kind) {
      case component_kind::skip:
        for (std::uint64_t left = c.length; left > 0;) {
          component piece = ra.take(left, component_kind::insert);
          if (!piece.is_insert()) left -= piece.length;
          append(out, std::move(piece));
        }
        break;
      case component_kind::insert:
        if (s == side::left && !ra.done() && ra.next_kind() == component_kind::insert) {
          append(out, ra.take_rest());
        }
        append(out, component::skip(c.length));
        break;
      case component_kind::del:
        for (std::uint64_t left = c.length; left > 0;) {
          component piece = ra.take(left, component_kind::insert);
          if (piece.is_insert()) {
            append(out, std::move(piece));
          } else {
            left -= piece.length;  // a's skip or delete of text b deletes: nothing to do
          }
        }
        break;
    }
  }
  while (!ra.done()) append(out, ra.take_rest());
  trim(out);
  return out;
}

result<op> compose(op const& a, op const& b) {
  if (auto st = check(a); !st) return st.error();
  if (auto st = check(b); !st) return st.error();
  op out;
  out.reserve(a.size() + b.size());
  reader ra(a);
  for (component const& c : b) {
    switch (c.kind) {
      case component_kind::skip:
        for (std::uint64_t left = c.length; left > 0;) {
          component piece = ra.take(left, component_kind::del);
          if (!piece.is_del()) left -= piece.length;
          append(out, std::move(piece));
        }
        break;
      case component_kind::insert: append(out, c); break;
      case component_kind::del: {
        delete_slicer slicer(c);
        for (std::uint64_t done = 0; done < c.length;) {
          component piece = ra.take(c.length - done, component_kind::del);
          switch (piece.kind) {
            case component_kind::skip:  // b deletes text a kept
              append(out, slicer.next(piece.length));
              done += piece.length;
              break;
            case component_kind::insert:  // b deletes text a inserted: both vanish
              slicer.skip(piece.length);
              done += piece.length;
              break;
            case component_kind::del:  // a's delete comes first in the document
              append(out, std::move(piece));
              break;
          }
        }
        break;
      }
    }
  }
  while (!ra.done()) append(out, ra.take_rest());
  trim(out);
  return out;
}

std::uint64_t transform_position(std::uint64_t cursor, op const& o, bool is_own_op) {
  // `pos` is where the walk is in the new document; the cursor moves with it.
  std::uint64_t pos = 0;
  for (component const& c : o) {
    if (!(cursor > pos || (is_own_op && cursor == pos))) break;
    switch (c.kind) {
      case component_kind::skip: pos += c.length; break;
      case component_kind::insert:
        pos += c.length;
        cursor += c.length;
        break;
      case component_kind::del: cursor -= std::min(c.length, cursor - pos); break;
    }
  }
  return cursor;
}

selection transform_selection(selection s, op const& o, bool is_own_op) {
  return {transform_position(s.anchor, o, is_own_op), transform_position(s.focus, o, is_own_op)};
}

}  // namespace arena::drafts::ot
