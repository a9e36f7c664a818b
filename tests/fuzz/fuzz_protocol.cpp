// fuzz_protocol: one WebSocket text frame, as net/ws_session hands it over, into
// application::on_text: the codec (protocol/codec: bounded-depth JSON), the request envelope
// (rid, op), the op table's dispatch (protocol/op_table: lookup, access, fields) and every
// handler behind it, against the fuzz site (fuzz_site.hpp): a temporary database with people,
// team 1 and its channel, draft, meeting, poll, supplier, case and note.
//
// Each input is sent twice, on a fresh socket of Anne (facilitator of team 1) and then on one of
// Ada (the administrator), so both the refusals and the administrator's deeper paths are
// reached. It proves, for every input:
//   - an answer comes (a frame with "re"), and every frame the server sends is a JSON object;
//   - the answer is either {"ok": true} or {"ok": false, "error": {"code", "message"}} with one
//     of the documented error codes (a typed error, never an exception escaping as silence);
//   - the answer's "re" is the request's rid (null when the frame had none or an unusable one);
//   - and, through ASan/UBSan, no memory error, undefined behaviour or leak on the way.
// The database keeps what the inputs write (the site is built once per process), so a crash may
// depend on earlier inputs; scripts/run-fuzz keeps the whole run's log for that reason.
#include "fuzz_site.hpp"

#include <cstddef>
#include <cstdint>

using namespace arena;
using arena::fuzz::fail;
using arena::fuzz::json;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::site::get();
  return 0;
}

namespace {

// What "re" must be: the rid when the frame is an object with a string or number rid.
json expected_re(std::string const& text) {
  auto parsed = protocol::parse_object(text);
  if (!parsed) return nullptr;
  auto it = parsed->find("rid");
  if (it == parsed->end() || (!it->is_string() && !it->is_number())) return nullptr;
  return *it;
}

void check_answer(std::string const& frame, json const& want_re) {
  auto j = json::parse(frame, nullptr, false);
  if (j.is_discarded() || !j.is_object()) fail("answer is not a JSON object: " + frame.substr(0, 300));
  if (j["re"] != want_re) fail("answer's re " + j["re"].dump() + " is not the request's rid " + want_re.dump());
  auto ok = j.find("ok");
  if (ok == j.end() || !ok->is_boolean()) fail("answer without a boolean ok: " + frame.substr(0, 300));
  if (*ok) return;
  auto err = j.find("error");
  if (err == j.end() || !err->is_object() || !(*err)["code"].is_string() || !(*err)["message"].is_string())
    fail("error answer without error.code and error.message: " + frame.substr(0, 300));
  if (!fuzz::known_error_code((*err)["code"].get<std::string>())) fail("undocumented error code: " + frame.substr(0, 300));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  // net/ws_session closes a longer message with 1009 before the application sees it.
  if (size > 64 * 1024) return -1;
  auto& s = fuzz::site::get();
  std::string text(reinterpret_cast<char const*>(data), size);
  json const want_re = expected_re(text);
  for (auto const* who : {&s.member, &s.admin}) {
    auto peer = s.open_socket(*who);
    std::size_t cursor = 0;
    check_answer(s.request(peer, text, cursor), want_re);
    s.app().on_close(peer);
  }
  return 0;
}
