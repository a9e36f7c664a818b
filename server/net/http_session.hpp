// One HTTP connection (plain or TLS): reads requests with size limits, hands them to the
// application, writes its answers, and turns into a ws_session on an accepted upgrade.
// Internal to net/. Confined to its io thread (the one thread running its io_context).
#pragma once

#include "net/core.hpp"
#include "net/ws_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <optional>

namespace arena::net {

namespace http = beast::http;

template <class Stream>
class http_session final : public std::enable_shared_from_this<http_session<Stream>> {
  static constexpr bool is_tls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  http_session(Stream&& s, std::shared_ptr<core> c, std::string addr)
      : stream_(std::move(s)), core_(std::move(c)), addr_(std::move(addr)) {}

  ~http_session() { core_->counters.connections_open.fetch_sub(1, std::memory_order_relaxed); }

  void run() {
    core_->counters.connections_total.fetch_add(1, std::memory_order_relaxed);
    core_->counters.connections_open.fetch_add(1, std::memory_order_relaxed);
    if constexpr (is_tls) {
      beast::get_lowest_layer(stream_).expires_after(core_->lim.http_read_timeout);
      stream_.async_handshake(boost::asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->do_read();
                              });
    } else {
      do_read();
    }
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(core_->lim.http_header_bytes));
    // Beast checks a Content-Length against the body limit while it parses the header, so the
    // header is read with the larger (upload) limit and the usual one applied once the target
    // is known.
    parser_->body_limit(std::max(core_->lim.http_body_bytes, core_->lim.http_upload_bytes));
    beast::get_lowest_layer(stream_).expires_after(core_->lim.http_read_timeout);
    // The header first: uploads (POST /api/upload/...) may carry a larger body than the rest.
    http::async_read_header(stream_, buf_, *parser_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->on_read(ec);
      if (!self->parser_->get().target().starts_with("/api/upload/")) {
        auto const limit = self->core_->lim.http_body_bytes;
        if (auto len = self->parser_->content_length(); len && *len > limit) return self->on_read(http::error::body_limit);
        self->parser_->body_limit(limit);
      }
      if (self->parser_->is_done()) return self->on_read(ec);
      http::async_read(self->stream_, self->buf_, *self->parser_,
                       [self](beast::error_code ec2, std::size_t) { self->on_read(ec2); });
    });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return do_shutdown();
    if (ec == http::error::header_limit) return send_error(431, "request header fields too large");
    if (ec == http::error::body_limit) {
      drain_after_write_ = true;
      return send_error(413, "request body too large");
    }
    if (ec == beast::error::timeout || ec == boost::asio::error::operation_aborted) return;
    if (ec) {
      // A malformed request (an HTTP parse error): answer 400 and close. Transport errors
      // (reset, EOF mid-request) just end the connection.
      if (ec.category() == http::make_error_code(http::error::bad_method).category())
        return send_error(400, "bad request");
      return;
    }
    core_->counters.http_requests.fetch_add(1, std::memory_order_relaxed);
    req_ = parser_->release();

    request_info info;
    info.method = std::string(req_.method_string());
    info.target = std::string(req_.target());
    for (auto const& f : req_) {
      std::string name(f.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      info.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    info.remote_addr = addr_;
    info.tls = is_tls;
    info.request_id = core_->next_id.fetch_add(1, std::memory_order_relaxed);

    auto exec = stream_.get_executor();
    if (beast::websocket::is_upgrade(req_)) {
      core_->app.on_upgrade(info, [self = this->shared_from_this(), exec, id = info.request_id](
                                      unsigned status, std::shared_ptr<void> ctx) mutable {
        boost::asio::post(exec, [self, status, id, ctx = std::move(ctx)]() mutable {
          self->on_upgrade_decided(status, id, std::move(ctx));
        });
      });
      return;
    }
    info.body = std::move(req_.body());
    core_->app.on_http(std::move(info), [self = this->shared_from_this(), exec](response_out res) mutable {
      boost::asio::post(exec, [self, res = std::move(res)]() mutable { self->write_response(std::move(res)); });
    });
  }

  void on_upgrade_decided(unsigned status, std::uint64_t id, std::shared_ptr<void> ctx) {
    if (status != 101) {
      response_out res;
      res.status = status;
      res.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
      res.body = std::string(http::obsolete_reason(static_cast<http::status>(status))) + "\n";
      req_.keep_alive(false);
      return write_response(std::move(res));
    }
    auto ws = std::make_shared<ws_session<Stream>>(std::move(stream_), core_, id, addr_);
    ws->context = std::move(ctx);
    ws->run(std::move(req_));
  }

  void send_error(unsigned status, char const* text) {
    response_out res;
    res.status = status;
    res.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    res.body = std::string(text) + "\n";
    req_ = {};
    req_.version(11);
    req_.keep_alive(false);
    write_response(std::move(res));
  }

  void write_response(response_out out) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), req_.version());
    res->set(http::field::server, "arena");
    for (auto& [k, v] : out.headers) res->set(k, v);
    if (out.shared_body) held_ = out.shared_body;  // cached file: one copy into the message
    std::string const& body = out.shared_body ? *out.shared_body : out.body;
    if (out.head_only || req_.method() == http::verb::head) {
      res->content_length(body.size());
    } else {
      res->body() = out.shared_body ? *out.shared_body : std::move(out.body);
      res->prepare_payload();
    }
    res->keep_alive(req_.keep_alive() && out.status < 500);
    beast::get_lowest_layer(stream_).expires_after(core_->lim.http_read_timeout);
    http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
      self->held_.reset();
      if (ec) return;
      if (self->drain_after_write_) return self->drain_then_close();
      if (!res->keep_alive()) return self->do_shutdown();
      self->do_read();
    });
  }

  // After answering an over-limit request: stop sending, then read and discard what the client
  // is still sending (bounded in bytes and time) so the close does not turn into a reset that
  // destroys the answer before the client has read it.
  void drain_then_close() {
    beast::error_code ec;
    if constexpr (is_tls) {
      do_shutdown();
      return;
    } else {
      stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      drain_left_ = 1 << 20;
      do_drain();
    }
  }

  void do_drain() {
    if constexpr (!is_tls) {
      drain_buf_.resize(16 * 1024);
      stream_.async_read_some(boost::asio::buffer(drain_buf_), [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
        if (ec || n >= self->drain_left_) return;  // EOF, timeout or enough: the socket closes
        self->drain_left_ -= n;
        self->do_drain();
      });
    }
  }

  void do_shutdown() {
    if constexpr (is_tls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    }
  }

  Stream stream_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> req_;
  std::shared_ptr<const std::string> held_;
  std::vector<char> drain_buf_;
  std::size_t drain_left_ = 0;
  bool drain_after_write_ = false;
  std::shared_ptr<core> core_;
  std::string addr_;
};

}  // namespace arena::net
