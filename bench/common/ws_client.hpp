// The load generators' WebSocket client (bench/loadgen, bench/drafts).
//
// A generator receives hundreds of thousands of frames a second on the same two cores as the
// server it measures, so whatever it spends per frame is taken from the server. With Beast's
// websocket::stream every frame was one composed asynchronous read (its operation state, work
// guard, shared state, a copy out of the read buffer and a UTF-8 check): 1.5 µs of generator CPU
// per frame, two thirds of it in user space (bench/README.md, "Latest figures", 2026-11-27
// 21:50). This client reads whatever the socket holds, up to 64 KiB per recv (as a browser
// does), and hands out every complete message in it as a view into the read buffer: one
// asynchronous operation per recv.
//
// What it speaks of RFC 6455 is what a client needs against the servers measured here: the
// opening handshake (an HTTP/1.1 upgrade written and read with Beast's HTTP layer; the 101 status
// and the Upgrade header are checked, Sec-WebSocket-Accept is not), unmasked server frames of any
// length, fragmented messages, pings (answered with a pong), and a close frame (which ends the
// reads). Client frames are masked, as the RFC requires, with a random key per connection.
//
// Each generator io_context runs on one thread, so the socket takes the io_context's own
// executor: no strand, no type-erased any_io_executor copied on every operation.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arena::bench {

using client_socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;

constexpr std::size_t client_read_buffer = 64 * 1024;

class client_ws {
 public:
  using error_code = boost::system::error_code;

  explicit client_ws(boost::asio::io_context& ioc) : sock_(ioc.get_executor()) {
    std::random_device rd;
    std::uint32_t k = rd();
    for (int i = 0; i < 4; ++i) mask_[static_cast<std::size_t>(i)] = static_cast<unsigned char>(k >> (8 * i));
  }

  client_socket& socket() { return sock_; }

  // The opening handshake. `headers` are added to the upgrade request (cookie, origin).
  // `keep` is held by the pending operations (the owner's shared_ptr).
  template <class Handler>
  void async_handshake(std::shared_ptr<void> keep, std::string host, std::string target,
                       std::vector<std::pair<std::string, std::string>> const& headers, Handler&& handler) {
    namespace http = boost::beast::http;
    std::array<unsigned char, 16> nonce{};
    std::random_device rd;
    for (auto& b : nonce) b = static_cast<unsigned char>(rd());
    std::string key(boost::beast::detail::base64::encoded_size(nonce.size()), '\0');
    key.resize(boost::beast::detail::base64::encode(key.data(), nonce.data(), nonce.size()));
    auto req = std::make_shared<http::request<http::empty_body>>(http::verb::get, target, 11);
    req->set(http::field::host, host);
    req->set(http::field::upgrade, "websocket");
    req->set(http::field::connection, "Upgrade");
    req->set(http::field::sec_websocket_key, key);
    req->set(http::field::sec_websocket_version, "13");
    for (auto const& [k, v] : headers) req->set(k, v);
    http::async_write(sock_, *req, [this, keep, req, h = std::forward<Handler>(handler)](error_code ec, std::size_t) mutable {
      if (ec) return h(ec);
      auto res = std::make_shared<http::response_parser<http::empty_body>>();
      res->skip(true);  // a 101 has no body; never wait for one
      http::async_read_header(sock_, rbuf_, *res, [this, keep, res, h = std::move(h)](error_code ec2, std::size_t) mutable {
        if (ec2) return h(ec2);
        auto const& m = res->get();
        if (m.result() != http::status::switching_protocols ||
            !boost::beast::iequals(m[http::field::upgrade], "websocket"))
          return h(make_error_code(boost::system::errc::protocol_error));
        // Whatever followed the 101 in the same read stays in rbuf_: the first frames.
        h(error_code{});
      });
    });
  }

  // One recv (unless complete messages are already buffered), then on_message(std::string_view)
  // for every complete data message received, then done(error_code). The views are valid during
  // the call only. A close frame from the server ends with boost::asio::error::eof.
  template <class OnMessage, class Done>
  void async_read_batch(std::shared_ptr<void> keep, OnMessage on_message, Done done) {
    if (deliver(keep, on_message)) return done(error_code{});
    if (closed_) return done(boost::asio::error::eof);
    auto space = rbuf_.prepare(client_read_buffer);
    sock_.async_read_some(space, [this, keep, on_message = std::move(on_message), done = std::move(done)](error_code ec, std::size_t n) mutable {
      if (ec) return done(ec);
      rbuf_.commit(n);
      deliver(keep, on_message);
      done(closed_ ? error_code(boost::asio::error::eof) : error_code{});
    });
  }

  // Queues one text message; writes go out one after another. A write error goes to on_write_error.
  void send(std::shared_ptr<void> keep, std::string_view payload) { queue_frame(std::move(keep), 0x1, payload); }

  std::function<void(error_code)> on_write_error;

  // Frames queued and not yet written (the one being written included).
  std::size_t queued() const { return wq_.size(); }

  void close() {
    closed_ = true;
    error_code ec;
    sock_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    sock_.close(ec);
  }

 private:
  // Parses every complete frame in rbuf_; returns whether any data message was delivered.
  template <class OnMessage>
  bool deliver(std::shared_ptr<void> const& keep, OnMessage& on_message) {
    auto const* base = static_cast<unsigned char const*>(rbuf_.cdata().data());
    std::size_t const size = rbuf_.size();
    std::size_t at = 0;
    bool any = false;
    while (!closed_ && size - at >= 2) {
      unsigned char const* p = base + at;
      std::size_t const avail = size - at;
      bool const fin = (p[0] & 0x80) != 0;
      unsigned const opcode = p[0] & 0x0f;
      std::size_t hdr = 2;
      std::uint64_t len = p[1] & 0x7f;
      if (len == 126) {
        if (avail < 4) break;
        len = (std::uint64_t{p[2]} << 8) | p[3];
        hdr = 4;
      } else if (len == 127) {
        if (avail < 10) break;
        len = 0;
        for (int i = 2; i < 10; ++i) len = (len << 8) | p[i];
        hdr = 10;
      }
      if (p[1] & 0x80) hdr += 4;  // a server must not mask; tolerated, and unmasked below
      if (avail < hdr || avail - hdr < len) break;
      std::string_view payload(reinterpret_cast<char const*>(p + hdr), static_cast<std::size_t>(len));
      std::string unmasked;
      if (p[1] & 0x80) {
        unmasked.assign(payload);
        for (std::size_t i = 0; i < unmasked.size(); ++i) unmasked[i] = static_cast<char>(unmasked[i] ^ p[hdr - 4 + (i & 3)]);
        payload = unmasked;
      }
      at += hdr + static_cast<std::size_t>(len);
      if (opcode == 0x8) {  // close: answer it, then stop
        queue_frame(keep, 0x8, payload.substr(0, std::min<std::size_t>(payload.size(), 2)));
        closed_ = true;
      } else if (opcode == 0x9) {
        queue_frame(keep, 0xA, payload);
      } else if (opcode == 0xA) {
        // an unsolicited pong: nothing to do
      } else if (opcode == 0x0 || !fin) {  // a fragment
        fragments_.append(payload);
        if (fin) {
          on_message(std::string_view(fragments_));
          fragments_.clear();
          any = true;
        }
      } else {
        on_message(payload);
        any = true;
      }
    }
    rbuf_.consume(at);
    return any;
  }

  void queue_frame(std::shared_ptr<void> keep, unsigned opcode, std::string_view payload) {
    std::array<unsigned char, 14> h{};
    std::size_t const n = payload.size();
    std::size_t hl = 2;
    h[0] = static_cast<unsigned char>(0x80 | opcode);
    if (n < 126) {
      h[1] = static_cast<unsigned char>(0x80 | n);
    } else if (n < 65536) {
      h[1] = 0x80 | 126;
      h[2] = static_cast<unsigned char>(n >> 8);
      h[3] = static_cast<unsigned char>(n & 0xff);
      hl = 4;
    } else {
      h[1] = 0x80 | 127;
      for (int i = 0; i < 8; ++i) h[static_cast<std::size_t>(2 + i)] = static_cast<unsigned char>((static_cast<std::uint64_t>(n) >> (8 * (7 - i))) & 0xff);
      hl = 10;
    }
    for (std::size_t i = 0; i < 4; ++i) h[hl + i] = mask_[i];
    hl += 4;
    std::string f(hl + n, '\0');
    for (std::size_t i = 0; i < hl; ++i) f[i] = static_cast<char>(h[i]);
    for (std::size_t i = 0; i < n; ++i) f[hl + i] = static_cast<char>(static_cast<unsigned char>(payload[i]) ^ mask_[i & 3]);
    wq_.push_back(std::move(f));
    if (wq_.size() == 1) write_next(std::move(keep));
  }

  void write_next(std::shared_ptr<void> keep) {
    boost::asio::async_write(sock_, boost::asio::buffer(wq_.front()), [this, keep](error_code ec, std::size_t) {
      if (ec) {
        wq_.clear();
        if (on_write_error) on_write_error(ec);
        return;
      }
      wq_.pop_front();
      if (!wq_.empty()) write_next(keep);
    });
  }

  client_socket sock_;
  boost::beast::flat_buffer rbuf_;
  std::string fragments_;
  std::deque<std::string> wq_;
  std::array<unsigned char, 4> mask_{};
  bool closed_ = false;
};

}  // namespace arena::bench
