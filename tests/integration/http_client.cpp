#include "integration/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace arena::itest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Runs one asynchronous operation to completion on `ioc` (on this thread).
template <class Start>
beast::error_code drive(asio::io_context& ioc, Start start) {
  bool done = false;
  beast::error_code result;
  start([&](beast::error_code ec, auto&&...) {
    result = ec;
    done = true;
  });
  ioc.restart();
  while (!done && ioc.run_one() > 0) {
  }
  if (!done) throw std::runtime_error("http_client: the operation never completed");
  return result;
}

}  // namespace

// ---- http_response --------------------------------------------------------------------------

std::string http_response::header(std::string const& name) const {
  for (auto const& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::vector<std::string> http_response::all(std::string const& name) const {
  std::vector<std::string> out;
  for (auto const& [k, v] : headers)
    if (k == name) out.push_back(v);
  return out;
}

bool http_response::has(std::string const& name) const {
  return std::any_of(headers.begin(), headers.end(), [&](auto const& kv) { return kv.first == name; });
}

std::string http_response::error_code() const {
  if (!body_json.is_object() || !body_json.contains("error") || !body_json["error"].is_object()) return {};
  return body_json["error"].value("code", "");
}

set_cookie parse_set_cookie(std::string const& header) {
  set_cookie c;
  std::stringstream ss(header);
  std::string part;
  bool first = true;
  while (std::getline(ss, part, ';')) {
    part = trim(part);
    if (first) {
      auto eq = part.find('=');
      c.name = part.substr(0, eq);
      c.value = eq == std::string::npos ? "" : part.substr(eq + 1);
      first = false;
    } else if (!part.empty()) {
      c.attributes.push_back(part);
    }
  }
  return c;
}

bool set_cookie::has_attribute(std::string const& name_ci) const {
  for (auto const& a : attributes)
    if (lower(a.substr(0, a.find('='))) == lower(name_ci)) return true;
  return false;
}

std::string set_cookie::attribute(std::string const& name_ci) const {
  for (auto const& a : attributes) {
    auto eq = a.find('=');
    if (eq != std::string::npos && lower(a.substr(0, eq)) == lower(name_ci)) return a.substr(eq + 1);
  }
  return {};
}

// ---- http_client ----------------------------------------------------------------------------

struct http_client::impl {
  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  impl() { ctx.set_verify_mode(ssl::verify_none); }

  // Writes `bytes` and reads one response on a fresh connection.
  template <class Stream>
  http_response exchange(Stream& stream, std::string const& bytes, bool tolerate_write_error, bool head) {
    auto& tcp_layer = beast::get_lowest_layer(stream);
    tcp_layer.expires_after(io_timeout);
    // A server may answer and close before reading everything (413 on a long body): like a
    // browser, read the answer even when the write failed.
    auto const write_ec = drive(ioc, [&](auto h) { asio::async_write(stream, asio::buffer(bytes), h); });
    beast::flat_buffer buf;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    parser.header_limit(1u << 20);
    parser.skip(head);  // a HEAD answer has Content-Length but no body
    tcp_layer.expires_after(io_timeout);
    auto ec = drive(ioc, [&](auto h) { http::async_read(stream, buf, parser, h); });
    http_response r;
    if (ec == beast::error::timeout) throw std::runtime_error("http_client: timed out waiting for a response");
    if (ec) {
      if (tolerate_write_error) return r;  // status 0
      throw std::runtime_error("http_client: no response: " + ec.message() +
                               (write_ec ? " (the write failed too: " + write_ec.message() + ")" : std::string()));
    }
    auto msg = parser.release();
    r.status = msg.result_int();
    for (auto const& f : msg) r.headers.emplace_back(lower(std::string(f.name_string())), std::string(f.value()));
    r.body = std::move(msg.body());
    if (!r.body.empty()) {
      r.body_json = json::parse(r.body, nullptr, false);
      if (r.body_json.is_discarded()) r.body_json = nullptr;
    }
    beast::error_code ignored;
    tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp_layer.close();
    ioc.restart();
    ioc.poll();
    return r;
  }

  http_response send(std::uint16_t port, bool tls, std::string const& bytes, bool tolerate_write_error, bool head = false) {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    if (!tls) {
      beast::tcp_stream s(ioc);
      s.expires_after(io_timeout);
      if (auto ec = drive(ioc, [&](auto h) { s.async_connect(ep, h); }))
        throw std::runtime_error("http_client: connect failed: " + ec.message());
      return exchange(s, bytes, tolerate_write_error, head);
    }
    beast::ssl_stream<beast::tcp_stream> s(ioc, ctx);
    auto& low = beast::get_lowest_layer(s);
    low.expires_after(io_timeout);
    if (auto ec = drive(ioc, [&](auto h) { low.async_connect(ep, h); }))
      throw std::runtime_error("http_client: connect failed: " + ec.message());
    SSL_set_tlsext_host_name(s.native_handle(), "localhost");
    low.expires_after(io_timeout);
    if (auto ec = drive(ioc, [&](auto h) { s.async_handshake(ssl::stream_base::client, h); }))
      throw std::runtime_error("http_client: TLS handshake failed: " + ec.message());
    return exchange(s, bytes, tolerate_write_error, head);
  }
};

http_client::http_client(std::uint16_t port, bool tls) : impl_(std::make_unique<impl>()), port_(port), tls_(tls) {}
http_client::~http_client() = default;
http_client::http_client(http_client&&) noexcept = default;
http_client& http_client::operator=(http_client&&) noexcept = default;

http_response http_client::request(std::string const& method, std::string const& target, std::string const& body,
                                   header_list const& headers) {
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, host());
  req.set(http::field::user_agent, "arena-integration-tests");
  bool own_cookie = false, own_authz = false;
  for (auto const& [k, v] : headers) {
    req.insert(k, v);
    own_cookie |= lower(k) == "cookie";
    own_authz |= lower(k) == "authorization";
  }
  if (!own_cookie && !jar_.empty()) req.set(http::field::cookie, cookie_header());
  if (!own_authz && !bearer_.empty()) req.set(http::field::authorization, "Bearer " + bearer_);
  req.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT") req.prepare_payload();
  std::ostringstream os;
  os << req;
  auto r = impl_->send(port_, tls_, os.str(), false, method == "HEAD");
  remember(r);
  return r;
}

http_response http_client::post(std::string const& op, json const& body, header_list const& headers) {
  header_list h = headers;
  bool has_type = std::any_of(h.begin(), h.end(), [](auto const& kv) { return lower(kv.first) == "content-type"; });
  if (!has_type) h.emplace_back("Content-Type", "application/json");
  return request("POST", "/api/" + op, body.dump(), h);
}

http_response http_client::raw(std::string const& bytes) { return impl_->send(port_, tls_, bytes, true); }

void http_client::remember(http_response const& r) {
  for (auto const& h : r.all("set-cookie")) {
    auto c = parse_set_cookie(h);
    auto it = std::find_if(jar_.begin(), jar_.end(), [&](auto const& kv) { return kv.first == c.name; });
    bool const removal = c.attribute("Max-Age") == "0" || c.value.empty();
    if (removal) {
      if (it != jar_.end()) jar_.erase(it);
    } else if (it != jar_.end()) {
      it->second = c.value;
    } else {
      jar_.emplace_back(c.name, c.value);
    }
  }
}

std::string http_client::cookie(std::string const& name) const {
  for (auto const& [k, v] : jar_)
    if (k == name) return v;
  return {};
}

std::string http_client::cookie_header() const {
  std::string out;
  for (auto const& [k, v] : jar_) {
    if (!out.empty()) out += "; ";
    out += k + "=" + v;
  }
  return out;
}

void http_client::set_cookie_value(std::string const& name, std::string const& value) {
  auto it = std::find_if(jar_.begin(), jar_.end(), [&](auto const& kv) { return kv.first == name; });
  if (it != jar_.end()) it->second = value;
  else jar_.emplace_back(name, value);
}

}  // namespace arena::itest
