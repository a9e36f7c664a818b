// arena-loadgen: a WebSocket fan-out load generator for bench/run-chat-bench.
//
// Loopback only (it refuses any host but 127.0.0.1), bounded in connections and time: it opens
// N subscriber connections across M channels plus P publisher connections, publishes messages of
// a fixed body size, and stops by itself after --duration seconds (plus a short drain).
//
// Dialects:
//   arena    : POST /api/auth.login (cookie), GET /ws with Cookie + Origin, channel.subscribe,
//              message.send; deliveries are {"ev":"message.new",...,"body":"..."}.
//   peer     : {"sub":"c"} / {"pub":"c","body":"..."}; deliveries {"chan":"c","body":"..."}.
//   socketio : Engine.IO v4 websocket transport, Socket.IO packets: 40 (connect /),
//              42["sub","c"], 42["pub","c","body"]; deliveries 42["msg",{"chan":"c","body":"..."}];
//              answers engine pings (2) with pongs (3).
//
// The body starts with the publish time (steady clock, nanoseconds, this process) and a '.',
// padded with 'x' to --size bytes, so publish-to-deliver latency needs no clock sync.
//
// Output: one `key=value` line per figure on stdout (the runner script parses them).
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "common/ws_client.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using clk = std::chrono::steady_clock;

namespace {

std::int64_t now_ns() { return std::chrono::duration_cast<std::chrono::nanoseconds>(clk::now().time_since_epoch()).count(); }

// ---- options -----------------------------------------------------------------------------
struct options {
  std::string dialect = "peer";
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  int channels = 1;
  int subs_per_channel = 100;
  int pubs_per_channel = 1;
  int size = 128;
  double rate = 0;            // total messages/s; 0: closed loop (window) only
  double max_rate_per_pub = 0;  // per publisher connection cap (Arena: its per-user limit)
  int window = 0;             // messages in flight per channel in closed loop (0: none)
  double duration = 5;
  double warmup = 1;
  int threads = 1;
  int connect_concurrency = 256;
  int pid = 0;
  bool idle_only = false;
  double idle_wait = 2;
  // Arena
  std::int64_t team_id = 0;
  std::vector<std::int64_t> channel_ids;
  std::vector<std::string> pub_users, sub_users;
  std::string password;
  std::string origin;
  std::string cookie_file;  // email<TAB>cookie lines: reused across runs (sessions are stored)
};

[[noreturn]] void usage(std::string const& why) {
  std::cerr << "arena-loadgen: " << why << "\n"
            << "usage: arena-loadgen --dialect arena|peer|socketio --port P [--channels M] [--subs-per-channel S]\n"
               "  [--pubs-per-channel K] [--size BYTES] [--rate MSGS_PER_S] [--max-rate-per-pub R] [--window W]\n"
               "  [--duration S] [--warmup S] [--threads T] [--connect-concurrency C] [--pid SERVER_PID]\n"
               "  [--idle-only [--idle-wait S]]\n"
               "  arena: --team-id T --channel-ids 1,2,.. --pub-users a@x,.. --sub-users b@x,.. --password PW --origin URL\n";
  std::exit(2);
}

std::vector<std::string> split(std::string const& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--dialect") o.dialect = val();
    else if (a == "--host") o.host = val();
    else if (a == "--port") o.port = static_cast<unsigned short>(std::stoi(val()));
    else if (a == "--channels") o.channels = std::stoi(val());
    else if (a == "--subs-per-channel") o.subs_per_channel = std::stoi(val());
    else if (a == "--pubs-per-channel") o.pubs_per_channel = std::stoi(val());
    else if (a == "--size") o.size = std::stoi(val());
    else if (a == "--rate") o.rate = std::stod(val());
    else if (a == "--max-rate-per-pub") o.max_rate_per_pub = std::stod(val());
    else if (a == "--window") o.window = std::stoi(val());
    else if (a == "--duration") o.duration = std::stod(val());
    else if (a == "--warmup") o.warmup = std::stod(val());
    else if (a == "--threads") o.threads = std::stoi(val());
    else if (a == "--connect-concurrency") o.connect_concurrency = std::stoi(val());
    else if (a == "--pid") o.pid = std::stoi(val());
    else if (a == "--idle-only") o.idle_only = true;
    else if (a == "--idle-wait") o.idle_wait = std::stod(val());
    else if (a == "--team-id") o.team_id = std::stoll(val());
    else if (a == "--channel-ids") for (auto& s : split(val())) o.channel_ids.push_back(std::stoll(s));
    else if (a == "--pub-users") o.pub_users = split(val());
    else if (a == "--sub-users") o.sub_users = split(val());
    else if (a == "--password") o.password = val();
    else if (a == "--origin") o.origin = val();
    else if (a == "--cookie-file") o.cookie_file = val();
    else usage("unknown option " + a);
  }
  if (o.host != "127.0.0.1") usage("loopback only: --host must be 127.0.0.1");
  if (o.dialect != "arena" && o.dialect != "peer" && o.dialect != "socketio") usage("bad --dialect");
  if (!o.port) usage("--port is required");
  if (o.size < 24 || o.size > 16000) usage("--size must be 24..16000");
  if (o.channels < 1 || o.subs_per_channel < 0 || o.pubs_per_channel < 0) usage("bad counts");
  long total = static_cast<long>(o.channels) * (o.subs_per_channel + o.pubs_per_channel);
  if (total > 20000) usage("at most 20,000 connections");
  if (o.duration <= 0 || o.duration > 120) usage("--duration must be in (0, 120]");
  if (o.threads < 1 || o.threads > 8) o.threads = 1;
  if (o.dialect == "arena") {
    if (!o.team_id || static_cast<int>(o.channel_ids.size()) < o.channels) usage("arena needs --team-id and M --channel-ids");
    if (o.sub_users.empty() || o.password.empty()) usage("arena needs --sub-users and --password");
    if (o.pubs_per_channel > 0 && o.pub_users.empty()) usage("arena needs --pub-users");
    if (o.origin.empty()) o.origin = "http://127.0.0.1:" + std::to_string(o.port);
  }
  return o;
}

// ---- /proc ---------------------------------------------------------------------------------
double proc_cpu_seconds(int pid) {
  if (!pid) return 0;
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(f)), {});
  auto p = s.rfind(')');
  if (p == std::string::npos) return 0;
  std::istringstream in(s.substr(p + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  // after ")": state(3) ppid(4) ... utime is field 14, stime 15 (1-based over the whole line)
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long proc_rss_kib(int pid) {
  if (!pid) return 0;
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

// ---- latency histogram: log-linear, ~1.5% resolution, microseconds ----------------------------
struct histogram {
  static constexpr int sub = 64;
  std::vector<std::uint64_t> b = std::vector<std::uint64_t>(128 + 40 * sub, 0);
  std::uint64_t n = 0, max_us = 0;
  static int index(std::uint64_t us) {
    if (us < 128) return static_cast<int>(us);
    int e = 63 - __builtin_clzll(us);  // >= 7
    int s = static_cast<int>((us >> (e - 6)) & (sub - 1));
    return std::min<int>(128 + (e - 7) * sub + s, 128 + 40 * sub - 1);
  }
  static std::uint64_t value(int i) {
    if (i < 128) return static_cast<std::uint64_t>(i);
    int e = (i - 128) / sub + 7, s = (i - 128) % sub;
    return static_cast<std::uint64_t>(sub + s) << (e - 6);
  }
  void add(std::uint64_t us) {
    ++b[index(us)];
    ++n;
    max_us = std::max(max_us, us);
  }
  void merge(histogram const& o) {
    for (std::size_t i = 0; i < b.size(); ++i) b[i] += o.b[i];
    n += o.n;
    max_us = std::max(max_us, o.max_us);
  }
  double quantile_ms(double q) const {
    if (!n) return 0;
    auto want = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n)));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
      seen += b[i];
      if (seen >= want) return static_cast<double>(value(static_cast<int>(i))) / 1000.0;
    }
    return static_cast<double>(max_us) / 1000.0;
  }
};

// ---- shared state ------------------------------------------------------------------------
struct shared_state {
  options const& o;
  std::atomic<long> connected{0}, connect_failed{0}, subscribed{0}, ready_pubs{0};
  std::atomic<std::uint64_t> published{0}, publish_failed{0}, delivered{0}, acks{0};
  // The same three counts per channel: the closed-loop window is per channel. `subs` counts
  // the channel's subscribers whose subscription succeeded (a failed one delivers nothing,
  // so dividing by the nominal count would stall the channel's window).
  struct channel_counts {
    std::atomic<std::uint64_t> published{0}, failed{0}, delivered{0};
    std::atomic<long> subs{0};
  };
  std::unique_ptr<channel_counts[]> per_channel;
  std::atomic<bool> measuring{false}, publishing{false}, stopping{false};
  std::atomic<std::int64_t> measure_start_ns{0};
  std::atomic<std::uint64_t> delivered_in_window{0}, published_in_window{0};
  std::atomic<std::uint64_t> frames_in_window{0}, bytes_in_window{0};  // every frame received, any kind
  std::atomic<bool> unknown_op{false};
  std::mutex mu;
  std::map<std::string, long> errors;  // error code -> count
  std::vector<histogram> hist;         // one per thread
  std::vector<histogram> ack_hist;     // one per thread: publish to acknowledgement
  std::string padding;
  explicit shared_state(options const& opt)
      : o(opt), per_channel(std::make_unique<channel_counts[]>(static_cast<std::size_t>(std::max(1, opt.channels)))) {}
  void error(std::string const& code) {
    std::lock_guard<std::mutex> g(mu);
    ++errors[code];
    if (code == "unknown_op") unknown_op = true;
  }
};

// Extract the number right after `"body":"` (arena and peer) in a frame.
bool body_timestamp(std::string_view s, std::int64_t& ts) {
  auto p = s.find("\"body\":\"");
  if (p == std::string_view::npos) return false;
  p += 8;
  std::int64_t v = 0;
  std::size_t start = p;
  while (p < s.size() && s[p] >= '0' && s[p] <= '9') v = v * 10 + (s[p++] - '0');
  if (p == start) return false;
  ts = v;
  return true;
}

std::string_view error_code(std::string_view s) {
  auto p = s.find("\"code\":\"");
  if (p == std::string_view::npos) return "unknown";
  p += 8;
  auto e = s.find('"', p);
  return s.substr(p, e == std::string_view::npos ? 0 : e - p);
}

// ---- one connection --------------------------------------------------------------------------
class conn : public std::enable_shared_from_this<conn> {
 public:
  conn(asio::io_context& ioc, shared_state& st, int thread_idx, bool publisher, int channel, std::string cookie)
      : ioc_(ioc), st_(st), tidx_(thread_idx), pub_(publisher), chan_(channel), cookie_(std::move(cookie)),
        ws_(ioc) {}

  std::function<void(bool)> on_open;  // called once: handshake (and dialect hello) done or failed

  void start(tcp::endpoint ep) {
    ws_.socket().async_connect(ep, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->opened(false);
      self->ws_.socket().set_option(tcp::no_delay(true));
      std::vector<std::pair<std::string, std::string>> headers;
      if (!self->cookie_.empty()) headers.emplace_back("Cookie", self->cookie_);
      if (!self->st_.o.origin.empty()) headers.emplace_back("Origin", self->st_.o.origin);
      std::string target = self->st_.o.dialect == "arena"      ? "/ws"
                           : self->st_.o.dialect == "socketio" ? "/socket.io/?EIO=4&transport=websocket"
                                                                : "/";
      self->ws_.async_handshake(self, "127.0.0.1:" + std::to_string(self->st_.o.port), target, headers, [self](beast::error_code ec2) {
        if (ec2) return self->opened(false);
        self->read();
        // arena sends "hello" first, socket.io sends its open packet: ready when they arrive.
        if (self->st_.o.dialect == "peer") self->opened(true);
      });
    });
  }

  void subscribe() {
    auto& o = st_.o;
    std::string c = std::to_string(chan_);
    if (o.dialect == "arena")
      send("{\"op\":\"channel.subscribe\",\"rid\":1,\"team_id\":" + std::to_string(o.team_id) +
           ",\"channel_id\":" + std::to_string(o.channel_ids[chan_]) + "}");
    else if (o.dialect == "peer") {
      send("{\"sub\":\"c" + c + "\"}");
      st_.per_channel[static_cast<std::size_t>(chan_)].subs++;  // peers do not acknowledge
      st_.subscribed++;
    } else {
      send("42[\"sub\",\"c" + c + "\"]");
      st_.per_channel[static_cast<std::size_t>(chan_)].subs++;
      st_.subscribed++;
    }
  }

  // Publisher pacing is driven by one pacer per thread (see `pacer`): `pump` sends what this
  // publisher's rate allows, at most `budget` messages (the closed-loop window), and returns.
  // `phase` in [0, 1) staggers the publishers so that they do not all send at the same instant.
  void set_rate(double rate_per_pub, double phase) {
    rate_ = rate_per_pub;
    phase_ = phase;
  }
  bool is_publisher() const { return pub_; }
  int channel() const { return chan_; }
  void pump(double elapsed, long& budget) {
    long due = rate_ > 0 ? static_cast<long>(elapsed * rate_ + phase_) - static_cast<long>(sent_) : 64;
    due = std::min<long>({due, budget, 64});
    if (ws_.queued() > 256) due = 0;  // our own socket is backed up: the server is not reading
    for (long i = 0; i < due; ++i) publish_one();
    if (due > 0) budget -= due;
  }

  void close() {
    asio::post(ioc_, [self = shared_from_this()] { self->ws_.close(); });
  }

 private:
  void opened(bool ok) {
    if (open_reported_) return;
    open_reported_ = true;
    if (on_open) on_open(ok);
  }

  void publish_one() {
    auto& o = st_.o;
    std::int64_t t_now = now_ns();
    if (o.dialect == "arena") sent_at_.push_back(t_now);
    std::string ts = std::to_string(t_now);
    std::string body = ts + "." + st_.padding.substr(0, static_cast<std::size_t>(o.size) - ts.size() - 1);
    std::string c = std::to_string(chan_);
    ++sent_;
    st_.published.fetch_add(1, std::memory_order_relaxed);
    st_.per_channel[static_cast<std::size_t>(chan_)].published.fetch_add(1, std::memory_order_relaxed);
    if (st_.measuring) st_.published_in_window.fetch_add(1, std::memory_order_relaxed);
    std::uint64_t rid = ++rid_;
    if (o.dialect == "arena")
      send("{\"op\":\"message.send\",\"rid\":" + std::to_string(rid) + ",\"team_id\":" + std::to_string(o.team_id) +
           ",\"channel_id\":" + std::to_string(o.channel_ids[chan_]) + ",\"topic\":\"bench\",\"body\":\"" + body +
           "\",\"client_msg_id\":\"b" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" + std::to_string(rid) + "\"}");
    else if (o.dialect == "peer")
      send("{\"pub\":\"c" + c + "\",\"body\":\"" + body + "\"}");
    else
      send("42[\"pub\",\"c" + c + "\",\"" + body + "\"]");
  }

  void send(std::string const& msg) { ws_.send(shared_from_this(), msg); }

  void read() {
    auto self = shared_from_this();
    ws_.async_read_batch(
        self, [this](std::string_view s) { on_frame(s); },
        [self](beast::error_code ec) {
          if (ec) return self->opened(false);
          self->read();
        });
  }

  void delivery(std::string_view s) {
    std::int64_t ts;
    st_.delivered.fetch_add(1, std::memory_order_relaxed);
    st_.per_channel[static_cast<std::size_t>(chan_)].delivered.fetch_add(1, std::memory_order_relaxed);
    if (!st_.measuring) return;
    st_.delivered_in_window.fetch_add(1, std::memory_order_relaxed);
    if (body_timestamp(s, ts)) {
      std::int64_t lat = now_ns() - ts;
      st_.hist[static_cast<std::size_t>(tidx_)].add(static_cast<std::uint64_t>(std::max<std::int64_t>(lat, 0) / 1000));
    }
  }

  void on_frame(std::string_view s) {
    auto const& d = st_.o.dialect;
    if (st_.measuring) {
      st_.frames_in_window.fetch_add(1, std::memory_order_relaxed);
      st_.bytes_in_window.fetch_add(s.size(), std::memory_order_relaxed);
    }
    if (d == "peer") {
      if (s.rfind("{\"chan\"", 0) == 0) delivery(s);
      return;
    }
    if (d == "socketio") {
      if (s.rfind("42", 0) == 0) {
        // 42["msg",{"chan":"c","body":"..."}]
        delivery(s);
      } else if (s == "2") {
        send("3");
      } else if (s.rfind("0{", 0) == 0) {
        send("40");
      } else if (s.rfind("40", 0) == 0) {
        opened(true);
      }
      return;
    }
    // arena: events carry "ev" at the top level, answers "re" (keys may come in any order:
    // the server sorts them). Our bodies are digits and 'x', so a substring test is safe.
    if (s.find("\"ev\":\"message.new\"") != std::string_view::npos) {
      if (!pub_) delivery(s);
      return;
    }
    if (s.find("\"ev\":") == std::string_view::npos && s.find("\"re\":") != std::string_view::npos) {
      bool ok = s.find("\"ok\":true") != std::string_view::npos;
      if (!pub_) {
        if (!ok) st_.error(std::string(error_code(s)));
        else st_.per_channel[static_cast<std::size_t>(chan_)].subs++;
        st_.subscribed++;  // an error is counted too, so that the run does not wait for it; it is reported
        return;
      }
      if (!sent_at_.empty()) {
        if (st_.measuring) st_.ack_hist[static_cast<std::size_t>(tidx_)].add(static_cast<std::uint64_t>(std::max<std::int64_t>(now_ns() - sent_at_.front(), 0) / 1000));
        sent_at_.pop_front();
      }
      if (ok) st_.acks++;
      else {
        st_.publish_failed++;
        st_.per_channel[static_cast<std::size_t>(chan_)].failed.fetch_add(1, std::memory_order_relaxed);
        st_.error(std::string(error_code(s)));
      }
      return;
    }
    if (s.find("\"ev\":\"hello\"") != std::string_view::npos) opened(true);
  }

  asio::io_context& ioc_;
  shared_state& st_;
  int tidx_;
  bool pub_;
  int chan_;
  std::string cookie_;
  arena::bench::client_ws ws_;  // bench/common/ws_client.hpp
  std::deque<std::int64_t> sent_at_;  // arena: send time of each message.send not yet answered
  bool open_reported_ = false;
  double rate_ = 0, phase_ = 0;
  std::uint64_t sent_ = 0, rid_ = 1;
};

// One pacer per io thread: a 1 ms timer that lets each of the thread's publishers send what is
// due (open loop: --rate) within the closed-loop window (--window messages in flight per
// channel, each channel counted on its own as published - failed - delivered / the channel's
// subscribers that subscribed, so that one channel's publishers cannot take every channel's
// share; a channel none of whose subscribers subscribed counts nothing in flight).
struct pacer : std::enable_shared_from_this<pacer> {
  pacer(asio::io_context& ioc, shared_state& st, int window, int channels)
      : timer(ioc), st(st), window(window), budget(static_cast<std::size_t>(std::max(1, channels))) {}
  asio::steady_timer timer;
  shared_state& st;
  int window;
  std::vector<long> budget;  // per channel, refilled every tick
  std::vector<std::shared_ptr<conn>> pubs;
  std::size_t rr = 0;
  clk::time_point t0 = clk::now();
  void tick() {
    if (st.stopping) return;
    if (st.publishing) {
      double elapsed = std::chrono::duration<double>(clk::now() - t0).count();
      for (std::size_t c = 0; c < budget.size(); ++c) {
        budget[c] = 1L << 40;
        if (window > 0) {
          auto const& n = st.per_channel[c];
          long subs = n.subs.load(std::memory_order_relaxed);
          auto sent = static_cast<long>(n.published.load(std::memory_order_relaxed) - n.failed.load(std::memory_order_relaxed));
          long done = subs > 0 ? static_cast<long>(n.delivered.load(std::memory_order_relaxed) / static_cast<std::uint64_t>(subs)) : sent;
          long inflight = sent - done;
          budget[c] = std::max(0L, static_cast<long>(window) - inflight);
        }
      }
      for (std::size_t i = 0; i < pubs.size(); ++i) {
        auto& p = pubs[(rr + i) % pubs.size()];
        long& b = budget[static_cast<std::size_t>(p->channel())];
        if (b > 0) p->pump(elapsed, b);
      }
      if (!pubs.empty()) rr = (rr + 1) % pubs.size();
    } else {
      t0 = clk::now();
    }
    timer.expires_after(std::chrono::milliseconds(1));
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->tick();
    });
  }
};

// ---- Arena login over HTTP (synchronous, before the load) ------------------------------------
std::string arena_login(options const& o, std::string const& email) {
  asio::io_context ioc;
  beast::tcp_stream s(ioc);
  s.connect(tcp::endpoint(asio::ip::make_address(o.host), o.port));
  http::request<http::string_body> req(http::verb::post, "/api/auth.login", 11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(o.port));
  req.set(http::field::content_type, "application/json");
  req.set(http::field::origin, o.origin);
  req.body() = "{\"email\":\"" + email + "\",\"password\":\"" + o.password + "\"}";
  req.prepare_payload();
  http::write(s, req);
  beast::flat_buffer b;
  http::response<http::string_body> res;
  http::read(s, b, res);
  if (res.result() != http::status::ok) throw std::runtime_error("login " + email + ": HTTP " + std::to_string(res.result_int()) + " " + res.body());
  for (auto const& f : res.base()) {
    if (f.name() != http::field::set_cookie) continue;
    std::string v(f.value());
    auto semi = v.find(';');
    std::string pair = v.substr(0, semi);
    if (pair.find("arena_session=") != std::string::npos) return pair;
  }
  throw std::runtime_error("login " + email + ": no session cookie");
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  shared_state st(o);
  st.padding.assign(16000, 'x');
  st.hist.resize(static_cast<std::size_t>(o.threads));
  st.ack_hist.resize(static_cast<std::size_t>(o.threads));

  std::map<std::string, std::string> cookies;
  if (o.dialect == "arena") {
    if (!o.cookie_file.empty()) {
      std::ifstream f(o.cookie_file);
      std::string line;
      while (std::getline(f, line)) {
        auto tab = line.find('\t');
        if (tab != std::string::npos) cookies[line.substr(0, tab)] = line.substr(tab + 1);
      }
    }
    try {
      bool added = false;
      for (auto const* list : {&o.pub_users, &o.sub_users})
        for (auto const& u : *list)
          if (!cookies.count(u)) {
            cookies[u] = arena_login(o, u);
            added = true;
          }
      if (added && !o.cookie_file.empty()) {
        std::ofstream f(o.cookie_file, std::ios::trunc);
        for (auto const& [u, c] : cookies) f << u << '\t' << c << '\n';
      }
    } catch (std::exception const& e) {
      std::cout << "error=" << e.what() << "\n";
      return 1;
    }
  }

  std::vector<std::unique_ptr<asio::io_context>> ctxs;
  for (int i = 0; i < o.threads; ++i) ctxs.push_back(std::make_unique<asio::io_context>(1));
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (auto& c : ctxs) guards.push_back(asio::make_work_guard(*c));
  std::vector<std::thread> threads;
  for (auto& c : ctxs) threads.emplace_back([&c] { c->run(); });

  tcp::endpoint ep(asio::ip::make_address(o.host), o.port);
  double rss0 = static_cast<double>(proc_rss_kib(o.pid));

  // Build the connection list: subscribers then publishers.
  struct spec {
    bool pub;
    int chan;
    std::string cookie;
  };
  std::vector<spec> specs;
  std::size_t su = 0, pu = 0;
  for (int c = 0; c < o.channels; ++c)
    for (int s = 0; s < o.subs_per_channel; ++s)
      specs.push_back({false, c, o.dialect == "arena" ? cookies[o.sub_users[su++ % o.sub_users.size()]] : ""});
  std::size_t n_subs = specs.size();
  for (int c = 0; c < o.channels; ++c)
    for (int p = 0; p < o.pubs_per_channel; ++p)
      specs.push_back({true, c, o.dialect == "arena" ? cookies[o.pub_users[pu++ % o.pub_users.size()]] : ""});

  // Connect with bounded concurrency; connections/s counts TCP connect + WebSocket upgrade +
  // the server's first frame (arena hello, socket.io open/connect).
  std::vector<std::shared_ptr<conn>> conns(specs.size());
  std::atomic<long> next{0}, done{0};
  std::function<void()> launch = [&] {
    long i = next.fetch_add(1);
    if (i >= static_cast<long>(specs.size())) return;
    auto& sp = specs[static_cast<std::size_t>(i)];
    int t = static_cast<int>(i % o.threads);
    auto c = std::make_shared<conn>(*ctxs[static_cast<std::size_t>(t)], st, t, sp.pub, sp.chan, sp.cookie);
    conns[static_cast<std::size_t>(i)] = c;
    c->on_open = [&, c](bool ok) {
      if (ok) st.connected++;
      else st.connect_failed++;
      done++;
      launch();
    };
    asio::post(*ctxs[static_cast<std::size_t>(t)], [c, ep] { c->start(ep); });
  };
  auto t_conn0 = clk::now();
  for (int i = 0; i < std::min<int>(o.connect_concurrency, static_cast<int>(specs.size())); ++i) launch();
  auto deadline = clk::now() + std::chrono::seconds(120);
  while (done.load() < static_cast<long>(specs.size()) && clk::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  double conn_secs = std::chrono::duration<double>(clk::now() - t_conn0).count();
  std::cout << "connections=" << st.connected.load() << "\nconnect_failed=" << st.connect_failed.load() << "\n";
  std::cout << "connect_seconds=" << conn_secs << "\nconnections_per_s=" << static_cast<double>(st.connected.load()) / conn_secs << "\n";

  // Subscribe.
  auto t_sub0 = clk::now();
  for (std::size_t i = 0; i < n_subs; ++i)
    if (conns[i]) {
      auto c = conns[i];
      asio::post(*ctxs[i % static_cast<std::size_t>(o.threads)], [c] { c->subscribe(); });
    }
  deadline = clk::now() + std::chrono::seconds(60);
  while (st.subscribed.load() < static_cast<long>(n_subs) && clk::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::cout << "subscribed=" << st.subscribed.load() << "\nsubscribe_seconds=" << std::chrono::duration<double>(clk::now() - t_sub0).count() << "\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(o.dialect == "arena" ? 300 : 1000));  // peers do not acknowledge sub

  if (o.idle_only) {
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(o.idle_wait * 1000)));
    double rss1 = static_cast<double>(proc_rss_kib(o.pid));
    std::cout << "rss_before_kib=" << rss0 << "\nrss_idle_kib=" << rss1 << "\n";
    if (st.connected.load() > 0) std::cout << "bytes_per_idle_connection=" << (rss1 - rss0) * 1024.0 / static_cast<double>(st.connected.load()) << "\n";
  } else {
    int n_pubs = o.channels * o.pubs_per_channel;
    double rate_per_pub = o.rate > 0 ? o.rate / n_pubs : 0;
    if (o.max_rate_per_pub > 0 && (rate_per_pub == 0 || rate_per_pub > o.max_rate_per_pub)) rate_per_pub = o.max_rate_per_pub;
    std::vector<std::shared_ptr<pacer>> pacers;
    for (int t = 0; t < o.threads; ++t) pacers.push_back(std::make_shared<pacer>(*ctxs[static_cast<std::size_t>(t)], st, o.window, o.channels));
    for (std::size_t i = n_subs; i < conns.size(); ++i)
      if (conns[i]) {
        conns[i]->set_rate(rate_per_pub, static_cast<double>(i - n_subs) / static_cast<double>(std::max(1, n_pubs)));
        pacers[i % static_cast<std::size_t>(o.threads)]->pubs.push_back(conns[i]);
      }
    // The window is checked against global counters by every thread's pacer, so with
    // --threads T it can overshoot by up to T-1 windows; exact with one thread.
    for (auto& p : pacers) asio::post(p->timer.get_executor(), [p] { p->tick(); });
    st.publishing = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(o.warmup * 1000)));
    // Measurement window.
    double cpu0 = proc_cpu_seconds(o.pid);
    double self0 = proc_cpu_seconds(static_cast<int>(::getpid()));
    auto tm0 = clk::now();
    st.measuring = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(o.duration * 1000)));
    st.measuring = false;
    double secs = std::chrono::duration<double>(clk::now() - tm0).count();
    double cpu1 = proc_cpu_seconds(o.pid);
    double self1 = proc_cpu_seconds(static_cast<int>(::getpid()));
    long rss1 = proc_rss_kib(o.pid);
    st.publishing = false;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // drain
    histogram h;
    for (auto const& x : st.hist) h.merge(x);
    histogram ha;
    for (auto const& x : st.ack_hist) ha.merge(x);
    double dps = static_cast<double>(st.delivered_in_window.load()) / secs;
    std::cout << "measure_seconds=" << secs << "\n";
    std::cout << "published_per_s=" << static_cast<double>(st.published_in_window.load()) / secs << "\n";
    std::cout << "deliveries_per_s=" << dps << "\n";
    std::cout << "expected_deliveries_per_s=" << static_cast<double>(st.published_in_window.load()) * o.subs_per_channel / secs << "\n";
    std::cout << "frames_received_per_s=" << static_cast<double>(st.frames_in_window.load()) / secs << "\n";
    if (st.frames_in_window.load())
      std::cout << "bytes_per_frame=" << static_cast<double>(st.bytes_in_window.load()) / static_cast<double>(st.frames_in_window.load()) << "\n";
    std::cout << "latency_samples=" << h.n << "\n";
    std::cout << "p50_ms=" << h.quantile_ms(0.50) << "\np99_ms=" << h.quantile_ms(0.99) << "\np999_ms=" << h.quantile_ms(0.999)
              << "\nmax_ms=" << static_cast<double>(h.max_us) / 1000.0 << "\n";
    // Arena only (the peers do not answer a publish): message.send to its answer, which leaves
    // after the COMMIT, on the publisher's socket.
    if (ha.n > 0)
      std::cout << "ack_p50_ms=" << ha.quantile_ms(0.50) << "\nack_p99_ms=" << ha.quantile_ms(0.99) << "\n";
    // The generator's own CPU: near 1 per thread, it is the limit, not the server.
    std::cout << "loadgen_cpu_util=" << (self1 - self0) / secs << "\n";
    if (o.pid) {
      std::cout << "server_cpu_seconds=" << cpu1 - cpu0 << "\nserver_cpu_util=" << (cpu1 - cpu0) / secs << "\n";
      if (st.delivered_in_window.load())
        std::cout << "cpu_s_per_million_deliveries=" << (cpu1 - cpu0) * 1e6 / static_cast<double>(st.delivered_in_window.load()) << "\n";
      std::cout << "rss_loaded_kib=" << rss1 << "\n";
    }
    std::cout << "publish_failed=" << st.publish_failed.load() << "\nacks=" << st.acks.load() << "\n";
  }
  {
    std::lock_guard<std::mutex> g(st.mu);
    std::string errs;
    for (auto const& [k, v] : st.errors) errs += (errs.empty() ? "" : ",") + k + ":" + std::to_string(v);
    std::cout << "errors=" << (errs.empty() ? "none" : errs) << "\n";
    std::cout << "unknown_op=" << (st.unknown_op ? 1 : 0) << "\n";
  }
  st.stopping = true;
  for (auto& c : conns)
    if (c) c->close();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  guards.clear();
  for (auto& c : ctxs) c->stop();
  for (auto& t : threads) t.join();
  std::cout.flush();
  std::_Exit(0);
}
