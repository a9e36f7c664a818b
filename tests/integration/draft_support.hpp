// Shared steps of the draft integration tests: a ShareDB-style OT client over ws_client that
// uses the server's own engine (drafts/ot) for its side of the transforms, as the web client
// uses the npm package.
#pragma once

#include "drafts/ot/op.hpp"
#include "drafts/ot/transform.hpp"
#include "integration/site.hpp"
#include "protocol/ot_json.hpp"

#include <doctest/doctest.h>

#include <optional>

namespace arena::itest {

namespace ot = arena::drafts::ot;

inline json draft_create(http_client& who, std::int64_t team, std::string const& title, std::string const& body = "",
                         std::string const& kind = "kravspesifikasjon") {
  auto r = who.post("draft.create", {{"team_id", team}, {"title", title}, {"kind", kind}, {"body", body}});
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.body_json["draft"];
}

inline std::string draft_text_now(http_client& who, std::int64_t team, std::int64_t draft) {
  auto r = who.post("draft.open", {{"team_id", team}, {"draft_id", draft}});
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.body_json["text"].get<std::string>();
}

// One editor: the text it shows, its version, one op in flight and the ops typed meanwhile.
class ot_editor {
 public:
  ot_editor(std::unique_ptr<ws_client> ws, std::int64_t team, std::int64_t draft, std::string client_id)
      : ws_(std::move(ws)), team_(team), draft_(draft), client_id_(std::move(client_id)) {}

  json open() {
    auto r = ws_->request("draft.open", {{"team_id", team_}, {"draft_id", draft_}});
    REQUIRE_MESSAGE(r["ok"] == true, r.dump());
    text_ = r["text"].get<std::string>();
    version_ = r["version"].get<std::int64_t>();
    return r;
  }

  // Reconnects on a new socket, catches up with since_version and resends what is unacknowledged.
  void reconnect(std::unique_ptr<ws_client> ws) {
    ws_ = std::move(ws);
    auto r = ws_->request("draft.open", {{"team_id", team_}, {"draft_id", draft_}, {"since_version", version_}});
    REQUIRE_MESSAGE(r["ok"] == true, r.dump());
    REQUIRE_FALSE(r.contains("reload"));
    for (auto const& rec : r["ops"]) on_op(rec);
    if (inflight_) send_inflight();
  }

  // A local edit: applied at once, sent when nothing is in flight.
  void edit(ot::op const& o) {
    auto applied = ot::apply_text(text_, o);
    REQUIRE(applied.has_value());
    text_ = std::move(*applied);
    if (pending_) {
      auto c = ot::compose(*pending_, o);
      REQUIRE(c.has_value());
      pending_ = std::move(*c);
    } else {
      pending_ = o;
    }
    flush();
  }

  // Handles one frame if one arrives within `wait`; false when none came.
  bool step(std::chrono::milliseconds wait) {
    if (!ws_->poll(wait)) return false;
    json f;
    try {
      f = ws_->next(io_timeout);
    } catch (std::exception const&) {
      if (ws_->closed()) FAIL("the server closed the socket: " << ws_->close_code().value_or(0) << " " << ws_->close_reason());
      return false;
    }
    handle(f);
    return true;
  }

  // Reads until nothing is in flight or pending.
  void settle() {
    for (int i = 0; i < 100000 && (inflight_ || pending_); ++i) REQUIRE(step(io_timeout));
  }

  void handle(json const& f) {
    if (f.contains("ev")) {
      if (f["ev"] == "draft.op" && f["draft_id"] == draft_) on_op(f);
      return;
    }
    if (f.contains("re")) {
      if (f["ok"] != true) {
        errors_.push_back(f);
        FAIL_CHECK("op refused: " << f.dump());
      }
    }
  }

  std::string const& text() const { return text_; }
  std::int64_t version() const { return version_; }
  bool idle() const { return !inflight_ && !pending_; }
  ws_client& ws() { return *ws_; }
  std::vector<json> const& errors() const { return errors_; }

 private:
  void on_op(json const& rec) {
    auto const v = rec["version"].get<std::int64_t>();
    if (v <= version_) return;  // seen already
    REQUIRE(v == version_ + 1);
    if (inflight_ && rec["client_id"] == client_id_ && rec["client_seq"] == inflight_seq_) {
      inflight_.reset();
      version_ = v;
      flush();
      return;
    }
    auto theirs = protocol::op_from_json(rec["op"]);
    REQUIRE(theirs.has_value());
    ot::op t = *theirs;
    if (inflight_) {
      auto a = ot::transform(*inflight_, t, ot::side::left);
      auto b = ot::transform(t, *inflight_, ot::side::right);
      REQUIRE(a.has_value());
      REQUIRE(b.has_value());
      inflight_ = std::move(*a);
      t = std::move(*b);
    }
    if (pending_) {
      auto a = ot::transform(*pending_, t, ot::side::left);
      auto b = ot::transform(t, *pending_, ot::side::right);
      REQUIRE(a.has_value());
      REQUIRE(b.has_value());
      pending_ = std::move(*a);
      t = std::move(*b);
    }
    auto applied = ot::apply_text(text_, t);
    REQUIRE(applied.has_value());
    text_ = std::move(*applied);
    version_ = v;
  }

  void flush() {
    if (inflight_ || !pending_) return;
    inflight_ = std::move(pending_);
    pending_.reset();
    inflight_seq_ = ++seq_;
    send_inflight();
  }

  void send_inflight() {
    json req = {{"op", "draft.submit"},     {"rid", ws_->next_rid()},
                {"team_id", team_},         {"draft_id", draft_},
                {"base_version", version_}, {"text_op", protocol::op_to_json(*inflight_)},
                {"client_id", client_id_},  {"client_seq", inflight_seq_}};
    REQUIRE(ws_->send_text(req.dump()));
  }

  std::unique_ptr<ws_client> ws_;
  std::int64_t team_, draft_;
  std::string client_id_;
  std::string text_;
  std::int64_t version_ = 0;
  std::optional<ot::op> inflight_, pending_;
  std::int64_t inflight_seq_ = 0, seq_ = 0;
  std::vector<json> errors_;
};

}  // namespace arena::itest
