// util::deferred_scope: actions held back to the end of the outermost scope on the same thread.
#include "util/deferred.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>

using arena::util::deferred_scope;

TEST_CASE("deferred actions run in order at the end of the outermost scope, and only on its thread") {
  std::string trace;
  std::function<void()> a = [&] { trace += "a"; };
  CHECK_FALSE(deferred_scope::defer(a));  // no scope: the caller runs it
  CHECK(trace.empty());
  {
    deferred_scope outer;
    std::function<void()> b = [&] { trace += "b"; };
    CHECK(deferred_scope::defer(b));
    {
      deferred_scope inner;
      std::function<void()> c = [&] {
        trace += "c";
        // Running at the end: no scope is open any more, so this one is not deferred.
        std::function<void()> d = [&] { trace += "d"; };
        if (!deferred_scope::defer(d)) d();
      };
      CHECK(deferred_scope::defer(c));
    }
    CHECK(trace.empty());  // the inner scope joined the outer one
    // Another thread has no scope open.
    bool other = true;
    std::thread t([&] {
      std::function<void()> e = [] {};
      other = deferred_scope::defer(e);
    });
    t.join();
    CHECK_FALSE(other);
    std::function<void()> f = [] { throw std::runtime_error("ignored, logged"); };
    CHECK(deferred_scope::defer(f));
    std::function<void()> g = [&] { trace += "g"; };
    CHECK(deferred_scope::defer(g));
  }
  CHECK(trace == "bcdg");  // a throwing action does not stop the ones after it
}
