// Shared pieces of the load suite: an asynchronous WebSocket fleet (hundreds of chat clients on
// one io thread), the per-client check of a channel's stream, the server's memory from /proc,
// and paging a channel's history.
//
// The fleet exists because the integration harness's ws_client is blocking (one per thread):
// a thousand of them would need a thousand threads. Here every connection is a small state
// machine (connect, upgrade, hello, channel.subscribe, then message.new events) driven by one
// io_context thread; the test thread looks at the connections only through fleet::run, which
// executes on that thread, so no connection state is ever shared between threads.
#pragma once

#include "integration/chat_support.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <doctest/doctest.h>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace arena::rtest {

using namespace arena::itest;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

// ARENA_SOAK=1 (make soak) lengthens the suite.
inline bool soak() {
  char const* s = std::getenv("ARENA_SOAK");
  return s && *s && std::string(s) != "0";
}

inline double seconds_since(steady::time_point t0) { return std::chrono::duration<double>(steady::now() - t0).count(); }

// One client's view of one channel: every message must come with the next seq (no gap, no
// duplicate, no reordering), and a digest over (seq, id, author, body) in order lets the test
// compare what each client saw with the channel's history as stored.
struct channel_stream {
  std::int64_t last = 0;   // the highest seq taken
  std::int64_t count = 0;  // messages taken
  std::uint64_t digest = 14695981039346656037ull;  // FNV-1a offset basis
  std::string error;       // the first violation, empty while all is well

  void take(json const& m) {
    auto const seq = m.at("seq").get<std::int64_t>();
    if (seq != last + 1 && error.empty())
      error = "seq " + std::to_string(seq) + " after " + std::to_string(last) + (seq <= last ? " (duplicate or reordered)" : " (gap)");
    mix(std::to_string(seq));
    mix(std::to_string(m.at("id").get<std::int64_t>()));
    mix(std::to_string(m.at("author_id").get<std::int64_t>()));
    mix(m.at("body").get<std::string>());
    last = std::max(last, seq);
    ++count;
  }

 private:
  void mix(std::string const& s) {
    for (unsigned char ch : s) digest = (digest ^ ch) * 1099511628211ull;
    digest = (digest ^ 0xffu) * 1099511628211ull;  // field separator
  }
};

// Where a connection goes and how it behaves.
struct conn_options {
  std::uint16_t port = 0;
  std::string cookie, origin;
  std::int64_t team = 0, channel = 0;
  int rcvbuf = 0;                     // SO_RCVBUF set before connecting; 0: the kernel's default
  bool stop_after_subscribe = false;  // the client that never reads: no read after the answer
};

// One chat client: connects, upgrades, waits for hello, subscribes with since_seq = the
// stream's last seq, then takes every message.new of its channel. Lives on the fleet's thread.
class chat_conn : public std::enable_shared_from_this<chat_conn> {
 public:
  enum class phase { connecting, hello, subscribing, live, closed };

  chat_conn(asio::io_context& io, conn_options o, channel_stream s = {}) : stream(std::move(s)), ws_(io), o_(std::move(o)) {}

  void start() {
    since = stream.last;
    auto& low = beast::get_lowest_layer(ws_);
    beast::error_code ec;
    low.socket().open(tcp::v4(), ec);
    if (!ec && o_.rcvbuf > 0) low.socket().set_option(asio::socket_base::receive_buffer_size(o_.rcvbuf), ec);
    if (ec) return fail("socket: " + ec.message());
    low.expires_after(io_timeout);
    low.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), o_.port),
                      [self = shared_from_this()](beast::error_code e) { self->on_connect(e); });
  }

  // A network drop: the TCP connection ends without a close frame.
  void drop() {
    dropped = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }

  // The client that never read starts reading (what the kernel buffered, then the close).
  void resume_reading() {
    o_.stop_after_subscribe = false;
    if (ph == phase::live && !reading_) do_read();
  }

  // Queues one text frame (writes never wait for reads, so a client that never reads can send).
  void send(std::string text) {
    if (ph == phase::closed) return;
    out_.push_back(std::move(text));
    if (out_.size() == 1) do_write();
  }

  // What the test looks at (on the fleet's thread only).
  phase ph = phase::connecting;
  channel_stream stream;
  std::int64_t since = 0;
  std::optional<std::int64_t> resync_last;  // set when the subscribe answer said resync
  std::optional<std::uint16_t> close_code;  // the server's close frame, if one came
  std::string error;                        // a transport or protocol failure
  std::int64_t frames = 0;
  std::int64_t backlog = 0;  // messages the subscribe answer carried
  bool dropped = false;

 private:
  void fail(std::string what) {
    if (error.empty() && !dropped) error = std::move(what);
    ph = phase::closed;
  }

  void on_connect(beast::error_code ec) {
    if (ec) return fail("connect: " + ec.message());
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_.read_message_max(1 << 24);  // subscribe backlogs are large
    ws_.set_option(websocket::stream_base::decorator([c = o_.cookie, org = o_.origin](websocket::request_type& req) {
      req.set(beast::http::field::cookie, c);
      req.set(beast::http::field::origin, org);
    }));
    ws_.async_handshake("127.0.0.1:" + std::to_string(o_.port), "/ws",
                        [self = shared_from_this()](beast::error_code e) { self->on_handshake(e); });
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return fail("upgrade: " + ec.message());
    ph = phase::hello;
    do_read();
  }

  void do_read() {
    reading_ = true;
    ws_.async_read(buf_, [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_read(e); });
  }

  void on_read(beast::error_code ec) {
    reading_ = false;
    if (ec) {
      if (ec == websocket::error::closed) {
        close_code = static_cast<std::uint16_t>(ws_.reason().code);
        ph = phase::closed;
        return;
      }
      return fail("read: " + ec.message());
    }
    ++frames;
    json f;
    try {
      auto const d = buf_.data();  // a flat_buffer: one contiguous range
      f = json::parse(std::string_view(static_cast<char const*>(d.data()), d.size()));
    } catch (std::exception const& e) {
      return fail(std::string("bad frame: ") + e.what());
    }
    buf_.consume(buf_.size());
    try {
      on_frame(f);
    } catch (std::exception const& e) {  // a frame without the fields every message has
      return fail(std::string("unexpected frame: ") + e.what() + ": " + f.dump().substr(0, 200));
    }
    if (ph == phase::closed) return;
    if (ph == phase::live && o_.stop_after_subscribe) return;  // never reads again (until resumed)
    do_read();
  }

  void on_frame(json const& f) {
    if (f.contains("ev")) {
      auto const& ev = f["ev"];
      if (ev == "hello" && ph == phase::hello) {
        ph = phase::subscribing;
        send(json{{"op", "channel.subscribe"}, {"rid", "sub"}, {"team_id", o_.team}, {"channel_id", o_.channel}, {"since_seq", since}}.dump());
      } else if (ev == "message.new" && f.value("channel_id", std::int64_t{0}) == o_.channel) {
        // Events of the channel may only follow the subscribe answer (it is sent first).
        if (ph != phase::live) return fail("message.new before the subscribe answer");
        stream.take(f["message"]);
      }
      return;
    }
    if (f.value("re", json()) != "sub") return;  // answers to the heartbeat requests
    if (!f.value("ok", false)) return fail("subscribe refused: " + f.dump());
    if (f.value("resync", false)) {
      resync_last = f["last_seq"].get<std::int64_t>();
    } else {
      backlog = static_cast<std::int64_t>(f["messages"].size());
      for (auto const& m : f["messages"]) stream.take(m);
    }
    ph = phase::live;
  }

  void do_write() {
    ws_.async_write(asio::buffer(out_.front()), [self = shared_from_this()](beast::error_code e, std::size_t) {
      if (e) return;  // the read side reports the failure
      self->out_.pop_front();
      if (!self->out_.empty()) self->do_write();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  conn_options o_;
  beast::flat_buffer buf_;
  std::deque<std::string> out_;
  bool reading_ = false;
};

// An io_context with one thread that runs every connection of a test.
class fleet {
 public:
  fleet() : guard_(io_.get_executor()), thread_([this] { io_.run(); }) {}
  ~fleet() {
    run([this] {
      for (auto& c : conns_) c->drop();
      conns_.clear();
    });
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  fleet(fleet const&) = delete;
  fleet& operator=(fleet const&) = delete;

  // Runs f on the io thread and returns its result (the only way the test touches connections).
  template <class F>
  auto run(F f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto fut = task.get_future();
    asio::post(io_, [&task] { task(); });
    return fut.get();
  }

  // Makes and starts a connection. Call on the io thread (inside run).
  std::shared_ptr<chat_conn> open(conn_options o, channel_stream s = {}) {
    auto c = std::make_shared<chat_conn>(io_, std::move(o), std::move(s));
    conns_.push_back(c);
    c->start();
    return c;
  }

  // Polls `pred` (on the io thread) until it holds or `timeout` passes. Polling a condition,
  // never a fixed delay: the poll interval only bounds how late the test notices.
  template <class Pred>
  bool wait_until(Pred pred, std::chrono::milliseconds timeout) {
    auto const deadline = steady::now() + timeout;
    while (true) {
      if (run([&] { return pred(); })) return true;
      if (steady::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::vector<std::shared_ptr<chat_conn>> conns_;
  std::thread thread_;
};

// One field of /proc/<pid>/status in KiB (VmRSS, VmHWM), or 0 when unreadable.
inline std::int64_t proc_kib(pid_t pid, std::string const& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1));
  return 0;
}

// Samples the server's VmRSS every 20 ms on its own thread and keeps the highest value; the
// kernel's VmHWM (peak since start) is read at the end as the authoritative figure.
class memory_watch {
 public:
  // Resets the kernel's peak (VmHWM) to the current RSS first, so the peak is that of the run
  // being measured, not of start-up (password hashing takes 19 MiB per hash).
  explicit memory_watch(pid_t pid) : pid_(pid) {
    std::ofstream("/proc/" + std::to_string(pid) + "/clear_refs") << "5";
    baseline_ = proc_kib(pid, "VmRSS");
    peak_ = baseline_;
    thread_ = std::thread([this] {
      std::unique_lock lk(mu_);
      while (!stop_) {
        lk.unlock();
        auto const v = proc_kib(pid_, "VmRSS");
        lk.lock();
        peak_ = std::max(peak_, v);
        cv_.wait_for(lk, std::chrono::milliseconds(20), [this] { return stop_; });
      }
    });
  }
  ~memory_watch() { finish(); }
  void finish() {
    {
      std::lock_guard lk(mu_);
      if (stop_) return;
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
    hwm_ = proc_kib(pid_, "VmHWM");
  }
  std::int64_t baseline_kib() const { return baseline_; }
  std::int64_t peak_rss_kib() const {
    std::lock_guard lk(mu_);
    return peak_;
  }
  std::int64_t hwm_kib() const { return hwm_; }  // after finish()

 private:
  pid_t pid_;
  std::int64_t baseline_ = 0, peak_ = 0, hwm_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// The channel's messages after `after` up to and including `upto`, oldest first, paged backwards
// with channel.history (200 a page). `call` sends one operation and returns its answer.
inline std::vector<json> history_between(std::function<json(std::string const&, json)> const& call, std::int64_t team,
                                         std::int64_t ch, std::int64_t after, std::int64_t upto) {
  std::vector<std::vector<json>> pages;
  std::int64_t before = upto + 1;
  while (before > after + 1) {
    auto r = call("channel.history", {{"team_id", team}, {"channel_id", ch}, {"before_seq", before}, {"limit", 200}});
    REQUIRE_MESSAGE(r.value("ok", false), r.dump());
    auto const& ms = r["messages"];
    if (ms.empty()) break;
    std::vector<json> page;
    for (auto const& m : ms)
      if (m["seq"].get<std::int64_t>() > after) page.push_back(m);
    pages.push_back(std::move(page));
    before = ms.front()["seq"].get<std::int64_t>();
    if (!r.value("has_more_before", false)) break;
  }
  std::vector<json> out;
  for (auto p = pages.rbegin(); p != pages.rend(); ++p) out.insert(out.end(), p->begin(), p->end());
  return out;
}

inline std::function<json(std::string const&, json)> over_http(http_client& c) {
  return [&c](std::string const& op, json fields) { return c.post(op, fields).body_json; };
}
inline std::function<json(std::string const&, json)> over_ws(ws_client& ws) {
  return [&ws](std::string const& op, json fields) { return ws.request(op, std::move(fields)); };
}

// The value of an unlabelled sample in /metrics text, or -1.
inline double metric(std::string const& text, std::string const& name) {
  std::size_t pos = 0;
  while ((pos = text.find(name + " ", pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') return std::stod(text.substr(pos + name.size() + 1));
    pos += name.size();
  }
  return -1;
}

// Raises this process's open-file limit to at least `want` (children inherit it). Returns the
// soft limit in force.
inline rlim_t raise_nofile(rlim_t want) {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return 0;
  if (rl.rlim_cur < want) {
    rl.rlim_cur = std::min(want, rl.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &rl);
    ::getrlimit(RLIMIT_NOFILE, &rl);
  }
  return rl.rlim_cur;
}

// A message body: `head`, then ordinary words (picked by a fixed generator) up to about `bytes`,
// so the full-text index sees text like a real channel's.
inline std::string make_body(std::string const& head, std::size_t bytes) {
  static char const* const words[] = {"anskaffelse", "leverandør", "kontrakt", "oppfølging", "krav", "tilbud", "frist",
                                      "kvalitet", "pris", "avvik", "møte", "utkast", "kategori", "rammeavtale",
                                      "evaluering", "dokumentasjon", "sykehus", "levering", "revisjon", "risiko"};
  std::string body = head;
  std::uint64_t x = std::hash<std::string>{}(head) | 1;
  while (body.size() < bytes) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift64
    body += ' ';
    body += words[x % (sizeof words / sizeof *words)];
  }
  return body;
}

// One sender of chat messages on its own (blocking) socket: send(k) puts k more message.send
// frames on the wire without waiting, await_all() takes every answer and REQUIREs it. Bodies are
// "<prefix><index>" and words up to `body_bytes` (make_body), so each is unique and its sender known.
struct chat_sender {
  std::unique_ptr<ws_client> ws;
  std::int64_t team = 0, channel = 0;
  std::string prefix;
  std::size_t body_bytes = 100;
  // Messages per topic: real channels spread over many topics, and so does the suite.
  int topic_size = 100;
  int next = 0;
  std::deque<json> rids;
  std::vector<std::string> bodies;  // every body sent, in order

  void send(int k) {
    for (int j = 0; j < k; ++j, ++next) {
      std::string body = make_body(prefix + std::to_string(next), body_bytes);
      json r = {{"op", "message.send"}, {"rid", ws->next_rid()}, {"team_id", team}, {"channel_id", channel}, {"topic", "Emne " + std::to_string(next / topic_size)},
                {"body", body}, {"client_msg_id", "load-" + prefix + std::to_string(next)}};
      rids.push_back(r["rid"]);
      REQUIRE(ws->send_text(r.dump()));
      bodies.push_back(std::move(body));
    }
  }
  void await_all() {
    while (!rids.empty()) {
      auto a = ws->wait_answer(rids.front());
      REQUIRE_MESSAGE(a.value("ok", false), a.dump());
      rids.pop_front();
    }
  }
  // n messages with at most `window` unanswered at a time.
  void send_all(int n, int window = 25) {
    for (int done = 0; done < n; done += window) {
      send(std::min(window, n - done));
      await_all();
    }
  }
};

}  // namespace arena::rtest
