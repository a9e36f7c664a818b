#include "store/connection.hpp"
#include "unit/store_temp.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <limits>

using arena::store::connection;
using arena::store::sql_error;
using arena::test::temp_dir;

namespace {

std::int64_t count(connection& db, std::string const& sql) {
  auto st = db.prepare(sql);
  REQUIRE(st.step());
  return st.col_int(0);
}

template <class F>
sql_error catch_sql_error(F&& f) {
  try {
    f();
  } catch (sql_error const& e) {
    return e;
  }
  FAIL("expected sql_error");
  return sql_error(0, "", false);
}

}  // namespace

TEST_SUITE("store.connection") {

TEST_CASE("binds and reads every column type, NULLs and blobs") {
  temp_dir dir;
  connection db(dir.file("t.db"), connection::mode::read_write);
  db.exec("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, o)");

  std::string const blob("\0\x01\xff\0z", 5);
  std::string const text("bl\xc3\xa5" "b\xc3\xa6r");  // UTF-8 "blåbær"
  auto big = std::numeric_limits<std::int64_t>::max();
  db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, big).bind(2, 2.5).bind(3, text).bind_blob(4, blob).bind(5, true).run();
  db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, std::optional<std::int64_t>{}).bind_null(2)
      .bind(3, std::optional<std::string>{}).bind_null(4).bind(5, 7).run();
  // Empty text and an empty blob are values, not NULL.
  db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, -1).bind(2, 0.0).bind(3, std::string_view()).bind_blob(4, std::string_view())
      .bind(5, "lit").run();
  CHECK(db.changes() == 1);
  CHECK(db.last_insert_rowid() == 3);

  auto st = db.prepare("SELECT i, d, s, b, o FROM t ORDER BY rowid");
  REQUIRE(st.step());
  CHECK(st.col_int(0) == big);
  CHECK(st.col_double(1) == 2.5);
  CHECK(st.col_text(2) == text);
  CHECK(st.col_blob(3) == blob);
  CHECK(st.col_int(4) == 1);
  CHECK_FALSE(st.is_null(0));

  REQUIRE(st.step());
  CHECK(st.is_null(0));
  CHECK(st.is_null(1));
  CHECK(st.col_int_opt(0) == std::nullopt);
  CHECK(st.col_text_opt(2) == std::nullopt);
  CHECK(st.col_text(2).empty());
  CHECK(st.col_blob(3).empty());
  CHECK(st.col_int_opt(4) == 7);

  REQUIRE(st.step());
  CHECK_FALSE(st.is_null(2));
  CHECK_FALSE(st.is_null(3));
  CHECK(st.col_text_opt(2) == std::string());
  CHECK(st.col_blob(3).empty());
  CHECK(st.col_text(4) == "lit");
  CHECK(st.col_int(0) == -1);

  CHECK_FALSE(st.step());
}

TEST_CASE("the statement cache returns the same statement, reset and with bindings cleared") {
  temp_dir dir;
  connection db(dir.file("t.db"), connection::mode::read_write);
  db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);");
  char const* const q = "SELECT x FROM t WHERE x >= ?1 ORDER BY x";

  arena::store::statement* first = nullptr;
  {
    auto a = db.prepare(q);
    a.bind(1, 2);
    REQUIRE(a.step());
    CHECK(a.col_int(0) == 2);
    first = &a.get();
  }
  {
    // Same SQL: same object, back at the start, parameter unbound (NULL matches nothing).
    auto b = db.prepare(q);
    CHECK(&b.get() == first);
    CHECK_FALSE(b.step());
  }
  {
    auto b = db.prepare(q);
    b.bind(1, 1);
    REQUIRE(b.step());
    CHECK(b.col_int(0) == 1);
    auto c = db.prepare("SELECT x FROM t ORDER BY x DESC");
    CHECK(&c.get() != first);
    REQUIRE(c.step());
    CHECK(c.col_int(0) == 3);
  }
}

TEST_CASE("a statement left mid-result releases its read snapshot at the end of its scope") {
  temp_dir dir;
  connection rw(dir.file("t.db"), connection::mode::read_write);
  rw.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);");
  connection ro(dir.file("t.db"), connection::mode::read_only);
  {
    auto st = ro.prepare("SELECT x FROM t");
    REQUIRE(st.step());  // one row of two: the read transaction is open here
    CHECK(sqlite3_stmt_busy(sqlite3_next_stmt(ro.raw(), nullptr)) != 0);
  }
  CHECK(sqlite3_stmt_busy(sqlite3_next_stmt(ro.raw(), nullptr)) == 0);
  rw.exec("INSERT INTO t VALUES (3)");
  CHECK(count(ro, "SELECT count(*) FROM t") == 3);  // not the old snapshot's 2
}

TEST_CASE("prepare refuses more than one statement; exec runs scripts") {
  temp_dir dir;
  connection db(dir.file("t.db"), connection::mode::read_write);
  CHECK_THROWS_AS(db.prepare("CREATE TABLE a (x); CREATE TABLE b (x);"), sql_error);
  CHECK_THROWS_AS(db.prepare("   "), sql_error);
  CHECK_NOTHROW(db.prepare("CREATE TABLE a (x);  \n"));
  db.exec("CREATE TABLE b (x); CREATE TABLE c (x);");
  CHECK(count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'") == 2);
}

TEST_CASE("applies WAL, foreign keys, busy timeout and synchronous=FULL") {
  temp_dir dir;
  connection db(dir.file("t.db"), connection::mode::read_write);
  {
    auto jm = db.prepare("PRAGMA journal_mode");
    REQUIRE(jm.step());
    CHECK(jm.col_text(0) == "wal");
  }
  CHECK(count(db, "PRAGMA foreign_keys") == 1);
  CHECK(count(db, "PRAGMA busy_timeout") == 5000);
  CHECK(count(db, "PRAGMA synchronous") == 2);
  CHECK(db.path() == dir.file("t.db"));
}

TEST_CASE("constraint violations are sql_error with constraint=true and no bound values") {
  temp_dir dir;
  connection db(dir.file("t.db"), connection::mode::read_write);
  db.exec(
      "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER CHECK (n > 0));"
      "CREATE TABLE c (p_id INTEGER NOT NULL REFERENCES p(id));");
  db.prepare("INSERT INTO p (id, name, n) VALUES (?1, ?2, ?3)")
      .bind(1, 1).bind(2, "secret-value-123").bind(3, 1).run();

  auto unique = catch_sql_error([&] {
    db.prepare("INSERT INTO p (id, name, n) VALUES (?1, ?2, ?3)")
        .bind(1, 2).bind(2, "secret-value-123").bind(3, 1).run();
  });
  CHECK(unique.constraint);
  CHECK(unique.sqlite_code == SQLITE_CONSTRAINT_UNIQUE);
  CHECK(std::string(unique.what()).find("secret-value-123") == std::string::npos);
  CHECK(std::string(unique.what()).find("UNIQUE") != std::string::npos);

  auto check = catch_sql_error([&] {
    db.prepare("INSERT INTO p (id, name, n) VALUES (?1, ?2, ?3)")
        .bind(1, 3).bind(2, "x").bind(3, -987654).run();
  });
  CHECK(check.constraint);
  CHECK(check.sqlite_code == SQLITE_CONSTRAINT_CHECK);
  CHECK(std::string(check.what()).find("-987654") == std::string::npos);

  auto fk = catch_sql_error([&] { db.prepare("INSERT INTO c (p_id) VALUES (?1)").bind(1, 42).run(); });
  CHECK(fk.constraint);
  CHECK(fk.sqlite_code == SQLITE_CONSTRAINT_FOREIGNKEY);

  auto notnull = catch_sql_error([&] { db.prepare("INSERT INTO c (p_id) VALUES (NULL)").run(); });
  CHECK(notnull.constraint);
  CHECK(notnull.sqlite_code == SQLITE_CONSTRAINT_NOTNULL);

  auto syntax = catch_sql_error([&] { db.prepare("SELEC 1"); });
  CHECK_FALSE(syntax.constraint);
  CHECK(syntax.sqlite_code == SQLITE_ERROR);

  auto missing = catch_sql_error([&] { db.exec("INSERT INTO nowhere VALUES (1)"); });
  CHECK_FALSE(missing.constraint);

  // The connection stays usable after errors, and the failed statement can be reused.
  db.prepare("INSERT INTO p (id, name, n) VALUES (?1, ?2, ?3)").bind(1, 4).bind(2, "y").bind(3, 2).run();
  CHECK(count(db, "SELECT count(*) FROM p") == 2);
}

TEST_CASE("a read-only connection cannot write, and cannot create a file") {
  temp_dir dir;
  {
    connection rw(dir.file("t.db"), connection::mode::read_write);
    rw.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    connection ro(dir.file("t.db"), connection::mode::read_only);
    CHECK(count(ro, "SELECT count(*) FROM t") == 1);
    auto e = catch_sql_error([&] { ro.exec("INSERT INTO t VALUES (2)"); });
    CHECK((e.sqlite_code & 0xff) == SQLITE_READONLY);
    CHECK_FALSE(e.constraint);
  }
  CHECK_THROWS_AS(connection(dir.file("absent.db"), connection::mode::read_only), sql_error);
  CHECK_FALSE(std::filesystem::exists(dir.file("absent.db")));
}

}  // TEST_SUITE
