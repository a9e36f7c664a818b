#include "integration/ws_client.hpp"

#include <poll.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <stdexcept>

namespace arena::itest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

template <class Start>
beast::error_code drive(asio::io_context& ioc, Start start) {
  bool done = false;
  beast::error_code result;
  start([&](beast::error_code ec, auto&&...) {
    result = ec;
    done = true;
  });
  ioc.restart();
  while (!done && ioc.run_one() > 0) {
  }
  if (!done) throw std::runtime_error("ws_client: the operation never completed");
  return result;
}

}  // namespace

// The transport behind a ws_client: a WebSocket over TCP or over TLS.
struct ws_client::stream_base {
  enum class read_status { message, closed, timeout };
  virtual ~stream_base() = default;
  // The upgrade: 101, or the status of the refusal.
  virtual unsigned handshake(std::uint16_t port, options const& o) = 0;
  virtual beast::error_code write(std::string const& bytes, bool text) = 0;
  // One message into `out`, or the end of the connection (code 1006 without a close frame).
  virtual read_status read(std::string& out, std::chrono::milliseconds timeout, std::uint16_t& code, std::string& reason) = 0;
  virtual void close() = 0;
  // True when bytes arrive within `wait` (never consumes or times out the connection).
  virtual bool readable(std::chrono::milliseconds wait) = 0;

  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
};

template <class S>
struct ws_client::stream_impl final : ws_client::stream_base {
  static constexpr bool is_tls = !std::is_same_v<S, beast::tcp_stream>;
  std::optional<websocket::stream<S>> ws;

  stream_impl() {
    ctx.set_verify_mode(ssl::verify_none);
    if constexpr (is_tls) ws.emplace(ioc, ctx);
    else ws.emplace(ioc);
  }

  unsigned handshake(std::uint16_t port, options const& o) override {
    auto& low = beast::get_lowest_layer(*ws);
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    low.expires_after(io_timeout);
    if (auto ec = drive(ioc, [&](auto h) { low.async_connect(ep, h); }))
      throw std::runtime_error("ws_client: connect failed: " + ec.message());
    if constexpr (is_tls) {
      SSL_set_tlsext_host_name(ws->next_layer().native_handle(), "localhost");
      low.expires_after(io_timeout);
      if (auto ec = drive(ioc, [&](auto h) { ws->next_layer().async_handshake(ssl::stream_base::client, h); }))
        throw std::runtime_error("ws_client: TLS handshake failed: " + ec.message());
    }
    ws->set_option(websocket::stream_base::decorator([o](websocket::request_type& req) {
      req.set(http::field::user_agent, "arena-integration-tests");
      if (!o.cookie.empty()) req.set(http::field::cookie, o.cookie);
      if (o.origin) req.set(http::field::origin, *o.origin);
      if (!o.bearer.empty()) req.set(http::field::authorization, "Bearer " + o.bearer);
    }));
    websocket::response_type res;
    std::string host = "127.0.0.1:" + std::to_string(port);
    low.expires_after(io_timeout);
    auto ec = drive(ioc, [&](auto h) { ws->async_handshake(res, host, o.target, h); });
    if (ec == websocket::error::upgrade_declined) return res.result_int();
    if (ec) throw std::runtime_error("ws_client: handshake failed: " + ec.message());
    low.expires_never();
    return 101;
  }

  beast::error_code write(std::string const& bytes, bool text) override {
    ws->text(text);
    beast::get_lowest_layer(*ws).expires_after(io_timeout);
    return drive(ioc, [&](auto h) { ws->async_write(asio::buffer(bytes), h); });
  }

  read_status read(std::string& out, std::chrono::milliseconds timeout, std::uint16_t& code, std::string& reason) override {
    beast::flat_buffer buf;
    beast::get_lowest_layer(*ws).expires_after(timeout);
    auto ec = drive(ioc, [&](auto h) { ws->async_read(buf, h); });
    if (ec == beast::error::timeout) return read_status::timeout;
    if (ec == websocket::error::closed) {
      code = static_cast<std::uint16_t>(ws->reason().code);
      reason = std::string(ws->reason().reason.c_str());
      return read_status::closed;
    }
    if (ec) {
      code = 1006;
      reason = ec.message();
      return read_status::closed;
    }
    out = beast::buffers_to_string(buf.data());
    return read_status::message;
  }

  bool readable(std::chrono::milliseconds wait) override {
    if constexpr (is_tls) {
      if (SSL_pending(ws->next_layer().native_handle()) > 0) return true;
    }
    pollfd p{beast::get_lowest_layer(*ws).socket().native_handle(), POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) > 0;
  }

  void close() override {
    if (!ws->is_open()) return;
    beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(5));
    drive(ioc, [&](auto h) { ws->async_close(websocket::close_code::normal, h); });
  }
};

ws_client::ws_client(std::unique_ptr<stream_base> s) : s_(std::move(s)) {}

ws_client::~ws_client() {
  try {
    if (!closed_) close();
  } catch (...) {
  }
}

ws_client::attempt ws_client::try_connect(std::uint16_t port, bool tls, options const& o) {
  std::unique_ptr<stream_base> s;
  if (tls) s = std::make_unique<stream_impl<beast::ssl_stream<beast::tcp_stream>>>();
  else s = std::make_unique<stream_impl<beast::tcp_stream>>();
  attempt a;
  a.status = s->handshake(port, o);
  if (a.status == 101) a.client.reset(new ws_client(std::move(s)));
  return a;
}

std::unique_ptr<ws_client> ws_client::connect(std::uint16_t port, bool tls, options const& o) {
  auto a = try_connect(port, tls, o);
  if (a.status != 101) throw std::runtime_error("ws_client: upgrade refused with " + std::to_string(a.status));
  auto& c = *a.client;
  c.hello_.push_back(c.wait_event("hello"));
  return std::move(a.client);
}

bool ws_client::read_one(std::chrono::milliseconds timeout) {
  if (closed_) return false;
  std::string text;
  std::uint16_t code = 0;
  std::string reason;
  switch (s_->read(text, timeout, code, reason)) {
    case stream_base::read_status::timeout: throw std::runtime_error("ws_client: timed out waiting for a frame");
    case stream_base::read_status::closed:
      closed_ = true;
      close_code_ = code;
      close_reason_ = reason;
      return false;
    case stream_base::read_status::message: break;
  }
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("ws_client: the server sent a frame that is not JSON: " + text);
  queue_.push_back(std::move(j));
  return true;
}

template <class Pred>
json ws_client::take(Pred pred, std::chrono::milliseconds timeout, char const* what) {
  auto const deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t scanned = 0;
  while (true) {
    for (; scanned < queue_.size(); ++scanned) {
      if (pred(queue_[scanned])) {
        json j = std::move(queue_[scanned]);
        queue_.erase(queue_.begin() + static_cast<long>(scanned));
        return j;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error(std::string("ws_client: timed out waiting for ") + what);
    if (!read_one(left))
      throw std::runtime_error(std::string("ws_client: closed (") + std::to_string(close_code_.value_or(0)) + " " +
                               close_reason_ + ") while waiting for " + what);
  }
}

json ws_client::next(std::chrono::milliseconds timeout) {
  return take([](json const&) { return true; }, timeout, "a frame");
}

json ws_client::wait_event(std::string const& name, std::chrono::milliseconds timeout) {
  return take([&](json const& j) { return j.is_object() && j.contains("ev") && j["ev"] == name; }, timeout,
              ("event " + name).c_str());
}

json ws_client::wait_answer(json const& rid, std::chrono::milliseconds timeout) {
  return take([&](json const& j) { return j.is_object() && j.contains("re") && j["re"] == rid; }, timeout,
              ("the answer to " + rid.dump()).c_str());
}

bool ws_client::has_queued_event(std::string const& name) const {
  for (auto const& j : queue_)
    if (j.is_object() && j.contains("ev") && j["ev"] == name) return true;
  return false;
}

bool ws_client::has_queued_answer(json const& rid) const {
  for (auto const& j : queue_)
    if (j.is_object() && j.contains("re") && j["re"] == rid) return true;
  return false;
}

json ws_client::request(std::string const& op, json fields, std::chrono::milliseconds timeout) {
  json rid = next_rid();
  fields["op"] = op;
  fields["rid"] = rid;
  if (!send_text(fields.dump())) throw std::runtime_error("ws_client: cannot send " + op);
  return wait_answer(rid, timeout);
}

bool ws_client::poll(std::chrono::milliseconds wait) { return !queue_.empty() || (!closed_ && s_->readable(wait)); }

bool ws_client::send_text(std::string const& bytes) { return !closed_ && !s_->write(bytes, true); }
bool ws_client::send_binary(std::string const& bytes) { return !closed_ && !s_->write(bytes, false); }

std::uint16_t ws_client::wait_close(std::chrono::milliseconds timeout) {
  auto const deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("ws_client: timed out waiting for the close");
    read_one(left);
  }
  return *close_code_;
}

void ws_client::close() {
  if (closed_) return;
  closed_ = true;
  try {
    s_->close();
  } catch (...) {
  }
}

}  // namespace arena::itest
