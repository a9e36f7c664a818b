// The administration subcommands (arena user|team|backup|migrate, --help, --version) and how
// `arena serve` refuses a database written by a newer version.
#include "integration/site.hpp"

#include "store/connection.hpp"
#include "store/database.hpp"

#include <doctest/doctest.h>

using namespace arena::itest;
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string> password_env(std::string const& pw = default_password) { return {{"ARENA_PASSWORD", pw}}; }

std::string dd(temp_dir const& d) { return (d / "data").string(); }

}  // namespace

TEST_CASE("arena --version and --help") {
  auto v = run_arena({"--version"});
  CHECK(v.exit_code == 0);
  CHECK(v.out == std::string("arena ") + ARENA_VERSION + "\n");

  auto h = run_arena({"--help"});
  CHECK(h.exit_code == 0);
  for (auto const* word : {"serve", "migrate", "user add", "user list", "team add", "backup", "--data-dir", "./data"})
    CHECK_MESSAGE(h.out.find(word) != std::string::npos, word);

  // The server's own help lists every setting with its default.
  auto s = run_arena({"serve", "--help"});
  CHECK(s.exit_code == 0);
  INFO(s.out);
  CHECK(s.out.find("--bind arg (=127.0.0.1)") != std::string::npos);
  CHECK(s.out.find("--port arg (=8080)") != std::string::npos);
  CHECK(s.out.find("--data-dir arg (=./data)") != std::string::npos);
  CHECK(s.out.find("--tls-cert") != std::string::npos);

  auto unknown = run_arena({"frobnicate"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown command") != std::string::npos);
  auto bad_flag = run_arena({"serve", "--no-such-flag"});
  CHECK(bad_flag.exit_code == 2);
  CHECK_FALSE(bad_flag.timed_out);
}

TEST_CASE("arena user add/list/disable, then the server accepts that login") {
  temp_dir d("arena-it-cli");
  auto add = run_arena({"user", "add", "--data-dir", dd(d), "--email", "root@example.no", "--name", "Root", "--admin"},
                       password_env());
  INFO(add.out, add.err);
  REQUIRE(add.exit_code == 0);
  CHECK(add.out.find("created user") != std::string::npos);
  CHECK(add.out.find("administrator") != std::string::npos);

  auto plain = run_arena({"user", "add", "--data-dir", dd(d), "--email", "per@example.no", "--name", "Per Persen"}, password_env());
  REQUIRE(plain.exit_code == 0);

  auto dup = run_arena({"user", "add", "--data-dir", dd(d), "--email", "per@example.no", "--name", "Per"}, password_env());
  CHECK(dup.exit_code != 0);
  CHECK(dup.err.find("conflict") != std::string::npos);
  auto weak = run_arena({"user", "add", "--data-dir", dd(d), "--email", "weak@example.no", "--name", "W"}, password_env("short"));
  CHECK(weak.exit_code != 0);
  CHECK(weak.err.find("password") != std::string::npos);
  CHECK(run_arena({"user", "add", "--data-dir", dd(d), "--email", "x@example.no"}, password_env()).exit_code == 2);
  CHECK(run_arena({"user", "add", "--data-dir", dd(d), "--email", "x@example.no", "--name", "X", "--bogus"}, password_env())
            .exit_code == 2);

  auto list = run_arena({"user", "list", "--data-dir", dd(d)});
  REQUIRE(list.exit_code == 0);
  CHECK(list.out.find("root@example.no") != std::string::npos);
  CHECK(list.out.find("Per Persen") != std::string::npos);
  CHECK(list.out.find("admin") != std::string::npos);
  CHECK(list.out.find("weak@example.no") == std::string::npos);

  CHECK(run_arena({"user", "disable", "--data-dir", dd(d), "--email", "per@example.no"}).exit_code == 0);
  CHECK(run_arena({"user", "list", "--data-dir", dd(d)}).out.find("disabled") != std::string::npos);
  CHECK(run_arena({"user", "disable", "--data-dir", dd(d), "--email", "nobody@example.no"}).exit_code != 0);

  // The server sees the administrator: no setup link, and the login works.
  server_process srv(server_options{.data_dir = d / "data"});
  INFO("server log (tail):\n", srv.log_tail());
  http_client c(srv);
  CHECK(c.post("server.info").body_json["needs_setup"] == false);
  auto login = c.post("auth.login", {{"email", "root@example.no"}, {"password", default_password}});
  REQUIRE(login.status == 200);
  CHECK(login.body_json["user"]["is_admin"] == true);
  CHECK(c.post("user.list").body_json["users"].size() == 2);
  http_client p(srv);
  CHECK(p.post("auth.login", {{"email", "per@example.no"}, {"password", default_password}}).status == 401);
  CHECK(srv.stop() == 0);
  CHECK(srv.stdout_text().find("setup link") == std::string::npos);
}

TEST_CASE("arena team add/list") {
  temp_dir d("arena-it-cli");
  auto add = run_arena({"team", "add", "--data-dir", dd(d), "--name", "Mat og drikke", "--slug", "mat", "--description", "Kantine"});
  INFO(add.out, add.err);
  REQUIRE(add.exit_code == 0);
  CHECK(add.out.find("created team") != std::string::npos);
  CHECK(run_arena({"team", "add", "--data-dir", dd(d), "--name", "Mat og drikke", "--slug", "mat2"}).exit_code != 0);
  CHECK(run_arena({"team", "add", "--data-dir", dd(d), "--name", "Bad slug", "--slug", "Not A Slug"}).exit_code != 0);

  auto list = run_arena({"team", "list", "--data-dir", dd(d)});
  REQUIRE(list.exit_code == 0);
  for (auto const* name : {"Bygg og anlegg", "IKT", "Tekstil", "Medisinsk materiell", "Mat og drikke"})
    CHECK_MESSAGE(list.out.find(name) != std::string::npos, name);
  CHECK(list.out.find("Bad slug") == std::string::npos);
}

TEST_CASE("arena backup writes an integrity-checked copy while the server runs") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  site.add_person("per@example.no", "Per", false);
  site.add_person("nina@example.no", "Nina", false);
  temp_dir out("arena-it-backup");
  auto const file = out / "copy.db";

  auto r = run_arena({"backup", "--data-dir", site.srv.data_dir().string(), file.string()});
  INFO(r.out, r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("integrity_check: ok") != std::string::npos);
  REQUIRE(fs::exists(file));
  auto check = arena::store::integrity_check(file);
  CHECK(check.has_value());

  arena::store::connection c(file.string(), arena::store::connection::mode::read_only);
  std::vector<std::string> emails;
  auto s = c.prepare("SELECT email FROM users ORDER BY id");
  while (s.step()) emails.push_back(s.col_text(0));
  CHECK(emails == std::vector<std::string>{admin_email, "per@example.no", "nina@example.no"});

  CHECK(run_arena({"backup", "--data-dir", site.srv.data_dir().string()}).exit_code == 2);
  CHECK(site.admin.post("auth.me").status == 200);  // the server is unaffected
}

TEST_CASE("a database from a newer schema makes arena serve exit non-zero with a clear message") {
  temp_dir d("arena-it-cli");
  auto mig = run_arena({"migrate", "--data-dir", dd(d)});
  INFO(mig.out, mig.err);
  REQUIRE(mig.exit_code == 0);
  CHECK(mig.out.find("schema version") != std::string::npos);

  // A copy of that database, stamped as if a newer binary had migrated it.
  temp_dir newer("arena-it-cli");
  fs::create_directories(newer / "data");
  REQUIRE(run_arena({"backup", "--data-dir", dd(d), (newer / "data" / "arena.db").string()}).exit_code == 0);
  {
    arena::store::connection c((newer / "data" / "arena.db").string(), arena::store::connection::mode::read_write);
    c.exec("PRAGMA user_version = 999");
  }

  auto serve = run_arena({"serve", "--bind", "127.0.0.1", "--port", "0", "--data-dir", dd(newer)});
  INFO(serve.out, serve.err);
  CHECK_FALSE(serve.timed_out);
  CHECK(serve.exit_code != 0);
  CHECK(serve.err.find("999") != std::string::npos);
  CHECK(serve.err.find("newer") != std::string::npos);
  CHECK(serve.out.find("listening") == std::string::npos);

  auto again = run_arena({"migrate", "--data-dir", dd(newer)});
  CHECK(again.exit_code != 0);
  CHECK(again.err.find("newer") != std::string::npos);

  // The original, current database still serves.
  server_process ok(server_options{.data_dir = d / "data"});
  CHECK(ok.stop() == 0);
}
