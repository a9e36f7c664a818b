// arena-trace-replay: replays an editing trace (either format of shared/traces) through a
// running Arena server with two WebSocket clients and checks that the draft ends at the
// trace's endContent. See trace_replay.hpp for how the clients replay it.
//
//   arena-trace-replay --port P --email E --password PW --team-id T [--block N (64)] TRACE.json[.gz]
//
// Loopback only (127.0.0.1). Signs in once (POST /api/auth.login; or ARENA_PASSWORD for the
// password), opens two WebSockets with that session, creates a draft in team T with the
// trace's startContent (draft.create), replays, then compares both clients' text and the
// server's (draft.text at the final version) with endContent. Exit status 0 when all three
// match, 1 when not, 2 on bad usage; a missing trace file is reported and exits 0.
#include "integration/http_client.hpp"
#include "integration/ws_client.hpp"
#include "tools/trace_replay.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <unistd.h>

using namespace arena;
namespace tr = arena::tools::trace_replay;

namespace {

[[noreturn]] void usage(std::string const& why) {
  std::cerr << "arena-trace-replay: " << why << "\n"
            << "usage: arena-trace-replay --port P --email E [--password PW | ARENA_PASSWORD] --team-id T [--block N] TRACE\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint16_t port = 0;
  std::string email, password, host = "127.0.0.1", file;
  std::int64_t team_id = 0;
  std::uint64_t block = 64;
  for (int i = 1; i < argc; ++i) {
    std::string const a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value for " + a);
      return argv[++i];
    };
    if (a == "--port") port = static_cast<std::uint16_t>(std::stoi(val()));
    else if (a == "--email") email = val();
    else if (a == "--password") password = val();
    else if (a == "--team-id") team_id = std::stoll(val());
    else if (a == "--block") block = std::stoull(val());
    else if (a == "--host") host = val();
    else if (!a.empty() && a[0] == '-') usage("unknown argument " + a);
    else file = a;
  }
  if (host != "127.0.0.1") usage("loopback only: --host must be 127.0.0.1");
  if (password.empty())
    if (char const* p = std::getenv("ARENA_PASSWORD")) password = p;
  if (port == 0 || email.empty() || password.empty() || team_id <= 0 || file.empty())
    usage("--port, --email, a password, --team-id and a trace file are required");
  if (!std::filesystem::exists(file)) {
    std::cout << "arena-trace-replay: trace not found at " << file << " (set ARENA_TRACES or pass another path): nothing replayed\n";
    return 0;
  }
  try {
    auto const t = tr::load(file, block);
    itest::http_client http(port, false);
    auto login = http.post("auth.login", {{"email", email}, {"password", password}});
    if (login.status != 200) {
      std::cerr << "arena-trace-replay: login failed: HTTP " << login.status << " " << login.body << "\n";
      return 1;
    }
    itest::ws_client::options wo;
    for (auto const& [k, v] : http.cookies()) wo.cookie += (wo.cookie.empty() ? "" : "; ") + k + "=" + v;
    wo.origin = "http://127.0.0.1:" + std::to_string(port);
    auto a = itest::ws_client::connect(port, false, wo);
    auto b = itest::ws_client::connect(port, false, wo);
    auto created = a->request("draft.create", {{"team_id", team_id}, {"title", "Trace " + t.name}, {"kind", "annet"}, {"body", t.start}});
    if (created.value("ok", false) != true) {
      std::cerr << "arena-trace-replay: draft.create refused: " << created.dump() << "\n";
      return 1;
    }
    auto const draft_id = created["draft"]["id"].get<std::int64_t>();
    std::uint64_t version = 0;
    for (auto* c : {a.get(), b.get()}) {
      auto o = c->request("draft.open", {{"team_id", team_id}, {"draft_id", draft_id}});
      if (o.value("ok", false) != true || o.value("text", std::string()) != t.start) {
        std::cerr << "arena-trace-replay: draft.open: " << o.dump().substr(0, 300) << "\n";
        return 1;
      }
      version = o["version"].get<std::uint64_t>();
    }
    auto transport_for = [](itest::ws_client& c) {
      return tr::transport{[&c](std::string const& s) {
                             if (!c.send_text(s)) throw std::runtime_error("send failed");
                           },
                           [&c] { return c.next(std::chrono::seconds(60)); }};
    };
    tr::replay_target target{team_id, draft_id, version, "replay-" + std::to_string(::getpid())};
    tr::replay_client ca(t, 0, target, transport_for(*a));
    tr::replay_client cb(t, 1, target, transport_for(*b));
    auto const t0 = std::chrono::steady_clock::now();
    std::string err_a, err_b;
    std::thread th([&] { err_b = cb.run(); });
    err_a = ca.run();
    th.join();
    auto const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!err_a.empty() || !err_b.empty()) {
      std::cout << "arena-trace-replay: " << t.name << " FAILED: " << err_a << (err_a.empty() ? "" : "; ") << err_b << "\n";
      return 1;
    }
    auto server = a->request("draft.text", {{"team_id", team_id}, {"draft_id", draft_id}, {"version", ca.version()}});
    bool const same_a = ca.text() == t.end, same_b = cb.text() == t.end;
    bool const same_server = server.value("text", std::string()) == t.end;
    std::cout << "arena-trace-replay: " << t.name << (t.concurrent ? " (concurrent, 2 agents)" : " (sequential, blocks of " + std::to_string(block) + ")")
              << ": " << t.txns.size() << " txns, " << ca.submits() + cb.submits() << " draft.submit in " << secs
              << " s; draft " << draft_id << " at version " << ca.version() << "; client 0 " << (same_a ? "matches" : "DIFFERS")
              << ", client 1 " << (same_b ? "matches" : "DIFFERS") << ", server text " << (same_server ? "matches" : "DIFFERS")
              << " endContent (trace: josephg/editing-traces)\n";
    return same_a && same_b && same_server && ca.version() == cb.version() ? 0 : 1;
  } catch (std::exception const& e) {
    std::cerr << "arena-trace-replay: " << e.what() << "\n";
    return 1;
  }
}
