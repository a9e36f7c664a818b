// The HTTP + WebSocket server on one port, plain or TLS. The only public face of net/.
//
// Threading: the caller gives one io_context per io thread and runs each on its own thread. Each
// accepted connection is placed on one of them, in turn; everything about that connection
// happens on that thread. The handler is called there and answers through callbacks that may
// run on any thread (they post back).
#pragma once

#include "net/types.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

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

  // `ios`: one io_context per io thread, each run by exactly one thread (never shared): a
  // connection lives on one of them, taken in turn, and needs no strand. The acceptor lives on the
  // first. Throws std::runtime_error when the TLS files cannot be loaded.
  server(std::vector<boost::asio::io_context*> ios, options opts, handler& h);
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

// Runs `io` until it stops or runs out of work, on the calling thread. A handler that throws
// (handlers report errors as values; in practice only std::bad_alloc escapes) is logged and the
// loop goes on, instead of ending the process and every connection with it.
void run_io(boost::asio::io_context& io);

}  // namespace arena::net
