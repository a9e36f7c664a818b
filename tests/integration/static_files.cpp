// The built web client: content types, caching (ETag, 304, immutable assets), the SPA fallback,
// 404s, and the security headers on HTML.
#include "integration/site.hpp"

#include <doctest/doctest.h>

using namespace arena::itest;

namespace {

void check_html_security_headers(http_response const& r) {
  auto csp = r.header("content-security-policy");
  INFO("CSP: ", csp);
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("script-src 'self'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp.find("object-src 'none'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(r.header("x-content-type-options") == "nosniff");
  CHECK(r.header("referrer-policy") == "same-origin");
  CHECK(r.header("x-frame-options") == "DENY");
}

}  // namespace

TEST_CASE("static files: content types, caching, SPA fallback and security headers") {
  static_site web;
  server_process srv(server_options{.static_dir = web.path()});
  INFO("server log (tail):\n", srv.log_tail());
  http_client c(srv);

  auto root = c.get("/");
  REQUIRE(root.status == 200);
  CHECK(root.body == web.index_html);
  CHECK(root.header("content-type") == "text/html; charset=utf-8");
  CHECK(root.header("cache-control") == "no-cache");
  CHECK_FALSE(root.header("etag").empty());
  check_html_security_headers(root);
  CHECK(root.header("content-security-policy").find("connect-src 'self' ws://" + srv.host()) != std::string::npos);
  CHECK_FALSE(root.has("strict-transport-security"));  // plain HTTP

  auto index = c.get("/index.html");
  CHECK(index.status == 200);
  CHECK(index.body == web.index_html);
  CHECK(index.header("etag") == root.header("etag"));

  auto js = c.get("/assets/app-abc123.js");
  REQUIRE(js.status == 200);
  CHECK(js.body == web.app_js);
  CHECK(js.header("content-type") == "text/javascript; charset=utf-8");
  auto cache = js.header("cache-control");
  CHECK(cache.find("immutable") != std::string::npos);
  CHECK(cache.find("max-age=31536000") != std::string::npos);
  CHECK(js.header("x-content-type-options") == "nosniff");
  auto const etag = js.header("etag");
  REQUIRE_FALSE(etag.empty());
  CHECK(etag.front() == '"');
  CHECK(etag != root.header("etag"));

  auto not_modified = c.get("/assets/app-abc123.js", {{"If-None-Match", etag}});
  CHECK(not_modified.status == 304);
  CHECK(not_modified.body.empty());
  CHECK(not_modified.header("etag") == etag);
  auto stale = c.get("/assets/app-abc123.js", {{"If-None-Match", "\"something-else\""}});
  CHECK(stale.status == 200);
  CHECK(stale.body == web.app_js);
  auto html_304 = c.get("/", {{"If-None-Match", root.header("etag")}});
  CHECK(html_304.status == 304);

  auto head = c.request("HEAD", "/assets/app-abc123.js");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("content-length") == std::to_string(web.app_js.size()));

  // Client-side routes get index.html, never cached.
  auto route = c.get("/teams/3");
  REQUIRE(route.status == 200);
  CHECK(route.body == web.index_html);
  CHECK(route.header("content-type") == "text/html; charset=utf-8");
  CHECK(route.header("cache-control") == "no-cache");
  check_html_security_headers(route);
  CHECK(c.get("/invite").body == web.index_html);
  CHECK(c.get("/setup?x=1").body == web.index_html);

  // Missing files with an extension, and anything missing under /assets/, are 404.
  auto missing = c.get("/assets/x.js");
  CHECK(missing.status == 404);
  CHECK(missing.body.find("arena-index-marker") == std::string::npos);
  CHECK(c.get("/assets/newer-route").status == 404);
  CHECK(c.get("/favicon.png").status == 404);

  // No way out of the directory.
  auto escape = c.get("/assets/../../../../etc/passwd");
  CHECK(escape.body.find("root:") == std::string::npos);
  CHECK(c.get("/assets/..%2f..%2fetc%2fpasswd").body.find("root:") == std::string::npos);

  auto post = c.request("POST", "/index.html", "x");
  CHECK(post.status == 405);
  CHECK(post.header("allow") == "GET, HEAD");
}

TEST_CASE("without a built web client, pages answer 503 and the API still works") {
  arena_site site;  // its static directory does not exist
  ARENA_LOG_ON_FAILURE(site);
  auto r = site.admin.get("/");
  CHECK(r.status == 503);
  CHECK(r.body.find("not built") != std::string::npos);
  CHECK(site.admin.get("/teams/3").status == 503);
  CHECK(site.admin.post("server.info").status == 200);
  CHECK(site.admin.get("/healthz").status == 200);
}
