// The site the protocol and HTTP fuzz targets run against: a real app::application over a
// temporary database (under $TMPDIR, removed at exit), built once per process in
// LLVMFuzzerInitialize, with
//
//   organisation 1 "Oslo kommune"; Anne (anne@example.no), facilitator of team 1 in it; Ada
//   (ada@example.no), the administrator; both with the password "fuzz-password-1";
//   in team 1: channel "fuzz" with two messages, a draft with text and an op, a meeting, a poll;
//   a supplier with a contract, a follow-up case and an experience note.
//
// The data is made the way a browser makes it: JSON frames into application::on_text from a
// socket of Ada's, each answer awaited. Ids are those of a fresh database and the seed corpus
// names them (team 1, the channel and draft printed at start-up).
//
// fake_peer stands in for net::ws_session: it records the frames the application sends.
// Waits have a generous deadline (60 s) and abort past it, so an operation that never answers is
// a finding; libFuzzer's own -timeout (10 s in scripts/run-fuzz) normally reports it first.
#pragma once

#include "accounts/users.hpp"
#include "app/application.hpp"
#include "auth/password_hasher.hpp"
#include "auth/sessions.hpp"
#include "protocol/codec.hpp"
#include "store/database.hpp"
#include "teams/teams.hpp"
#include "util/log.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

namespace arena::fuzz {

using protocol::json;

inline constexpr auto wait_limit = std::chrono::seconds(60);

[[noreturn]] inline void fail(std::string const& what) {
  std::fprintf(stderr, "FUZZ INVARIANT VIOLATED: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// The error codes of util/error.hpp as they appear on the wire: an answer with any other code
// is not a typed error.
inline bool known_error_code(std::string const& code) {
  static const std::set<std::string> codes = {"bad_request", "invalid_json", "too_deep",  "unknown_op",  "unauthorized",
                                              "forbidden",   "not_found",    "conflict",  "gone",        "rate_limited",
                                              "too_large",   "unavailable",  "internal"};
  return codes.count(code) > 0;
}

// A WebSocket as the application sees it, recording what is sent to it.
class fake_peer final : public net::ws_peer {
 public:
  explicit fake_peer(std::uint64_t id) : id_(id) {}

  void send(std::shared_ptr<const std::string> frame, bool) override {
    std::lock_guard lk(mu_);
    if (closed_) return;
    frames_.push_back(*frame);
    cv_.notify_all();
  }
  void close(std::uint16_t code, std::string) override {
    std::lock_guard lk(mu_);
    if (code < 1000 || code > 4999) fail("close code out of range: " + std::to_string(code));
    closed_ = true;
    cv_.notify_all();
  }
  std::uint64_t id() const override { return id_; }
  std::string const& remote_addr() const override { return addr_; }

  // Waits for the first frame (from `from` on) that satisfies pred; its index.
  template <class Pred>
  std::size_t wait_for(std::size_t from, Pred pred, char const* what) {
    std::unique_lock lk(mu_);
    std::size_t i = from;
    bool found = cv_.wait_for(lk, wait_limit, [&] {
      for (; i < frames_.size(); ++i)
        if (pred(frames_[i])) return true;
      return false;
    });
    if (!found) fail(std::string("no ") + what + " within 60 s");
    return i;
  }
  std::string frame(std::size_t i) {
    std::lock_guard lk(mu_);
    return frames_.at(i);
  }

 private:
  std::uint64_t id_;
  std::string addr_ = "127.0.0.1";
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> frames_;
  bool closed_ = false;
};

inline bool has_key(std::string const& frame, char const* key) {
  auto j = json::parse(frame, nullptr, false);
  if (j.is_discarded() || !j.is_object()) fail("the server sent a frame that is not a JSON object: " + frame.substr(0, 200));
  return j.contains(key);
}

class site {
 public:
  site() {
    util::log::set_min_level(util::log::level::error);
    char const* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/arena-fuzz-XXXXXX";
    if (!::mkdtemp(tmpl.data())) fail("mkdtemp failed");
    dir_ = tmpl;
    // A small web client, so that the static routes have files to serve.
    std::filesystem::create_directories(dir_ / "dist" / "assets");
    std::ofstream(dir_ / "dist" / "index.html") << "<!doctype html><title>Arena</title><script src=\"/assets/app.js\"></script>\n";
    std::ofstream(dir_ / "dist" / "assets" / "app.js") << "console.log('arena');\n";

    cfg_.data_dir = dir_ / "data";
    cfg_.static_dir = dir_ / "dist";
    cfg_.pool_threads = 2;
    cfg_.hash_concurrency = 1;
    cfg_.log_level = "error";
    cfg_.public_url = "http://127.0.0.1:8080";
    db_ = std::make_unique<store::database>(store::database::options{cfg_.database_file(), {}, cfg_.pool_threads});
    app_ = std::make_unique<app::application>(cfg_, *db_);

    auth::password_hasher hasher(1);
    std::string const hash = hasher.hash(password);
    auto made = store::write_sync(db_->write(), [&](store::connection& w) -> result<std::pair<auth::issued_token, auth::issued_token>> {
      ARENA_TRY(org, accounts::create_org(w, accounts::org_input{"Oslo kommune", "910000004", std::nullopt, std::nullopt}));
      ARENA_TRY(anne, accounts::create_user(w, accounts::new_user{"anne@example.no", "Anne Oslo", hash, org.id, "nb", false}));
      ARENA_TRY(ada, accounts::create_user(w, accounts::new_user{"ada@example.no", "Ada Admin", hash, org.id, "nb", true}));
      ARENA_TRY(m, teams::add_member(w, 1, anne.id, auth::team_role::facilitator));
      (void)m;
      return std::make_pair(auth::create_session(w, anne.id, auth::session_policy{}),
                            auth::create_session(w, ada.id, auth::session_policy{}));
    });
    if (!made) fail("cannot create the people: " + made.error().message);
    member_token = made->first.token;
    admin_token = made->second.token;
    member = principal_of(member_token);
    admin = principal_of(admin_token);
    populate();
  }

  ~site() = delete;  // lives until the process exits (libFuzzer exits without unwinding)

  static site& get() {
    static site* s = [] {
      auto* p = new site();
      instance_dir() = p->dir();
      std::atexit([] {
        std::error_code ec;
        std::filesystem::remove_all(instance_dir(), ec);
      });
      return p;
    }();
    return *s;
  }

  app::application& app() { return *app_; }
  store::database& db() { return *db_; }

  // A socket of `who`, opened as net/ws_session opens one (on_open), with the hello received.
  std::shared_ptr<fake_peer> open_socket(auth::principal const& who) {
    auto peer = std::make_shared<fake_peer>(next_peer_id_.fetch_add(1));
    peer->context = std::make_shared<auth::principal>(who);
    app_->on_open(peer);
    auto i = peer->wait_for(0, [](std::string const& f) { return f.find("\"hello\"") != std::string::npos; }, "hello frame");
    (void)i;
    return peer;
  }

  // Sends one text frame and returns the answer frame (the first frame with "re" after it).
  std::string request(std::shared_ptr<fake_peer> const& peer, std::string text, std::size_t& cursor) {
    app_->on_text(peer, std::move(text));
    cursor = peer->wait_for(cursor, [](std::string const& f) { return has_key(f, "re"); }, "answer");
    return peer->frame(cursor++);
  }

  std::string const password = "fuzz-password-1";
  std::string member_token, admin_token;
  auth::principal member, admin;
  std::int64_t channel_id = 0, draft_id = 0, supplier_id = 0;

 private:
  static std::filesystem::path& instance_dir() {
    static std::filesystem::path d;
    return d;
  }

  auth::principal principal_of(std::string const& token) {
    auto c = store::connection(db_->file().string(), store::connection::mode::read_only);
    auto a = auth::authenticate(c, token, auth::session_policy{});
    if (!a) fail("cannot authenticate a fresh session");
    return a->who;
  }

  json must(std::shared_ptr<fake_peer> const& peer, json req, std::size_t& cursor) {
    static int rid = 0;
    req["rid"] = ++rid;
    auto frame = request(peer, protocol::encode(req), cursor);
    auto j = json::parse(frame);
    if (!j.value("ok", false)) fail("set-up request failed: " + protocol::encode(req) + " -> " + frame);
    return j;
  }

  void populate() {
    auto peer = open_socket(admin);
    std::size_t cur = 0;
    channel_id = must(peer, {{"op", "channel.create"}, {"team_id", 1}, {"name", "fuzz"}, {"description", "Fuzzing"}}, cur)["channel"]["id"];
    for (int i = 1; i <= 2; ++i)
      must(peer, {{"op", "message.send"}, {"team_id", 1}, {"channel_id", channel_id}, {"topic", "Emne"},
                  {"body", "Melding **" + std::to_string(i) + "** til @Anne Oslo"}, {"client_msg_id", "seed-msg-" + std::to_string(i)}}, cur);
    draft_id = must(peer, {{"op", "draft.create"}, {"team_id", 1}, {"title", "Krav til leverandøren"}, {"kind", "kvalifikasjonskrav"},
                           {"body", "Leverandøren skal dokumentere aktsomhetsvurderinger.\n"}}, cur)["draft"]["id"];
    must(peer, {{"op", "draft.open"}, {"team_id", 1}, {"draft_id", draft_id}}, cur);
    must(peer, {{"op", "draft.submit"}, {"team_id", 1}, {"draft_id", draft_id}, {"base_version", 0},
                {"text_op", json::array({12, "også "})}, {"client_id", "seed"}, {"client_seq", 1}}, cur);
    must(peer, {{"op", "meeting.create"}, {"team_id", 1}, {"title", "Markedsdialog"}, {"start", "2027-03-01T10:00"},
                {"end", "2027-03-01T11:30"}, {"tz", "Europe/Oslo"}, {"reminders", {1440, 15}}}, cur);
    must(peer, {{"op", "poll.create"}, {"team_id", 1}, {"title", "Oppstartsmøte"},
                {"slots", json::array({json{{"start", "2027-03-02T09:00"}, {"end", "2027-03-02T10:00"}},
                                       json{{"start", "2027-03-03T09:00"}, {"end", "2027-03-03T10:00"}}})}}, cur);
    supplier_id = must(peer, {{"op", "supplier.create"}, {"name", "Alfa AS"}, {"orgnr", "983974880"}, {"country", "NO"}}, cur)["supplier"]["id"];
    must(peer, {{"op", "supplier.contract_save"}, {"supplier_id", supplier_id}, {"contract_ref", "K-1"}, {"value_band", "1m_10m"},
                {"clause_level", "basic"}}, cur);
    must(peer, {{"op", "case.create"}, {"supplier_id", supplier_id}, {"method", "document_review"}}, cur);
    must(peer, {{"op", "note.create"}, {"title", "Erfaring"}, {"body", "Godt samarbeid."}, {"team_ids", {1}}}, cur);
    app_->on_close(peer);
    std::fprintf(stderr, "fuzz site ready in %s: team 1, channel %lld, draft %lld, supplier %lld\n", dir_.c_str(),
                 static_cast<long long>(channel_id), static_cast<long long>(draft_id), static_cast<long long>(supplier_id));
  }

  std::filesystem::path dir_;
  app::config cfg_;
  std::unique_ptr<store::database> db_;
  std::unique_ptr<app::application> app_;
  std::atomic<std::uint64_t> next_peer_id_{1};

 public:
  std::filesystem::path const& dir() const { return dir_; }
};

}  // namespace arena::fuzz
