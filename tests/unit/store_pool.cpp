#include "store/pool.hpp"
#include "unit/store_temp.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <future>
#include <mutex>
#include <stdexcept>
#include <vector>

using arena::store::connection;
using arena::store::pool;
using arena::store::sql_error;
using arena::test::temp_dir;

namespace {

std::string make_db(temp_dir const& dir, std::string const& name = "p.db") {
  std::string path = dir.file(name);
  connection db(path, connection::mode::read_write);
  db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);");
  return path;
}

}  // namespace

TEST_SUITE("store.pool") {

TEST_CASE("tasks get read-only connections: reads work, writes throw sql_error") {
  temp_dir dir;
  auto path = make_db(dir);
  pool p(path, 3);
  struct outcome {
    std::int64_t rows = -1;
    int readonly = -1;
    int write_code = 0;
  };
  std::vector<std::promise<outcome>> out(6);
  for (auto& pr : out) {
    p.post([&pr](connection& c) {
      outcome o;
      auto st = c.prepare("SELECT count(*) FROM t");
      if (st.step()) o.rows = st.col_int(0);
      o.readonly = sqlite3_db_readonly(c.raw(), "main");
      try {
        c.prepare("INSERT INTO t VALUES (?1)").bind(1, 4).run();
      } catch (sql_error const& e) {
        o.write_code = e.sqlite_code & 0xff;
      }
      pr.set_value(o);
    });
  }
  for (auto& pr : out) {
    auto o = pr.get_future().get();
    CHECK(o.rows == 3);
    CHECK(o.readonly == 1);
    CHECK(o.write_code == SQLITE_READONLY);
  }
}

TEST_CASE("FIFO on one thread; a throwing task does not stop it; stop drains, later posts drop") {
  temp_dir dir;
  auto path = make_db(dir);
  pool p(path, 1);

  // Hold the only thread so the queue fills deterministically.
  std::promise<void> started, release;
  auto released = release.get_future().share();
  p.post([&](connection&) {
    started.set_value();
    released.wait();
  });
  started.get_future().wait();

  std::vector<int> order;  // written only by the pool thread, read after stop()
  for (int i = 0; i < 100; ++i) {
    if (i == 50) p.post([](connection&) { throw std::runtime_error("task throws"); });
    p.post([&order, i](connection&) { order.push_back(i); });
  }
  CHECK(p.queue_depth() == 101);
  release.set_value();
  p.stop();
  REQUIRE(order.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(order[static_cast<std::size_t>(i)] == i);
  CHECK(p.queue_depth() == 0);

  bool ran = false;
  p.post([&](connection&) { ran = true; });
  p.stop();
  CHECK_FALSE(ran);
}

TEST_CASE("connections are opened lazily, on first use") {
  temp_dir dir;
  auto path = dir.file("later.db");
  pool p(path, 2);  // the file does not exist yet
  make_db(dir, "later.db");
  std::promise<std::int64_t> rows;
  p.post([&](connection& c) {
    auto st = c.prepare("SELECT count(*) FROM t");
    st.step();
    rows.set_value(st.col_int(0));
  });
  CHECK(rows.get_future().get() == 3);
}

}  // TEST_SUITE
