// `arena serve`: opens the database, starts the io threads and the server, prints the first-run
// setup link, and shuts down gracefully on SIGINT/SIGTERM: stop accepting, close WebSockets with
// 1001, let in-flight operations and database writes finish, exit 0 (within 10 s).
#include "app/application.hpp"
#include "app/commands.hpp"
#include "auth/sessions.hpp"
#include "net/server.hpp"
#include "store/database.hpp"
#include "util/allocator.hpp"
#include "util/log.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

namespace arena::app {

namespace asio = boost::asio;
namespace log = util::log;

namespace {

constexpr auto websocket_drain_limit = std::chrono::seconds(5);

// Polls until every WebSocket has closed or the limit passes, then calls done.
void wait_for_websockets(asio::steady_timer& timer, net::server& srv, std::chrono::steady_clock::time_point deadline,
                         std::function<void()> done) {
  if (srv.open_websockets() == 0 || std::chrono::steady_clock::now() >= deadline) return done();
  timer.expires_after(std::chrono::milliseconds(50));
  timer.async_wait([&timer, &srv, deadline, done = std::move(done)](boost::system::error_code) mutable {
    wait_for_websockets(timer, srv, deadline, std::move(done));
  });
}

}  // namespace

int run_serve(config const& cfg) {
  std::signal(SIGPIPE, SIG_IGN);
  util::configure_allocator();
  log::level lvl;
  if (!log::parse_level(cfg.log_level, lvl)) {
    std::cerr << "arena serve: --log-level must be debug, info, warn or error\n";
    return 2;
  }
  log::set_min_level(lvl);

  unsigned const cores = std::max(1u, std::thread::hardware_concurrency());
  store::database::options dbo;
  dbo.file = cfg.database_file();
  dbo.pool_threads = cfg.pool_threads ? cfg.pool_threads : 2 * cores + 2;
  store::database db(dbo);
  log::info("db.open", {{"file", dbo.file.string()}, {"schema", db.latest_migration()}});

  // One io_context per io thread, each run by that thread alone (concurrency hint 1): a connection
  // stays on one of them, so its handlers need no strand and a post from its own thread skips the
  // scheduler's lock. The first also holds the signals, the acceptor and the shutdown timer.
  // By default one core is left to the writer thread, which commits every write and fans its
  // events out and is busy whenever the io threads are: on two cores, two io threads and the
  // writer took turns on the same cores and delivered 10 to 25 % less (bench/README.md,
  // 2026-11-27).
  unsigned const n = cfg.threads ? cfg.threads : std::max(1u, cores - 1);
  std::vector<std::unique_ptr<asio::io_context>> ios;
  std::vector<asio::io_context*> io_ptrs;
  for (unsigned i = 0; i < n; ++i) {
    ios.push_back(std::make_unique<asio::io_context>(1));
    io_ptrs.push_back(ios.back().get());
  }
  asio::io_context& ioc = *ios.front();
  // Registered before anything is printed: a SIGTERM that arrives as soon as the "listening"
  // line is out (a supervisor, a test) is queued for the graceful path below instead of taking
  // the default action and killing the process.
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  application app(cfg, db);
  net::server::options so;
  so.bind = cfg.bind;
  so.port = cfg.port;
  so.tls_cert = cfg.tls_cert;
  so.tls_key = cfg.tls_key;
  so.lim.ws_idle_timeout = std::chrono::seconds(cfg.ws_idle_timeout_s);
  net::server srv(io_ptrs, so, app);
  app.attach(srv);
  std::uint16_t port = srv.start();

  std::string scheme = srv.tls() ? "https" : "http";
  std::string host = cfg.bind.find(':') != std::string::npos ? "[" + cfg.bind + "]" : cfg.bind;
  std::string base = cfg.public_url.empty() ? scheme + "://" + host + ":" + std::to_string(port) : cfg.public_url;
  // Links that leave the browser (calendar files and feeds) need an absolute address; a
  // wildcard bind address is no address to visit, so those say localhost.
  std::string link_host = cfg.bind == "0.0.0.0" || cfg.bind == "::" ? std::string("localhost") : host;
  app.set_public_url(cfg.public_url.empty() ? scheme + "://" + link_host + ":" + std::to_string(port) : cfg.public_url);
  std::cout << "arena " << ARENA_VERSION << " listening on " << scheme << "://" << host << ":" << port << std::endl;
  log::info("server.listening", {{"url", base}, {"tls", srv.tls()}});

  auto setup = store::write_sync(db.write(), [&](store::connection& w) -> result<std::optional<std::string>> {
    return auth::create_setup_token(w, auth::session_policy{});
  });
  if (!setup) throw std::runtime_error("cannot create the setup link: " + setup.error().message);
  if (*setup) {
    std::cout << "No administrator yet. Open this one-time setup link (valid 24 hours) to create the first one:\n"
              << "setup link: " << base << "/setup#token=" << **setup << std::endl;
  }

  // Each io_context would return from run() when it has nothing to do; these keep them running.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  for (auto* io : io_ptrs) work.push_back(asio::make_work_guard(*io));
  asio::steady_timer drain_timer(ioc);
  signals.async_wait([&](boost::system::error_code ec, int sig) {
    if (ec) return;
    log::info("server.shutdown", {{"signal", sig}});
    app.begin_shutdown();
    srv.stop_accepting();
    srv.close_websockets(1001, "server shutting down");
    wait_for_websockets(drain_timer, srv, std::chrono::steady_clock::now() + websocket_drain_limit, [&] {
      for (auto& w : work) w.reset();
      for (auto* io : io_ptrs) io->stop();
    });
  });

  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n; ++i) threads.emplace_back([io = io_ptrs[i]] { net::run_io(*io); });
  net::run_io(ioc);
  for (auto& t : threads) t.join();
  db.close();  // finishes queued operations and their writes
  log::info("server.stopped");
  return 0;
}

}  // namespace arena::app
