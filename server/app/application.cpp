#include "app/application.hpp"

#include "accounts/users.hpp"
#include "app/metrics.hpp"
#include "auth/sessions.hpp"
#include "meetings/feeds.hpp"
#include "suppliers/cases.hpp"
#include "suppliers/register.hpp"
#include "meetings/ical.hpp"
#include "protocol/codec.hpp"
#include "protocol/views.hpp"
#include "teams/teams.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <chrono>

namespace arena::app {

namespace log = util::log;
using protocol::json;

namespace {

constexpr int max_in_flight_per_socket = 32;

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

net::response_out text_response(unsigned status, std::string body) {
  net::response_out r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = std::move(body);
  return r;
}

net::response_out json_response(unsigned status, json const& body) {
  net::response_out r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = protocol::encode(body);
  return r;
}

// The query string's fields as JSON (percent-decoded; '+' is a space): `*_id` fields of digits
// become integers, dry_run a boolean, the rest strings.
json query_args(std::string_view target) {
  json out = json::object();
  auto q = target.find('?');
  if (q == std::string_view::npos) return out;
  auto decode = [](std::string_view in) {
    std::string s;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '+') s += ' ';
      else if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
        s += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        s += in[i];
      }
    }
    return s;
  };
  auto rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    auto part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    auto eq = part.find('=');
    auto key = decode(part.substr(0, eq));
    auto val = eq == std::string_view::npos ? std::string() : decode(part.substr(eq + 1));
    if (key.empty()) continue;
    bool digits = !val.empty() && val.size() <= 15 && std::all_of(val.begin(), val.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (key.ends_with("_id") && digits) out[key] = std::stoll(val);
    else if (key == "dry_run" && (val == "1" || val == "true")) out[key] = true;
    else if (key == "dry_run" && (val == "0" || val == "false")) out[key] = false;
    else out[key] = val;
  }
  return out;
}

std::string_view path_of(std::string_view target) {
  auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

// The value of one cookie from a Cookie header, or empty.
std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto semi = header.find(';');
    auto part = header.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

}  // namespace

// One live WebSocket and who is behind it. Receives bus events for its topics.
struct application::client final : bus::subscriber {
  std::weak_ptr<net::ws_peer> peer;
  auth::principal who;
  std::atomic<int> in_flight{0};
  // Team-scoped topics this socket chose (channel:<id> → team id), so that leaving a team ends
  // them. `closed` under sub_mu keeps a late subscribe from outliving the socket. A small
  // vector, reserved in on_open: a socket holds a few of these (a hash map added a bucket array
  // to every socket), and the ones added later, on the writer thread amid subscribe backlogs,
  // then allocate nothing that would pin that garbage's pages (see net/server.cpp, the trim).
  std::mutex sub_mu;
  bool closed = false;
  bool present = false;  // counted in presence (set once the hello is sent)
  std::vector<std::pair<std::string, std::int64_t>> scoped_topics;

  void deliver(std::shared_ptr<const std::string> const& frame, bool ephemeral) override {
    if (auto p = peer.lock()) p->send(frame, ephemeral);
  }
};

application::application(config const& cfg, store::database& db)
    : cfg_(cfg),
      db_(db),
      hasher_(static_cast<std::ptrdiff_t>(std::max(1u, cfg.hash_concurrency))),
      files_(cfg.static_dir),
      svc_{db_, hasher_, throttle_, hub_, *this, auth::session_policy{}, ARENA_VERSION, std::string()} {
  svc_.policy.idle_ms = std::int64_t(cfg.session_idle_hours) * 3600 * 1000;
  svc_.policy.absolute_ms = std::int64_t(cfg.session_absolute_hours) * 3600 * 1000;
  chat::limit_config limits;
  limits.rate_per_s = cfg.chat_rate_per_s > 0 ? cfg.chat_rate_per_s : 2;
  limits.burst = cfg.chat_burst >= 1 ? cfg.chat_burst : 20;
  svc_.chat_limits = std::make_shared<chat::live_limits>(limits);
  drafts::live_options live;
  live.session_idle_ms = std::int64_t(std::max(1u, cfg.draft_session_idle_s)) * 1000;
  live.close_idle_ms = std::max<std::int64_t>(live.session_idle_ms, 10 * 60 * 1000);
  svc_.drafts = std::make_shared<drafts::live_documents>(live);
  auto const presence_idle_ms = std::int64_t(std::max(1u, cfg.presence_idle_s)) * 1000;
  svc_.presence = std::make_shared<chat::presence_tracker>(presence_idle_ms);
  // The timer of idle drafts and idle people: often enough to see either within a quarter of
  // its timeout (at most every 15 s, at least every 250 ms).
  auto every = std::chrono::milliseconds(std::clamp<std::int64_t>(std::min(live.session_idle_ms, presence_idle_ms) / 4, 250, 15000));
  set_public_url(cfg.public_url);
  // Meeting reminders are computed from the database every --reminder-poll-s seconds.
  auto const reminder_every = std::chrono::seconds(std::max(1u, cfg.reminder_poll_s));
  every = std::min<std::chrono::milliseconds>(every, reminder_every);
  sweeper_ = std::jthread([this, every, reminder_every](std::stop_token stop) {
    auto next_reminders = std::chrono::steady_clock::now();
    while (!stop.stop_requested()) {
      {
        std::unique_lock lk(sweep_mu_);
        if (sweep_cv_.wait_for(lk, stop, every, [] { return false; }); stop.stop_requested()) break;
      }
      if (shutting_down_.load()) continue;
      for (auto const& [uid, state] : svc_.presence->expire(util::now_ms())) {
        // Copies of the bindings: clang before 16 cannot capture structured bindings.
        db_.read().post([this, uid = uid, state = state](store::connection& db) {
          try {
            protocol::publish_presence(svc_, db, uid, state);
          } catch (std::exception const& e) {
            log::error("presence.failed", {{"error", e.what()}});
          }
        });
      }
      try {
        protocol::draft_sweep(svc_);
      } catch (std::exception const& e) {
        log::error("drafts.sweep_failed", {{"error", e.what()}});
      }
      if (std::chrono::steady_clock::now() >= next_reminders) {
        next_reminders = std::chrono::steady_clock::now() + reminder_every;
        try {
          protocol::meeting_reminder_sweep(svc_);
          protocol::supplier_overdue_sweep(svc_);
        } catch (std::exception const& e) {
          log::error("sweep.failed", {{"error", e.what()}});
        }
      }
    }
  });
}

void application::set_public_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  svc_.public_url = std::move(url);
}

application::~application() {
  sweeper_.request_stop();
  if (sweeper_.joinable()) sweeper_.join();
}

std::size_t application::client_count() const {
  std::lock_guard lk(mu_);
  return clients_.size();
}

// ---- HTTP -----------------------------------------------------------------------------------

void application::on_http(net::request_info req, respond_fn respond) {
  auto const started = now_us();
  auto path = std::string(path_of(req.target));
  // Wrap the responder to log once, with the request id.
  auto logged = [this, started, method = req.method, target = path, rid = req.request_id, addr = req.remote_addr,
                 respond = std::move(respond)](net::response_out res) {
    net::request_info info;
    info.method = method;
    info.target = target;
    info.request_id = rid;
    info.remote_addr = addr;
    log_request(info, res.status, started);
    respond(std::move(res));
  };

  if (!host_allowed(req))
    return logged(json_response(421, protocol::error_body(make_error(
                                         errc::forbidden, "unknown host name: this server answers to its IP address, localhost and --public-url"))));
  bool const is_get = req.method == "GET" || req.method == "HEAD";
  if (is_get && path.rfind("/api/documents/", 0) == 0) return handle_document(req, path, std::move(logged));
  if (is_get && path.size() > 4 && path.ends_with(".ics")) {
    if (path.rfind("/api/meetings/", 0) == 0) return handle_calendar(req, path, false, std::move(logged));
    if (path.rfind("/calendar/", 0) == 0) return handle_calendar(req, path, true, std::move(logged));
  }
  if (path.rfind("/api/", 0) == 0) {
    if (req.method != "POST") {
      auto r = json_response(405, protocol::error_body(make_error(errc::bad_request, "use POST")));
      r.headers.emplace_back("Allow", "POST");
      return logged(std::move(r));
    }
    return handle_api(std::move(req), path.substr(5), std::move(logged));
  }
  if (req.method != "GET" && req.method != "HEAD") {
    auto r = text_response(405, "method not allowed\n");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return logged(std::move(r));
  }
  if (path == "/healthz") return logged(text_response(200, "ok\n"));
  if (path == "/readyz") return handle_ready(std::move(logged));
  if (path == "/metrics") return handle_metrics(req, std::move(logged));
  handle_static(req, path, std::move(logged));
}

// GET /api/documents/<id>: a follow-up case's document, to those whose visibility admits them;
// the download is recorded in the supplier's audit trail.
void application::handle_document(net::request_info const& req, std::string const& path, respond_fn respond) {
  std::string name = path.substr(std::string_view("/api/documents/").size());
  std::string token = session_token_from(req);
  bool head = req.method == "HEAD";
  db_.read().post([this, name = std::move(name), token = std::move(token), head, respond = std::move(respond)](store::connection& db) {
    try {
      std::int64_t id = 0;
      auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
      if (ec != std::errc() || ptr != name.data() + name.size() || id < 1) return respond(text_response(404, "no such document\n"));
      auto a = token.empty() ? result<auth::authenticated>(make_error(errc::unauthorized, "")) : auth::authenticate(db, token, svc_.policy);
      if (!a) return respond(text_response(401, "sign in to download the document\n"));
      auto v = suppliers::viewer_of(db, a->who.user_id, a->who.is_admin);
      auto d = suppliers::document_for(db, v, id);
      if (!d) return respond(text_response(404, "no such document\n"));
      auto uid = a->who.user_id;
      auto supplier_id = d->supplier_id;
      db_.write().submit({[uid, supplier_id, id](store::connection& w) -> status {
                            suppliers::audit(w, uid, supplier_id, "download", "document", id);
                            return {};
                          },
                          [](status const&) {}});
      net::response_out r;
      r.status = 200;
      r.headers.emplace_back("Content-Type", d->meta.content_type);
      r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + d->meta.filename + "\"");
      r.headers.emplace_back("Cache-Control", "private, no-store");
      r.headers.emplace_back("X-Content-Type-Options", "nosniff");
      r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
      r.body = std::move(d->content);
      r.head_only = head;
      respond(std::move(r));
    } catch (std::exception const& e) {
      log::error("document.failed", {{"error", e.what()}});
      respond(text_response(500, "internal error\n"));
    }
  });
}

// GET /api/meetings/<id>.ics (the signed-in user's cookie or token) and
// GET /calendar/<secret>.ics (the personal feed; the secret is the credential).
void application::handle_calendar(net::request_info const& req, std::string const& path, bool feed, respond_fn respond) {
  auto const prefix = feed ? std::string_view("/calendar/") : std::string_view("/api/meetings/");
  std::string name = path.substr(prefix.size(), path.size() - prefix.size() - 4);
  std::string token = feed ? std::string() : session_token_from(req);
  bool head = req.method == "HEAD";
  db_.read().post([this, name = std::move(name), token = std::move(token), feed, head, respond = std::move(respond)](store::connection& db) {
    auto const now = util::now_ms();
    auto ics = [&](std::string body, std::string const& filename) {
      net::response_out r;
      r.status = 200;
      r.headers.emplace_back("Content-Type", "text/calendar; charset=utf-8");
      r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
      r.headers.emplace_back("Cache-Control", "private, no-store");
      r.headers.emplace_back("X-Content-Type-Options", "nosniff");
      r.body = std::move(body);
      r.head_only = head;
      return r;
    };
    try {
      if (feed) {
        auto owner = meetings::feed_owner(db, name);
        if (!owner) return respond(text_response(404, "no such calendar\n"));
        return respond(ics(meetings::feed_calendar(db, *owner, svc_.public_url, now), "arena.ics"));
      }
      std::int64_t id = 0;
      auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
      if (ec != std::errc() || ptr != name.data() + name.size() || id < 1) return respond(text_response(404, "no such meeting\n"));
      auto a = token.empty() ? result<auth::authenticated>(make_error(errc::unauthorized, "")) : auth::authenticate(db, token, svc_.policy);
      if (!a) return respond(text_response(401, "sign in to download the meeting\n"));
      auto cal = meetings::meeting_calendar(db, id, a->who.user_id, a->who.is_admin, svc_.public_url, now);
      if (!cal) return respond(text_response(404, "no such meeting\n"));
      respond(ics(std::move(*cal), "meeting-" + std::to_string(id) + ".ics"));
    } catch (std::exception const& e) {
      log::error("calendar.failed", {{"error", e.what()}});
      respond(text_response(500, "internal error\n"));
    }
  });
}

void application::handle_ready(respond_fn respond) {
  db_.read().post([this, respond = std::move(respond)](store::connection& c) {
    try {
      int v = store::schema_version(c);
      if (v != db_.latest_migration()) return respond(text_response(503, "migrations not applied\n"));
      respond(text_response(200, "ready\n"));
    } catch (std::exception const& e) {
      respond(text_response(503, "database unavailable\n"));
    }
  });
}

void application::handle_metrics(net::request_info const& req, respond_fn const& respond) {
  switch (check_metrics_access(req.remote_addr, req.header("authorization"), cfg_.metrics_token)) {
    case metrics_access::allowed:
      break;
    case metrics_access::needs_token: {
      auto r = text_response(401, "unauthorized: /metrics needs the bearer token set with --metrics-token\n");
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"arena-metrics\"");
      return respond(std::move(r));
    }
    case metrics_access::loopback_only:
      return respond(text_response(403, "forbidden: /metrics answers loopback peers only; set --metrics-token to scrape it from elsewhere\n"));
  }
  metrics_input in;
  in.net = server_ ? &server_->counters() : nullptr;
  in.writer = &db_.write().stats();
  in.pool_queue_depth = db_.read().queue_depth();
  in.clients = client_count();
  in.bus_topics = hub_.topic_count();
  in.ops_total = ops_total_.load();
  in.ops_failed = ops_failed_.load();
  auto r = text_response(200, render_metrics(in));
  r.headers[0].second = "text/plain; version=0.0.4; charset=utf-8";
  respond(std::move(r));
}

void application::handle_static(net::request_info const& req, std::string_view path, respond_fn const& respond) {
  static_file const* f = files_.find(path == "/" ? "/index.html" : path);
  bool fallback = false;
  if (!f) {
    // Client-side routes (no file extension in the last segment) get index.html.
    auto last = path.substr(path.rfind('/') + 1);
    if (last.find('.') == std::string_view::npos && path.rfind("/assets/", 0) != 0) {
      f = files_.index();
      fallback = true;
    }
  }
  if (!f) {
    if (!files_.loaded()) return respond(text_response(503, "The web client is not built. Run `make client` (or `make run`).\n"));
    return respond(text_response(404, "not found\n"));
  }
  net::response_out r;
  r.headers.emplace_back("Content-Type", f->content_type);
  r.headers.emplace_back("Cache-Control", fallback ? "no-cache" : f->cache_control);
  r.headers.emplace_back("ETag", f->etag);
  security_headers(r, req, f->is_html);
  if (req.header("if-none-match") == f->etag) {
    r.status = 304;
    return respond(std::move(r));
  }
  r.status = 200;
  r.shared_body = f->body;
  r.head_only = req.method == "HEAD";
  respond(std::move(r));
}

void application::security_headers(net::response_out& r, net::request_info const& req, bool html) const {
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "same-origin");
  if (req.tls) r.headers.emplace_back("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  if (!html) return;
  // The WebSocket origin for connect-src, from the Host header when it looks like a host (a
  // forged Host must not smuggle directives into the policy); otherwise 'self' alone.
  std::string host(req.header("host"));
  bool host_ok = !host.empty() && host.size() <= 255;
  for (char ch : host)
    host_ok = host_ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':' || ch == '[' || ch == ']');
  std::string ws = host_ok ? std::string(req.tls ? "wss://" : "ws://") + host : std::string();
  r.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' " + ws +
          "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  r.headers.emplace_back("X-Frame-Options", "DENY");
}

namespace {

// The host name of a Host header value or of a URL's authority, lower-cased, without the port
// (an IPv6 literal keeps its brackets).
std::string host_name_of(std::string_view authority) {
  if (auto scheme = authority.find("://"); scheme != std::string_view::npos) authority.remove_prefix(scheme + 3);
  if (auto slash = authority.find('/'); slash != std::string_view::npos) authority = authority.substr(0, slash);
  std::string_view name = authority;
  if (!name.empty() && name.front() == '[') {
    auto close = name.find(']');
    name = close == std::string_view::npos ? name : name.substr(0, close + 1);
  } else if (auto colon = name.rfind(':'); colon != std::string_view::npos) {
    name = name.substr(0, colon);
  }
  std::string out(name);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool is_ip_literal(std::string const& name) {
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') return true;
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '.'; });
}

}  // namespace

bool application::host_allowed(net::request_info const& req) const {
  auto header = req.header("host");
  if (header.empty()) return true;  // HTTP/1.0 without Host: nothing a rebinding page could send
  std::string name = host_name_of(header);
  if (name == "localhost" || is_ip_literal(name)) return true;
  if (!svc_.public_url.empty() && name == host_name_of(svc_.public_url)) return true;
  if (!cfg_.public_url.empty() && name == host_name_of(cfg_.public_url)) return true;
  for (auto const& o : cfg_.allowed_origins)
    if (name == host_name_of(o)) return true;
  return false;
}

bool application::origin_allowed(net::request_info const& req) const {
  auto origin = req.header("origin");
  if (origin.empty()) return false;
  std::string own = std::string(req.tls ? "https://" : "http://") + std::string(req.header("host"));
  if (origin == own) return true;
  if (!cfg_.public_url.empty() && origin == cfg_.public_url) return true;
  for (auto const& o : cfg_.allowed_origins)
    if (origin == o) return true;
  return false;
}

std::string application::cookie_name(bool tls) const { return tls ? "__Host-arena_session" : "arena_session"; }

std::string application::session_cookie(std::string const& token, bool tls) const {
  std::string c = cookie_name(tls) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(svc_.policy.absolute_ms / 1000);
  if (tls) c += "; Secure";
  return c;
}

std::string application::clear_cookie(bool tls) const {
  std::string c = cookie_name(tls) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  if (tls) c += "; Secure";
  return c;
}

std::string application::session_token_from(net::request_info const& req) const {
  auto authz = req.header("authorization");
  if (authz.size() > 7 && (authz.substr(0, 7) == "Bearer " || authz.substr(0, 7) == "bearer "))
    return std::string(authz.substr(7));
  return cookie_value(req.header("cookie"), cookie_name(req.tls));
}

void application::handle_api(net::request_info req, std::string op, respond_fn respond) {
  // Cross-site requests never reach an operation (CSRF): browsers send Sec-Fetch-Site, and an
  // Origin that is present must be ours or allowed.
  auto site = req.header("sec-fetch-site");
  if (site == "cross-site" || (!req.header("origin").empty() && !origin_allowed(req)))
    return respond(json_response(403, protocol::error_body(make_error(errc::forbidden, "cross-site request refused"))));
  if (shutting_down_.load())
    return respond(json_response(503, protocol::error_body(make_error(errc::unavailable, "the server is shutting down"))));
  json args = json::object();
  std::optional<std::string> upload;
  if (op.rfind("upload/", 0) == 0) {
    // POST /api/upload/<what>?field=value...: the body is a file, the fields come from the query.
    static const std::map<std::string, std::string> uploads = {{"upload/document", "document.upload"}, {"upload/import", "supplier.import"}};
    auto it = uploads.find(op);
    if (it == uploads.end()) return respond(json_response(404, protocol::error_body(make_error(errc::unknown_op, "no such upload"))));
    op = it->second;
    args = query_args(req.target);
    if (op == "document.upload" && !args.contains("content_type")) args["content_type"] = std::string(req.header("content-type"));
    upload = std::move(req.body);
  } else if (!req.body.empty()) {
    auto parsed = protocol::parse_object(req.body);
    if (!parsed) return respond(json_response(protocol::http_status(parsed.error().code), protocol::error_body(parsed.error())));
    args = std::move(*parsed);
  }
  std::string token = session_token_from(req);
  bool tls = req.tls;
  std::string addr = req.remote_addr;
  db_.read().post([this, op = std::move(op), args = std::move(args), upload = std::move(upload), token = std::move(token), tls, addr = std::move(addr),
                   respond = std::move(respond)](store::connection& db) mutable {
    protocol::call c;
    c.via_http = true;
    c.remote_addr = addr;
    c.db = &db;
    c.upload = std::move(upload);
    bool stale_cookie = false;
    if (!token.empty()) {
      try {
        auto a = auth::authenticate(db, token, svc_.policy);
        if (a) {
          c.who = a->who;
          if (a->needs_touch) {
            auto sid = a->who.session_id;
            db_.write().submit({[sid](store::connection& w) -> status { auth::touch_session(w, sid); return {}; },
                                [](status const&) {}});
          }
        } else {
          stale_cookie = true;
        }
      } catch (std::exception const& e) {
        log::error("auth.failed", {{"error", e.what()}});
      }
    }
    ops_total_.fetch_add(1, std::memory_order_relaxed);
    auto r = protocol::dispatch(svc_, c, op, args);
    net::response_out res;
    if (r) {
      json body = std::move(*r);
      body["ok"] = true;
      res = json_response(200, body);
    } else {
      ops_failed_.fetch_add(1, std::memory_order_relaxed);
      res = json_response(protocol::http_status(r.error().code), protocol::error_body(r.error()));
      if (r.error().code == errc::rate_limited) res.headers.emplace_back("Retry-After", std::to_string(r.error().retry_after_s));
    }
    if (c.new_session_token) res.headers.emplace_back("Set-Cookie", session_cookie(*c.new_session_token, tls));
    else if (c.clear_session_cookie || (stale_cookie && !c.who)) res.headers.emplace_back("Set-Cookie", clear_cookie(tls));
    respond(std::move(res));
  });
}

void application::log_request(net::request_info const& req, unsigned status, std::int64_t started_us) const {
  log::info("http.request", {{"rid", req.request_id},
                             {"method", req.method},
                             {"path", req.target},
                             {"status", status},
                             {"us", now_us() - started_us},
                             {"addr", req.remote_addr}});
}

// ---- WebSocket ------------------------------------------------------------------------------

void application::on_upgrade(net::request_info const& req, decide_fn decide) {
  if (path_of(req.target) != "/ws") return decide(404, nullptr);
  if (!host_allowed(req)) {
    log::warn("ws.host_refused", {{"rid", req.request_id}, {"host", std::string(req.header("host"))}});
    return decide(421, nullptr);
  }
  if (!origin_allowed(req)) {
    log::warn("ws.origin_refused", {{"rid", req.request_id}, {"origin", std::string(req.header("origin"))}});
    return decide(403, nullptr);
  }
  if (shutting_down_.load()) return decide(503, nullptr);
  std::string token = session_token_from(req);
  if (token.empty()) return decide(401, nullptr);
  db_.read().post([this, token = std::move(token), decide = std::move(decide)](store::connection& db) {
    try {
      auto a = auth::authenticate(db, token, svc_.policy);
      if (!a) return decide(401, nullptr);
      std::size_t open = 0;
      {
        std::lock_guard lk(mu_);
        if (auto it = sockets_of_.find(a->who.user_id); it != sockets_of_.end()) open = it->second;
      }
      if (open >= cfg_.max_sockets_per_user) return decide(429, nullptr);
      decide(101, std::make_shared<auth::principal>(a->who));
    } catch (std::exception const& e) {
      log::error("ws.auth_failed", {{"error", e.what()}});
      decide(500, nullptr);
    }
  });
}

void application::on_open(std::shared_ptr<net::ws_peer> const& peer) {
  auto cl = std::make_shared<client>();
  cl->peer = peer;
  cl->who = *std::static_pointer_cast<auth::principal>(peer->context);
  peer->context.reset();  // copied into the client: not held twice for the socket's life
  cl->scoped_topics.reserve(2);
  {
    std::lock_guard lk(mu_);
    clients_[peer->id()] = cl;
    ++sockets_of_[cl->who.user_id];
  }
  hub_.subscribe(bus::user_topic(cl->who.user_id), cl);
  hub_.subscribe(bus::site_topic(), cl);  // the shared supplier register's changes
  log::info("ws.open", {{"peer", peer->id()}, {"user", cl->who.user_id}, {"addr", peer->remote_addr()}});
  // Team subscriptions need a read: on the pool. The hello frame goes out once they are in place.
  db_.read().post([this, cl](store::connection& db) {
    auto p = cl->peer.lock();
    if (!p) return;
    try {
      for (auto const& [team_id, role] : teams::memberships_of(db, cl->who.user_id)) hub_.subscribe(bus::team_topic(team_id), cl);
      auto u = accounts::find_user(db, cl->who.user_id);
      json hello = {{"ev", "hello"}, {"server_version", svc_.server_version}};
      if (u) hello["user"] = protocol::to_json(*u);
      p->send(protocol::encode_shared(hello));
      std::optional<chat::presence_state> changed;
      {
        std::lock_guard lk(cl->sub_mu);
        if (!cl->closed) {
          changed = svc_.presence->open(cl->who.user_id, p->id(), util::now_ms());
          cl->present = true;
        }
      }
      if (changed) protocol::publish_presence(svc_, db, cl->who.user_id, *changed);
    } catch (std::exception const& e) {
      log::error("ws.open_failed", {{"error", e.what()}});
      p->close(1011, "internal error");
    }
  });
}

void application::on_text(std::shared_ptr<net::ws_peer> const& peer, std::string message) {
  std::shared_ptr<client> cl;
  {
    std::lock_guard lk(mu_);
    if (auto it = clients_.find(peer->id()); it != clients_.end()) cl = it->second;
  }
  if (!cl) return;
  auto parsed = protocol::parse_object(message);
  if (!parsed) return peer->send(protocol::encode_shared(protocol::make_error_answer(nullptr, parsed.error())));
  json req = std::move(*parsed);
  json rid = req.contains("rid") ? req["rid"] : json(nullptr);
  if (!rid.is_null() && !rid.is_string() && !rid.is_number())
    return peer->send(protocol::encode_shared(protocol::make_error_answer(nullptr, make_error(errc::bad_request, "rid: a string or a number"))));
  auto op_it = req.find("op");
  if (op_it == req.end() || !op_it->is_string())
    return peer->send(protocol::encode_shared(protocol::make_error_answer(rid, make_error(errc::bad_request, "op: a string is required"))));
  if (shutting_down_.load())
    return peer->send(protocol::encode_shared(protocol::make_error_answer(rid, make_error(errc::unavailable, "the server is shutting down"))));
  if (cl->in_flight.fetch_add(1) >= max_in_flight_per_socket) {
    cl->in_flight.fetch_sub(1);
    error e = make_error(errc::rate_limited, "too many requests in flight on this connection");
    e.retry_after_s = 1;
    return peer->send(protocol::encode_shared(protocol::make_error_answer(rid, e)));
  }
  std::string op = op_it->get<std::string>();
  std::string addr = peer->remote_addr();
  // Most ops read, so they run on the pool; a direct op (op_def::direct) runs here and reads
  // nothing before its writer job.
  auto const* def = protocol::find_op(op);
  if (def && def->direct) return run_op(cl, def, op, req, std::move(rid), std::move(addr), nullptr);
  db_.read().post([this, cl, def, op = std::move(op), req = std::move(req), rid = std::move(rid), addr = std::move(addr)](store::connection& db) {
    run_op(cl, def, op, req, rid, addr, &db);
  });
}

void application::run_op(std::shared_ptr<client> const& cl, protocol::op_def const* def, std::string const& op, json const& req,
                         json rid, std::string addr, store::connection* db) {
  protocol::call c;
  c.who = cl->who;
  c.remote_addr = std::move(addr);
  c.db = db;
  c.socket = socket_link(cl, rid);
  // The slot taken in on_text is given back when the last copy of the link is gone: at the end
  // of this call, or when a handler that answers later has answered.
  struct slot {
    std::shared_ptr<client> cl;
    ~slot() { cl->in_flight.fetch_sub(1); }
  };
  c.socket->in_flight = std::make_shared<slot const>(slot{cl});
  if (op != "presence.set") {
    try {
      if (auto changed = svc_.presence->activity(cl->who.user_id, c.socket->id, true, util::now_ms())) {
        auto const uid = cl->who.user_id;
        auto const state = *changed;
        // Telling the person's teams needs a read: here, or on the pool for a direct op.
        if (db) {
          protocol::publish_presence(svc_, *db, uid, state);
        } else {
          db_.read().post([this, uid, state](store::connection& pooled) {
            try {
              protocol::publish_presence(svc_, pooled, uid, state);
            } catch (std::exception const& e) {
              log::error("presence.failed", {{"error", e.what()}});
            }
          });
        }
      }
    } catch (std::exception const& e) {
      log::error("presence.failed", {{"error", e.what()}});
    }
  }
  ops_total_.fetch_add(1, std::memory_order_relaxed);
  auto r = protocol::dispatch(svc_, c, def, op, req);
  if (c.answered) return;  // the handler answers (or has answered) through c.socket
  auto p = cl->peer.lock();
  if (!p) return;
  if (r) {
    p->send(protocol::encode_shared(protocol::make_answer(rid, std::move(*r))));
  } else {
    ops_failed_.fetch_add(1, std::memory_order_relaxed);
    p->send(protocol::encode_shared(protocol::make_error_answer(rid, r.error())));
  }
}

void application::on_close(std::shared_ptr<net::ws_peer> const& peer) {
  std::shared_ptr<client> cl;
  {
    std::lock_guard lk(mu_);
    if (auto it = clients_.find(peer->id()); it != clients_.end()) {
      cl = it->second;
      clients_.erase(it);
      if (auto n = sockets_of_.find(cl->who.user_id); n != sockets_of_.end() && --n->second == 0) sockets_of_.erase(n);
    }
  }
  if (cl) {
    bool was_present = false;
    {
      std::lock_guard lk(cl->sub_mu);
      cl->closed = true;
      was_present = cl->present;
      cl->scoped_topics.clear();
    }
    hub_.unsubscribe_all(cl.get());
    if (was_present) {
      if (auto changed = svc_.presence->close(cl->who.user_id, peer->id(), util::now_ms())) {
        // The person's teams need a read: on the pool.
        auto const uid = cl->who.user_id;
        auto const state = *changed;
        db_.read().post([this, uid, state](store::connection& db) {
          try {
            protocol::publish_presence(svc_, db, uid, state);
          } catch (std::exception const& e) {
            log::error("presence.failed", {{"error", e.what()}});
          }
        });
      }
    }
    svc_.chat_limits->forget_socket(peer->id());
    protocol::draft_socket_gone(svc_, peer->id());
    log::info("ws.close", {{"peer", peer->id()}, {"user", cl->who.user_id}, {"cause", peer->end_cause()}});
  }
}

// ---- effects --------------------------------------------------------------------------------

void application::end_sessions(std::vector<std::int64_t> const& session_ids, std::uint64_t except_socket) {
  std::vector<std::shared_ptr<client>> targets;
  {
    std::lock_guard lk(mu_);
    for (auto const& [id, cl] : clients_)
      for (auto sid : session_ids)
        if (cl->who.session_id == sid && id != except_socket) targets.push_back(cl);
  }
  for (auto const& cl : targets) {
    hub_.unsubscribe_all(cl.get());  // nothing more reaches it, even before the close completes
    if (auto p = cl->peer.lock()) p->close(1008, "session ended");
  }
}

void application::membership_changed(std::int64_t user_id, std::int64_t team_id, bool is_member) {
  std::vector<std::shared_ptr<client>> targets;
  {
    std::lock_guard lk(mu_);
    for (auto const& [id, cl] : clients_)
      if (cl->who.user_id == user_id) targets.push_back(cl);
  }
  auto topic = bus::team_topic(team_id);
  for (auto const& cl : targets) {
    if (is_member) {
      hub_.subscribe(topic, cl);
      continue;
    }
    hub_.unsubscribe(topic, cl.get());
    // And every topic the socket chose inside that team (its channels), at once.
    std::lock_guard lk(cl->sub_mu);
    for (auto it = cl->scoped_topics.begin(); it != cl->scoped_topics.end();) {
      if (it->second == team_id) {
        hub_.unsubscribe(it->first, cl.get());
        it = cl->scoped_topics.erase(it);
      } else {
        ++it;
      }
    }
  }
}

protocol::socket_link application::socket_link(std::shared_ptr<client> const& cl, json const& rid) {
  protocol::socket_link link;
  link.rid = rid;
  std::weak_ptr<client> weak = cl;
  if (auto p = cl->peer.lock()) link.id = p->id();
  link.send = [weak](std::shared_ptr<const std::string> const& frame, bool ephemeral) {
    if (auto c = weak.lock())
      if (auto p = c->peer.lock()) p->send(frame, ephemeral);
  };
  link.close = [weak](std::uint16_t code, std::string reason) {
    if (auto c = weak.lock())
      if (auto p = c->peer.lock()) p->close(code, std::move(reason));
  };
  link.subscribe = [this, weak](std::string const& topic, std::int64_t team_id, bool on) {
    auto c = weak.lock();
    if (!c) return;
    std::lock_guard lk(c->sub_mu);
    if (c->closed) return;
    if (on) {
      hub_.subscribe(topic, c);
      auto it = std::find_if(c->scoped_topics.begin(), c->scoped_topics.end(), [&](auto const& e) { return e.first == topic; });
      if (it != c->scoped_topics.end()) it->second = team_id;
      else c->scoped_topics.emplace_back(topic, team_id);
    } else {
      hub_.unsubscribe(topic, c.get());
      std::erase_if(c->scoped_topics, [&](auto const& e) { return e.first == topic; });
    }
  };
  return link;
}

}  // namespace arena::app
