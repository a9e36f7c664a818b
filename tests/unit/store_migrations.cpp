#include "store/database.hpp"
#include "unit/store_temp.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <future>
#include <set>

using arena::store::connection;
using arena::store::database;
using arena::store::load_migrations;
using arena::store::migrate;
using arena::store::schema_version;
using arena::test::temp_dir;

namespace {

std::filesystem::path const real_migrations = ARENA_SOURCE_DIR "/db/migrations";

void write_file(std::filesystem::path const& p, std::string const& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

bool has_table(connection& db, std::string const& name) {
  auto st = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  st.bind(1, name);
  REQUIRE(st.step());
  return st.col_int(0) == 1;
}

std::string error_of(std::function<void()> f) {
  try {
    f();
  } catch (std::runtime_error const& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST_SUITE("store.migrations") {

TEST_CASE("the real migrations load in order, starting with 0001_foundation") {
  auto ms = load_migrations(real_migrations);
  REQUIRE_FALSE(ms.empty());
  CHECK(ms[0].version == 1);
  CHECK(ms[0].name == "foundation");
  CHECK(ms[0].sql.find("CREATE TABLE teams") != std::string::npos);
  for (std::size_t i = 1; i < ms.size(); ++i) CHECK(ms[i].version > ms[i - 1].version);
}

TEST_CASE("the migrations compiled into the binary are the files in db/migrations") {
  auto files = load_migrations(real_migrations);
  auto built = arena::store::embedded_migrations();
  REQUIRE(built.size() == files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    CHECK(built[i].version == files[i].version);
    CHECK(built[i].name == files[i].name);
    CHECK(built[i].sql == files[i].sql);
  }
}

TEST_CASE("a fresh database gets every migration once, and the seed's four teams") {
  temp_dir dir;
  auto ms = load_migrations(real_migrations);
  connection db(dir.file("m.db"), connection::mode::read_write);
  CHECK(schema_version(db) == 0);
  CHECK(migrate(db, ms) == static_cast<int>(ms.size()));
  CHECK(schema_version(db) == ms.back().version);
  CHECK(migrate(db, ms) == 0);
  CHECK(schema_version(db) == ms.back().version);

  std::set<std::string> slugs;
  auto st = db.prepare("SELECT slug FROM teams");
  while (st.step()) slugs.insert(st.col_text(0));
  CHECK(slugs == std::set<std::string>{"bygg", "ikt", "tekstil", "medisinsk"});
  // foreign_keys=ON is in force for the migrated schema.
  CHECK_THROWS_AS(db.exec("INSERT INTO memberships (team_id, user_id, role, created_at) "
                          "VALUES (1, 999, 'member', 0)"),
                  arena::store::sql_error);
}

TEST_CASE("file names: malformed ones and duplicate versions are rejected, other files ignored") {
  temp_dir dir;
  auto d = dir.path();
  write_file(d / "0001_first.sql", "CREATE TABLE a (x);");
  write_file(d / "0002_second_one.sql", "CREATE TABLE b (x);");
  write_file(d / "README.md", "not a migration");
  auto ms = load_migrations(d);
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].name == "first");
  CHECK(ms[1].version == 2);
  CHECK(ms[1].name == "second_one");

  for (char const* bad : {"1_short.sql", "00a1_x.sql", "0003.sql", "0003_.sql", "0003-x.sql",
                          "0000_zero.sql", "0003_Upper.sql"}) {
    CAPTURE(bad);
    temp_dir bad_dir;
    write_file(bad_dir.path() / "0001_ok.sql", "");
    write_file(bad_dir.path() / bad, "");
    CHECK(error_of([&] { load_migrations(bad_dir.path()); }).find("malformed migration file name") !=
          std::string::npos);
  }

  write_file(d / "0002_again.sql", "CREATE TABLE c (x);");
  CHECK(error_of([&] { load_migrations(d); }).find("duplicate migration version") != std::string::npos);
  CHECK_THROWS_AS(load_migrations(d / "absent"), std::runtime_error);
}

TEST_CASE("0013: reply notifications written before it get their message's topic") {
  temp_dir dir;
  auto all = load_migrations(real_migrations);
  std::vector<arena::store::migration> before;
  for (auto const& m : all)
    if (m.version < 13) before.push_back(m);
  REQUIRE(before.size() < all.size());
  connection db(dir.file("m.db"), connection::mode::read_write);
  migrate(db, before);
  db.exec(
      "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (1, 'a@x.no', 'A', 'h', 0), (2, 'b@x.no', 'B', 'h', 0);"
      "INSERT INTO channels (id, team_id, name, created_at) VALUES (100, 1, 'Test', 0);"
      "INSERT INTO topics (id, channel_id, name, last_activity_at) VALUES (1, 100, 'En', 0), (2, 100, 'To', 0);"
      "INSERT INTO messages (id, channel_id, seq, topic_id, author_id, client_msg_id, body, created_at) "
      "VALUES (1, 100, 1, 1, 1, 'c-1', 'x', 0), (2, 100, 2, 2, 2, 'c-2', 'y', 0);"
      "INSERT INTO notifications (id, user_id, kind, message_id, actor_id, created_at) "
      "VALUES (1, 2, 'reply', 1, 1, 0), (2, 1, 'reply', 2, 2, 0), (3, 2, 'mention', 1, 1, 0);");
  migrate(db, all);
  auto st = db.prepare("SELECT id, topic_id FROM notifications ORDER BY id");
  std::vector<std::pair<std::int64_t, std::int64_t>> got;
  while (st.step()) got.emplace_back(st.col_int(0), st.is_null(1) ? -1 : st.col_int(1));
  // Replies take their message's topic; other kinds have none.
  CHECK(got == std::vector<std::pair<std::int64_t, std::int64_t>>{{1, 1}, {2, 2}, {3, -1}});
  // message.send's check reads the new index.
  auto plan = db.prepare(
      "EXPLAIN QUERY PLAN SELECT 1 FROM notifications n WHERE n.user_id = 2 AND n.topic_id = 1 AND n.kind = 'reply' AND n.read_at IS NULL");
  std::string detail;
  while (plan.step()) detail += plan.col_text(3);
  CHECK(detail.find("notifications_unread_reply (user_id=? AND topic_id=?)") != std::string::npos);
}

TEST_CASE("0014: verifications in the supplier audit become 'verify'; every other row is kept as written") {
  temp_dir dir;
  auto all = load_migrations(real_migrations);
  std::vector<arena::store::migration> before;
  for (auto const& m : all)
    if (m.version < 14) before.push_back(m);
  REQUIRE(before.size() < all.size());
  connection db(dir.file("m.db"), connection::mode::read_write);
  migrate(db, before);
  db.exec(
      "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (1, 'a@x.no', 'A', 'h', 0);"
      "INSERT INTO supplier_audit (id, at, user_id, supplier_id, action, kind, object_id, detail) VALUES "
      "(1, 10, 1, 5, 'create', 'action', 7, 'verified'),"  // an action created with the text "verified"
      "(2, 11, 1, 5, 'update', 'action', 7, 'verified'),"  // a verification
      "(3, 12, 1, 5, 'update', 'action', 7, 'Ny revisjon'),"
      "(4, 13, 1, 5, 'update', 'case', 9, 'verified'),"
      "(5, 14, 1, 6, 'download', 'document', 3, '');");
  migrate(db, all);
  auto st = db.prepare("SELECT id, at, supplier_id, action, kind, object_id, detail FROM supplier_audit ORDER BY id");
  std::vector<std::string> got;
  while (st.step())
    got.push_back(std::to_string(st.col_int(0)) + " " + std::to_string(st.col_int(1)) + " " + std::to_string(st.col_int(2)) + " " +
                  st.col_text(3) + " " + st.col_text(4) + " " + std::to_string(st.col_int(5)) + " '" + st.col_text(6) + "'");
  CHECK(got == std::vector<std::string>{
                   "1 10 5 create action 7 'verified'",
                   "2 11 5 verify action 7 ''",
                   "3 12 5 update action 7 'Ny revisjon'",
                   "4 13 5 update case 9 'verified'",
                   "5 14 6 download document 3 ''",
               });
  // The new action is allowed, an unknown one is still refused, and the index is back.
  db.exec("INSERT INTO supplier_audit (at, user_id, supplier_id, action, kind, object_id) VALUES (15, 1, 5, 'verify', 'action', 8)");
  CHECK_THROWS(db.exec("INSERT INTO supplier_audit (at, user_id, supplier_id, action, kind, object_id) VALUES (16, 1, 5, 'approve', 'action', 8)"));
  auto plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM supplier_audit WHERE supplier_id = 5 ORDER BY id DESC");
  std::string detail;
  while (plan.step()) detail += plan.col_text(3);
  CHECK(detail.find("supplier_audit_supplier") != std::string::npos);
}

TEST_CASE("a failing migration is rolled back alone; earlier ones stay applied") {
  temp_dir dir;
  auto d = dir.path() / "migrations";
  std::filesystem::create_directories(d);
  write_file(d / "0001_a.sql", "CREATE TABLE a (x); INSERT INTO a VALUES (1);");
  write_file(d / "0002_b.sql", "CREATE TABLE b (x); INSERT INTO b VALUES (1); INSERT INTO nowhere VALUES (1);");
  write_file(d / "0003_c.sql", "CREATE TABLE c (x);");
  auto ms = load_migrations(d);

  connection db(dir.file("m.db"), connection::mode::read_write);
  auto msg = error_of([&] { migrate(db, ms); });
  CHECK(msg.find("migration 0002_b failed") != std::string::npos);
  CHECK(msg.find("nowhere") != std::string::npos);
  CHECK(schema_version(db) == 1);
  CHECK(has_table(db, "a"));
  CHECK_FALSE(has_table(db, "b"));
  CHECK_FALSE(has_table(db, "c"));

  // Fixed file, next start: 0002 and 0003 apply.
  write_file(d / "0002_b.sql", "CREATE TABLE b (x);");
  CHECK(migrate(db, load_migrations(d)) == 2);
  CHECK(schema_version(db) == 3);
  CHECK(has_table(db, "b"));
  CHECK(has_table(db, "c"));
}

TEST_CASE("a database newer than the binary is refused with a clear message") {
  temp_dir dir;
  auto ms = load_migrations(real_migrations);
  auto file = dir.file("new.db");
  {
    connection db(file, connection::mode::read_write);
    db.exec("PRAGMA user_version = 999");
  }
  std::string expected = "database schema version 999 is newer than this binary supports (" +
                         std::to_string(ms.back().version) + "); upgrade arena";
  connection db(file, connection::mode::read_write);
  CHECK(error_of([&] { migrate(db, ms); }) == expected);
  CHECK(schema_version(db) == 999);
  CHECK(error_of([&] { database(database::options{file, real_migrations, 1}); }) == expected);
}

TEST_CASE("database: creates its directory, migrates, then writes and reads") {
  temp_dir dir;
  auto file = dir.path() / "nested" / "data" / "arena.db";
  database db(database::options{file, real_migrations, 2});
  CHECK(std::filesystem::exists(file));
  CHECK(db.latest_migration() == load_migrations(real_migrations).back().version);
  CHECK(db.file() == file);

  CHECK_OK(db.write().run_sync([](connection& c) {
    c.prepare("INSERT INTO teams (slug, name, created_at) VALUES (?1, ?2, ?3)")
        .bind(1, "new").bind(2, "New team").bind(3, 1).run();
    return arena::status{};
  }));
  std::promise<std::int64_t> teams;
  db.read().post([&](connection& c) {
    auto st = c.prepare("SELECT count(*) FROM teams");
    st.step();
    teams.set_value(st.col_int(0));
  });
  CHECK(teams.get_future().get() == 5);
  db.close();
  db.close();
  auto st = db.write().run_sync([](connection&) { return arena::status{}; });
  REQUIRE_FALSE(st.has_value());
  CHECK(st.error().code == arena::errc::unavailable);

  // Reopening with the compiled-in migrations applies nothing new.
  database again(database::options{file, {}, 1});
  connection c(file.string(), connection::mode::read_only);
  CHECK(schema_version(c) == again.latest_migration());
}

}  // TEST_SUITE
