#include "net/server.hpp"

#include "net/core.hpp"
#include "net/http_session.hpp"
#include "util/log.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <condition_variable>
#include <stdexcept>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace arena::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Accepts connections, each onto the next io_context in turn. Confined to the first io_context's
// thread.
class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(std::shared_ptr<core> c, tcp::endpoint ep) : core_(std::move(c)), acceptor_(*core_->ios.front()) {
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void run() { do_accept(); }

  void stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void do_accept() {
    // No strand: the connection's io_context has one thread, which serialises its handlers.
    acceptor_.async_accept(core_->next_io(), [self = shared_from_this()](boost::system::error_code ec, tcp::socket s) {
      self->on_accept(ec, std::move(s));
    });
  }

  void on_accept(boost::system::error_code ec, tcp::socket s) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      util::log::warn("net.accept_failed", {{"error", ec.message()}});
    } else {
      boost::system::error_code ep_ec;
      auto remote = s.remote_endpoint(ep_ec);
      std::string addr = ep_ec ? std::string() : remote.address().to_string();
      s.set_option(tcp::no_delay(true), ep_ec);
      if (core_->tls) {
        using tls_stream = beast::ssl_stream<beast::tcp_stream>;
        std::make_shared<http_session<tls_stream>>(tls_stream(beast::tcp_stream(std::move(s)), *core_->tls), core_, std::move(addr))->run();
      } else {
        std::make_shared<http_session<beast::tcp_stream>>(beast::tcp_stream(std::move(s)), core_, std::move(addr))->run();
      }
    }
    do_accept();
  }

  std::shared_ptr<core> core_;
  tcp::acceptor acceptor_;
};

// A burst (10,000 clients subscribing at once, each answer a 50-message backlog) leaves the
// heap much larger than what the connections hold afterwards: glibc keeps freed chunks in its
// arenas and returns only the top of the main heap. Once the server has been quiet for one
// period (no connection, request or WebSocket message), malloc_trim(0) hands the free pages of
// every arena back (madvise), once per burst. Never under traffic, and off the io threads.
void trim_heap_when_quiet(std::stop_token stop, core const& c) {
#if defined(__GLIBC__)
  auto activity = [&c] {
    auto const& s = c.counters;
    return s.connections_total.load(std::memory_order_relaxed) + s.http_requests.load(std::memory_order_relaxed) +
           s.ws_messages_in.load(std::memory_order_relaxed) + s.ws_messages_out.load(std::memory_order_relaxed);
  };
  std::mutex mu;
  std::condition_variable_any cv;
  std::uint64_t last = activity();
  bool dirty = false;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lk(mu);
      if (cv.wait_for(lk, stop, std::chrono::milliseconds(500), [] { return false; }); stop.stop_requested()) return;
    }
    auto const now = activity();
    if (now != last) {
      last = now;
      dirty = true;
    } else if (dirty) {
      dirty = false;
      malloc_trim(0);
    }
  }
#else
  (void)stop;
  (void)c;
#endif
}

}  // namespace


server::server(std::vector<asio::io_context*> ios, options opts, handler& h) {
  if (ios.empty()) throw std::invalid_argument("net::server needs at least one io_context");
  core_ = std::make_shared<core>(std::move(ios), h, opts.lim);
  if (!opts.tls_cert.empty() || !opts.tls_key.empty()) {
    if (opts.tls_cert.empty() || opts.tls_key.empty())
      throw std::runtime_error("TLS needs both --tls-cert and --tls-key");
    core_->tls.emplace(make_tls_context(opts.tls_cert, opts.tls_key));
  }
  bind_ = std::move(opts.bind);
  port_ = opts.port;
}

server::~server() { stop_accepting(); }

std::uint16_t server::start() {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(bind_, ec);
  if (ec) throw std::runtime_error("invalid --bind address: " + bind_);
  auto l = std::make_shared<listener>(core_, tcp::endpoint(addr, port_));
  l->run();
  listener_ = l;
  if (!trimmer_.joinable()) trimmer_ = std::jthread([c = core_](std::stop_token st) { trim_heap_when_quiet(st, *c); });
  return l->port();
}

void run_io(asio::io_context& io) {
  for (;;) {
    try {
      io.run();
      return;
    } catch (std::exception const& e) {
      util::log::error("io.handler_threw", {{"error", e.what()}});
    } catch (...) {
      util::log::error("io.handler_threw", {{"error", "unknown exception"}});
    }
  }
}

void server::stop_accepting() {
  if (auto l = std::static_pointer_cast<listener>(listener_)) l->stop();
  listener_.reset();
}

void server::close_websockets(std::uint16_t code, std::string const& reason) {
  for (auto& p : core_->snapshot()) p->close(code, reason);
}

std::size_t server::open_websockets() const { return core_->peer_count(); }
bool server::tls() const { return core_->tls.has_value(); }
stats const& server::counters() const { return core_->counters; }

}  // namespace arena::net
