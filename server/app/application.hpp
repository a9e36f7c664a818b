// The application behind the transport: routes HTTP requests (API, health, metrics, the web
// client), authenticates WebSocket upgrades, runs operations on the blocking pool, and keeps the
// registry of live clients for fan-out and for ending sessions.
//
// Thread-safety: net:: callbacks arrive on connection strands; operations run on pool threads;
// the client registry is guarded by mu_. Nothing here blocks an io thread: every database read,
// password hash and write wait happens on the pool.
#pragma once

#include "app/config.hpp"
#include "app/static_files.hpp"
#include "auth/password_hasher.hpp"
#include "auth/throttle.hpp"
#include "bus/hub.hpp"
#include "net/server.hpp"
#include "net/types.hpp"
#include "protocol/op_table.hpp"
#include "store/database.hpp"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace arena::app {

class application final : public net::handler, public protocol::effects {
 public:
  application(config const& cfg, store::database& db);
  ~application() override;

  void attach(net::server& srv) { server_ = &srv; }
  // The server's address for links outside the browser (calendars). Call before serving.
  void set_public_url(std::string url);
  // No new operations are started after this (shutdown); in-flight ones finish.
  void begin_shutdown() { shutting_down_.store(true); }

  // net::handler
  void on_http(net::request_info req, respond_fn respond) override;
  void on_upgrade(net::request_info const& req, decide_fn decide) override;
  void on_open(std::shared_ptr<net::ws_peer> const& peer) override;
  void on_text(std::shared_ptr<net::ws_peer> const& peer, std::string message) override;
  void on_close(std::shared_ptr<net::ws_peer> const& peer) override;

  // protocol::effects
  void end_sessions(std::vector<std::int64_t> const& session_ids, std::uint64_t except_socket = 0) override;
  void membership_changed(std::int64_t user_id, std::int64_t team_id, bool is_member) override;

  std::size_t client_count() const;

 private:
  struct client;

  // The requesting socket as operations see it (protocol::call::socket).
  protocol::socket_link socket_link(std::shared_ptr<client> const& cl, protocol::json const& rid);
  // One WebSocket operation (`def`: its op_table entry, null if unknown): on a pool thread with
  // its connection, or (a direct op) on the io thread that read it, with db null.
  void run_op(std::shared_ptr<client> const& cl, protocol::op_def const* def, std::string const& op, protocol::json const& req,
              protocol::json rid, std::string addr, store::connection* db);
  void handle_api(net::request_info req, std::string op, respond_fn respond);
  void handle_static(net::request_info const& req, std::string_view path, respond_fn const& respond);
  void handle_ready(respond_fn respond);
  void handle_document(net::request_info const& req, std::string const& path, respond_fn respond);
  void handle_calendar(net::request_info const& req, std::string const& path, bool feed, respond_fn respond);
  void handle_metrics(net::request_info const& req, respond_fn const& respond);
  std::string session_token_from(net::request_info const& req) const;
  std::string cookie_name(bool tls) const;
  std::string session_cookie(std::string const& token, bool tls) const;
  std::string clear_cookie(bool tls) const;
  bool origin_allowed(net::request_info const& req) const;
  // The Host header names this server: an IP literal, localhost, or the host of --public-url or
  // of an --allowed-origins entry. Anything else is refused before routing (DNS rebinding: a
  // foreign name resolving to this address would otherwise make its own origin "ours").
  bool host_allowed(net::request_info const& req) const;
  void security_headers(net::response_out& res, net::request_info const& req, bool html) const;
  void log_request(net::request_info const& req, unsigned status, std::int64_t started_us) const;

  config cfg_;
  store::database& db_;
  auth::password_hasher hasher_;
  auth::login_throttle throttle_;
  bus::hub hub_;
  static_files files_;
  protocol::services svc_;
  net::server* server_ = nullptr;
  std::atomic<bool> shutting_down_{false};
  std::atomic<std::uint64_t> ops_total_{0}, ops_failed_{0};

  mutable std::mutex mu_;
  std::unordered_map<std::uint64_t, std::shared_ptr<client>> clients_;  // by peer id
  // Open sockets per user, for --max-sockets-per-user: counting them in clients_ at every
  // upgrade made a burst of N connections cost N^2/2 steps (57 % of the server's samples while
  // 10,000 connected, bench/README.md).
  std::unordered_map<std::int64_t, std::size_t> sockets_of_;

  // Runs protocol::draft_sweep every few seconds; stopped and joined first on destruction.
  std::mutex sweep_mu_;
  std::condition_variable_any sweep_cv_;
  std::jthread sweeper_;
};

}  // namespace arena::app
