// /healthz, /readyz and /metrics (Prometheus text format).
#include "integration/site.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace arena::itest;

namespace {

// The value of an unlabelled sample, or nullopt.
std::optional<double> sample(std::string const& text, std::string const& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  }
  return std::nullopt;
}

// Polls /metrics until `name` has `value` (the gauges follow closes asynchronously).
bool wait_for_sample(http_client& c, std::string const& name, double value) {
  auto const deadline = std::chrono::steady_clock::now() + io_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (sample(c.get("/metrics").body, name) == value) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a condition, not a delay
  }
  return false;
}

}  // namespace

TEST_CASE("/healthz and /readyz answer 200") {
  server_process srv;
  INFO("server log (tail):\n", srv.log_tail());
  http_client c(srv);
  auto h = c.get("/healthz");
  CHECK(h.status == 200);
  CHECK(h.body == "ok\n");
  CHECK(h.header("cache-control") == "no-store");
  auto r = c.get("/readyz");
  CHECK(r.status == 200);
  CHECK(r.body == "ready\n");
  CHECK(c.request("HEAD", "/healthz").status == 200);
  CHECK(c.request("POST", "/healthz", "x").status == 405);
}

TEST_CASE("/metrics exposes connections, WebSockets and commit latency") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto m = site.admin.get("/metrics");
  REQUIRE(m.status == 200);
  CHECK(m.header("content-type").rfind("text/plain; version=0.0.4", 0) == 0);
  auto const& text = m.body;
  for (auto const* name : {"arena_connections_open", "arena_websockets_open", "arena_db_commit_seconds_bucket",
                           "arena_db_commit_seconds_sum", "arena_db_commit_seconds_count", "arena_ops_total"})
    CHECK_MESSAGE(text.find(name) != std::string::npos, name);
  CHECK(text.find("# TYPE arena_db_commit_seconds histogram") != std::string::npos);
  CHECK(text.find("# TYPE arena_websockets_open gauge") != std::string::npos);
  CHECK(sample(text, "arena_websockets_open") == 0);
  CHECK(sample(text, "arena_connections_open") >= 1);  // this request's own connection

  // Buckets are cumulative, end with +Inf, and +Inf equals _count (setup committed something).
  std::istringstream in(text);
  std::string line;
  double previous = 0, inf = -1;
  int buckets = 0;
  while (std::getline(in, line)) {
    if (line.rfind("arena_db_commit_seconds_bucket{", 0) != 0) continue;
    double v = std::stod(line.substr(line.rfind(' ') + 1));
    CHECK(v >= previous);
    previous = v;
    ++buckets;
    if (line.find("le=\"+Inf\"") != std::string::npos) inf = v;
  }
  CHECK(buckets >= 2);
  CHECK(inf >= 1);
  CHECK(sample(text, "arena_db_commit_seconds_count") == inf);

  {
    auto ws = site.socket_for(site.admin);
    auto with_ws = site.admin.get("/metrics").body;
    CHECK(sample(with_ws, "arena_websockets_open") == 1);
    CHECK(sample(with_ws, "arena_connections_open") >= 2);
    CHECK(sample(with_ws, "arena_clients") == 1);
    ws->close();
  }
  CHECK(wait_for_sample(site.admin, "arena_websockets_open", 0));
  CHECK(wait_for_sample(site.admin, "arena_clients", 0));
}

TEST_CASE("/metrics with --metrics-token: the bearer token is required, loopback or not") {
  server_options o;
  o.extra_args = {"--metrics-token", "scrape-me-7f3a"};
  server_process srv(o);
  INFO("server log (tail):\n", srv.log_tail());
  http_client c(srv);
  auto none = c.get("/metrics");
  CHECK(none.status == 401);
  CHECK(none.header("www-authenticate").rfind("Bearer", 0) == 0);
  CHECK(none.body.find("arena_") == std::string::npos);
  CHECK(c.get("/metrics", {{"Authorization", "Bearer scrape-me-7f3b"}}).status == 401);
  CHECK(c.get("/metrics", {{"Authorization", "Basic scrape-me-7f3a"}}).status == 401);
  auto ok = c.get("/metrics", {{"Authorization", "Bearer scrape-me-7f3a"}});
  CHECK(ok.status == 200);
  CHECK(sample(ok.body, "arena_connections_open") >= 1);
  // The token guards /metrics only.
  CHECK(c.get("/healthz").status == 200);
}
