// A synchronous WebSocket client for the integration tests (plain or TLS).
//
// Connects with the Cookie, Origin and Authorization headers the test chooses, sends requests
// with request ids, and reads frames under a deadline. Frames that arrive while the test waits
// for something else are kept in order: request() skips events (and answers to other ids) and
// leaves them for wait_event()/next(); wait_close() reads until the server's close frame and
// reports its code (1006 when the connection ends without one).
// Thread-safety: none; one client per test thread.
#pragma once

#include "integration/harness.hpp"

#include <nlohmann/json.hpp>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace arena::itest {

using json = nlohmann::json;

class ws_client {
 public:
  struct options {
    std::string cookie{};                 // Cookie header value ("arena_session=..."); empty: none
    std::optional<std::string> origin{};  // Origin header; nullopt: none
    std::string bearer{};                 // Authorization: Bearer ...; empty: none
    std::string target = "/ws";
  };

  // The outcome of an upgrade attempt: 101 with a client, or the refusal's status.
  struct attempt {
    unsigned status = 0;
    std::unique_ptr<ws_client> client;
  };

  // Attempts the upgrade. Throws only on transport failures.
  static attempt try_connect(std::uint16_t port, bool tls, options const& o);
  // Connects and waits for the `hello` event (the server subscribes the socket to its teams
  // before sending it, so events published afterwards reach it). Throws when refused.
  static std::unique_ptr<ws_client> connect(std::uint16_t port, bool tls, options const& o);

  ~ws_client();

  // Sends {"op", "rid", ...fields} and returns the answer with that rid; frames met on the way
  // stay queued. Throws on timeout or when the server closes first.
  json request(std::string const& op, json fields = json::object(), std::chrono::milliseconds timeout = io_timeout);
  // Sends one text frame with exactly these bytes (no validation on our side). False when the
  // write failed (the server may close first, e.g. on an oversized message).
  bool send_text(std::string const& bytes);
  bool send_binary(std::string const& bytes);
  // The next frame, queued or read. Throws on timeout or close.
  json next(std::chrono::milliseconds timeout = io_timeout);
  // The first queued or arriving frame that is an event of that name; other frames stay queued.
  json wait_event(std::string const& name, std::chrono::milliseconds timeout = io_timeout);
  // The answer with this rid (queued or arriving), other frames stay queued.
  json wait_answer(json const& rid, std::chrono::milliseconds timeout = io_timeout);
  // True when a frame is queued or bytes arrive within `wait`; unlike a read with a short
  // deadline, a poll that finds nothing leaves the connection as it was.
  bool poll(std::chrono::milliseconds wait);
  // True when a queued frame (not yet consumed) is an event of that name.
  bool has_queued_event(std::string const& name) const;
  // True when a queued frame (not yet consumed) answers this rid.
  bool has_queued_answer(json const& rid) const;
  std::vector<json> const& hello() const { return hello_; }
  json const& hello_frame() const { return hello_.front(); }

  // Reads until the server closes the connection and returns the close code (1006: the
  // connection ended without a close frame). Throws on timeout.
  std::uint16_t wait_close(std::chrono::milliseconds timeout = io_timeout);
  std::string const& close_reason() const { return close_reason_; }
  bool closed() const { return closed_; }
  std::optional<std::uint16_t> close_code() const { return close_code_; }
  // Closes from our side with 1000 (no wait beyond the deadline).
  void close();

  json next_rid() { return json(++rid_); }

 private:
  struct stream_base;
  template <class S>
  struct stream_impl;
  explicit ws_client(std::unique_ptr<stream_base> s);
  // Reads one frame from the socket into the queue. Returns false when the connection closed.
  bool read_one(std::chrono::milliseconds timeout);
  template <class Pred>
  json take(Pred pred, std::chrono::milliseconds timeout, char const* what);

  std::unique_ptr<stream_base> s_;
  std::deque<json> queue_;
  std::vector<json> hello_;
  long rid_ = 0;
  bool closed_ = false;
  std::optional<std::uint16_t> close_code_;
  std::string close_reason_;
};

}  // namespace arena::itest
