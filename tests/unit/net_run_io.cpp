// net::run_io: a handler that throws is logged, and the io_context goes on with the rest.
#include "net/server.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <stdexcept>

TEST_CASE("net run_io: a throwing handler does not stop the handlers queued after it") {
  boost::asio::io_context io;
  int ran = 0;
  boost::asio::post(io, [] { throw std::runtime_error("out of memory, say"); });
  boost::asio::post(io, [&] { ++ran; });
  boost::asio::post(io, [] { throw 42; });  // not even a std::exception
  boost::asio::post(io, [&] { ++ran; });
  arena::net::run_io(io);  // returns once the queue is empty
  CHECK(ran == 2);
  CHECK(io.stopped());
}
