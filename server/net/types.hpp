// What net/ hands the application and what the application hands back. No Beast types here:
// the application (app/) implements net::handler and sees only these plain structures.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arena::net {

// One HTTP request as the application sees it. Header names are lower-case.
struct request_info {
  std::string method;      // "GET", "POST", ...
  std::string target;      // path and query, as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_addr;  // IP address of the peer, without port
  bool tls = false;
  std::uint64_t request_id = 0;  // unique per process; appears in logs

  // The first header with that (lower-case) name, or empty.
  std::string_view header(std::string_view lower_name) const;
};

struct response_out {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type among them
  std::string body;
  std::shared_ptr<const std::string> shared_body;  // used instead of body when set (cached files)
  bool head_only = false;                          // HEAD: send headers and Content-Length only
};

// A live WebSocket as the application holds it. Thread-safe: send() and close() may be called
// from any thread; they post to the connection's io thread.
class ws_peer {
 public:
  virtual ~ws_peer() = default;
  // Queues one text frame. The same buffer may be queued to many peers (fan-out encodes once).
  // Ephemeral frames (typing, cursors, presence) are dropped first when the peer is slow.
  virtual void send(std::shared_ptr<const std::string> frame, bool ephemeral = false) = 0;
  // Closes with a code (1000-4999) and a short reason. Further sends are dropped.
  virtual void close(std::uint16_t code, std::string reason) = 0;
  virtual std::uint64_t id() const = 0;
  virtual std::string const& remote_addr() const = 0;
  // Why the connection ended, for the log (for example "peer close 1000", "server close 4000",
  // "idle timeout", "end of stream"); empty while it is open. Read in handler::on_close.
  virtual std::string end_cause() const { return {}; }
  // Whatever the application attached when it accepted the upgrade (the principal).
  std::shared_ptr<void> context;
};

// The application's side. Every callback is made on the connection's io thread and must not block.
class handler {
 public:
  virtual ~handler() = default;
  using respond_fn = std::function<void(response_out)>;
  // A complete HTTP request. `respond` may be called from any thread, exactly once.
  virtual void on_http(request_info req, respond_fn respond) = 0;
  // A WebSocket upgrade request. Call `decide` exactly once, from any thread: status 101 accepts
  // (with `context` attached to the peer), any other status is sent as a plain HTTP response.
  using decide_fn = std::function<void(unsigned status, std::shared_ptr<void> context)>;
  virtual void on_upgrade(request_info const& req, decide_fn decide) = 0;
  virtual void on_open(std::shared_ptr<ws_peer> const& peer) = 0;
  virtual void on_text(std::shared_ptr<ws_peer> const& peer, std::string message) = 0;
  virtual void on_close(std::shared_ptr<ws_peer> const& peer) = 0;
};

// Limits and timeouts of the transport. Defaults are the documented ones (docs/PROTOCOL.md).
struct limits {
  std::size_t http_header_bytes = 16 * 1024;  // over: 431
  std::size_t http_body_bytes = 64 * 1024;    // over: 413
  std::size_t http_upload_bytes = 10 * 1024 * 1024 + 4096;  // POST /api/upload/...: a file
  std::size_t ws_message_bytes = 64 * 1024;   // over: close 1009
  std::chrono::seconds http_read_timeout{30};
  std::chrono::seconds ws_handshake_timeout{10};
  std::chrono::seconds ws_idle_timeout{60};  // ping at half of it, close at all of it
  std::size_t send_queue_soft_bytes = 256 * 1024;   // past it, ephemeral frames are dropped
  std::size_t send_queue_hard_bytes = 4 * 1024 * 1024;  // past it, close 4000
  std::size_t send_queue_hard_messages = 8192;
};

// Counters for /metrics. Relaxed atomics; read from any thread.
struct stats {
  std::atomic<std::uint64_t> connections_total{0}, connections_open{0};
  std::atomic<std::uint64_t> http_requests{0}, ws_open{0};
  std::atomic<std::uint64_t> ws_messages_in{0}, ws_messages_out{0};
  std::atomic<std::uint64_t> ws_dropped_ephemeral{0}, ws_closed_slow{0};
  std::atomic<std::uint64_t> ws_queued_bytes{0};
};

}  // namespace arena::net
