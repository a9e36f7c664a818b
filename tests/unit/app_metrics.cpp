// Who may read /metrics (app/metrics: check_metrics_access).
#include "app/metrics.hpp"

#include <doctest/doctest.h>

using arena::app::check_metrics_access;
using arena::app::metrics_access;

TEST_CASE("without a token, /metrics is for loopback peers only") {
  for (auto const* addr : {"127.0.0.1", "127.12.0.9", "::1", "::ffff:127.0.0.1"})
    CHECK_MESSAGE(check_metrics_access(addr, "", "") == metrics_access::allowed, addr);
  for (auto const* addr : {"10.0.0.5", "192.168.1.20", "2001:db8::1", "::ffff:10.0.0.5", "", "not an address"})
    CHECK_MESSAGE(check_metrics_access(addr, "", "") == metrics_access::loopback_only, addr);
  // A header does not open it when no token is configured.
  CHECK(check_metrics_access("10.0.0.5", "Bearer ", "") == metrics_access::loopback_only);
}

TEST_CASE("with a token, /metrics needs exactly that bearer token, from anywhere") {
  std::string const token = "s3cret-token";
  CHECK(check_metrics_access("10.0.0.5", "Bearer s3cret-token", token) == metrics_access::allowed);
  CHECK(check_metrics_access("127.0.0.1", "Bearer s3cret-token", token) == metrics_access::allowed);
  // Loopback alone is not enough once a token is set.
  CHECK(check_metrics_access("127.0.0.1", "", token) == metrics_access::needs_token);
  for (auto const* h : {"Bearer s3cret-toke", "Bearer s3cret-token2", "bearer s3cret-token", "Basic s3cret-token",
                        "Bearer", "Bearer ", "s3cret-token"})
    CHECK_MESSAGE(check_metrics_access("10.0.0.5", h, token) == metrics_access::needs_token, h);
}
