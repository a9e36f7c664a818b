// The layer under Beast's websocket::stream that lets ws_session write its own frames.
//
// Why it exists. Beast's websocket::stream writes one message per async_write: one system call
// (one sendmsg, one TLS record) per frame per socket, which is most of the cost of fan-out. A
// server's frames are not masked, so a text frame is a 2-, 4- or 10-byte header followed by the
// payload; ws_session builds those headers itself and writes every queued frame of a socket with
// one gathered write (what uWebSockets does with its cork buffer). Those bytes must go to the
// transport under Beast's stream, and Beast must never write at the same time: it still writes
// the 101 answer, the control frames (pong replies, its keep-alive pings, close frames) and
// tears the connection down. Beast serialises its own writes, but cannot see ours.
//
// So Beast's next layer is this gate, which sees every write Beast makes and lets one side write
// at a time: a Beast write that arrives while our frames are in flight waits (parked) until they
// are written, and our frames wait while a Beast write is in flight. A Beast write ends when a
// write_some has written every byte it was given: Beast writes each control frame with one
// net::async_write (at most 127 bytes, below any partial-write split), which calls write_some
// again at once when a call wrote only part of it, so a frame of Beast's is never interleaved
// with ours. Reads and teardown pass straight through.
//
// At most one operation is parked: the side that waits is the only writer of its kind (Beast
// has at most one write in flight, ws_session at most one batch). A parked operation is resumed
// inline from the completion of the other side, on the connection's io thread, before that side's
// own handler runs (the gate is certainly alive then).
//
// On a plain TCP transport our frames are first offered to the socket directly, in the caller's
// stack (try_write_frames): one non-blocking sendmsg, no operation state, no completion handler.
// On loopback and on any connection whose kernel buffer has room that writes everything, and
// the asynchronous path only carries what the kernel did not take (uWebSockets writes the same
// way). Beast's writes are always asynchronous and pass the gate as above.
//
// Confined to the connection's io thread, like the stream that owns it.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <utility>

namespace arena::net {

template <class Next>
class frame_gate {
 public:
  using next_layer_type = Next;
  using executor_type = typename Next::executor_type;

  template <class... Args>
  explicit frame_gate(Args&&... args) : next_(std::forward<Args>(args)...) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  Next& next_layer() noexcept { return next_; }
  Next const& next_layer() const noexcept { return next_; }

  template <class MutableBuffers, class Token>
  auto async_read_some(MutableBuffers const& buffers, Token&& token) {
    return next_.async_read_some(buffers, std::forward<Token>(token));
  }

  // Beast's writes (the 101 answer, control frames).
  template <class ConstBuffers, class Token>
  auto async_write_some(ConstBuffers const& buffers, Token&& token) {
    return boost::asio::async_compose<Token, void(boost::beast::error_code, std::size_t)>(
        beast_write_op<ConstBuffers>{this, buffers}, token, next_);
  }

  // Our frames, at once: when the transport is a plain TCP socket and no write is in flight on
  // either side, one non-blocking sendmsg of `buffers` (at most max_iov of them); returns the
  // bytes the kernel took (0 when its buffer is full), or nullopt when it could not try (TLS,
  // a write in flight, too many buffers): then use async_write_frames for all of them. A failed
  // send sets `ec` and returns 0.
  static constexpr std::size_t max_iov = 256;
  std::optional<std::size_t> try_write_frames(std::span<boost::asio::const_buffer const> buffers, boost::beast::error_code& ec) {
    if constexpr (requires(Next& n) { n.socket().native_handle(); }) {
      if (beast_busy_ || frames_busy_ || buffers.size() > max_iov || !next_.socket().is_open()) return std::nullopt;
      std::array<::iovec, max_iov> iov;
      for (std::size_t i = 0; i < buffers.size(); ++i)
        iov[i] = {const_cast<void*>(buffers[i].data()), buffers[i].size()};
      ::msghdr msg{};
      msg.msg_iov = iov.data();
      msg.msg_iovlen = buffers.size();
      for (;;) {
        ::ssize_t const n = ::sendmsg(next_.socket().native_handle(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return std::size_t{0};
        ec = boost::beast::error_code(errno, boost::system::system_category());
        return std::size_t{0};
      }
    } else {
      (void)buffers;
      (void)ec;
      return std::nullopt;
    }
  }

  // Our frames: writes all of `buffers` once no Beast write is in flight. The buffers must stay
  // valid until the handler runs. REQUIRES: no other async_write_frames in flight.
  template <class ConstBuffers, class Token>
  auto async_write_frames(ConstBuffers const& buffers, Token&& token) {
    return boost::asio::async_compose<Token, void(boost::beast::error_code, std::size_t)>(
        frames_write_op<ConstBuffers>{this, buffers}, token, next_);
  }

 private:
  struct parked_base {
    virtual ~parked_base() = default;
    virtual void resume() = 0;
  };
  template <class Self>
  struct parked final : parked_base {
    explicit parked(Self&& s) : self(std::move(s)) {}
    void resume() override { self(boost::beast::error_code{}, std::size_t{0}); }
    Self self;
  };

  template <class Self>
  void park(Self&& self) {
    parked_ = std::make_unique<parked<std::decay_t<Self>>>(std::move(self));
  }
  void resume_parked() {
    if (auto p = std::move(parked_)) p->resume();
  }

  enum class stage { start, resumed, written };

  template <class ConstBuffers>
  struct beast_write_op {
    frame_gate* g;
    ConstBuffers buffers;
    stage at = stage::start;

    template <class Self>
    void operator()(Self& self, boost::beast::error_code ec = {}, std::size_t n = 0) {
      switch (at) {
        case stage::start:
          if (g->frames_busy_) {
            at = stage::resumed;
            return g->park(std::move(self));
          }
          [[fallthrough]];
        case stage::resumed:
          at = stage::written;
          g->beast_busy_ = true;
          return g->next_.async_write_some(buffers, std::move(self));
        case stage::written:
          // A partial write is followed at once by another call for the rest of the frame.
          if (ec || n >= boost::asio::buffer_size(buffers)) {
            g->beast_busy_ = false;
            g->resume_parked();
          }
          return self.complete(ec, n);
      }
    }
  };

  template <class ConstBuffers>
  struct frames_write_op {
    frame_gate* g;
    ConstBuffers buffers;
    stage at = stage::start;

    template <class Self>
    void operator()(Self& self, boost::beast::error_code ec = {}, std::size_t n = 0) {
      switch (at) {
        case stage::start:
          if (g->beast_busy_) {
            at = stage::resumed;
            return g->park(std::move(self));
          }
          [[fallthrough]];
        case stage::resumed:
          at = stage::written;
          g->frames_busy_ = true;
          return boost::asio::async_write(g->next_, buffers, std::move(self));
        case stage::written:
          g->frames_busy_ = false;
          g->resume_parked();
          return self.complete(ec, n);
      }
    }
  };

  Next next_;
  bool beast_busy_ = false, frames_busy_ = false;
  std::unique_ptr<parked_base> parked_;
};

// Beast finds these by argument-dependent lookup when it closes the connection.
template <class Next>
void teardown(boost::beast::role_type role, frame_gate<Next>& g, boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, g.next_layer(), ec);
}

template <class Next, class TeardownHandler>
void async_teardown(boost::beast::role_type role, frame_gate<Next>& g, TeardownHandler&& handler) {
  using boost::beast::websocket::async_teardown;
  async_teardown(role, g.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace arena::net
