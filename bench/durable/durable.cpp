// arena-durable-bench: messages/s through the store's group-commit writer with synchronous=FULL.
//
// Opens a fresh database (migrations included) in --dir, creates one user, one team and its
// default channel, then keeps --inflight message sends queued on the single writer, each one a
// writer job calling chat::send_message (the same store call as the message.send operation:
// per-channel seq, idempotency row, topic, full-text index), and counts the jobs whose COMMIT
// returned during --seconds. Each COMMIT is fsync'ed (synchronous=FULL) and serves the whole
// group. It does not include the WebSocket path, the JSON codec or the fan-out.
#include "accounts/users.hpp"
#include "chat/channels.hpp"
#include "chat/messages.hpp"
#include "store/database.hpp"
#include "teams/teams.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>

using namespace arena;

int main(int argc, char** argv) {
  std::string dir;
  double seconds = 5;
  int inflight = 4096, size = 128, channels = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--dir") dir = v;
    else if (a == "--seconds") seconds = std::stod(v);
    else if (a == "--inflight") inflight = std::stoi(v);
    else if (a == "--size") size = std::stoi(v);
    else if (a == "--channels") channels = std::stoi(v);
    else {
      std::cerr << "usage: arena-durable-bench --dir FRESH_DIR [--seconds 5] [--inflight 4096] [--size 128] [--channels 1]\n";
      return 2;
    }
  }
  if (dir.empty() || seconds <= 0 || seconds > 60) {
    std::cerr << "arena-durable-bench: --dir is required; --seconds in (0, 60]\n";
    return 2;
  }
  std::filesystem::remove_all(dir);
  store::database::options o;
  o.file = std::filesystem::path(dir) / "arena.db";
  o.pool_threads = 1;
  store::database db(o);

  std::int64_t team_id = 0, user_id = 0;
  std::vector<std::int64_t> chans;
  auto st = db.write().run_sync([&](store::connection& w) -> status {
    accounts::new_user nu;
    nu.email = "durable@bench.invalid";
    nu.display_name = "Durable Bench";
    nu.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hiZW5jaA$YmVuY2hiZW5jaGJlbmNoYmVuY2g";
    auto u = accounts::create_user(w, nu);
    if (!u) return u.error();
    user_id = u->id;
    teams::team_input ti;
    ti.name = "Durable bench";
    ti.slug = "durable-bench";
    auto t = teams::create_team(w, ti);
    if (!t) return t.error();
    team_id = t->id;
    if (auto m = teams::add_member(w, team_id, user_id, auth::team_role::member); !m) return m.error();
    for (int c = 0; c < channels; ++c) {
      chat::channel_input ci;
      ci.name = "bench-" + std::to_string(c);
      auto ch = chat::create_channel(w, team_id, ci);
      if (!ch) return ch.error();
      chans.push_back(ch->id);
    }
    return {};
  });
  if (!st) {
    std::cerr << "setup failed: " << st.error().message << "\n";
    return 1;
  }

  std::string body(static_cast<std::size_t>(size), 'x');
  std::mutex mu;
  std::condition_variable cv;
  long outstanding = 0;
  std::atomic<long> committed{0}, failed{0};
  std::atomic<bool> counting{false};
  std::atomic<long> counted{0};
  long seq = 0;
  auto t_end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds + 1);
  auto t_count = std::chrono::steady_clock::now() + std::chrono::seconds(1);  // 1 s warm-up
  std::chrono::steady_clock::time_point t0;
  bool started = false;
  while (std::chrono::steady_clock::now() < t_end) {
    {
      std::unique_lock<std::mutex> g(mu);
      cv.wait(g, [&] { return outstanding < inflight; });
      ++outstanding;
    }
    if (!started && std::chrono::steady_clock::now() >= t_count) {
      started = true;
      t0 = std::chrono::steady_clock::now();
      counting = true;
    }
    long n = ++seq;
    chat::send_input in;
    in.team_id = team_id;
    in.channel_id = chans[static_cast<std::size_t>(n) % chans.size()];
    in.author_id = user_id;
    in.topic = "bench";
    in.body = body;
    in.client_msg_id = "durable-" + std::to_string(n);
    db.write().submit(store::write_job{
        [in = std::move(in)](store::connection& w) -> status {
          auto r = chat::send_message(w, in);
          if (!r) return r.error();
          return {};
        },
        [&](status const& s) {
          if (s) {
            committed++;
            if (counting) counted++;
          } else
            failed++;
          std::lock_guard<std::mutex> g(mu);
          --outstanding;
          cv.notify_one();
        }});
  }
  counting = false;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  long n = counted.load();
  {
    std::unique_lock<std::mutex> g(mu);
    cv.wait(g, [&] { return outstanding == 0; });
  }
  auto const& ws = db.write().stats();
  std::cout << "durable_messages_per_s=" << static_cast<double>(n) / secs << "\n"
            << "durable_committed=" << committed.load() << "\ndurable_failed=" << failed.load() << "\n"
            << "durable_groups=" << ws.groups.load() << "\ndurable_jobs=" << ws.jobs.load() << "\n"
            << "durable_avg_group=" << static_cast<double>(ws.jobs.load()) / std::max<double>(1, static_cast<double>(ws.groups.load())) << "\n";
  db.close();
  return 0;
}
