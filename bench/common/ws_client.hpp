// The load generators' WebSocket client stream (bench/loadgen, bench/drafts).
//
// Beast's WebSocket stream reads at most tcp_frame_size (1,536) bytes from its next layer per
// read: with frames of a few hundred bytes, a generator made a recv every three frames or so, and
// its cost grew with the server's frame size rather than with what each socket held. Under the WebSocket stream sits a buffered_read_stream
// with 64 KiB reserved, so one recv takes whatever the server queued (as a browser does), and
// Beast parses the frames from memory.
//
// Each generator io_context runs on one thread, so the socket takes the io_context's own
// executor: no strand, no type-erased any_io_executor copied on every operation.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <utility>

// Beast tears down only its own socket and TLS types; a buffered_read_stream closes the socket
// under it. Found by argument-dependent lookup, hence in Beast's namespace.
namespace boost::beast {
template <class Stream, class Buffer>
void teardown(role_type role, buffered_read_stream<Stream, Buffer>& s, error_code& ec) {
  using websocket::teardown;
  teardown(role, s.next_layer(), ec);
}
template <class Stream, class Buffer, class Handler>
void async_teardown(role_type role, buffered_read_stream<Stream, Buffer>& s, Handler&& h) {
  using websocket::async_teardown;
  async_teardown(role, s.next_layer(), std::forward<Handler>(h));
}
}  // namespace boost::beast

namespace arena::bench {

using client_socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;
using client_ws = boost::beast::websocket::stream<boost::beast::buffered_read_stream<client_socket, boost::beast::flat_buffer>>;

constexpr std::size_t client_read_buffer = 64 * 1024;

// A client stream on `ioc` whose reads take up to client_read_buffer bytes per recv.
// beast::read_size asks a dynamic buffer for max(512, capacity - size) bytes: hence the reserve.
inline void size_read_buffer(client_ws& ws) {
  ws.next_layer().capacity(client_read_buffer);
  ws.next_layer().buffer().reserve(client_read_buffer);
}

}  // namespace arena::bench
