// net::write_flusher: one posted handler per io thread drains every connection marked.
#include "net/core.hpp"
#include "util/deferred.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include <memory>
#include <thread>
#include <vector>

using arena::net::drainable;
using arena::net::write_flusher;

namespace {

struct counting final : drainable {
  int drained = 0;
  std::thread::id on;
  std::vector<counting const*>* order = nullptr;  // when set, each drain appends this connection
  void drain_inbox() override {
    ++drained;
    on = std::this_thread::get_id();
    if (order) order->push_back(this);
  }
};

}  // namespace

TEST_CASE("write_flusher: one handler drains every connection marked before it runs, in order") {
  boost::asio::io_context io(1);
  write_flusher f(io);
  std::vector<std::shared_ptr<counting>> cs;
  std::vector<counting const*> order;
  for (int i = 0; i < 5; ++i) {
    cs.push_back(std::make_shared<counting>());
    cs.back()->order = &order;
    f.mark(cs.back());
  }
  // One post for the five, drained in the order they were marked.
  CHECK(io.poll_one() == 1);
  for (auto& c : cs) CHECK(c->drained == 1);
  REQUIRE(order.size() == cs.size());
  for (std::size_t i = 0; i < cs.size(); ++i) CHECK(order[i] == cs[i].get());
  CHECK(io.poll() == 0);
  // A mark after the handler ran starts a new batch and a new post. (poll() stopped the
  // io_context when it ran out of work.)
  io.restart();
  f.mark(cs[2]);
  CHECK(io.poll() == 1);
  CHECK(cs[2]->drained == 2);
  CHECK(cs[0]->drained == 1);
}

TEST_CASE("write_flusher: inside a deferred scope the post waits for the end of the scope") {
  boost::asio::io_context io(1);
  write_flusher f(io);
  auto a = std::make_shared<counting>();
  auto b = std::make_shared<counting>();
  {
    arena::util::deferred_scope scope;
    f.mark(a);
    CHECK(io.poll() == 0);  // nothing posted yet
    f.mark(b);
  }
  io.restart();
  CHECK(io.poll() == 1);
  CHECK(a->drained == 1);
  CHECK(b->drained == 1);
}

TEST_CASE("write_flusher: a batch whose handler never runs lets its connections go") {
  std::weak_ptr<counting> gone;
  {
    boost::asio::io_context io(1);
    write_flusher f(io);
    auto c = std::make_shared<counting>();
    gone = c;
    f.mark(std::move(c));
    CHECK_FALSE(gone.expired());  // held by the queued handler
    // The io_context is destroyed with the handler queued, as at shutdown.
  }
  CHECK(gone.expired());
}

TEST_CASE("write_flusher: marks from several threads are all drained on the io thread") {
  boost::asio::io_context io(1);
  write_flusher f(io);
  constexpr int threads = 4, per_thread = 500;
  std::vector<std::shared_ptr<counting>> cs;
  for (int i = 0; i < threads * per_thread; ++i) cs.push_back(std::make_shared<counting>());
  auto guard = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  auto const runner_id = runner.get_id();
  std::vector<std::thread> markers;
  for (int t = 0; t < threads; ++t)
    markers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) f.mark(cs[static_cast<std::size_t>(t * per_thread + i)]);
    });
  for (auto& m : markers) m.join();
  // Everything marked is drained by handlers already posted: one more handler after them
  // marks the end.
  boost::asio::post(io, [&] { guard.reset(); });
  runner.join();
  for (auto& c : cs) {
    CHECK(c->drained == 1);
    CHECK(c->on == runner_id);
  }
}
