// One WebSocket connection: reads messages, writes a bounded queue of shared frames.
// Internal to net/. Confined to its io thread (the one running its stream's io_context); send() and close()
// may be called from any thread.
//
// The send queue is bounded twice, in bytes and in messages. Past the soft byte limit new
// ephemeral frames (typing, cursors, presence) are dropped; past a hard limit the peer is
// closed with 4000 ("too slow") and resumes later from its last sequence number, so one slow
// reader never holds memory or delays anyone else (Redis's client-output-buffer-limit).
//
// The write path is the hot path of fan-out, so it is built for batches:
//  - send() appends to a small inbox under a mutex and, when no drain is pending, marks the
//    connection in its io thread's write_flusher (net/core.hpp), whose one posted handler drains
//    every marked connection of that thread: a burst of events to one socket costs one mark, a
//    fan-out to many sockets one post per io thread. close() drains the inbox before it closes,
//    so the order of send() and close() calls is kept. Called from a writer group's `done`
//    callbacks, the post waits for the end of the group (util/deferred.hpp): one drain per
//    socket for all of the group's events.
//  - Every frame waiting in the queue is written with one gathered write: this session frames
//    the messages itself (a server's frames are unmasked: a 2/4/10-byte header, then the
//    shared payload, never copied) and writes them under Beast's stream through frame_gate,
//    which keeps Beast's own writes (the 101 answer, pong, ping, close) from interleaving. On
//    plain TCP the write is first tried at once (one non-blocking sendmsg, no handler), and only
//    what the kernel does not take waits for an asynchronous write.
// Reading, the opening and closing handshakes, keep-alive pings and timeouts stay Beast's.
#pragma once

#include "net/core.hpp"
#include "net/frame_gate.hpp"
#include "util/deferred.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <mutex>
#include <vector>

namespace arena::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

template <class NextLayer>
class ws_session final : public ws_peer, public drainable, public std::enable_shared_from_this<ws_session<NextLayer>> {
 public:
  ws_session(NextLayer&& next, std::shared_ptr<core> c, std::uint64_t id, std::string addr)
      : ws_(std::move(next)),
        core_(std::move(c)),
        flusher_(core_->flusher_for(boost::asio::query(ws_.get_executor(), boost::asio::execution::context))),
        id_(id),
        addr_(std::move(addr)) {
    // The connection outlives the http_session it came from (whose destructor uncounts it).
    core_->counters.connections_open.fetch_add(1, std::memory_order_relaxed);
    // The inbox is filled from any thread. Made here, with the rest of the connection, it is
    // not first allocated by the thread that sends the first answer (the writer, amid a burst of
    // subscribe backlogs), where one small live block would keep that garbage's page resident.
    inbox_.reserve(2);
    draining_.reserve(2);
  }

  ~ws_session() override {
    core_->counters.ws_queued_bytes.fetch_sub(queued_bytes_, std::memory_order_relaxed);
    core_->counters.connections_open.fetch_sub(1, std::memory_order_relaxed);
  }

  void run(beast::http::request<beast::http::string_body> req) {
    beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts take over
    websocket::stream_base::timeout t{};
    t.handshake_timeout = core_->lim.ws_handshake_timeout;
    t.idle_timeout = core_->lim.ws_idle_timeout;  // ping after half of it, close after all of it
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.read_message_max(core_->lim.ws_message_bytes);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "arena"); }));
    ws_.async_accept(req, [self = this->shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
  }

  void send(std::shared_ptr<const std::string> frame, bool ephemeral) override {
    {
      std::lock_guard lk(inbox_mu_);
      inbox_.push_back({std::move(frame), ephemeral});
      if (drain_posted_) return;  // the pending drain takes this frame too
      drain_posted_ = true;
    }
    // One handler per io thread drains every connection marked (net/core.hpp); in a writer
    // group's `done` phase it is posted at the end of the group (util/deferred), so everything
    // the group sends this socket goes out in one drain and one write.
    flusher_.mark(this->shared_from_this());
  }

  void close(std::uint16_t code, std::string reason) override {
    // Deferred like send()'s drain when that is. The close first drains the inbox itself, so the
    // frames sent before it are queued (and written) before the close frame whichever handler
    // runs first.
    std::function<void()> post_close = [self = this->shared_from_this(), code, r = std::move(reason)]() mutable {
      boost::asio::post(self->ws_.get_executor(), [self, code, r = std::move(r)]() mutable {
        self->drain_inbox();
        self->do_close(code, std::move(r));
      });
    };
    if (!util::deferred_scope::defer(post_close)) post_close();
  }

  std::uint64_t id() const override { return id_; }
  std::string const& remote_addr() const override { return addr_; }
  std::string end_cause() const override { return end_cause_; }

 private:
  struct out_frame {
    std::shared_ptr<const std::string> data;
    bool ephemeral;
  };
  // Frames written by one gathered write; more wait for the next one.
  static constexpr std::size_t max_batch_frames = 64;
  static constexpr std::size_t max_batch_bytes = 256 * 1024;
  // Capacity kept between bursts; past it, buffers are released when the queue empties.
  static constexpr std::size_t kept_frames = 8;

  void on_accept(beast::error_code ec) {
    if (ec) return;  // handshake failed or timed out: nothing was opened
    open_ = true;
    core_->counters.ws_open.fetch_add(1, std::memory_order_relaxed);
    core_->add_peer(id_, this->weak_from_this());
    core_->app.on_open(this->shared_from_this());
    do_read();
  }

  // Two steps, so that an idle connection holds no read buffer. Beast's async_read prepares the
  // caller's buffer (1.5 KB) before it waits, and keeps it for as long as the socket is quiet.
  // First a read_some of one byte into the session: Beast reads frame headers into its own fixed
  // buffer, answers pings and takes pongs meanwhile, and completes with the first byte of the
  // next message. Then async_read gathers the rest of that message into buf_. (One byte, not
  // none: Beast 1.81's UTF-8 check reads through the pointer of an empty buffer.)
  void do_read() {
    first_len_ = 0;
    ws_.async_read_some(boost::asio::mutable_buffer(&first_, 1), [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
      self->on_message_begun(ec, n);
    });
  }

  void on_message_begun(beast::error_code ec, std::size_t n) {
    if (ec) return finish(ec);
    first_len_ = n;
    if (ws_.is_message_done()) return on_read(ec);  // a message of at most one byte
    ws_.async_read(buf_, [self = this->shared_from_this()](beast::error_code ec2, std::size_t) { self->on_read(ec2); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return finish(ec);  // closed, timed out, too big (1009 sent), bad UTF-8 (1007 sent)
    if (!ws_.got_text()) {
      release_read_buffer();
      do_close(websocket::close_code::unknown_data, "text frames only");
      return do_read();  // drains until the close completes
    }
    core_->counters.ws_messages_in.fetch_add(1, std::memory_order_relaxed);
    std::string msg(first_len_, first_);
    msg += beast::buffers_to_string(buf_.data());
    release_read_buffer();
    if (!closing_) core_->app.on_text(this->shared_from_this(), std::move(msg));
    do_read();
  }

  // An idle connection holds no read buffer (see do_read): this one grows only while a message
  // is gathered, and is given back after each.
  void release_read_buffer() {
    buf_.consume(buf_.size());
    buf_.shrink_to_fit();
  }

  // On the io thread: moves what send() queued into the send queue, then writes.
  void drain_inbox() override {
    {
      std::lock_guard lk(inbox_mu_);
      drain_posted_ = false;
      inbox_.swap(draining_);
    }
    for (auto& f : draining_) enqueue(std::move(f.data), f.ephemeral);
    draining_.clear();
    if (draining_.capacity() > kept_frames) draining_.shrink_to_fit();
    if (!writing_ && pending() > 0) do_write();
  }

  void enqueue(std::shared_ptr<const std::string> f, bool ephemeral) {
    if (!open_ || closing_) return;
    auto const& lim = core_->lim;
    std::size_t const n = f->size();
    if (ephemeral && queued_bytes_ + n > lim.send_queue_soft_bytes) {
      core_->counters.ws_dropped_ephemeral.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (queued_bytes_ + n > lim.send_queue_hard_bytes || pending() + 1 > lim.send_queue_hard_messages) {
      // Drop queued ephemeral frames first; if that is not enough, the peer is too slow.
      drop_ephemeral();
      if (queued_bytes_ + n > lim.send_queue_hard_bytes || pending() + 1 > lim.send_queue_hard_messages) {
        core_->counters.ws_closed_slow.fetch_add(1, std::memory_order_relaxed);
        do_close(4000, "too slow: resume from your last sequence number", false);
        return;
      }
    }
    queued_bytes_ += n;
    core_->counters.ws_queued_bytes.fetch_add(n, std::memory_order_relaxed);
    queue_.push_back({std::move(f), ephemeral});
  }

  // Frames queued and not yet written (those in flight included).
  std::size_t pending() const { return queue_.size() - head_; }
  // The first frame not in flight.
  std::size_t first_unsent() const { return head_ + in_flight_; }

  void drop_ephemeral() {
    // Frames in flight are being written; never touch them.
    auto drop = [this](out_frame const& f) {
      if (!f.ephemeral) return false;
      forget(f.data->size());
      core_->counters.ws_dropped_ephemeral.fetch_add(1, std::memory_order_relaxed);
      return true;
    };
    auto first = queue_.begin() + static_cast<std::ptrdiff_t>(first_unsent());
    queue_.erase(std::remove_if(first, queue_.end(), drop), queue_.end());
  }

  void forget(std::size_t n) {
    queued_bytes_ -= n;
    core_->counters.ws_queued_bytes.fetch_sub(n, std::memory_order_relaxed);
  }

  // RFC 6455 section 5.2, server to client: FIN, opcode text, no mask, then the length.
  static std::size_t frame_header(std::array<unsigned char, 10>& h, std::size_t n) {
    h[0] = 0x81;
    if (n < 126) {
      h[1] = static_cast<unsigned char>(n);
      return 2;
    }
    if (n <= 0xffff) {
      h[1] = 126;
      h[2] = static_cast<unsigned char>(n >> 8);
      h[3] = static_cast<unsigned char>(n);
      return 4;
    }
    h[1] = 127;
    for (int i = 0; i < 8; ++i) h[2 + i] = static_cast<unsigned char>(std::uint64_t(n) >> (56 - 8 * i));
    return 10;
  }

  // Writes the queued frames, a batch (max_batch_frames, max_batch_bytes) per gathered write.
  // Each batch is first offered to the socket at once (frame_gate::try_write_frames: one
  // sendmsg, no handler); what the kernel does not take goes out asynchronously.
  void do_write() {
    for (;;) {
      // After a close frame (ours or the peer's) no data frame may follow.
      if (!ws_.is_open()) return drop_queue();
      std::size_t bytes = 0, k = 0;
      while (head_ + k < queue_.size() && k < max_batch_frames &&
             (k == 0 || bytes + queue_[head_ + k].data->size() <= max_batch_bytes)) {
        bytes += queue_[head_ + k].data->size();
        ++k;
      }
      headers_.resize(k);
      iov_.clear();
      std::size_t total = 0;
      for (std::size_t i = 0; i < k; ++i) {
        auto const& payload = *queue_[head_ + i].data;
        std::size_t const h = frame_header(headers_[i], payload.size());
        iov_.emplace_back(headers_[i].data(), h);
        iov_.emplace_back(payload.data(), payload.size());
        total += h + payload.size();
      }
      in_flight_ = k;
      writing_ = true;
      beast::error_code ec;
      std::size_t written = 0;
      if (auto n = ws_.next_layer().try_write_frames(std::span<boost::asio::const_buffer const>(iov_), ec)) {
        if (ec || *n == total) {
          if (!complete_write(ec)) return;
          continue;  // more queued: the next batch
        }
        written = *n;
      }
      skip_written(written);
      ws_.next_layer().async_write_frames(std::span<boost::asio::const_buffer const>(iov_), [self = this->shared_from_this()](beast::error_code ec2, std::size_t) {
        self->on_write(ec2);
      });
      return;
    }
  }

  // Drops the first `n` bytes of iov_ (what the kernel took of a batch).
  void skip_written(std::size_t n) {
    std::size_t i = 0;
    while (i < iov_.size() && n >= iov_[i].size()) n -= iov_[i++].size();
    iov_.erase(iov_.begin(), iov_.begin() + static_cast<std::ptrdiff_t>(i));
    if (n > 0) iov_.front() += n;
  }

  void on_write(beast::error_code ec) {
    if (complete_write(ec)) do_write();
  }

  // The batch in flight is written (or failed): forgets it. Returns true when more frames are
  // queued and should be written now.
  bool complete_write(beast::error_code ec) {
    writing_ = false;
    std::size_t const done = in_flight_;
    in_flight_ = 0;
    if (ec) {
      drop_queue();  // the read side sees the failure and finishes
      return false;
    }
    core_->counters.ws_messages_out.fetch_add(done, std::memory_order_relaxed);
    for (std::size_t i = 0; i < done; ++i) {
      forget(queue_[head_].data->size());
      queue_[head_++].data.reset();
    }
    if (pending() > 0) {
      // Keep the queue from growing at the front while a slow reader keeps it non-empty.
      if (head_ >= 1024 && head_ * 2 >= queue_.size()) {
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
      }
      return true;
    }
    reset_queue();
    if (closing_) start_close();
    return false;
  }

  // Forgets every frame not yet written. REQUIRES: no write in flight.
  void drop_queue() {
    for (std::size_t i = head_; i < queue_.size(); ++i) forget(queue_[i].data->size());
    reset_queue();
  }

  // The queue is empty: start over at the front, and give back what a burst left behind.
  void reset_queue() {
    queue_.clear();
    head_ = 0;
    if (queue_.capacity() > kept_frames) {
      queue_.shrink_to_fit();
      headers_ = {};
      iov_ = {};
    }
  }

  // Closes after the frames already queued (an answer sent just before a close still arrives),
  // dropping ephemeral ones; a slow peer (flush = false) is closed at once instead, since
  // draining its queue is exactly what it cannot do.
  void do_close(std::uint16_t code, std::string reason, bool flush = true) {
    if (closing_ || !open_) return;
    closing_ = true;
    if (reason.size() > 120) reason.resize(120);
    close_code_ = code;
    close_reason_ = std::move(reason);
    auto first = queue_.begin() + static_cast<std::ptrdiff_t>(first_unsent());
    auto drop = [this, flush](out_frame const& f) {
      if (flush && !f.ephemeral) return false;
      forget(f.data->size());
      return true;
    };
    queue_.erase(std::remove_if(first, queue_.end(), drop), queue_.end());
    if (!writing_) {
      if (pending() > 0) return do_write();
      start_close();
    }
  }

  void start_close() {
    ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(close_code_), close_reason_),
                    [self = this->shared_from_this()](beast::error_code) {
                      // The pending read completes with `closed` (or a timeout) and finishes the session.
                    });
  }

  void finish(beast::error_code ec) {
    if (finished_) return;
    finished_ = true;
    if (!open_) return;
    if (ec == websocket::error::closed)
      end_cause_ = (closing_ ? "server close " + std::to_string(close_code_) : "peer close " + std::to_string(ws_.reason().code));
    else if (ec == beast::error::timeout)
      end_cause_ = "idle timeout";  // no frame and no pong from the peer for the idle timeout
    else
      end_cause_ = ec.message();
    core_->remove_peer(id_);
    core_->counters.ws_open.fetch_sub(1, std::memory_order_relaxed);
    core_->app.on_close(this->shared_from_this());
  }

  websocket::stream<frame_gate<NextLayer>> ws_;
  beast::flat_buffer buf_;
  char first_ = 0;  // the first byte of the message being read (do_read)
  std::size_t first_len_ = 0;
  std::shared_ptr<core> core_;
  write_flusher& flusher_;  // of this connection's io thread; owned by core_
  std::uint64_t id_;
  std::string addr_;
  // Filled by send() from any thread, under inbox_mu_; drained on the io thread.
  std::mutex inbox_mu_;
  std::vector<out_frame> inbox_;
  bool drain_posted_ = false;
  // The io thread only, from here on. queue_[head_, head_ + in_flight_) is being written.
  std::vector<out_frame> draining_;
  std::vector<out_frame> queue_;
  std::size_t head_ = 0, in_flight_ = 0;
  std::vector<std::array<unsigned char, 10>> headers_;
  std::vector<boost::asio::const_buffer> iov_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false, closing_ = false, open_ = false, finished_ = false;
  std::uint16_t close_code_ = 1000;
  std::string close_reason_;
  std::string end_cause_;
};

}  // namespace arena::net
