// The HTTP + WebSocket server on one port, plain or TLS. The only public face of net/.
//
// Threading: the caller runs the io_context on N threads. Each accepted connection gets its own
// strand; everything about that connection happens there. The handler is called on that
// strand and answers through callbacks that may run on any thread (they post back).
#pragma once

#include "net/types.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace arena::net {

struct core;

class server {
 public:
  struct options {
    std::string bind = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: any free port
    std::string tls_cert;       // PEM chain; TLS when both are set
    std::string tls_key;        // PEM private key
    limits lim;
  };

  // Throws std::runtime_error when the TLS files cannot be loaded.
  server(boost::asio::io_context& ioc, options opts, handler& h);
  ~server();
  server(server const&) = delete;
  server& operator=(server const&) = delete;

  // Binds, listens and starts accepting. Returns the bound port. Throws on failure.
  std::uint16_t start();
  // Graceful shutdown, step one: no new connections.
  void stop_accepting();
  // Closes every open WebSocket with `code` (1001 at shutdown).
  void close_websockets(std::uint16_t code, std::string const& reason);
  std::size_t open_websockets() const;
  bool tls() const;
  stats const& counters() const;

 private:
  std::shared_ptr<core> core_;
  std::shared_ptr<void> listener_;
  std::string bind_;
  std::uint16_t port_ = 0;
  // Gives freed heap back to the system once traffic has stopped (see server.cpp).
  std::jthread trimmer_;
};

}  // namespace arena::net
