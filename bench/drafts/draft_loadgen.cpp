// arena-draft-loadgen: N editors typing into one co-edited document over WebSocket, against
// Arena (draft.open / draft.submit / draft.op) or ShareDB (its JSON wire protocol), with the
// same client algorithm and the same C++ OT engine (server/drafts/ot) on both. Not a test.
//
// Each editor keeps its own copy of the text (a rope), at most one op in flight, and types one
// character at a random position the moment its previous op is acknowledged (a closed loop):
// the op is applied locally, sent against the last version the editor has seen, and
// acknowledged by the server once stored. Ops of other editors arrive as events; each is
// rebased over the op in flight (theirs' = transform(theirs, mine, right),
// mine' = transform(mine, theirs, left): what ShareDB's client and Arena's web client do) and
// applied. An event ahead of the editor's version waits until the gap is filled; one behind it
// (a duplicate) is dropped. At the end, with no more typing, every editor must reach the same
// version and the same text ("converged=1").
//
// Dialects:
//   arena    POST /api/auth.login once per user (cookies cached in --cookie-file), GET /ws with
//            Cookie and Origin, wait for `hello`, {"op":"draft.open"}; submit
//            {"op":"draft.submit","base_version","text_op","client_id","client_seq"}; the answer
//            {"re","ok":true,"version"} is the acknowledgement. The server sends the `draft.op`
//            event of the op (to its author too) before the answer; the version in an event is
//            the version after the op.
//   sharedb  wait for {"a":"init"}, send {"a":"hs","id":null,"protocol":1,"protocolMinor":2}
//            (answer: our src), {"a":"s","c","d"} (answer: {data: {v, data}}); submit
//            {"a":"op","c","d","v","src","seq","op"}; the acknowledgement is {"a":"op",...,"src",
//            "seq","v"} without "op"; others' ops (and the ones our op was rebased over) are
//            {"a":"op",...,"v","op"} with v the version before the op.
//
// Figures (key=value on stdout): acked ops per second in the measured window (after warm-up),
// the acknowledgement latency (send to acknowledgement, microsecond resolution) p50/p99/p999/max
// of every op acknowledged in the window, errors, and the server's CPU use (/proc/PID/stat) when
// --pid is given. Loopback only (--host must be 127.0.0.1); at most 200 editors, 120 s measured
// and --max-ops ops; a hard deadline ends the run if the server stops answering.
#include "drafts/ot/op.hpp"
#include "drafts/ot/transform.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "common/ws_client.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ot = arena::drafts::ot;
using tcp = asio::ip::tcp;
using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;

namespace {

struct options {
  std::string dialect;
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  int editors = 1;
  double duration = 5, warmup = 1;
  std::uint64_t max_ops = 5'000'000;
  std::uint32_t seed = 42;
  long pid = 0;
  // arena
  std::int64_t team_id = 0, draft_id = 0;
  std::vector<std::string> users;
  std::string password, origin, cookie_file;
  // sharedb
  std::string collection = "drafts", doc = "bench";
};

[[noreturn]] void usage(std::string const& why) {
  std::cerr << "arena-draft-loadgen: " << why << "\n"
            << "usage: arena-draft-loadgen --dialect arena|sharedb --port P [--editors N (1..200)] [--duration S]\n"
               "         [--warmup S] [--max-ops N] [--seed N] [--pid SERVER_PID]\n"
               "  arena:   --team-id T --draft-id D --users a@x,b@y --password PW [--origin URL] [--cookie-file F]\n"
               "  sharedb: [--collection drafts] [--doc bench]\n";
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
    std::string const a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value for " + a);
      return argv[++i];
    };
    if (a == "--dialect") o.dialect = val();
    else if (a == "--host") o.host = val();
    else if (a == "--port") o.port = static_cast<unsigned short>(std::stoi(val()));
    else if (a == "--editors") o.editors = std::stoi(val());
    else if (a == "--duration") o.duration = std::stod(val());
    else if (a == "--warmup") o.warmup = std::stod(val());
    else if (a == "--max-ops") o.max_ops = std::stoull(val());
    else if (a == "--seed") o.seed = static_cast<std::uint32_t>(std::stoul(val()));
    else if (a == "--pid") o.pid = std::stol(val());
    else if (a == "--team-id") o.team_id = std::stoll(val());
    else if (a == "--draft-id") o.draft_id = std::stoll(val());
    else if (a == "--users") o.users = split(val());
    else if (a == "--password") o.password = val();
    else if (a == "--origin") o.origin = val();
    else if (a == "--cookie-file") o.cookie_file = val();
    else if (a == "--collection") o.collection = val();
    else if (a == "--doc") o.doc = val();
    else usage("unknown argument " + a);
  }
  if (o.host != "127.0.0.1") usage("loopback only: --host must be 127.0.0.1");
  if (o.dialect != "arena" && o.dialect != "sharedb") usage("--dialect must be arena or sharedb");
  if (o.port == 0) usage("--port is required");
  if (o.editors < 1 || o.editors > 200) usage("--editors must be 1..200");
  if (!(o.duration > 0 && o.duration <= 120) || !(o.warmup >= 0 && o.warmup <= 30)) usage("--duration 0..120, --warmup 0..30");
  if (o.max_ops < 1 || o.max_ops > 50'000'000) usage("--max-ops must be 1..50000000");
  if (o.dialect == "arena") {
    if (o.team_id <= 0 || o.draft_id <= 0 || o.users.empty() || o.password.empty())
      usage("arena needs --team-id, --draft-id, --users and --password");
    if (o.origin.empty()) o.origin = "http://127.0.0.1:" + std::to_string(o.port);
  }
  return o;
}

// ---- ops on the wire (the ot-text-unicode JSON form) --------------------------------------
json op_to_json(ot::op const& o) {
  json a = json::array();
  for (auto const& c : o) {
    if (c.is_skip()) a.push_back(c.length);
    else if (c.is_insert()) a.push_back(c.text);
    else if (c.has_deleted_text()) a.push_back(json{{"d", c.text}});
    else a.push_back(json{{"d", c.length}});
  }
  return a;
}

std::optional<ot::op> op_from_json(json const& a) {
  if (!a.is_array()) return std::nullopt;
  ot::op o;
  for (auto const& c : a) {
    if (c.is_number_unsigned()) o.push_back(ot::component::skip(c.get<std::uint64_t>()));
    else if (c.is_string()) o.push_back(ot::component::insert(c.get<std::string>()));
    else if (c.is_object() && c.contains("d") && c["d"].is_number_unsigned()) o.push_back(ot::component::del(c["d"].get<std::uint64_t>()));
    else if (c.is_object() && c.contains("d") && c["d"].is_string()) o.push_back(ot::component::del_text(c["d"].get<std::string>()));
    else return std::nullopt;
  }
  return o;
}

// ---- shared state (one thread: no locking) -------------------------------------------------
struct run_state {
  options const& o;
  enum class phase { connecting, warmup, measuring, draining, done } ph = phase::connecting;
  clock_type::time_point window_start, window_end;
  int ready = 0, failed = 0;
  std::uint64_t sent = 0, acked = 0, acked_in_window = 0, remote_applied = 0;
  std::vector<std::uint32_t> latencies_us;  // acknowledged in the window
  std::map<std::string, long> errors;
  explicit run_state(options const& opt) : o(opt) {}
  void error(std::string const& what) { ++errors[what]; }
  bool typing() const { return (ph == phase::warmup || ph == phase::measuring) && sent < o.max_ops; }
};

// ---- one editor ------------------------------------------------------------------------------
class editor : public std::enable_shared_from_this<editor> {
 public:
  editor(asio::io_context& ioc, run_state& st, int index, std::string cookie)
      : st_(st), index_(index), cookie_(std::move(cookie)), ws_(ioc),
        rng_(st.o.seed * 7919u + static_cast<std::uint32_t>(index)) {
    client_id_ = "bench-" + std::to_string(::getpid()) + "-" + std::to_string(index);
  }

  void start() {
    auto self = shared_from_this();
    ws_.socket().async_connect(
        tcp::endpoint(asio::ip::make_address(st_.o.host), st_.o.port), [self](beast::error_code ec) {
          if (ec) return self->fail("connect", ec);
          self->ws_.socket().set_option(tcp::no_delay(true));
          self->ws_.on_write_error = [self](beast::error_code e) { self->fail("write", e); };
          std::vector<std::pair<std::string, std::string>> headers;
          if (self->st_.o.dialect == "arena") headers = {{"Cookie", self->cookie_}, {"Origin", self->st_.o.origin}};
          std::string const target = self->st_.o.dialect == "arena" ? "/ws" : "/";
          self->ws_.async_handshake(self, "127.0.0.1:" + std::to_string(self->st_.o.port), target, headers, [self](beast::error_code ec2) {
            if (ec2) return self->fail("handshake", ec2);
            if (self->st_.o.dialect == "sharedb") {
              self->send(R"({"a":"hs","id":null,"protocol":1,"protocolMinor":2})");
            }
            self->do_read();
          });
        });
  }

  // Called when typing starts and after each acknowledgement.
  void maybe_type() {
    if (!ready_ || broken_ || inflight_ || !st_.typing()) return;
    std::uint64_t const len = doc_.length();
    std::uint64_t const pos = std::uniform_int_distribution<std::uint64_t>(0, len)(rng_);
    std::string ch(1, static_cast<char>('a' + std::uniform_int_distribution<int>(0, 25)(rng_)));
    ot::op o = ot::make_insert(pos, ch);
    if (auto s = ot::apply(doc_, o); !s) return fail_logic("local apply");
    json const ojson = op_to_json(o);
    inflight_ = std::move(o);
    ++seq_;
    own_event_seen_ = st_.o.dialect == "sharedb";  // ShareDB never echoes our own op
    answered_ = false;
    sent_at_ = clock_type::now();
    ++st_.sent;
    json m;
    if (st_.o.dialect == "arena") {
      m = {{"op", "draft.submit"}, {"rid", seq_}, {"team_id", st_.o.team_id}, {"draft_id", st_.o.draft_id},
           {"base_version", version_}, {"text_op", ojson}, {"client_id", client_id_}, {"client_seq", seq_}};
    } else {
      m = {{"a", "op"}, {"c", st_.o.collection}, {"d", st_.o.doc}, {"v", version_}, {"src", src_}, {"seq", seq_}, {"op", ojson}};
    }
    send(m.dump());
  }

  bool idle() const { return broken_ || (ready_ && !inflight_ && stash_.empty()); }
  bool broken() const { return broken_; }
  bool ready() const { return ready_; }
  std::uint64_t version() const { return version_; }
  std::string text() const { return doc_.to_string(); }
  void close() {
    closing_ = true;
    ws_.close();
  }

 private:
  void fail(char const* what, beast::error_code ec) {
    if (ec == asio::error::operation_aborted || closing_) return;
    if (!broken_) {
      broken_ = true;
      st_.error(std::string(what) + ": " + ec.message());
      if (!ready_) ++st_.failed;
    }
  }
  void fail_logic(std::string const& what) {
    if (!broken_) {
      broken_ = true;
      st_.error(what);
    }
  }

  void send(std::string const& text) { ws_.send(shared_from_this(), text); }
  void do_read() {
    auto self = shared_from_this();
    ws_.async_read_batch(
        self,
        [this](std::string_view s) {
          json m = json::parse(s, nullptr, false);
          if (m.is_discarded() || !m.is_object()) st_.error("unparseable frame");
          else if (st_.o.dialect == "arena") on_arena(m);
          else on_sharedb(m);
        },
        [self](beast::error_code ec) {
          if (ec) return self->fail("read", ec);
          self->do_read();
        });
  }

  void became_ready(std::uint64_t version, std::string const& text) {
    if (ready_) return;
    version_ = version;
    doc_ = ot::rope(text);
    ready_ = true;
    ++st_.ready;
    drain_stash();
  }

  // An op of someone else that turns version `before` into before + 1.
  void on_remote(std::uint64_t before, ot::op theirs) {
    if (ready_ && before < version_) return;  // a duplicate
    stash_.emplace(before, std::move(theirs));
    if (ready_) drain_stash();
  }
  void drain_stash() {
    while (!stash_.empty() && !broken_) {
      auto it = stash_.begin();
      if (it->first < version_) { stash_.erase(it); continue; }
      if (it->first > version_) return;  // a gap: wait for the missing op
      ot::op theirs = std::move(it->second);
      stash_.erase(it);
      if (inflight_) {
        auto t2 = ot::transform(theirs, *inflight_, ot::side::right);
        auto m2 = ot::transform(*inflight_, theirs, ot::side::left);
        if (!t2 || !m2) return fail_logic("transform refused");
        theirs = std::move(*t2);
        inflight_ = std::move(*m2);
      }
      if (auto s = ot::apply(doc_, theirs); !s) return fail_logic("remote op does not apply: " + s.error().message);
      ++version_;
      ++st_.remote_applied;
    }
  }

  void acknowledged() {
    auto const now = clock_type::now();
    ++st_.acked;
    if (st_.ph == run_state::phase::measuring && now >= st_.window_start && now < st_.window_end) {
      ++st_.acked_in_window;
      st_.latencies_us.push_back(static_cast<std::uint32_t>(
          std::min<long long>(std::chrono::duration_cast<std::chrono::microseconds>(now - sent_at_).count(), UINT32_MAX)));
    }
  }
  void maybe_done() {
    if (inflight_ && answered_ && own_event_seen_) {
      inflight_.reset();
      drain_stash();
      maybe_type();
    }
  }

  void on_arena(json const& m) {
    if (auto ev = m.find("ev"); ev != m.end()) {
      if (*ev == "hello") {
        json open = {{"op", "draft.open"}, {"rid", "open"}, {"team_id", st_.o.team_id}, {"draft_id", st_.o.draft_id}};
        return send(open.dump());
      }
      if (*ev != "draft.op" || m.value("draft_id", std::int64_t{0}) != st_.o.draft_id) return;
      auto const after = m.value("version", std::uint64_t{0});
      if (after == 0) return st_.error("draft.op without version");
      if (m.value("client_id", std::string()) == client_id_) {
        if (!inflight_ || m.value("client_seq", std::int64_t{0}) != seq_) return st_.error("unexpected own draft.op");
        // Our op, at version `after`: every op before it has been applied here (events come in order).
        if (after - 1 != version_) {
          drain_stash();
          if (after - 1 != version_) return fail_logic("own draft.op out of order");
        }
        version_ = after;
        own_event_seen_ = true;
        return maybe_done();
      }
      auto o = op_from_json(m.contains("text_op") ? m["text_op"] : m.value("op", json()));
      if (!o) return st_.error("draft.op with a bad op");
      return on_remote(after - 1, std::move(*o));
    }
    auto re = m.find("re");
    if (re == m.end()) return;
    bool const ok = m.value("ok", false);
    if (re->is_string() && *re == "open") {
      if (!ok) {
        fail_logic("draft.open: " + m.dump().substr(0, 200));
        return;
      }
      return became_ready(m.value("version", std::uint64_t{0}), m.value("text", std::string()));
    }
    if (!re->is_number() || re->get<std::int64_t>() != seq_ || !inflight_) return st_.error("unexpected answer");
    if (!ok) {
      auto const code = m.contains("error") ? m["error"].value("code", std::string("?")) : std::string("?");
      st_.error("draft.submit " + code);
      if (code == "unknown_op") st_.error("unknown_op");
      return fail_logic("draft.submit refused: the editor stops");
    }
    acknowledged();
    answered_ = true;
    maybe_done();
  }

  void on_sharedb(json const& m) {
    std::string const a = m.value("a", std::string());
    if (m.contains("error")) {
      st_.error("sharedb " + a + ": " + m["error"].value("message", std::string("?")).substr(0, 80));
      if (a == "op" && m.value("src", std::string()) == src_) fail_logic("op refused: the editor stops");
      return;
    }
    if (a == "init") return;
    if (a == "hs") {
      src_ = m.value("id", std::string());
      json s = {{"a", "s"}, {"c", st_.o.collection}, {"d", st_.o.doc}};
      return send(s.dump());
    }
    if (a == "s") {
      auto const& d = m.value("data", json::object());
      if (!d.contains("v") || !d.contains("data") || !d["data"].is_string()) return fail_logic("subscribe: no snapshot");
      return became_ready(d["v"].get<std::uint64_t>(), d["data"].get<std::string>());
    }
    if (a != "op") return;
    auto const v = m.value("v", std::uint64_t{0});
    if (!m.contains("op")) {  // an acknowledgement
      if (m.value("src", std::string()) != src_ || m.value("seq", std::int64_t{0}) != seq_ || !inflight_)
        return st_.error("unexpected ack");
      drain_stash();
      if (v != version_) return fail_logic("ack out of order");
      version_ = v + 1;
      acknowledged();
      answered_ = true;
      return maybe_done();
    }
    auto o = op_from_json(m["op"]);
    if (!o) return st_.error("op with a bad op");
    on_remote(v, std::move(*o));
  }

  run_state& st_;
  int index_;
  std::string cookie_;
  arena::bench::client_ws ws_;  // bench/common/ws_client.hpp
  std::mt19937 rng_;
  std::string client_id_, src_;
  bool ready_ = false, broken_ = false, closing_ = false;
  bool answered_ = false, own_event_seen_ = false;
  ot::rope doc_;
  std::uint64_t version_ = 0;
  std::int64_t seq_ = 0;
  std::optional<ot::op> inflight_;
  std::map<std::uint64_t, ot::op> stash_;  // others' ops ahead of version_, by base version
  clock_type::time_point sent_at_;
};

// ---- Arena login over HTTP (before the load) -------------------------------------------------
std::string arena_login(options const& o, std::string const& email) {
  asio::io_context ioc;
  beast::tcp_stream s(ioc);
  s.expires_after(std::chrono::seconds(30));
  s.connect(tcp::endpoint(asio::ip::make_address(o.host), o.port));
  http::request<http::string_body> req(http::verb::post, "/api/auth.login", 11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(o.port));
  req.set(http::field::content_type, "application/json");
  req.set(http::field::origin, o.origin);
  req.body() = json{{"email", email}, {"password", o.password}}.dump();
  req.prepare_payload();
  http::write(s, req);
  beast::flat_buffer b;
  http::response<http::string_body> res;
  http::read(s, b, res);
  if (res.result() != http::status::ok)
    throw std::runtime_error("login " + email + ": HTTP " + std::to_string(res.result_int()) + " " + res.body());
  for (auto const& f : res.base()) {
    if (f.name() != http::field::set_cookie) continue;
    std::string const v(f.value());
    std::string const pair = v.substr(0, v.find(';'));
    if (pair.find("arena_session=") != std::string::npos) return pair;
  }
  throw std::runtime_error("login " + email + ": no session cookie");
}

std::vector<std::string> arena_cookies(options const& o) {
  std::map<std::string, std::string> cookies;
  if (!o.cookie_file.empty()) {
    std::ifstream f(o.cookie_file);
    std::string line;
    while (std::getline(f, line))
      if (auto tab = line.find('\t'); tab != std::string::npos) cookies[line.substr(0, tab)] = line.substr(tab + 1);
  }
  bool added = false;
  std::vector<std::string> out;
  for (int i = 0; i < o.editors; ++i) {
    auto const& u = o.users[static_cast<std::size_t>(i) % o.users.size()];
    if (!cookies.count(u)) {
      cookies[u] = arena_login(o, u);
      added = true;
    }
    out.push_back(cookies[u]);
  }
  if (added && !o.cookie_file.empty()) {
    std::ofstream f(o.cookie_file, std::ios::trunc);
    for (auto const& [u, c] : cookies) f << u << '\t' << c << '\n';
  }
  return out;
}

double cpu_seconds(long pid) {
  if (pid <= 0) return 0;
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto p = s.rfind(')');
  if (p == std::string::npos) return 0;
  std::istringstream in(s.substr(p + 2));
  std::string field;
  unsigned long long ut = 0, stt = 0;
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14) ut = std::stoull(field);
    if (i == 15) stt = std::stoull(field);
  }
  return static_cast<double>(ut + stt) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// CPU seconds this process has used (the generator's own cost, to tell when it is the limit).
double own_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double quantile_ms(std::vector<std::uint32_t>& v, double q) {
  if (v.empty()) return 0;
  auto const k = std::min<std::size_t>(v.size() - 1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - (q > 0 ? 1 : 0));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k] / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  options const o = parse(argc, argv);
  std::vector<std::string> cookies(static_cast<std::size_t>(o.editors));
  if (o.dialect == "arena") {
    try {
      cookies = arena_cookies(o);
    } catch (std::exception const& e) {
      std::cout << "error=" << e.what() << "\n";
      return 1;
    }
  }
  run_state st(o);
  st.latencies_us.reserve(1 << 20);
  asio::io_context ioc;
  std::vector<std::shared_ptr<editor>> eds;
  for (int i = 0; i < o.editors; ++i) {
    eds.push_back(std::make_shared<editor>(ioc, st, i, cookies[static_cast<std::size_t>(i)]));
    eds.back()->start();
  }

  auto const t_start = clock_type::now();
  auto const hard_deadline = t_start + std::chrono::duration<double>(o.warmup + o.duration + 60);
  double cpu0 = 0, cpu1 = 0, own0 = 0, own1 = 0;
  std::string outcome = "ok";
  asio::steady_timer tick(ioc);
  std::function<void()> on_tick = [&] {
    auto const now = clock_type::now();
    auto all = [&](auto pred) { return std::all_of(eds.begin(), eds.end(), [&](auto const& e) { return pred(*e); }); };
    if (now > hard_deadline) {
      outcome = "hard deadline reached";
      st.ph = run_state::phase::done;
    }
    switch (st.ph) {
      case run_state::phase::connecting:
        if (all([](editor const& e) { return e.ready() || e.broken(); })) {
          if (st.ready < o.editors) {
            outcome = "not every editor connected";
            st.ph = run_state::phase::done;
            break;
          }
          st.ph = run_state::phase::warmup;
          st.window_start = now + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(o.warmup));
          st.window_end = st.window_start + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(o.duration));
          for (auto& e : eds) e->maybe_type();
        } else if (now - t_start > std::chrono::seconds(30)) {
          outcome = "editors did not open the document within 30 s";
          st.ph = run_state::phase::done;
        }
        break;
      case run_state::phase::warmup:
        if (now >= st.window_start) {
          st.ph = run_state::phase::measuring;
          cpu0 = cpu_seconds(o.pid);
          own0 = own_cpu_seconds();
        }
        break;
      case run_state::phase::measuring:
        if (now >= st.window_end) {
          cpu1 = cpu_seconds(o.pid);
          own1 = own_cpu_seconds();
          st.ph = run_state::phase::draining;
        }
        break;
      case run_state::phase::draining:
        if (all([](editor const& e) { return e.idle(); })) {
          std::uint64_t const v = eds.front()->version();
          bool const same_version = all([&](editor const& e) { return e.broken() || e.version() == v; });
          if (same_version || now > st.window_end + std::chrono::seconds(20)) st.ph = run_state::phase::done;
        } else if (now > st.window_end + std::chrono::seconds(20)) {
          outcome = "ops still unacknowledged 20 s after the window";
          st.ph = run_state::phase::done;
        }
        break;
      case run_state::phase::done:
        break;
    }
    if (st.ph == run_state::phase::done) {
      for (auto& e : eds) e->close();
      return;
    }
    tick.expires_after(std::chrono::milliseconds(st.ph == run_state::phase::connecting ? 5 : 1));
    tick.async_wait([&](beast::error_code) { on_tick(); });
  };
  on_tick();
  ioc.run();

  bool converged = st.ready == o.editors;
  std::string text0;
  std::uint64_t v0 = eds.front()->version();
  int broken = 0;
  for (auto const& e : eds) {
    if (e->broken()) ++broken;
    if (e->broken() || !e->ready()) { converged = false; continue; }
    if (text0.empty()) text0 = e->text();
    if (e->version() != v0 || e->text() != text0) converged = false;
  }
  double const secs = o.duration;
  std::cout << "dialect=" << o.dialect << "\n"
            << "editors=" << o.editors << "\n"
            << "outcome=" << outcome << "\n"
            << "acked_ops=" << st.acked_in_window << "\n"
            << "ops_per_s=" << static_cast<double>(st.acked_in_window) / secs << "\n"
            << "p50_ms=" << quantile_ms(st.latencies_us, 0.50) << "\n"
            << "p99_ms=" << quantile_ms(st.latencies_us, 0.99) << "\n"
            << "p999_ms=" << quantile_ms(st.latencies_us, 0.999) << "\n"
            << "max_ms=" << quantile_ms(st.latencies_us, 1.0) << "\n"
            << "sent_total=" << st.sent << "\n"
            << "acked_total=" << st.acked << "\n"
            << "remote_ops_applied=" << st.remote_applied << "\n"
            << "final_version=" << v0 << "\n"
            << "final_length=" << ot::utf8::code_points(text0) << "\n"
            << "converged=" << (converged ? 1 : 0) << "\n"
            << "broken_editors=" << broken << "\n"
            << "loadgen_cores_busy=" << (own1 - own0) / secs << "\n";
  if (o.pid > 0) {
    std::cout << "server_cpu_s=" << (cpu1 - cpu0) << "\n"
              << "server_cores_busy=" << (cpu1 - cpu0) / secs << "\n";
  }
  if (st.errors.empty()) {
    std::cout << "errors=none\n";
  } else {
    std::cout << "errors=";
    bool first = true;
    for (auto const& [k, v] : st.errors) {
      std::cout << (first ? "" : "; ") << k << " x" << v;
      first = false;
    }
    std::cout << "\n";
    if (st.errors.count("unknown_op")) std::cout << "unknown_op=1\n";
  }
  return outcome == "ok" ? 0 : 1;
}
