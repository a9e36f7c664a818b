// `arena serve` settings: flags, defaults and the checks that refuse a bad value before anything
// starts.
#include "app/config.hpp"

#include <doctest/doctest.h>

using arena::app::config;
using arena::app::parse_serve_args;

namespace {
struct parsed {
  bool ok;
  config cfg;
  std::string message;
};
parsed parse(std::vector<std::string> const& args) {
  parsed p{false, {}, {}};
  bool help = false;
  p.ok = parse_serve_args(args, p.cfg, p.message, help);
  return p;
}
}  // namespace

TEST_CASE("serve settings: defaults, flags and refused values") {
  auto d = parse({});
  REQUIRE_MESSAGE(d.ok, d.message);
  CHECK(d.cfg.ws_idle_timeout_s == 60);
  CHECK(d.cfg.max_sockets_per_user == 20);

  auto f = parse({"--ws-idle-timeout-s", "300", "--max-sockets-per-user", "60"});
  REQUIRE_MESSAGE(f.ok, f.message);
  CHECK(f.cfg.ws_idle_timeout_s == 300);
  CHECK(f.cfg.max_sockets_per_user == 60);

  auto low = parse({"--ws-idle-timeout-s", "1"});
  CHECK_FALSE(low.ok);
  CHECK(low.message.find("--ws-idle-timeout-s") != std::string::npos);

  auto bad = parse({"--ws-idle-timeout-s", "soon"});
  CHECK_FALSE(bad.ok);
  CHECK(bad.message.find("ws-idle-timeout-s") != std::string::npos);

  auto half_tls = parse({"--tls-cert", "cert.pem"});
  CHECK_FALSE(half_tls.ok);
  CHECK(half_tls.message.find("--tls-key") != std::string::npos);
}
