// One WebSocket connection: reads messages, writes a bounded queue of shared frames.
// Internal to net/. Confined to its strand (the executor of its stream); send() and close()
// post there from any thread.
//
// The send queue is bounded twice, in bytes and in messages. Past the soft byte limit new
// ephemeral frames (typing, cursors, presence) are dropped; past a hard limit the peer is
// closed with 4000 ("too slow") and resumes later from its last sequence number, so one slow
// reader never holds memory or delays anyone else (Redis's client-output-buffer-limit).
#pragma once

#include "net/core.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>

namespace arena::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

template <class NextLayer>
class ws_session final : public ws_peer, public std::enable_shared_from_this<ws_session<NextLayer>> {
 public:
  ws_session(NextLayer&& next, std::shared_ptr<core> c, std::uint64_t id, std::string addr)
      : ws_(std::move(next)), core_(std::move(c)), id_(id), addr_(std::move(addr)) {
    // The connection outlives the http_session it came from (whose destructor uncounts it).
    core_->counters.connections_open.fetch_add(1, std::memory_order_relaxed);
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
    boost::asio::post(ws_.get_executor(), [self = this->shared_from_this(), f = std::move(frame), ephemeral]() mutable {
      self->enqueue(std::move(f), ephemeral);
    });
  }

  void close(std::uint16_t code, std::string reason) override {
    boost::asio::post(ws_.get_executor(), [self = this->shared_from_this(), code, r = std::move(reason)]() mutable {
      self->do_close(code, std::move(r));
    });
  }

  std::uint64_t id() const override { return id_; }
  std::string const& remote_addr() const override { return addr_; }

 private:
  struct out_frame {
    std::shared_ptr<const std::string> data;
    bool ephemeral;
  };

  void on_accept(beast::error_code ec) {
    if (ec) return;  // handshake failed or timed out: nothing was opened
    open_ = true;
    core_->counters.ws_open.fetch_add(1, std::memory_order_relaxed);
    core_->add_peer(id_, this->weak_from_this());
    core_->app.on_open(this->shared_from_this());
    do_read();
  }

  void do_read() {
    ws_.async_read(buf_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return finish();  // closed, timed out, too big (1009 sent), bad UTF-8 (1007 sent)
    if (!ws_.got_text()) {
      buf_.consume(buf_.size());
      do_close(websocket::close_code::unknown_data, "text frames only");
      return do_read();  // drains until the close completes
    }
    core_->counters.ws_messages_in.fetch_add(1, std::memory_order_relaxed);
    std::string msg = beast::buffers_to_string(buf_.data());
    buf_.consume(buf_.size());
    if (!closing_) core_->app.on_text(this->shared_from_this(), std::move(msg));
    do_read();
  }

  void enqueue(std::shared_ptr<const std::string> f, bool ephemeral) {
    if (!open_ || closing_) return;
    auto const& lim = core_->lim;
    std::size_t const n = f->size();
    if (ephemeral && queued_bytes_ + n > lim.send_queue_soft_bytes) {
      core_->counters.ws_dropped_ephemeral.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (queued_bytes_ + n > lim.send_queue_hard_bytes || queue_.size() + 1 > lim.send_queue_hard_messages) {
      // Drop queued ephemeral frames first; if that is not enough, the peer is too slow.
      drop_ephemeral();
      if (queued_bytes_ + n > lim.send_queue_hard_bytes || queue_.size() + 1 > lim.send_queue_hard_messages) {
        core_->counters.ws_closed_slow.fetch_add(1, std::memory_order_relaxed);
        do_close(4000, "too slow: resume from your last sequence number", false);
        return;
      }
    }
    queued_bytes_ += n;
    core_->counters.ws_queued_bytes.fetch_add(n, std::memory_order_relaxed);
    queue_.push_back({std::move(f), ephemeral});
    if (!writing_) do_write();
  }

  void drop_ephemeral() {
    // The front frame may be in flight; never touch it.
    for (auto it = queue_.size() > 1 ? queue_.begin() + 1 : queue_.end(); it != queue_.end();) {
      if (it->ephemeral) {
        forget(it->data->size());
        core_->counters.ws_dropped_ephemeral.fetch_add(1, std::memory_order_relaxed);
        it = queue_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void forget(std::size_t n) {
    queued_bytes_ -= n;
    core_->counters.ws_queued_bytes.fetch_sub(n, std::memory_order_relaxed);
  }

  void do_write() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(boost::asio::buffer(*queue_.front().data),
                    [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) {
      while (!queue_.empty()) { forget(queue_.front().data->size()); queue_.pop_front(); }
      return;  // the read side sees the failure and finishes
    }
    core_->counters.ws_messages_out.fetch_add(1, std::memory_order_relaxed);
    forget(queue_.front().data->size());
    queue_.pop_front();
    if (!queue_.empty()) return do_write();
    if (closing_) start_close();
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
    std::size_t const keep_front = writing_ ? 1u : 0u;
    for (std::size_t i = queue_.size(); i > keep_front; --i) {
      auto it = queue_.begin() + static_cast<std::ptrdiff_t>(i - 1);
      if (!flush || it->ephemeral) {
        forget(it->data->size());
        queue_.erase(it);
      }
    }
    if (!writing_) start_close();
  }

  void start_close() {
    ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(close_code_), close_reason_),
                    [self = this->shared_from_this()](beast::error_code) {
                      // The pending read completes with `closed` (or a timeout) and finishes the session.
                    });
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    if (!open_) return;
    core_->remove_peer(id_);
    core_->counters.ws_open.fetch_sub(1, std::memory_order_relaxed);
    core_->app.on_close(this->shared_from_this());
  }

  websocket::stream<NextLayer> ws_;
  beast::flat_buffer buf_;
  std::shared_ptr<core> core_;
  std::uint64_t id_;
  std::string addr_;
  std::deque<out_frame> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false, closing_ = false, open_ = false, finished_ = false;
  std::uint16_t close_code_ = 1000;
  std::string close_reason_;
};

}  // namespace arena::net
