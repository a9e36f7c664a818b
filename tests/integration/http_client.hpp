// A small synchronous HTTP(S) client for the integration tests, with a cookie jar.
//
// Built on Beast with its own io_context; every exchange is an asynchronous operation driven to
// completion on the calling thread, under a deadline (io_timeout), so a hung server fails the
// test instead of hanging it. Each request uses a fresh connection, which keeps tests about
// error responses (431, 413: the server closes after them) independent of one another.
// TLS certificates are not verified (the tests' certificates are self-signed).
// Thread-safety: none; one client per test thread.
#pragma once

#include "integration/harness.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace arena::itest {

using json = nlohmann::json;
using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_response {
  unsigned status = 0;
  header_list headers;  // names in lower case, in the order received
  std::string body;
  json body_json;       // the parsed body when it is JSON, else null

  // The first header of that (lower-case) name, or empty.
  std::string header(std::string const& lower_name) const;
  std::vector<std::string> all(std::string const& lower_name) const;
  bool has(std::string const& lower_name) const;
  // body_json["error"]["code"], or empty.
  std::string error_code() const;
  bool ok() const { return body_json.is_object() && body_json.value("ok", false); }
};

// One attribute-parsed Set-Cookie header.
struct set_cookie {
  std::string name, value;
  std::vector<std::string> attributes;  // as sent, e.g. "Path=/", "HttpOnly", "Max-Age=0"
  bool has_attribute(std::string const& name_ci) const;  // case-insensitive, name only
  std::string attribute(std::string const& name_ci) const;  // value of name=value, or empty
};
set_cookie parse_set_cookie(std::string const& header);

class http_client {
 public:
  http_client(std::uint16_t port, bool tls);
  explicit http_client(server_process const& srv) : http_client(srv.port(), srv.tls()) {}
  ~http_client();
  http_client(http_client&&) noexcept;
  http_client& operator=(http_client&&) noexcept;

  // One request on a fresh connection. The jar's cookies and the bearer token are added unless
  // `headers` sets Cookie or Authorization itself; Set-Cookie answers update the jar.
  http_response request(std::string const& method, std::string const& target, std::string const& body = {},
                        header_list const& headers = {});
  http_response get(std::string const& target, header_list const& headers = {}) { return request("GET", target, {}, headers); }
  // POST /api/<op> with a JSON body and Content-Type: application/json.
  http_response post(std::string const& op, json const& body = json::object(), header_list const& headers = {});
  // Writes `bytes` as they are on a fresh connection and reads one response (for malformed or
  // oversized requests). Any transport failure after the write is reported as status 0.
  http_response raw(std::string const& bytes);

  // The jar: name -> value. Max-Age=0 removes a cookie.
  std::vector<std::pair<std::string, std::string>> const& cookies() const { return jar_; }
  std::string cookie(std::string const& name) const;
  // "a=1; b=2", or empty.
  std::string cookie_header() const;
  void clear_cookies() { jar_.clear(); }
  void set_cookie_value(std::string const& name, std::string const& value);
  void set_bearer(std::string token) { bearer_ = std::move(token); }

  std::uint16_t port() const { return port_; }
  bool tls() const { return tls_; }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string origin() const { return std::string(tls_ ? "https://" : "http://") + host(); }

 private:
  struct impl;
  void remember(http_response const& r);
  std::unique_ptr<impl> impl_;
  std::uint16_t port_;
  bool tls_;
  std::vector<std::pair<std::string, std::string>> jar_;
  std::string bearer_;
};

}  // namespace arena::itest
